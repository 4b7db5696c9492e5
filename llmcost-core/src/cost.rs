//! Token usage and its exact cost.
//!
//! # The `Usage` convention
//!
//! Every token is counted once, in one of two totals, and the other fields say how parts of those
//! totals are billed:
//!
//! - `input_tokens` = **all** prompt tokens, including tokens read from the provider's prompt cache
//!   and tokens written to it. `cached_input_tokens`, `cache_write_5m_tokens` and
//!   `cache_write_1h_tokens` are parts of `input_tokens` (their sum may not exceed it).
//! - `output_tokens` = **all** generated tokens, including reasoning ("thinking") tokens.
//!   `reasoning_tokens` is a part of `output_tokens`.
//!
//! This is OpenAI's convention. Anthropic's differs (its `input_tokens` excludes cache reads and
//! writes); the provider parsers in [`crate::usage`] convert.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::{ModelInfo, Price, PriceTier, ReasoningRule};
use crate::error::{Error, Result};
use crate::money::Usd;

/// Tokens used (or to be used) by one request. See the [module docs](self) for the convention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Usage {
    /// All prompt tokens, including cache reads and cache writes.
    #[serde(default)]
    pub input_tokens: u64,
    /// All generated tokens, including reasoning tokens.
    #[serde(default)]
    pub output_tokens: u64,
    /// Part of `input_tokens` read from the provider's prompt cache.
    #[serde(default)]
    pub cached_input_tokens: u64,
    /// Part of `input_tokens` written to a 5-minute prompt cache.
    #[serde(default)]
    pub cache_write_5m_tokens: u64,
    /// Part of `input_tokens` written to a 1-hour prompt cache.
    #[serde(default)]
    pub cache_write_1h_tokens: u64,
    /// Part of `output_tokens` spent on reasoning.
    #[serde(default)]
    pub reasoning_tokens: u64,
    /// Whether the request went through the provider's batch API.
    #[serde(default)]
    pub batch: bool,
}

impl Usage {
    /// Usage with `input_tokens` prompt tokens and `output_tokens` generated tokens.
    pub fn new(input_tokens: u64, output_tokens: u64) -> Self {
        Usage {
            input_tokens,
            output_tokens,
            ..Usage::default()
        }
    }

    /// Sets the cached-read part of the input.
    pub fn with_cached_input(mut self, tokens: u64) -> Self {
        self.cached_input_tokens = tokens;
        self
    }

    /// Sets the 5-minute cache-write part of the input.
    pub fn with_cache_write_5m(mut self, tokens: u64) -> Self {
        self.cache_write_5m_tokens = tokens;
        self
    }

    /// Sets the 1-hour cache-write part of the input.
    pub fn with_cache_write_1h(mut self, tokens: u64) -> Self {
        self.cache_write_1h_tokens = tokens;
        self
    }

    /// Sets the reasoning part of the output.
    pub fn with_reasoning(mut self, tokens: u64) -> Self {
        self.reasoning_tokens = tokens;
        self
    }

    /// Marks the usage as a batch request.
    pub fn with_batch(mut self, batch: bool) -> Self {
        self.batch = batch;
        self
    }

    /// Input tokens billed at the plain input price: `input - cached - cache writes`.
    pub fn uncached_input_tokens(&self) -> u64 {
        self.input_tokens
            .saturating_sub(self.cached_input_tokens)
            .saturating_sub(self.cache_write_5m_tokens)
            .saturating_sub(self.cache_write_1h_tokens)
    }

    /// Checks the convention: the parts of input and output fit in their totals.
    ///
    /// # Errors
    /// `InvalidInput` naming the fields that do not add up.
    pub fn validate(&self) -> Result<()> {
        let parts = self.cached_input_tokens as u128
            + self.cache_write_5m_tokens as u128
            + self.cache_write_1h_tokens as u128;
        if parts > self.input_tokens as u128 {
            return Err(Error::invalid_input(format!(
                "usage has cached_input_tokens ({}) + cache_write_5m_tokens ({}) + cache_write_1h_tokens ({}) \
                 = {parts} > input_tokens ({}); input_tokens must include cache reads and writes \
                 (for Anthropic usage, use Usage::from_anthropic, which adds them)",
                self.cached_input_tokens,
                self.cache_write_5m_tokens,
                self.cache_write_1h_tokens,
                self.input_tokens
            )));
        }
        if self.reasoning_tokens > self.output_tokens {
            return Err(Error::invalid_input(format!(
                "usage has reasoning_tokens ({}) > output_tokens ({}); output_tokens must include \
                 reasoning tokens (for Gemini usage, use Usage::from_gemini, which adds them)",
                self.reasoning_tokens, self.output_tokens
            )));
        }
        Ok(())
    }

