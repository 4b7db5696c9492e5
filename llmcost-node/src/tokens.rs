//! `Encoding`, `TokenCount`, `ChatMessage`.
use napi::bindgen_prelude::{Array, Object, Unknown};
use napi::{JsValue, ValueType};
use napi_derive::napi;

use crate::error::{Result, invalid, to_js};

/// The result of counting: the number, the encoding used, and whether it is an estimate.
#[napi(object)]
pub struct TokenCount {
    pub tokens: f64,
    pub encoding: String,
    pub estimated: bool,
}

impl From<llmcost_core::TokenCount> for TokenCount {
    fn from(c: llmcost_core::TokenCount) -> Self {
        TokenCount {
            tokens: c.tokens as f64,
            encoding: c.encoding.name().to_string(),
            estimated: c.estimated,
        }
    }
}

/// One chat message.
#[napi(object)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
    pub name: Option<String>,
}

impl From<llmcost_core::ChatMessage> for ChatMessage {
    fn from(m: llmcost_core::ChatMessage) -> Self {
        ChatMessage {
            role: m.role,
            content: m.content,
            name: m.name,
        }
    }
}

const SHAPE: &str =
    "messages must be an array of { role: string, content: string, name?: string } objects";

/// Reads an array of `{ role, content, name? }` objects into core messages. Other properties are
/// ignored; anything else (not an array, a missing or non-string role or content, a `name` that
/// is not a string, `null` or `undefined`) is an `INVALID_INPUT` error naming the message.
pub fn to_core(messages: Unknown<'_>) -> Result<Vec<llmcost_core::ChatMessage>> {
    if !messages.is_array().unwrap_or(false) {
        return Err(invalid(SHAPE.to_string()));
    }
    // SAFETY: `messages` is an array (checked above).
    let arr: Array<'_> =
        unsafe { messages.cast() }.map_err(|e| invalid(format!("{SHAPE}: {e}")))?;
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item: Unknown<'_> = arr
            .get(i)
            .map_err(|e| invalid(format!("messages[{i}]: {e}")))?
            .ok_or_else(|| invalid(format!("messages[{i}] is missing")))?;
        let is_object = item.get_type().ok() == Some(ValueType::Object);
        if !is_object || item.is_array().unwrap_or(true) {
            return Err(invalid(format!(
                "messages[{i}] must be an object with string role and content, got {}",
                js_type(&item)
            )));
        }
        // SAFETY: `item` is an object (checked above).
        let obj: Object<'_> =
            unsafe { item.cast() }.map_err(|e| invalid(format!("messages[{i}]: {e}")))?;
        let field = |key: &str| -> Result<Option<String>> {
            let v: Option<Unknown<'_>> = obj
                .get(key)
                .map_err(|e| invalid(format!("messages[{i}].{key}: {e}")))?;
            let Some(v) = v else { return Ok(None) };
            match v.get_type() {
                Ok(ValueType::Null) => Ok(None),
                // SAFETY: `v` is a string (checked by the match).
                Ok(ValueType::String) => unsafe { v.cast::<String>() }
                    .map(Some)
                    .map_err(|e| invalid(format!("messages[{i}].{key}: {e}"))),
                _ => Err(invalid(format!(
                    "messages[{i}].{key} must be a string, got {}",
                    js_type(&v)
                ))),
            }
        };
        let (Some(role), Some(content)) = (field("role")?, field("content")?) else {
            return Err(invalid(format!(
                "messages[{i}] needs string role and content properties"
            )));
        };
        let mut msg = llmcost_core::ChatMessage::new(role, content);
        if let Some(name) = field("name")? {
            msg = msg.with_name(name);
        }
        out.push(msg);
    }
    Ok(out)
}

/// A value's type for an error message, in JS terms (`typeof`, with arrays and `null` named).
fn js_type(v: &Unknown<'_>) -> &'static str {
    if v.is_array().unwrap_or(false) {
        return "an array";
    }
    match v.get_type() {
        Ok(ValueType::Undefined) => "undefined",
        Ok(ValueType::Null) => "null",
        Ok(ValueType::Boolean) => "a boolean",
        Ok(ValueType::Number) => "a number",
        Ok(ValueType::String) => "a string",
        Ok(ValueType::Symbol) => "a symbol",
        Ok(ValueType::Object) => "an object",
        Ok(ValueType::Function) => "a function",
        _ => "an unsupported value",
    }
}

/// A byte-pair encoding (`'o200k_base'`, `'cl100k_base'`, `'p50k_base'`, `'r50k_base'`).
#[napi]
pub struct Encoding(llmcost_core::Encoding);

#[napi]
impl Encoding {
    /// The encoding named `name`.
    #[napi(constructor)]
    pub fn new(name: String) -> Result<Self> {
        name.parse().map(Encoding).map_err(to_js)
    }

    /// The encoding's name.
    #[napi(getter)]
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// Number of tokens in `text` (ordinary text; equals tiktoken's `encode_ordinary(text).length`).
    #[napi]
    pub fn count(&self, text: String) -> u32 {
        self.0.count(&text) as u32
    }

    /// Token ids of `text` (ordinary text).
    #[napi]
    pub fn encode(&self, text: String) -> Vec<u32> {
        self.0.encode(&text)
    }

    /// Prompt tokens of a chat request, with OpenAI's per-message overhead.
    #[napi]
    pub fn count_messages(
        &self,
        #[napi(ts_arg_type = "Array<ChatMessage>")] messages: Unknown<'_>,
    ) -> Result<f64> {
        Ok(self.0.count_messages(&to_core(messages)?) as f64)
    }
}
