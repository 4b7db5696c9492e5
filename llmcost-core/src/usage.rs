//! Reading providers' `usage` objects into [`Usage`].
//!
//! Every provider reports the tokens of a request in its own shape and with its own convention.
//! These constructors convert to llmcost's one [convention](crate::cost): `input_tokens` counts
//! **all** prompt tokens (cache reads and writes included) and `output_tokens` **all** generated
//! tokens (reasoning included).
//!
//! | provider | constructor | accepts |
//! |---|---|---|
//! | OpenAI Chat Completions, Responses API, and OpenAI-compatible APIs | [`Usage::from_openai`] | the response, the final stream chunk / `response.completed` event, a Batch API output line, the `usage` object, or an array of stream chunks |
//! | Anthropic Messages | [`Usage::from_anthropic`], [`Usage::from_anthropic_stream`], [`AnthropicStreamUsage`] | the message, the `usage` object, a Message Batches result line, or an array of stream events |
//! | Google Gemini (AI Studio and Vertex AI) | [`Usage::from_gemini`] | the response, the last stream chunk, a batch output line, the `usageMetadata` object, or an array of stream chunks |
//! | any of the above | [`Usage::from_provider`] | a provider name, or `None` to tell the provider by the JSON's shape |
//!
//! `from_openai`, `from_anthropic`, `from_gemini` and `from_provider` each have a `_json` twin
//! taking the JSON text. Required counts that are missing, negative,
//! fractional or not numbers are an [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
//! error naming the field and what was expected; optional detail fields that are absent (or
//! `null`) count as 0. No JSON value makes these functions panic.
//!
//! The field-by-field mapping of each provider is in `docs/USAGE.md`.
//!
//! ```
//! use llmcost_core::Usage;
//!
//! // An Anthropic message: its input_tokens exclude cache reads and writes; llmcost's include them.
//! let usage = Usage::from_anthropic_json(r#"{
//!     "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
//!     "content": [{"type": "text", "text": "Hi"}],
//!     "usage": {"input_tokens": 50, "cache_read_input_tokens": 2000,
//!               "cache_creation_input_tokens": 300, "output_tokens": 120}
//! }"#)?;
//! assert_eq!(usage.input_tokens, 2350);
//! assert_eq!(usage.cached_input_tokens, 2000);
//! assert_eq!(usage.cache_write_5m_tokens, 300);
//! assert_eq!(usage.output_tokens, 120);
//! # Ok::<(), llmcost_core::Error>(())
//! ```

use std::fmt;

use serde_json::{Map, Value};

use crate::cost::Usage;
use crate::error::{Error, Result};

type Object = Map<String, Value>;

/// The usage shapes llmcost reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    OpenAi,
    /// OpenAI's shape, but `reasoning_tokens` are counted outside `completion_tokens`.
    Xai,
    Anthropic,
    Gemini,
}

/// Provider names accepted by [`Usage::from_provider`], and the shape each one reports.
const PROVIDERS: &[(&str, Family)] = &[
    ("openai", Family::OpenAi),
    ("azure", Family::OpenAi),
    ("azure_openai", Family::OpenAi),
    ("openrouter", Family::OpenAi),
    ("deepseek", Family::OpenAi),
    ("xai", Family::Xai),
    ("groq", Family::OpenAi),
    ("mistral", Family::OpenAi),
    ("together", Family::OpenAi),
    ("fireworks", Family::OpenAi),
    ("anthropic", Family::Anthropic),
    ("google", Family::Gemini),
    ("gemini", Family::Gemini),
    ("vertex_ai", Family::Gemini),
    ("vertex", Family::Gemini),
];

/// A short, bounded description of a JSON value for error messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            const MAX: usize = 40;
            if s.chars().count() > MAX {
                let cut: String = s.chars().take(MAX).collect();
                format!("{}…", Value::String(cut))
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        Value::Array(a) => format!("an array of {} elements", a.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

fn invalid(message: String) -> Error {
    Error::invalid_input(message)
}

/// The dotted path of a field for error messages, formatted only when an error is built.
#[derive(Clone, Copy)]
struct Path<'a>(&'a str, &'a str);

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1.is_empty() {
            f.write_str(self.0)
        } else {
            write!(f, "{}.{}", self.0, self.1)
        }
    }
}

/// A token count at `path.key`. Absent or `null` is 0 when optional and an error when required.
fn count(obj: &Object, key: &str, path: impl fmt::Display, required: bool) -> Result<u64> {
    match obj.get(key) {
        None | Some(Value::Null) if !required => Ok(0),
        None => Err(invalid(format!(
            "{path}.{key} is missing; expected a non-negative integer token count"
        ))),
        Some(v) => v.as_u64().ok_or_else(|| {
            invalid(format!(
                "{path}.{key} must be a non-negative integer, got {}",
                describe(v)
            ))
        }),
    }
}

/// An optional nested object at `path.key` (absent or `null` is `None`).
fn sub_object<'a>(
    obj: &'a Object,
    key: &str,
    path: impl fmt::Display,
) -> Result<Option<&'a Object>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(v) => Err(invalid(format!(
            "{path}.{key} must be an object, got {}",
            describe(v)
        ))),
    }
}

/// An optional token count at `path.object.key`: 0 when the object or the key is absent.
fn nested_count(obj: &Object, object: &str, key: &str, path: &str) -> Result<u64> {
    match sub_object(obj, object, path)? {
        Some(d) => count(d, key, Path(path, object), false),
        None => Ok(0),
    }
}

fn sum(parts: &[u64], path: impl fmt::Display) -> Result<u64> {
    parts
        .iter()
        .try_fold(0u64, |acc, &n| acc.checked_add(n))
        .ok_or_else(|| {
            invalid(format!(
                "{path}: the token counts add up to more than 2^64; check the numbers"
            ))
        })
}

