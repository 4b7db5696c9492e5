//! One model's entry in the catalog: limits, prices, capabilities and provenance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::litellm::is_iso_date;
use crate::error::{Error, Result};
use crate::money::Usd;
use crate::tokens::Encoding;

/// Everything the catalog knows about one model.
///
/// In the catalog file, prices are written per million tokens as decimal strings (`"2.50"`);
/// in memory, [`Price`] holds exact per-token [`Usd`] amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelInfo {
    /// The canonical id, as the provider's API names it (`"gpt-4o"`, `"claude-sonnet-4-5"`).
    pub id: String,
    /// The provider whose price list this entry follows (`"openai"`, `"anthropic"`, `"google"`, ...).
    pub provider: String,
    /// Other names that resolve to this entry: dated snapshots (`"claude-3-5-sonnet-20241022"`)
    /// and common aliases. A snapshot is listed only when it is billed at the same price.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Maximum input (prompt) tokens, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_window: Option<u64>,
    /// Maximum output tokens per request, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<u64>,
    /// The tokenizer used to count this model's tokens. For models whose tokenizer is not public,
    /// this names the encoding used for the documented estimate (see [`TokenizerInfo`]).
    #[serde(default)]
    pub tokenizer: TokenizerInfo,
    /// Prices.
    pub pricing: Price,
    /// How reasoning ("thinking") tokens are billed.
    #[serde(default)]
    pub reasoning_tokens: ReasoningRule,
    /// What the model can do.
    #[serde(default)]
    pub capabilities: Capabilities,
    /// Quality per task type in `[0, 1]` (task type name → score), used by the selector.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub quality: BTreeMap<String, f64>,
    /// Measured speed, used by the selector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<Speed>,
    /// Where the quality and speed figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_source: Option<String>,
    /// Where the prices come from (a URL of the provider's price page).
    pub source: String,
    /// The date (YYYY-MM-DD) the prices were checked against `source`.
    pub as_of: String,
    /// Whether the provider has announced the model's retirement. The model may still be served:
    /// see [`ModelInfo::deprecation_date`] for when it stops.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// The date (`YYYY-MM-DD`) the provider has announced the model will be retired (requests to it
    /// fail from that day on), when known. Set only on a `deprecated` model; a deprecated model
    /// without a date has an announced retirement whose date is not known (the bundled catalog
    /// uses that for models that are already retired but whose date it has no source for).
    ///
    /// The selector ([`crate::Selector`]) skips a model once this date is reached, and mentions
    /// a retirement still ahead in its reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation_date: Option<String>,
}

impl ModelInfo {
    /// Whether the model is retired on `date` (`YYYY-MM-DD`): its [`deprecation_date`] is on or
    /// before `date`. A model without a `deprecation_date` is never retired by this test, even when
    /// `deprecated` (its date is unknown).
    ///
    /// Dates compare as text, which orders `YYYY-MM-DD` dates chronologically.
    ///
    /// [`deprecation_date`]: ModelInfo::deprecation_date
    pub fn retired_on(&self, date: &str) -> bool {
        self.deprecation_date.as_deref().is_some_and(|d| d <= date)
    }
}

/// Checks `deprecation_date`: a `YYYY-MM-DD` date, and only on a deprecated model.
pub(crate) fn validate_deprecation_date(m: &ModelInfo) -> Result<()> {
    let Some(d) = &m.deprecation_date else {
        return Ok(());
    };
    if !is_iso_date(d) {
        return Err(Error::catalog_invalid(format!(
            "catalog model '{}': deprecation_date '{d}' is not a date; write it as YYYY-MM-DD, \
             e.g. \"2026-12-11\"",
            m.id
        )));
    }
    if !m.deprecated {
        return Err(Error::catalog_invalid(format!(
            "catalog model '{}': deprecation_date is {d} but deprecated is false; a retirement \
             date means the retirement is announced, so set \"deprecated\": true",
            m.id
        )));
    }
    Ok(())
}

/// The tokenizer of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TokenizerInfo {
    /// The encoding used to count.
    pub encoding: Encoding,
    /// `false` when `encoding` is the model's own tokenizer (counts are exact); `true` when the model's
    /// tokenizer is not public and counts are an estimate made with `encoding`.
    pub estimated: bool,
}

impl Default for TokenizerInfo {
    fn default() -> Self {
        TokenizerInfo {
            encoding: Encoding::Cl100kBase,
            estimated: true,
        }
    }
}