    /// The sum of two usages (for aggregation); `batch` is kept only if both are batch.
    pub fn saturating_add(&self, other: &Usage) -> Usage {
        Usage {
            input_tokens: self.input_tokens.saturating_add(other.input_tokens),
            output_tokens: self.output_tokens.saturating_add(other.output_tokens),
            cached_input_tokens: self
                .cached_input_tokens
                .saturating_add(other.cached_input_tokens),
            cache_write_5m_tokens: self
                .cache_write_5m_tokens
                .saturating_add(other.cache_write_5m_tokens),
            cache_write_1h_tokens: self
                .cache_write_1h_tokens
                .saturating_add(other.cache_write_1h_tokens),
            reasoning_tokens: self.reasoning_tokens.saturating_add(other.reasoning_tokens),
            batch: self.batch && other.batch,
        }
    }
}

/// The exact cost of one request, broken down by how each part was billed.
///
/// `total` is the sum of the parts. The names are [`SharedStr`]s: [`crate::Catalog::cost`] hands
/// out the catalog's own copies, so building a `Cost` allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cost {
    /// Canonical id of the model priced.
    pub model: SharedStr,
    /// Its provider.
    pub provider: SharedStr,
    /// The date the model's prices were checked (`as_of` of its catalog entry).
    pub as_of: SharedStr,
    /// Uncached input tokens.
    pub input: Usd,
    /// Input tokens read from the prompt cache.
    pub cached_input: Usd,
    /// Input tokens written to the prompt cache (5-minute and 1-hour).
    pub cache_write: Usd,
    /// Output tokens other than reasoning.
    pub output: Usd,
    /// Reasoning tokens.
    pub reasoning: Usd,
    /// The sum of the above.
    pub total: Usd,
    /// The `above_input_tokens` threshold of the long-context tier applied, if any.
    pub tier: Option<u64>,
    /// Whether batch prices were applied.
    pub batch: bool,
}

/// An immutable string shared by reference count: cloning it copies a pointer, not the text.
///
/// It reads like a `&str` (it derefs to `str`, compares equal to `str`, `&str` and `String`,
/// prints and serializes as the plain string).
///
/// ```
/// use llmcost_core::{Catalog, Usage};
/// let cost = Catalog::bundled().cost("GPT-4o", &Usage::new(10, 1))?;
/// assert_eq!(cost.model, "gpt-4o");
/// assert!(cost.model.starts_with("gpt"));
/// assert_eq!(cost.model.to_string(), "gpt-4o");
/// # Ok::<(), llmcost_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

/// What the catalog keeps per model so that pricing does no allocation and little work: shared
/// copies of the id, provider and price date for each [`Cost`], and the base rates (no tier, no
/// batch) resolved once.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    model: SharedStr,
    provider: SharedStr,
    as_of: SharedStr,
    /// The rates of a standard request below every tier; `None` if a price they need is missing
    /// (the slow path then reports which).
    base: Option<Rates>,
    /// Requests with at most this many input tokens are below every tier.
    below_tiers: u64,
}

impl Prepared {
    pub(crate) fn of(model: &ModelInfo) -> Prepared {
        Prepared {
            base: rates(model, &Usage::default()).ok().map(|(r, _)| r),
            ..Prepared::names_only(model)
        }
    }

    /// Only the names, for a single computation: every call resolves its rates.
    fn names_only(model: &ModelInfo) -> Prepared {
        Prepared {
            model: SharedStr::from(model.id.as_str()),
            provider: SharedStr::from(model.provider.as_str()),
            as_of: SharedStr::from(model.as_of.as_str()),
            base: None,
            below_tiers: model
                .pricing
                .tiers
                .iter()
                .map(|t| t.above_input_tokens)
                .min()
                .unwrap_or(u64::MAX),
        }
    }

    /// The rates for `usage`: the prepared base rates when they apply, else resolved afresh.
    fn rates(&self, model: &ModelInfo, usage: &Usage) -> Result<(Rates, Option<u64>)> {
        match self.base {
            Some(r) if !usage.batch && usage.input_tokens <= self.below_tiers => Ok((r, None)),
            _ => rates(model, usage),
        }
    }
}

/// The unit prices that apply to one request, after tier and batch selection.
#[derive(Debug, Clone, Copy)]
struct Rates {
    input: Usd,
    output: Usd,
    cached_input: Usd,
    cache_write_5m: Usd,
    cache_write_1h: Usd,
    reasoning: Usd,
}

fn missing(model: &ModelInfo, what: &str) -> Error {
    Error::price_unknown(format!(
        "the catalog has no {what} price for '{}' (as of {}); add one with Catalog::merge \
         (see docs/PRICING.md) rather than assume it is free",
        model.id, model.as_of
    ))
}

impl Price {
    /// The tier that applies to a prompt of `input_tokens` tokens, if any (the highest threshold
    /// exceeded).
    pub fn tier_for(&self, input_tokens: u64) -> Option<&PriceTier> {
        self.tiers
            .iter()
            .filter(|t| input_tokens > t.above_input_tokens)
            .max_by_key(|t| t.above_input_tokens)
    }
}

