//! `TokenCount`.
use napi_derive::napi;

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
