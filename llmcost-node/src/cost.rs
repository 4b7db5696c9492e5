//! `Usage` (a plain object) and `Cost` (amounts as exact decimal strings).
use napi_derive::napi;

use crate::error::{Result, tokens};

/// Tokens used by one request (input includes cache reads/writes; output includes reasoning).
#[napi(object)]
pub struct Usage {
    pub input_tokens: Option<f64>,
    pub output_tokens: Option<f64>,
    pub cached_input_tokens: Option<f64>,
    #[napi(js_name = "cacheWrite5mTokens")]
    pub cache_write_5m_tokens: Option<f64>,
    #[napi(js_name = "cacheWrite1hTokens")]
    pub cache_write_1h_tokens: Option<f64>,
    pub reasoning_tokens: Option<f64>,
    pub batch: Option<bool>,
}

impl Usage {
    pub fn to_core(&self) -> Result<llmcost_core::Usage> {
        let t = |name: &str, v: Option<f64>| tokens(name, v.unwrap_or(0.0));
        Ok(llmcost_core::Usage::new(
            t("inputTokens", self.input_tokens)?,
            t("outputTokens", self.output_tokens)?,
        )
        .with_cached_input(t("cachedInputTokens", self.cached_input_tokens)?)
        .with_cache_write_5m(t("cacheWrite5mTokens", self.cache_write_5m_tokens)?)
        .with_cache_write_1h(t("cacheWrite1hTokens", self.cache_write_1h_tokens)?)
        .with_reasoning(t("reasoningTokens", self.reasoning_tokens)?)
        .with_batch(self.batch.unwrap_or(false)))
    }
}

impl From<llmcost_core::Usage> for Usage {
    fn from(u: llmcost_core::Usage) -> Self {
        Usage {
            input_tokens: Some(u.input_tokens as f64),
            output_tokens: Some(u.output_tokens as f64),
            cached_input_tokens: Some(u.cached_input_tokens as f64),
            cache_write_5m_tokens: Some(u.cache_write_5m_tokens as f64),
            cache_write_1h_tokens: Some(u.cache_write_1h_tokens as f64),
            reasoning_tokens: Some(u.reasoning_tokens as f64),
            batch: Some(u.batch),
        }
    }
}

/// Reads a provider's usage JSON (a response, a final stream chunk, a usage object, or an array of
/// stream events) into a `Usage`. `provider`: `"openai"`, `"anthropic"`, `"google"`, ... or `null`
/// to tell it by the JSON's shape.
#[napi]
pub fn usage_from_provider_json(provider: Option<String>, json: String) -> Result<Usage> {
    llmcost_core::Usage::from_provider_json(provider.as_deref(), &json)
        .map(Usage::from)
        .map_err(crate::error::to_js)
}

/// Reads an OpenAI usage JSON (Chat Completions or Responses).
#[napi]
pub fn usage_from_openai_json(json: String) -> Result<Usage> {
    llmcost_core::Usage::from_openai_json(&json)
        .map(Usage::from)
        .map_err(crate::error::to_js)
}

/// Reads an Anthropic Messages usage JSON (or an array of stream events).
#[napi]
pub fn usage_from_anthropic_json(json: String) -> Result<Usage> {
    llmcost_core::Usage::from_anthropic_json(&json)
        .map(Usage::from)
        .map_err(crate::error::to_js)
}

/// Reads a Gemini `usageMetadata` JSON.
#[napi]
pub fn usage_from_gemini_json(json: String) -> Result<Usage> {
    llmcost_core::Usage::from_gemini_json(&json)
        .map(Usage::from)
        .map_err(crate::error::to_js)
}

/// The exact cost of one request. Amounts are decimal strings (exact; use a decimal library to sum).
#[napi(object)]
pub struct Cost {
    pub model: String,
    pub provider: String,
    pub as_of: String,
    pub input: String,
    pub cached_input: String,
    pub cache_write: String,
    pub output: String,
    pub reasoning: String,
    pub total: String,
    pub tier: Option<f64>,
    pub batch: bool,
}

impl From<llmcost_core::Cost> for Cost {
    fn from(c: llmcost_core::Cost) -> Self {
        Cost {
            model: c.model.to_string(),
            provider: c.provider.to_string(),
            as_of: c.as_of.to_string(),
            input: c.input.to_string(),
            cached_input: c.cached_input.to_string(),
            cache_write: c.cache_write.to_string(),
            output: c.output.to_string(),
            reasoning: c.reasoning.to_string(),
            total: c.total.to_string(),
            tier: c.tier.map(|t| t as f64),
            batch: c.batch,
        }
    }
}