/// Prices of one model, exact and per token. `None` means *not known* (never zero).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Price {
    /// Uncached input tokens.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub input: Option<Usd>,
    /// Output tokens (including reasoning tokens unless `reasoning` is set).
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub output: Option<Usd>,
    /// Input tokens read from the provider's prompt cache. When absent, cached reads are billed
    /// at `input`.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cached_input: Option<Usd>,
    /// Input tokens written to a 5-minute prompt cache (Anthropic: 1.25 × input). When absent,
    /// writes are billed at `input`.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cache_write_5m: Option<Usd>,
    /// Input tokens written to a 1-hour prompt cache (Anthropic: 2 × input). When absent, falls back
    /// to `cache_write_5m`, then `input`.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cache_write_1h: Option<Usd>,
    /// Uncached input tokens in a batch request.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub batch_input: Option<Usd>,
    /// Output tokens in a batch request.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub batch_output: Option<Usd>,
    /// Reasoning tokens, when the provider prices them apart from output
    /// ([`ReasoningRule::SeparatePrice`]).
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<Usd>,
    /// Long-context tiers, in ascending order of threshold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<PriceTier>,
}

/// A long-context price tier: requests whose prompt is larger than `above_input_tokens` are billed
/// at these prices.
///
/// Fields left `None` keep the base price.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriceTier {
    /// The tier applies when the request's total input tokens exceed this number.
    pub above_input_tokens: u64,
    /// How the tier is applied.
    #[serde(default)]
    pub rule: TierRule,
    /// Uncached input tokens.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub input: Option<Usd>,
    /// Output tokens.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub output: Option<Usd>,
    /// Cached input reads.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cached_input: Option<Usd>,
    /// 5-minute cache writes.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cache_write_5m: Option<Usd>,
    /// 1-hour cache writes.
    #[serde(default, with = "per_million", skip_serializing_if = "Option::is_none")]
    pub cache_write_1h: Option<Usd>,
}

/// How a long-context tier re-prices a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TierRule {
    /// Every token of the request (input and output) is billed at the tier's prices once the prompt
    /// exceeds the threshold. This is the rule of Google Gemini (above 200k), Anthropic's 1M-context
    /// Sonnet (above 200k) and the other tiered providers in the bundled data.
    #[default]
    WholeRequest,
}

/// How a model's reasoning ("thinking") tokens are billed. In [`crate::Usage`], reasoning tokens are
/// always counted inside `output_tokens`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasoningRule {
    /// The model does not emit separately counted reasoning tokens.
    #[default]
    None,
    /// Reasoning tokens are billed as output tokens (OpenAI o-series and GPT-5, Anthropic extended
    /// thinking, Gemini thinking).
    BilledAsOutput,
    /// Reasoning tokens have their own price, [`Price::reasoning`].
    SeparatePrice,
}

/// What a model can do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Capabilities {
    /// Function / tool calling.
    #[serde(default)]
    pub tools: bool,
    /// Image input.
    #[serde(default)]
    pub vision: bool,
    /// JSON mode (output guaranteed to be valid JSON).
    #[serde(default)]
    pub json_output: bool,
    /// Structured output constrained by a JSON schema.
    #[serde(default)]
    pub structured_output: bool,
    /// Reasoning / extended thinking.
    #[serde(default)]
    pub reasoning: bool,
    /// Audio input.
    #[serde(default)]
    pub audio_input: bool,
    /// Audio output.
    #[serde(default)]
    pub audio_output: bool,
    /// Provider-side prompt caching (discounted cached reads).
    #[serde(default)]
    pub prompt_caching: bool,
}

/// Measured generation speed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Speed {
    /// Median output tokens per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens_per_s: Option<f64>,
    /// Median time to first token, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttft_s: Option<f64>,
}

/// Serde helper: an `Option<Usd>` per-token price written as a per-million decimal string.
pub(crate) mod per_million {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::money::Usd;

    pub fn serialize<S: Serializer>(v: &Option<Usd>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(p) => s.collect_str(&p.per_million()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Usd>, D::Error> {
        let v: Option<Usd> = Option::deserialize(d)?;
        match v {
            None => Ok(None),
            Some(pm) => {
                if pm.is_negative() {
                    return Err(serde::de::Error::custom(format!(
                        "price {pm} per million tokens is negative"
                    )));
                }
                Usd::per_token_from_per_million(pm)
                    .map(Some)
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}