fn rates(model: &ModelInfo, usage: &Usage) -> Result<(Rates, Option<u64>)> {
    let p = &model.pricing;
    let tier = p.tier_for(usage.input_tokens);
    let pick = |base: Option<Usd>, tiered: Option<Option<Usd>>| -> Option<Usd> {
        tiered.flatten().or(base)
    };
    let input = pick(p.input, tier.map(|t| t.input)).ok_or_else(|| missing(model, "input"))?;
    let output = pick(p.output, tier.map(|t| t.output)).ok_or_else(|| missing(model, "output"))?;
    let cached_input = pick(p.cached_input, tier.map(|t| t.cached_input)).unwrap_or(input);
    let cache_write_5m = pick(p.cache_write_5m, tier.map(|t| t.cache_write_5m)).unwrap_or(input);
    let cache_write_1h =
        pick(p.cache_write_1h, tier.map(|t| t.cache_write_1h)).unwrap_or(cache_write_5m);
    let reasoning = match model.reasoning_tokens {
        ReasoningRule::SeparatePrice => p.reasoning.ok_or_else(|| missing(model, "reasoning"))?,
        _ => output,
    };
    let mut r = Rates {
        input,
        output,
        cached_input,
        cache_write_5m,
        cache_write_1h,
        reasoning,
    };
    if usage.batch {
        let bi = p.batch_input.ok_or_else(|| missing(model, "batch input"))?;
        let bo = p
            .batch_output
            .ok_or_else(|| missing(model, "batch output"))?;
        // The batch discount scales every input-side price by batch_input / input, and every
        // output-side price by batch_output / output (providers' batch discounts stack with caching).
        let scale = |v: Usd, num: Usd, den: Usd| -> Usd {
            if den.is_zero() {
                v
            } else {
                Usd::from_atto(v.atto() * num.atto() / den.atto())
            }
        };
        let base_in = p.input.unwrap_or(input);
        let base_out = p.output.unwrap_or(output);
        r = Rates {
            input: scale(input, bi, base_in),
            output: scale(output, bo, base_out),
            cached_input: scale(cached_input, bi, base_in),
            cache_write_5m: scale(cache_write_5m, bi, base_in),
            cache_write_1h: scale(cache_write_1h, bi, base_in),
            reasoning: scale(reasoning, bo, base_out),
        };
    }
    Ok((r, tier.map(|t| t.above_input_tokens)))
}

fn overflow() -> Error {
    Error::invalid_input("token counts are too large to price; check the usage numbers")
}

/// Prices `usage` for `model`. The common entry point is [`crate::Catalog::cost`].
///
/// # Errors
/// `InvalidInput` when the usage breaks the [convention](self); `PriceUnknown` when a price it needs
/// is not in the catalog.
pub fn cost_for(model: &ModelInfo, usage: &Usage) -> Result<Cost> {
    cost_prepared(model, &Prepared::names_only(model), usage)
}

/// [`cost_for`] with the model prepared by the catalog (no allocation).
pub(crate) fn cost_prepared(model: &ModelInfo, prep: &Prepared, usage: &Usage) -> Result<Cost> {
    usage.validate()?;
    let (r, tier) = prep.rates(model, usage)?;
    let mul = |p: Usd, n: u64| p.checked_mul_tokens(n).ok_or_else(overflow);
    let input = mul(r.input, usage.uncached_input_tokens())?;
    let cached_input = mul(r.cached_input, usage.cached_input_tokens)?;
    let cache_write = mul(r.cache_write_5m, usage.cache_write_5m_tokens)?
        .checked_add(mul(r.cache_write_1h, usage.cache_write_1h_tokens)?)
        .ok_or_else(overflow)?;
    let output = mul(r.output, usage.output_tokens - usage.reasoning_tokens)?;
    let reasoning = mul(r.reasoning, usage.reasoning_tokens)?;
    let total = [cached_input, cache_write, output, reasoning]
        .into_iter()
        .try_fold(input, Usd::checked_add)
        .ok_or_else(overflow)?;
    Ok(Cost {
        model: prep.model.clone(),
        provider: prep.provider.clone(),
        as_of: prep.as_of.clone(),
        input,
        cached_input,
        cache_write,
        output,
        reasoning,
        total,
        tier,
        batch: usage.batch,
    })
}

/// The total cost only, without building a breakdown: the hot path for budgets and selection.
///
/// # Errors
/// As [`cost_for`].
pub fn total_for(model: &ModelInfo, usage: &Usage) -> Result<Usd> {
    usage.validate()?;
    total_with(rates(model, usage)?.0, usage)
}

/// [`total_for`] with the model prepared by the catalog.
pub(crate) fn total_prepared(model: &ModelInfo, prep: &Prepared, usage: &Usage) -> Result<Usd> {
    usage.validate()?;
    total_with(prep.rates(model, usage)?.0, usage)
}

fn total_with(r: Rates, usage: &Usage) -> Result<Usd> {
    let parts = [
        (r.input, usage.uncached_input_tokens()),
        (r.cached_input, usage.cached_input_tokens),
        (r.cache_write_5m, usage.cache_write_5m_tokens),
        (r.cache_write_1h, usage.cache_write_1h_tokens),
        (r.output, usage.output_tokens - usage.reasoning_tokens),
        (r.reasoning, usage.reasoning_tokens),
    ];
    parts
        .into_iter()
        .try_fold(Usd::ZERO, |acc, (p, n)| {
            acc.checked_add(p.checked_mul_tokens(n)?)
        })
        .ok_or_else(overflow)
}