fn family_of(provider: &str) -> Result<Family> {
    let name = provider.trim();
    PROVIDERS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, f)| f)
        .ok_or_else(|| {
            invalid(format!(
                "unknown usage provider '{provider}'; use 'openai' (also for OpenAI-compatible APIs \
                 such as azure, deepseek, xai, groq, mistral, together, fireworks, openrouter), \
                 'anthropic', or 'gemini' (also 'google', 'vertex_ai'), or pass no provider to tell \
                 it by the JSON's shape"
            ))
        })
}

/// Keys any reader looks at. Parsing JSON text keeps only these (at every depth) and skips the
/// rest without building it, so a response's text content costs no allocation.
const KEPT_KEYS: &[&str] = &[
    "body",
    "cache_creation",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cachedContentTokenCount",
    "cached_tokens",
    "candidatesTokenCount",
    "completion_tokens",
    "completion_tokens_details",
    "custom_id",
    "ephemeral_1h_input_tokens",
    "ephemeral_5m_input_tokens",
    "input_tokens",
    "input_tokens_details",
    "message",
    "output_tokens",
    "output_tokens_details",
    "promptTokenCount",
    "prompt_cache_hit_tokens",
    "prompt_tokens",
    "prompt_tokens_details",
    "reasoning_tokens",
    "response",
    "result",
    "service_tier",
    "status_code",
    "thoughtsTokenCount",
    "toolUsePromptTokenCount",
    "totalTokenCount",
    "total_tokens",
    "type",
    "usage",
    "usageMetadata",
];

/// Keys whose presence (not value) a reader looks at: kept with a `null` value.
const PRESENCE_KEYS: &[&str] = &["choices", "server_tool_use"];

/// Parses JSON text into a [`Value`] holding only what the readers look at ([`KEPT_KEYS`],
/// [`PRESENCE_KEYS`]); the readers then give the same result as on the whole document.
struct Pruned;

