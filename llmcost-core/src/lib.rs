//! # llmcost-core
//!
//! Cut what an application spends on LLM APIs, in-process: count and price tokens exactly from a
//! bundled, dated, offline catalog; optimize prompts; cache responses; select the cheapest model that
//! meets a task; monitor spend.
//!
//! ```
//! use llmcost_core::{Catalog, Usage};
//!
//! let catalog = Catalog::bundled();
//! // 12,000 prompt tokens (10,000 of them read from the prompt cache) and 800 output tokens.
//! let usage = Usage::new(12_000, 800).with_cached_input(10_000);
//! let cost = catalog.cost("openai/gpt-4o", &usage)?;
//! assert_eq!(cost.total.to_string(), "0.0255"); // 2,000 × $2.50/M + 10,000 × $1.25/M + 800 × $10/M
//! # Ok::<(), llmcost_core::Error>(())
//! ```
//!
//! ## Money is exact
//!
//! Every price and cost is a [`Usd`]: an integer number of attodollars. Sums are exact; an unknown
//! price is an error ([`ErrorKind::PriceUnknown`]), never zero.
//!
//! ## Prompt optimization
//!
//! [`Optimizer`] rewrites prompts into fewer tokens at three [`Level`]s without touching code,
//! URLs, quoted strings, JSON/YAML/XML, placeholders, numbers or negations; see [`optimize`].
//!
//! ## Cargo features
//!
//! None yet: everything in this crate is always built.
#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod catalog;
pub mod cost;
pub mod error;
pub mod money;
pub mod optimize;
pub mod select;
pub mod tokens;
pub mod usage;

pub use catalog::{
    Capabilities, Catalog, Estimate, LitellmImport, ModelInfo, Price, PriceTier, QualityEntry,
    QualityTable, ReasoningRule, SkippedEntry, Speed, TierRule, TokenizerInfo,
};
pub use cost::{Cost, Usage};
pub use error::{Error, ErrorKind, Result};
pub use money::Usd;
pub use optimize::{
    Analysis, AppliedOptimization, BatchReport, ChatOptimizeReport, Finding, KeepPrefix, Level,
    OptimizeOptions, OptimizeReport, Optimizer, OptimizerBuilder, ProtectedSpan, Rule, RuleKind,
    RulePack, SpanKind,
};
pub use select::{
    Alternative, Capability, Choice, Complexity, Failure, LostOn, NearMiss, Rejection,
    Requirements, Selection, Selector, SpeedRequirement, TaskType,
};
pub use tokens::{ChatMessage, Encoding, TokenCount};
pub use usage::AnthropicStreamUsage;

/// The Rust examples in the README and the guides under `docs/`, compiled and run as doctests so
/// the documentation cannot drift from the code.
#[cfg(doctest)]
pub mod doc_examples {
    #[doc = include_str!("../../README.md")]
    pub struct Readme;
    #[doc = include_str!("../../docs/PRICING.md")]
    pub struct Pricing;
    #[doc = include_str!("../../docs/USAGE.md")]
    pub struct UsageGuide;
    #[doc = include_str!("../../docs/TOKENS.md")]
    pub struct Tokens;
    #[doc = include_str!("../../docs/OPTIMIZER.md")]
    pub struct OptimizerGuide;
    #[doc = include_str!("../../docs/SELECTION.md")]
    pub struct Selection;
}
