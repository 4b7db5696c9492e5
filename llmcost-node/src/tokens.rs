//! `Encoding`, `TokenCount`, `ChatMessage`.
use napi_derive::napi;

use crate::error::{Result, to_js};

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

pub fn to_core(messages: Vec<ChatMessage>) -> Vec<llmcost_core::ChatMessage> {
    messages
        .into_iter()
        .map(|m| {
            let c = llmcost_core::ChatMessage::new(m.role, m.content);
            match m.name {
                Some(n) => c.with_name(n),
                None => c,
            }
        })
        .collect()
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
    pub fn count_messages(&self, messages: Vec<ChatMessage>) -> f64 {
        self.0.count_messages(&to_core(messages)) as f64
    }
}