impl<'de> serde::de::DeserializeSeed<'de> for Pruned {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Pruned {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Pruned)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut out = Object::new();
        while let Some(key) = map.next_key::<PrunedKey>()? {
            match key {
                PrunedKey::Keep(k) => {
                    let v = map.next_value_seed(Pruned)?;
                    out.insert(k.to_string(), v);
                }
                PrunedKey::Presence(k) => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    out.insert(k.to_string(), Value::Null);
                }
                PrunedKey::Skip => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// An object key while pruning: one the readers look at (by value or by presence), or not.
enum PrunedKey {
    Keep(&'static str),
    Presence(&'static str),
    Skip,
}

impl<'de> serde::Deserialize<'de> for PrunedKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = PrunedKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_str<E>(self, v: &str) -> std::result::Result<PrunedKey, E> {
                Ok(if let Some(k) = KEPT_KEYS.iter().find(|k| **k == v) {
                    PrunedKey::Keep(k)
                } else if let Some(k) = PRESENCE_KEYS.iter().find(|k| **k == v) {
                    PrunedKey::Presence(k)
                } else {
                    PrunedKey::Skip
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

fn parse_json(json: &str) -> Result<Value> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(json);
    Pruned
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            invalid(format!(
                "usage JSON is invalid at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
            .with_source(e)
        })
}

fn has_any(obj: &Object, keys: &[&str]) -> bool {
    keys.iter().any(|k| obj.contains_key(*k))
}

fn type_is(obj: &Object, pred: impl Fn(&str) -> bool) -> bool {
    obj.get("type").and_then(Value::as_str).is_some_and(pred)
}

/// Tells the provider from the JSON's shape.
fn detect(v: &Value) -> Result<Family> {
    let undetectable = || {
        invalid(format!(
            "cannot tell which provider this usage JSON ({}) comes from; pass the provider name \
             ('openai', 'anthropic' or 'gemini')",
            describe(v)
        ))
    };
    match v {
        Value::Array(items) => {
            let objects = || items.iter().filter_map(Value::as_object);
            if objects().any(|o| type_is(o, |t| t.starts_with("message_"))) {
                Ok(Family::Anthropic)
            } else if objects().any(|o| o.contains_key("usageMetadata")) {
                Ok(Family::Gemini)
            } else if objects().any(|o| {
                carries_openai_usage(o) || o.contains_key("usage") || o.contains_key("choices")
            }) {
                Ok(Family::OpenAi)
            } else {
                Err(undetectable())
            }
        }
        Value::Object(o) => {
            if has_any(
                o,
                &[
                    "usageMetadata",
                    "promptTokenCount",
                    "candidatesTokenCount",
                    "totalTokenCount",
                ],
            ) || o
                .get("response")
                .and_then(Value::as_object)
                .is_some_and(|r| r.contains_key("usageMetadata"))
            {
                return Ok(Family::Gemini);
            }
            if type_is(o, |t| t == "message" || t.starts_with("message_"))
                || o.get("result").is_some_and(Value::is_object)
            {
                return Ok(Family::Anthropic);
            }
            if type_is(o, |t| t.starts_with("response.")) || has_any(o, &["custom_id", "choices"]) {
                return Ok(Family::OpenAi);
            }
            let u = match o.get("usage") {
                Some(Value::Object(u)) => u,
                // A null or malformed `usage`: the OpenAI reader explains (e.g. streaming chunks).
                Some(_) => return Ok(Family::OpenAi),
                None => o,
            };
            if has_any(u, &["prompt_tokens", "completion_tokens"]) {
                Ok(Family::OpenAi)
            } else if has_any(
                u,
                &[
                    "cache_read_input_tokens",
                    "cache_creation_input_tokens",
                    "cache_creation",
                    "server_tool_use",
                    "service_tier",
                ],
            ) {
                Ok(Family::Anthropic)
            } else if has_any(
                u,
                &[
                    "input_tokens_details",
                    "output_tokens_details",
                    "total_tokens",
                ],
            ) {
                Ok(Family::OpenAi)
            } else if has_any(u, &["input_tokens", "output_tokens"]) {
                // Without cache fields, Anthropic's and the Responses API's shapes mean the same.
                Ok(Family::Anthropic)
            } else {
                Err(undetectable())
            }
        }
        _ => Err(undetectable()),
    }
}

impl Usage {
    /// Reads a usage JSON of `provider`'s shape, or tells the shape itself when `provider` is
    /// `None`.
    ///
    /// # Parameters
    /// - `provider`: `"openai"` (and OpenAI-compatible APIs: `"azure"`, `"deepseek"`, `"xai"`
    ///   (reasoning counted outside completion), `"groq"`, `"mistral"`, `"together"`,
    ///   `"fireworks"`, `"openrouter"`), `"anthropic"`, or
    ///   `"gemini"` (`"google"`, `"vertex_ai"`); case-insensitive. `None` detects the shape:
    ///   Gemini by `usageMetadata` / camelCase counts, Anthropic by its message and event types and
    ///   cache fields, OpenAI by `prompt_tokens` / `completion_tokens` or the Responses API's
    ///   `*_details` and `total_tokens`. A bare `{"input_tokens", "output_tokens"}` pair reads the
    ///   same under Anthropic's and the Responses API's conventions.
    /// - `value`: anything the provider's own constructor accepts.
    ///
    /// # Errors
    /// `InvalidInput` for an unknown provider name, a shape that cannot be told apart, or what
    /// the provider's constructor rejects.
    ///
    /// ```
    /// use llmcost_core::Usage;
    /// let v = serde_json::json!({"usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5,
    ///                                              "thoughtsTokenCount": 20, "totalTokenCount": 35}});
    /// let usage = Usage::from_provider(None, &v)?;
    /// assert_eq!((usage.input_tokens, usage.output_tokens, usage.reasoning_tokens), (10, 25, 20));
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    pub fn from_provider(provider: Option<&str>, value: &Value) -> Result<Usage> {
        let family = match provider {
            Some(p) => family_of(p)?,
            None => detect(value)?,
        };
        match family {
            Family::OpenAi => openai_usage(value, Reasoning::Detect),
            Family::Xai => openai_usage(value, Reasoning::Outside),
            Family::Anthropic => Usage::from_anthropic(value),
            Family::Gemini => Usage::from_gemini(value),
        }
    }

    /// [`Usage::from_provider`] on JSON text.
    ///
    /// # Errors
    /// `InvalidInput` for text that is not JSON (naming line and column), otherwise as
    /// [`Usage::from_provider`].
    pub fn from_provider_json(provider: Option<&str>, json: &str) -> Result<Usage> {
        Usage::from_provider(provider, &parse_json(json)?)
    }

    /// Reads an OpenAI usage: Chat Completions (`prompt_tokens`, `completion_tokens`,
    /// `prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`) or
    /// the Responses API (`input_tokens`, `output_tokens`, `input_tokens_details.cached_tokens`,
    /// `output_tokens_details.reasoning_tokens`). OpenAI counts cached tokens inside the prompt
    /// count and reasoning tokens inside the completion count, as llmcost does. xAI counts
    /// reasoning tokens outside the completion count; that is recognized by `total_tokens` =
    /// prompt + completion + reasoning (or always, with `Usage::from_provider(Some("xai"), ..)`),
    /// and the reasoning tokens are then added to `output_tokens`.
    ///
    /// # Parameters
    /// `value` is the response, the final chunk of a stream made with
    /// `stream_options: {"include_usage": true}` (its `choices` is empty), a Responses API
    /// `response.completed` event, a Batch API output line (`custom_id` + `response.body`; the
    /// usage is marked [`batch`](Usage::batch)), the `usage` object itself, or an array of stream
    /// chunks or Responses API events (the last one that carries a usage is read). DeepSeek's
    /// `prompt_cache_hit_tokens` is read as the cached part when `prompt_tokens_details` is absent.
    ///
    /// # Errors
    /// `InvalidInput` naming the field: a missing or non-integer `prompt_tokens` /
    /// `completion_tokens` (or `input_tokens` / `output_tokens`), a `null` `usage` (a streaming
    /// chunk other than the last), or a cached / reasoning part larger than its total.
    ///
    /// ```
    /// use llmcost_core::Usage;
    /// let usage = Usage::from_openai_json(r#"{"prompt_tokens": 1200, "completion_tokens": 300,
    ///     "prompt_tokens_details": {"cached_tokens": 1024},
    ///     "completion_tokens_details": {"reasoning_tokens": 256}}"#)?;
    /// assert_eq!(usage, Usage::new(1200, 300).with_cached_input(1024).with_reasoning(256));
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    pub fn from_openai(value: &Value) -> Result<Usage> {
        openai_usage(value, Reasoning::Detect)
    }

    /// [`Usage::from_openai`] on JSON text.
    ///
    /// # Errors
    /// `InvalidInput` for text that is not JSON, otherwise as [`Usage::from_openai`].
    pub fn from_openai_json(json: &str) -> Result<Usage> {
        Usage::from_openai(&parse_json(json)?)
    }

    /// Reads an Anthropic Messages usage. Anthropic's `input_tokens` **exclude** cache reads
    /// (`cache_read_input_tokens`) and cache writes (`cache_creation_input_tokens`); llmcost's
    /// include them, so `input_tokens` here is their sum. Cache writes are split into 5-minute and
    /// 1-hour writes by `cache_creation.ephemeral_5m_input_tokens` /
    /// `ephemeral_1h_input_tokens`; without that split every write is a 5-minute write. Thinking
    /// tokens are inside Anthropic's `output_tokens` and not reported apart, so
    /// `reasoning_tokens` stays 0. `service_tier: "batch"` marks the usage as batch.
    ///
    /// # Parameters
    /// `value` is the message, its `usage` object, a Message Batches result line (`custom_id` +
    /// `result.message`; marked batch), or an array of streaming events (as
    /// [`Usage::from_anthropic_stream`]). A lone `message_start` or `message_delta` event is
    /// rejected: it does not hold the whole count.
    ///
    /// # Errors
    /// `InvalidInput` naming the field: a missing or non-integer `input_tokens` / `output_tokens`,
    /// a `cache_creation` split that does not add up to `cache_creation_input_tokens`, a batch
    /// result that did not succeed.
    pub fn from_anthropic(value: &Value) -> Result<Usage> {
        let obj = match value {
            Value::Array(events) => return Usage::from_anthropic_stream(events),
            Value::Object(o) => o,
            other => {
                return Err(invalid(format!(
                    "Anthropic usage must be a JSON object (a message, its usage object or a batch \
                     result) or an array of stream events, got {}",
                    describe(other)
                )));
            }
        };
        if let Some(t) = obj.get("type").and_then(Value::as_str)
            && (t == "message_start" || t == "message_delta")
        {
            return Err(invalid(format!(
                "a lone {t} event does not hold a stream's whole usage (message_start has the input \
                 counts, the last message_delta the final output count); pass all events to \
                 Usage::from_anthropic_stream or feed them to AnthropicStreamUsage"
            )));
        }
        let (message, path, batch) = match obj.get("result") {
            Some(result) if obj.contains_key("custom_id") || result.is_object() => {
                let r = result.as_object().ok_or_else(|| {
                    invalid(format!(
                        "result must be an object, got {}",
                        describe(result)
                    ))
                })?;
                match r.get("type").and_then(Value::as_str) {
                    Some("succeeded") => {}
                    other => {
                        return Err(invalid(format!(
                            "this batch result is of type {}; only a 'succeeded' result has usage",
                            other.map_or_else(|| "(missing)".to_string(), |t| format!("'{t}'"))
                        )));
                    }
                }
                let m = sub_object(r, "message", "result")?.ok_or_else(|| {
                    invalid("result.message is missing; expected the batch's message".to_string())
                })?;
                (m, "result.message.usage", true)
            }
            _ => (obj, "usage", false),
        };
        let u = match message.get("usage") {
            Some(Value::Object(u)) => u,
            Some(other) => {
                return Err(invalid(format!(
                    "{path} must be an object, got {}",
                    describe(other)
                )));
            }
            None => message,
        };
        let mut usage = anthropic_usage(u, path)?;
        usage.batch |= batch;
        Ok(usage)
    }

    /// [`Usage::from_anthropic`] on JSON text.
    ///
    /// # Errors
    /// `InvalidInput` for text that is not JSON, otherwise as [`Usage::from_anthropic`].
    pub fn from_anthropic_json(json: &str) -> Result<Usage> {
        Usage::from_anthropic(&parse_json(json)?)
    }

    /// Combines the events of an Anthropic streaming response (each event's parsed `data`).
    ///
    /// `message_start` carries `message.usage` with the input counts; each `message_delta` carries
    /// a **cumulative** `usage` (at least `output_tokens`), so the last one wins. Other events
    /// (`ping`, `content_block_*`, `message_stop`) are skipped. Passing only `message_start` and
    /// the last `message_delta` gives the same result. To combine while streaming, use
    /// [`AnthropicStreamUsage`].
    ///
    /// # Errors
    /// `InvalidInput` when an event is not an object, a usage field is malformed, or no
    /// `message_start` event is among them.
    ///
    /// ```
    /// use llmcost_core::Usage;
    /// use serde_json::json;
    /// let events = [
    ///     json!({"type": "message_start", "message": {"id": "msg_1", "type": "message",
    ///            "usage": {"input_tokens": 25, "cache_read_input_tokens": 1000, "output_tokens": 1}}}),
    ///     json!({"type": "content_block_delta", "index": 0,
    ///            "delta": {"type": "text_delta", "text": "Hello"}}),
    ///     json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"},
    ///            "usage": {"output_tokens": 15}}),
    ///     json!({"type": "message_stop"}),
    /// ];
    /// let usage = Usage::from_anthropic_stream(&events)?;
    /// assert_eq!(usage, Usage::new(1025, 15).with_cached_input(1000));
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    pub fn from_anthropic_stream(events: &[Value]) -> Result<Usage> {
        let mut acc = AnthropicStreamUsage::new();
        for (i, event) in events.iter().enumerate() {
            acc.push(event)
                .map_err(|e| invalid(format!("stream event #{i}: {}", e.message())))?;
        }
        acc.finish()
    }

    /// Reads a Google Gemini `usageMetadata` (AI Studio and Vertex AI). Gemini's
    /// `promptTokenCount` includes `cachedContentTokenCount`; `candidatesTokenCount` **excludes**
    /// `thoughtsTokenCount`, so `output_tokens` here is their sum and `reasoning_tokens` the
    /// thoughts; `toolUsePromptTokenCount` (prompt tokens of tool results) is added to the input.
    /// `totalTokenCount` is checked to be a count but not otherwise used.
    ///
    /// # Parameters
    /// `value` is the response, the last chunk of a stream, a batch output line (`response` holds
    /// the response; marked batch), the `usageMetadata` object, or an array of stream chunks (the
    /// last one with `usageMetadata` is read). Gemini omits counts that are zero, so only
    /// `promptTokenCount` is required.
    ///
    /// # Errors
    /// `InvalidInput` naming the field: a missing or non-integer `promptTokenCount`, a malformed
    /// count, or `cachedContentTokenCount` above `promptTokenCount`.
    pub fn from_gemini(value: &Value) -> Result<Usage> {
        let (obj, batch) = match value {
            Value::Array(chunks) => {
                let last = chunks
                    .iter()
                    .rev()
                    .filter_map(Value::as_object)
                    .find(|c| c.get("usageMetadata").is_some_and(|u| !u.is_null()))
                    .ok_or_else(|| {
                        invalid(
                            "no chunk of this Gemini stream carries usageMetadata; pass the \
                             stream's chunks including the last one"
                                .to_string(),
                        )
                    })?;
                (last, false)
            }
            Value::Object(o) => match o.get("response") {
                Some(Value::Object(r)) if !o.contains_key("usageMetadata") => (r, true),
                _ => (o, false),
            },
            other => {
                return Err(invalid(format!(
                    "Gemini usage must be a JSON object (a response, a stream chunk or its \
                     usageMetadata object) or an array of stream chunks, got {}",
                    describe(other)
                )));
            }
        };
        let path = "usageMetadata";
        let u = match obj.get("usageMetadata") {
            Some(Value::Object(u)) => u,
            Some(other) => {
                return Err(invalid(format!(
                    "{path} must be an object, got {}; with streaming, pass the last chunk",
                    describe(other)
                )));
            }
            None => obj,
        };
        if !u.contains_key("promptTokenCount") {
            return Err(invalid(format!(
                "{path}.promptTokenCount is missing; expected a non-negative integer (pass a \
                 Gemini response, its last stream chunk, or its usageMetadata object)"
            )));
        }
        let prompt = count(u, "promptTokenCount", path, true)?;
        let candidates = count(u, "candidatesTokenCount", path, false)?;
        let thoughts = count(u, "thoughtsTokenCount", path, false)?;
        let cached = count(u, "cachedContentTokenCount", path, false)?;
        let tool_prompt = count(u, "toolUsePromptTokenCount", path, false)?;
        count(u, "totalTokenCount", path, false)?;
        if cached > prompt {
            return Err(invalid(format!(
                "{path}.cachedContentTokenCount ({cached}) exceeds {path}.promptTokenCount \
                 ({prompt}); Gemini counts cached tokens inside promptTokenCount"
            )));
        }
        Ok(Usage {
            input_tokens: sum(&[prompt, tool_prompt], path)?,
            output_tokens: sum(&[candidates, thoughts], path)?,
            cached_input_tokens: cached,
            reasoning_tokens: thoughts,
            batch,
            ..Usage::default()
        })
    }

    /// [`Usage::from_gemini`] on JSON text.
    ///
    /// # Errors
    /// `InvalidInput` for text that is not JSON, otherwise as [`Usage::from_gemini`].
    pub fn from_gemini_json(json: &str) -> Result<Usage> {
        Usage::from_gemini(&parse_json(json)?)
    }
}

/// Where an OpenAI-shaped usage counts its reasoning tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reasoning {
    /// Outside the completion count when `total_tokens` = prompt + completion + reasoning
    /// (xAI's convention), otherwise inside it (OpenAI's).
    Detect,
    /// Outside the completion count (xAI).
    Outside,
}

fn openai_usage(value: &Value, reasoning: Reasoning) -> Result<Usage> {
    let (u, path, batch) = locate_openai(value)?;
    let mut usage = if has_any(u, &["prompt_tokens", "completion_tokens"]) {
        openai_chat(u, path, reasoning)?
    } else if has_any(u, &["input_tokens", "output_tokens"]) {
        openai_responses(u, path, reasoning)?
    } else {
        return Err(invalid(format!(
            "{path} has no token counts; expected {path}.prompt_tokens and \
             {path}.completion_tokens (Chat Completions) or {path}.input_tokens and \
             {path}.output_tokens (Responses API)"
        )));
    };
    usage.batch = batch;
    Ok(usage)
}

/// An optional count that, when present, must be valid.
fn optional_count(obj: &Object, key: &str, path: &str) -> Result<Option<u64>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => count(obj, key, path, true).map(Some),
    }
}

/// Finds the OpenAI usage object in `value`: returns it, its path for messages, and whether it
/// came from a Batch API output line.
fn locate_openai(value: &Value) -> Result<(&Object, &'static str, bool)> {
    let obj = match value {
        Value::Object(o) => o,
        Value::Array(chunks) => {
            let last = chunks
                .iter()
                .rev()
                .find(|c| c.as_object().is_some_and(carries_openai_usage))
                .ok_or_else(|| {
                    invalid(
                        "no chunk of this stream carries usage; request it with \
                         stream_options: {\"include_usage\": true} and pass the chunks including \
                         the last one (or, for the Responses API, its response.completed event)"
                            .to_string(),
                    )
                })?;
            return locate_openai(last);
        }
        other => {
            return Err(invalid(format!(
                "OpenAI usage must be a JSON object (a response, the final stream chunk, or its \
                 usage object), got {}",
                describe(other)
            )));
        }
    };
    // A Batch API output line: {"custom_id": ..., "response": {"status_code": 200, "body": {...}}}.
    if obj.contains_key("custom_id")
        && let Some(Value::Object(resp)) = obj.get("response")
    {
        return match resp.get("body") {
            Some(Value::Object(body)) => {
                let (u, _, _) = locate_openai_in(body, false)?;
                Ok((u, "response.body.usage", true))
            }
            _ => Err(invalid(format!(
                "this batch output line has no response.body (status_code {}); only a \
                 successful request has usage",
                resp.get("status_code")
                    .map_or_else(|| "missing".to_string(), describe)
            ))),
        };
    }
    // A Responses API stream event: {"type": "response.completed", "response": {...}}.
    if type_is(obj, |t| t.starts_with("response."))
        && let Some(Value::Object(resp)) = obj.get("response")
    {
        let (u, _, _) = locate_openai_in(resp, false)?;
        return Ok((u, "response.usage", false));
    }
    locate_openai_in(obj, false)
}

/// Whether a stream chunk or event holds an OpenAI usage: a non-null `usage`, or a Responses API
/// event whose `response` has one.
fn carries_openai_usage(obj: &Object) -> bool {
    let has = |o: &Object| o.get("usage").is_some_and(|u| !u.is_null());
    has(obj)
        || obj
            .get("response")
            .and_then(Value::as_object)
            .is_some_and(has)
}

fn locate_openai_in(obj: &Object, batch: bool) -> Result<(&Object, &'static str, bool)> {
    match obj.get("usage") {
        Some(Value::Object(u)) => Ok((u, "usage", batch)),
        Some(Value::Null) => Err(invalid(
            "usage is null: a streamed response carries usage only in its final chunk, and only \
             when requested with stream_options: {\"include_usage\": true}; pass that chunk"
                .to_string(),
        )),
        Some(other) => Err(invalid(format!(
            "usage must be an object, got {}",
            describe(other)
        ))),
        None if obj.contains_key("choices") => Err(invalid(
            "this chat completion has no usage: a streamed response carries usage only in its \
             final chunk, and only when requested with stream_options: {\"include_usage\": \
             true}; pass that chunk"
                .to_string(),
        )),
        None => Ok((obj, "usage", batch)),
    }
}

fn openai_chat(u: &Object, path: &str, placement: Reasoning) -> Result<Usage> {
    let input = count(u, "prompt_tokens", path, true)?;
    let output = count(u, "completion_tokens", path, true)?;
    let total = optional_count(u, "total_tokens", path)?;
    let details_path = Path(path, "prompt_tokens_details");
    let (cached, cached_field) = match sub_object(u, "prompt_tokens_details", path)? {
        Some(d) => (
            count(d, "cached_tokens", details_path, false)?,
            "prompt_tokens_details.cached_tokens",
        ),
        // DeepSeek reports cache hits at the top level.
        None => (
            count(u, "prompt_cache_hit_tokens", path, false)?,
            "prompt_cache_hit_tokens",
        ),
    };
    let reasoning = nested_count(u, "completion_tokens_details", "reasoning_tokens", path)?;
    openai_checked(
        path,
        placement,
        total,
        (input, "prompt_tokens"),
        (output, "completion_tokens"),
        (cached, cached_field),
        (reasoning, "completion_tokens_details.reasoning_tokens"),
    )
}

fn openai_responses(u: &Object, path: &str, placement: Reasoning) -> Result<Usage> {
    let input = count(u, "input_tokens", path, true)?;
    let output = count(u, "output_tokens", path, true)?;
    let total = optional_count(u, "total_tokens", path)?;
    let cached = nested_count(u, "input_tokens_details", "cached_tokens", path)?;
    let reasoning = nested_count(u, "output_tokens_details", "reasoning_tokens", path)?;
    openai_checked(
        path,
        placement,
        total,
        (input, "input_tokens"),
        (output, "output_tokens"),
        (cached, "input_tokens_details.cached_tokens"),
        (reasoning, "output_tokens_details.reasoning_tokens"),
    )
}

fn openai_checked(
    path: &str,
    placement: Reasoning,
    total: Option<u64>,
    (input, input_field): (u64, &str),
    (output, output_field): (u64, &str),
    (cached, cached_field): (u64, &str),
    (reasoning, reasoning_field): (u64, &str),
) -> Result<Usage> {
    if cached > input {
        return Err(invalid(format!(
            "{path}.{cached_field} ({cached}) exceeds {path}.{input_field} ({input}); OpenAI counts \
             cached tokens inside {input_field}"
        )));
    }
    let outside = match placement {
        Reasoning::Outside => true,
        Reasoning::Detect => {
            reasoning > 0
                && total.is_some_and(|t| {
                    u128::from(t) == u128::from(input) + u128::from(output) + u128::from(reasoning)
                })
        }
    };
    if !outside && reasoning > output {
        return Err(invalid(format!(
            "{path}.{reasoning_field} ({reasoning}) exceeds {path}.{output_field} ({output}); \
             OpenAI counts reasoning tokens inside {output_field} (a provider that counts them \
             outside it, as xAI does, is recognized by {path}.total_tokens = {input_field} + \
             {output_field} + reasoning tokens, or by the provider name 'xai')"
        )));
    }
    Ok(Usage {
        input_tokens: input,
        output_tokens: if outside {
            sum(&[output, reasoning], path)?
        } else {
            output
        },
        cached_input_tokens: cached,
        reasoning_tokens: reasoning,
        ..Usage::default()
    })
}

/// Reads an Anthropic `usage` object (its fields, at `path`).
fn anthropic_usage(u: &Object, path: &str) -> Result<Usage> {
    let input = count(u, "input_tokens", path, true)?;
    let output = count(u, "output_tokens", path, true)?;
    let read = count(u, "cache_read_input_tokens", path, false)?;
    let creation_total = match u.get("cache_creation_input_tokens") {
        None | Some(Value::Null) => None,
        Some(_) => Some(count(u, "cache_creation_input_tokens", path, true)?),
    };
    let split_path = Path(path, "cache_creation");
    let (w5m, w1h) = match sub_object(u, "cache_creation", path)? {
        Some(split) => {
            let w5m = count(split, "ephemeral_5m_input_tokens", split_path, false)?;
            let w1h = count(split, "ephemeral_1h_input_tokens", split_path, false)?;
            let split_sum = sum(&[w5m, w1h], split_path)?;
            if let Some(total) = creation_total
                && total != split_sum
            {
                return Err(invalid(format!(
                    "{split_path}.ephemeral_5m_input_tokens ({w5m}) + ephemeral_1h_input_tokens \
                     ({w1h}) = {split_sum}, but {path}.cache_creation_input_tokens is {total}; \
                     they must agree"
                )));
            }
            (w5m, w1h)
        }
        None => (creation_total.unwrap_or(0), 0),
    };
    let batch = match u.get("service_tier") {
        None | Some(Value::Null) => false,
        Some(Value::String(tier)) => tier == "batch",
        Some(other) => {
            return Err(invalid(format!(
                "{path}.service_tier must be a string, got {}",
                describe(other)
            )));
        }
    };
    Ok(Usage {
        input_tokens: sum(&[input, read, w5m, w1h], path)?,
        output_tokens: output,
        cached_input_tokens: read,
        cache_write_5m_tokens: w5m,
        cache_write_1h_tokens: w1h,
        reasoning_tokens: 0,
        batch,
    })
}

/// Combines an Anthropic Messages stream's usage while it streams.
///
/// Feed each event's parsed `data` to [`push`](Self::push) (events other than `message_start`
/// and `message_delta` are skipped), then call [`finish`](Self::finish). `message_start` supplies
/// `message.usage`; each `message_delta`'s `usage` is cumulative and overrides the fields it
/// carries (usually only `output_tokens`).
///
/// ```
/// use llmcost_core::{AnthropicStreamUsage, Usage};
/// use serde_json::json;
///
/// let mut acc = AnthropicStreamUsage::new();
/// acc.push(&json!({"type": "message_start", "message": {"usage": {
///     "input_tokens": 12, "cache_creation_input_tokens": 4000, "output_tokens": 1,
///     "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 4000}}}}))?;
/// acc.push(&json!({"type": "ping"}))?;
/// acc.push(&json!({"type": "message_delta", "usage": {"output_tokens": 40}}))?;
/// acc.push(&json!({"type": "message_delta", "usage": {"output_tokens": 87}}))?;
/// assert_eq!(acc.finish()?, Usage::new(4012, 87).with_cache_write_1h(4000));
/// # Ok::<(), llmcost_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct AnthropicStreamUsage {
    start: Option<Object>,
    overrides: Object,
}

impl AnthropicStreamUsage {
    /// An accumulator that has seen no event.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one streaming event (its parsed `data` JSON).
    ///
    /// # Errors
    /// `InvalidInput` when the event is not an object, or its usage is malformed (named by path).
    /// The accumulator is unchanged by an event that is rejected.
    pub fn push(&mut self, event: &Value) -> Result<()> {
        let obj = event.as_object().ok_or_else(|| {
            invalid(format!(
                "an Anthropic stream event must be a JSON object, got {}",
                describe(event)
            ))
        })?;
        match obj.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                let message = sub_object(obj, "message", "message_start")?.ok_or_else(|| {
                    invalid("message_start.message is missing; expected an object".to_string())
                })?;
                let path = "message_start.message.usage";
                let u = sub_object(message, "usage", "message_start.message")?
                    .ok_or_else(|| invalid(format!("{path} is missing; expected an object")))?;
                anthropic_usage(u, path)?;
                self.start = Some(u.clone());
            }
            Some("message_delta") => {
                let path = "message_delta.usage";
                let u = sub_object(obj, "usage", "message_delta")?
                    .ok_or_else(|| invalid(format!("{path} is missing; expected an object")))?;
                for key in [
                    "input_tokens",
                    "output_tokens",
                    "cache_read_input_tokens",
                    "cache_creation_input_tokens",
                ] {
                    count(u, key, path, false)?;
                }
                if let Some(split) = sub_object(u, "cache_creation", path)? {
                    let split_path = Path(path, "cache_creation");
                    count(split, "ephemeral_5m_input_tokens", split_path, false)?;
                    count(split, "ephemeral_1h_input_tokens", split_path, false)?;
                }
                for (k, v) in u {
                    if !v.is_null() {
                        self.overrides.insert(k.clone(), v.clone());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The stream's usage so far: `message_start`'s usage with the latest `message_delta` counts.
    ///
    /// # Errors
    /// `InvalidInput` when no `message_start` event has been pushed, or the combined counts do
    /// not add up (for example a `cache_creation` split that disagrees with its total).
    pub fn finish(&self) -> Result<Usage> {
        let start = self.start.as_ref().ok_or_else(|| {
            invalid(
                "no message_start event in this Anthropic stream; its message.usage holds the \
                 input counts, so pass every event (or at least message_start and the last \
                 message_delta)"
                    .to_string(),
            )
        })?;
        let mut merged = start.clone();
        for (k, v) in &self.overrides {
            merged.insert(k.clone(), v.clone());
        }
        anthropic_usage(&merged, "usage")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn err(r: Result<Usage>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{e}");
        e.message().to_string()
    }

    #[test]
    fn errors_name_the_field_and_the_value() {
        let m = err(Usage::from_openai_json(
            r#"{"prompt_tokens": "12", "completion_tokens": 3}"#,
        ));
        assert_eq!(
            m,
            r#"usage.prompt_tokens must be a non-negative integer, got "12""#
        );
        let m = err(Usage::from_openai_json(
            r#"{"prompt_tokens": 12, "completion_tokens": -3}"#,
        ));
        assert!(
            m.contains("usage.completion_tokens") && m.contains("-3"),
            "{m}"
        );
        let m = err(Usage::from_gemini(
            &json!({"usageMetadata": {"promptTokenCount": 1.5}}),
        ));
        assert!(
            m.contains("usageMetadata.promptTokenCount") && m.contains("1.5"),
            "{m}"
        );
        let m = err(Usage::from_anthropic(
            &json!({"usage": {"input_tokens": 3}}),
        ));
        assert!(m.contains("usage.output_tokens is missing"), "{m}");
    }

    #[test]
    fn long_strings_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        let m = err(Usage::from_openai(
            &json!({"prompt_tokens": long, "completion_tokens": 1}),
        ));
        assert!(m.len() < 200, "{m}");
    }

    #[test]
    fn unknown_provider_is_named() {
        let m = err(Usage::from_provider(Some("acme"), &json!({})));
        assert!(m.contains("'acme'") && m.contains("'openai'"), "{m}");
        // Names are case-insensitive.
        let u = Usage::from_provider(
            Some(" OpenAI "),
            &json!({"prompt_tokens": 1, "completion_tokens": 2}),
        )
        .unwrap();
        assert_eq!(u, Usage::new(1, 2));
    }

    #[test]
    fn stream_accumulator_keeps_state_on_rejected_event() {
        let mut acc = AnthropicStreamUsage::new();
        acc.push(&json!({"type": "message_start", "message": {"usage": {"input_tokens": 5, "output_tokens": 1}}}))
            .unwrap();
        acc.push(&json!({"type": "message_delta", "usage": {"output_tokens": 9}}))
            .unwrap();
        assert!(
            acc.push(&json!({"type": "message_delta", "usage": {"output_tokens": "10"}}))
                .is_err()
        );
        assert_eq!(acc.finish().unwrap(), Usage::new(5, 9));
        // The order of delta and start does not matter; the last delta wins.
        let mut acc = AnthropicStreamUsage::new();
        acc.push(&json!({"type": "message_delta", "usage": {"output_tokens": 9}}))
            .unwrap();
        assert!(acc.finish().is_err());
        acc.push(&json!({"type": "message_start", "message": {"usage": {"input_tokens": 5, "output_tokens": 1}}}))
            .unwrap();
        assert_eq!(acc.finish().unwrap(), Usage::new(5, 9));
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let keys = prop_oneof![
            Just("usage".to_string()),
            Just("usageMetadata".to_string()),
            Just("prompt_tokens".to_string()),
            Just("completion_tokens".to_string()),
            Just("input_tokens".to_string()),
            Just("output_tokens".to_string()),
            Just("cache_read_input_tokens".to_string()),
            Just("cache_creation_input_tokens".to_string()),
            Just("cache_creation".to_string()),
            Just("ephemeral_5m_input_tokens".to_string()),
            Just("ephemeral_1h_input_tokens".to_string()),
            Just("prompt_tokens_details".to_string()),
            Just("completion_tokens_details".to_string()),
            Just("cached_tokens".to_string()),
            Just("reasoning_tokens".to_string()),
            Just("promptTokenCount".to_string()),
            Just("candidatesTokenCount".to_string()),
            Just("thoughtsTokenCount".to_string()),
            Just("cachedContentTokenCount".to_string()),
            Just("toolUsePromptTokenCount".to_string()),
            Just("type".to_string()),
            Just("message".to_string()),
            Just("response".to_string()),
            Just("body".to_string()),
            Just("custom_id".to_string()),
            Just("result".to_string()),
            Just("service_tier".to_string()),
            Just("choices".to_string()),
            Just("server_tool_use".to_string()),
            Just("status_code".to_string()),
            Just("total_tokens".to_string()),
            Just("totalTokenCount".to_string()),
            Just("prompt_cache_hit_tokens".to_string()),
            "[a-z_]{0,8}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (0u64..5000).prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop_oneof![
                Just("message_start".to_string()),
                Just("message_delta".to_string()),
                Just("message".to_string()),
                Just("succeeded".to_string()),
                Just("batch".to_string()),
                Just("response.completed".to_string()),
                ".{0,12}",
            ]
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 8, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((keys.clone(), inner), 0..8)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No JSON value makes a reader panic, and whatever it accepts keeps the convention.
        #[test]
        fn arbitrary_json_never_panics(v in arb_json()) {
            // Reading JSON text (pruned while parsing) gives what reading its parsed value does.
            let text = v.to_string();
            let whole: Value = serde_json::from_str(&text).unwrap();
            for provider in [None, Some("openai"), Some("xai"), Some("anthropic"), Some("gemini")] {
                let from_text = Usage::from_provider_json(provider, &text);
                let from_value = Usage::from_provider(provider, &whole);
                match (from_text, from_value) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => prop_assert_eq!(a.message(), b.message()),
                    (a, b) => prop_assert!(false, "{:?} vs {:?} for {}", a, b, text),
                }
            }
            let results = [
                Usage::from_openai(&v),
                Usage::from_anthropic(&v),
                Usage::from_gemini(&v),
                Usage::from_provider(None, &v),
                Usage::from_provider_json(None, &v.to_string()),
            ];
            for r in results {
                match r {
                    Ok(u) => prop_assert!(u.validate().is_ok(), "{u:?} from {v}"),
                    Err(e) => prop_assert_eq!(e.kind(), crate::ErrorKind::InvalidInput),
                }
            }
            if let Value::Array(events) = &v {
                let mut acc = AnthropicStreamUsage::new();
                for e in events {
                    let _ = acc.push(e);
                }
                if let Ok(u) = acc.finish() {
                    prop_assert!(u.validate().is_ok());
                }
            }
        }

        /// Arbitrary text never panics either.
        #[test]
        fn arbitrary_text_never_panics(s in ".{0,64}") {
            for r in [
                Usage::from_provider_json(None, &s),
                Usage::from_openai_json(&s),
                Usage::from_anthropic_json(&s),
                Usage::from_gemini_json(&s),
            ] {
                if let Err(e) = r {
                    prop_assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
                }
            }
        }

        /// Anthropic's counts convert by addition: input = uncached + reads + writes.
        #[test]
        fn anthropic_conversion_adds_cache_parts(
            input in 0u64..1_000_000, read in 0u64..1_000_000,
            w5 in 0u64..1_000_000, w1 in 0u64..1_000_000, out in 0u64..100_000,
        ) {
            let v = json!({"usage": {
                "input_tokens": input, "output_tokens": out,
                "cache_read_input_tokens": read, "cache_creation_input_tokens": w5 + w1,
                "cache_creation": {"ephemeral_5m_input_tokens": w5, "ephemeral_1h_input_tokens": w1},
            }});
            let u = Usage::from_anthropic(&v).unwrap();
            prop_assert_eq!(u.input_tokens, input + read + w5 + w1);
            prop_assert_eq!(u.uncached_input_tokens(), input);
            prop_assert_eq!(Usage::from_provider(None, &v).unwrap(), u);
        }
    }
}
