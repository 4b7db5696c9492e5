//! Model selection: the cheapest model in the catalog that meets a task's needs, explained.
//!
//! ```
//! use llmcost_core::{Catalog, Complexity, Requirements, Selector};
//!
//! let selector = Selector::new(&Catalog::bundled());
//! let req = Requirements::new("extraction_classification")
//!     .complexity(Complexity::Low)
//!     .quality_threshold(0.5)
//!     .require("json_output")
//!     .tokens(800, 20);
//! let selection = selector.select(&req)?;
//! if let Some(chosen) = &selection.chosen {
//!     println!("{} for ${}", chosen.model, chosen.cost);
//! }
//! for reason in selection.reasons() {
//!     println!("  - {reason}");
//! }
//! # Ok::<(), llmcost_core::Error>(())
//! ```
//!
//! # Rules
//!
//! A model is *feasible* when it passes every constraint below, checked in this order (a rejected
//! model reports the first one it fails, with the figures):
//!
//! 1. not retired on the request's date ([`Requirements::as_of`], by default the catalog's
//!    [`Catalog::as_of`]): a model is retired when its [`ModelInfo::deprecation_date`] is on or
//!    before that date, or when it is `deprecated` with no known date. A model whose retirement is
//!    announced for a later date may be chosen, and its date is shown in the reasons and
//!    alternatives (`retires on 2026-12-11`); with [`Requirements::exclude_deprecated`], every
//!    model whose retirement is announced is excluded;
//! 2. provider allowed and not denied;
//! 3. every required capability;
//! 4. context window ≥ max(`context_length_needed`, `estimated_input_tokens`), and maximum output ≥
//!    `estimated_output_tokens` (an unknown limit fails: it cannot be vouched for);
//! 5. quality for the task ≥ the quality bar (a model with no score for the task fails: unknown
//!    quality is never treated as perfect);
//! 6. output speed ≥ the speed requirement and `min_output_tokens_per_s`; time to first token ≤
//!    `max_ttft_s`; estimated latency `ttft + output_tokens / speed` ≤ `max_latency_s` (each checked only
//!    when asked for; an unknown figure then fails);
//! 7. a known price (a model whose needed price is unknown fails: it is never treated as free);
//! 8. estimated cost ≤ `max_acceptable_cost` and ≤ `remaining_budget`.
//!
//! **Quality bar** = max(`quality_threshold`, complexity floor), with floors low 0.0, medium 0.5,
//! high 0.75. Scores are relative (min-max normalized over the models of the bundled table), so the
//! floors mean "any scored model", "the upper half of the range", "the top quarter of the range".
//!
//! **Estimated cost** is [`crate::cost::total_for`] on `estimated_input_tokens` input tokens (of which
//! `round(input × cached_input_share)` are priced as cached reads, at the model's cached-input price,
//! or at its input price when it has none) and `estimated_output_tokens` output tokens, with
//! long-context tiers; with [`Requirements::batch_allowed`], at batch prices for models that have
//! them.
//!
//! **Ranking** of feasible models: cost, then quality (higher first), then output speed (faster first,
//! unknown last), then id. The first is chosen; the next are the alternatives.
//!
//! # Data
//!
//! Quality per task type and speed come from each model's [`ModelInfo::quality`] and
//! [`ModelInfo::speed`]. [`Catalog::bundled`] carries a sourced table of public leaderboard figures
//! ([`crate::QualityTable::bundled`]; sources, method and licences in `docs/SELECTION.md`); lay your
//! own evaluation scores over any catalog with [`Catalog::with_quality`] and build the selector
//! from the result.
//!
//! # Performance notes
//!
//! [`Selector::new`] precomputes, per model, an interned id and provider index, a capability bit set,
//! the quality per task as an array, and the limits and speed; [`Selector::select`] then makes one
//! pass over the models, stops at a model's first failed constraint, prices (with
//! [`crate::cost::total_for`]) only models that pass every other constraint, and keeps the
//! alternatives with a partial sort. Designs tried and measured (`benches/select.rs`):
//!
//! - Formatting reasons and rejection lines eagerly in `select` cost more than the selection
//!   itself; explanations are structured values formatted only when displayed.
//! - Keeping a `Rejection` per rejected model (an id and a `Failure`) made `select` about 2.5×
//!   slower on the bundled catalog, where most models are rejected. A [`Selection`] now shares the
//!   selector's precomputed data and the validated request, and [`Selection::rejected`] runs the
//!   same checks again when asked: the list is identical, and `select` pays nothing for it.
//! - When nothing fits, the closest candidates are found with a first pass that only sums misses,
//!   then the three closest are checked again to list their failures.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::catalog::litellm::is_iso_date;
use crate::catalog::{Capabilities, Catalog, ModelInfo};
use crate::cost::{self, Usage};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Usd;

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// The kind of task a model is chosen for. Quality scores are kept per task type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TaskType {
    /// Open-ended assistant conversation (`"general_chat"`).
    GeneralChat,
    /// Writing and fixing code (`"coding"`).
    Coding,
    /// Mathematics and multi-step reasoning (`"reasoning_math"`).
    ReasoningMath,
    /// Summarizing documents (`"summarization"`).
    Summarization,
    /// Extracting fields and classifying text (`"extraction_classification"`).
    ExtractionClassification,
    /// Stories, marketing copy, style (`"creative_writing"`).
    CreativeWriting,
    /// Translating between languages (`"translation"`).
    Translation,
}

const TASK_NAMES: [&str; 7] = [
    "general_chat",
    "coding",
    "reasoning_math",
    "summarization",
    "extraction_classification",
    "creative_writing",
    "translation",
];

impl TaskType {
    /// Every task type, in a fixed order.
    pub const ALL: [TaskType; 7] = [
        TaskType::GeneralChat,
        TaskType::Coding,
        TaskType::ReasoningMath,
        TaskType::Summarization,
        TaskType::ExtractionClassification,
        TaskType::CreativeWriting,
        TaskType::Translation,
    ];

    /// The snake_case name used in requests and quality tables (`"coding"`).
    pub fn as_str(self) -> &'static str {
        TASK_NAMES[self.index()]
    }

    /// The names of every task type.
    pub fn names() -> &'static [&'static str] {
        &TASK_NAMES
    }

    fn index(self) -> usize {
        match self {
            TaskType::GeneralChat => 0,
            TaskType::Coding => 1,
            TaskType::ReasoningMath => 2,
            TaskType::Summarization => 3,
            TaskType::ExtractionClassification => 4,
            TaskType::CreativeWriting => 5,
            TaskType::Translation => 6,
        }
    }
}

impl fmt::Display for TaskType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TaskType {
    type Err = Error;

    /// Parses a task type name, case-insensitively.
    ///
    /// # Errors
    /// `InvalidInput` listing the valid names.
    fn from_str(s: &str) -> Result<TaskType> {
        let t = s.trim();
        TASK_NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(t))
            .map(|i| TaskType::ALL[i])
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "unknown task type '{s}'; valid task types are {}",
                    TASK_NAMES.join(", ")
                ))
            })
    }
}

/// How hard the task is; raises the quality bar to a floor (see the [module docs](self)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Complexity {
    /// No floor: the bar is `quality_threshold`.
    Low,
    /// Floor 0.5 (the default, as in the reference design).
    #[default]
    Medium,
    /// Floor 0.75.
    High,
}

impl Complexity {
    /// The minimum quality bar this complexity imposes.
    pub fn floor(self) -> f64 {
        match self {
            Complexity::Low => 0.0,
            Complexity::Medium => 0.5,
            Complexity::High => 0.75,
        }
    }

    /// `"low"`, `"medium"` or `"high"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Complexity::Low => "low",
            Complexity::Medium => "medium",
            Complexity::High => "high",
        }
    }
}

impl fmt::Display for Complexity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Complexity {
    type Err = Error;

    /// Parses `"low"`, `"medium"` or `"high"`, case-insensitively.
    ///
    /// # Errors
    /// `InvalidInput` listing the valid values.
    fn from_str(s: &str) -> Result<Complexity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Complexity::Low),
            "medium" => Ok(Complexity::Medium),
            "high" => Ok(Complexity::High),
            _ => Err(Error::invalid_input(format!(
                "unknown complexity level '{s}'; valid levels are low, medium, high"
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Complexity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

/// A coarse output-speed requirement, in the tiers of the bundled quality table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpeedRequirement {
    /// No speed constraint (the default; `"any"` or `"slow"`).
    #[default]
    Any,
    /// At least 60 output tokens per second (`"medium"`).
    Medium,
    /// At least 120 output tokens per second (`"fast"`).
    Fast,
}

impl SpeedRequirement {
    /// The minimum output tokens per second this tier requires, if any.
    pub fn min_tokens_per_s(self) -> Option<f64> {
        match self {
            SpeedRequirement::Any => None,
            SpeedRequirement::Medium => Some(60.0),
            SpeedRequirement::Fast => Some(120.0),
        }
    }
}

impl FromStr for SpeedRequirement {
    type Err = Error;

    /// Parses `"any"`, `"slow"` (no constraint), `"medium"` or `"fast"`, case-insensitively.
    ///
    /// # Errors
    /// `InvalidInput` listing the valid values.
    fn from_str(s: &str) -> Result<SpeedRequirement> {
        match s.trim().to_ascii_lowercase().as_str() {
            "any" | "slow" => Ok(SpeedRequirement::Any),
            "medium" => Ok(SpeedRequirement::Medium),
            "fast" => Ok(SpeedRequirement::Fast),
            _ => Err(Error::invalid_input(format!(
                "unknown speed requirement '{s}'; valid values are any, slow, medium, fast"
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for SpeedRequirement {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

/// A model capability a request can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// Function / tool calling (`"tools"`).
    Tools,
    /// Image input (`"vision"`).
    Vision,
    /// JSON mode (`"json_output"`).
    JsonOutput,
    /// Schema-constrained output (`"structured_output"`).
    StructuredOutput,
    /// Reasoning / extended thinking (`"reasoning"`).
    Reasoning,
    /// Audio input (`"audio_input"`).
    AudioInput,
    /// Audio output (`"audio_output"`).
    AudioOutput,
    /// Provider-side prompt caching (`"prompt_caching"`).
    PromptCaching,
}

const CAPABILITY_NAMES: [&str; 8] = [
    "tools",
    "vision",
    "json_output",
    "structured_output",
    "reasoning",
    "audio_input",
    "audio_output",
    "prompt_caching",
];

impl Capability {
    /// Every capability, in a fixed order.
    pub const ALL: [Capability; 8] = [
        Capability::Tools,
        Capability::Vision,
        Capability::JsonOutput,
        Capability::StructuredOutput,
        Capability::Reasoning,
        Capability::AudioInput,
        Capability::AudioOutput,
        Capability::PromptCaching,
    ];

    /// The snake_case name (`"json_output"`), as in the catalog's `capabilities` object.
    pub fn as_str(self) -> &'static str {
        CAPABILITY_NAMES[self.bit().trailing_zeros() as usize]
    }

    /// The names of every capability.
    pub fn names() -> &'static [&'static str] {
        &CAPABILITY_NAMES
    }

    fn bit(self) -> u8 {
        match self {
            Capability::Tools => 1,
            Capability::Vision => 1 << 1,
            Capability::JsonOutput => 1 << 2,
            Capability::StructuredOutput => 1 << 3,
            Capability::Reasoning => 1 << 4,
            Capability::AudioInput => 1 << 5,
            Capability::AudioOutput => 1 << 6,
            Capability::PromptCaching => 1 << 7,
        }
    }

    fn mask_of(c: &Capabilities) -> u8 {
        let flags = [
            c.tools,
            c.vision,
            c.json_output,
            c.structured_output,
            c.reasoning,
            c.audio_input,
            c.audio_output,
            c.prompt_caching,
        ];
        flags
            .iter()
            .enumerate()
            .fold(0u8, |m, (i, &on)| if on { m | (1 << i) } else { m })
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Capability {
    type Err = Error;

    /// Parses a capability name, case-insensitively.
    ///
    /// # Errors
    /// `InvalidInput` listing the valid names.
    fn from_str(s: &str) -> Result<Capability> {
        let t = s.trim();
        CAPABILITY_NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(t))
            .map(|i| Capability::ALL[i])
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "unknown capability '{s}'; valid capabilities are {}",
                    CAPABILITY_NAMES.join(", ")
                ))
            })
    }
}

// ---------------------------------------------------------------------------------------------
// Requirements
// ---------------------------------------------------------------------------------------------

/// What a task needs from a model. Build with [`Requirements::new`] and the setters.
///
/// The first fields are those of the reference design's `ModelSelectionRequest`; strings
/// (`task_type`, `required_capabilities`, provider names) are checked by [`Selector::select`],
/// which reports an unknown one as `InvalidInput` listing the valid values. A request in that JSON
/// shape can be read with [`Requirements::from_json_str`].
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Requirements {
    /// A [`TaskType`] name. Default `"general_chat"`.
    pub task_type: String,
    /// Raises the quality bar (see the [module docs](self)). Default medium.
    pub complexity_level: Complexity,
    /// [`Capability`] names the model must have.
    pub required_capabilities: Vec<String>,
    /// The most one request may cost. Default none.
    pub max_acceptable_cost: Option<Usd>,
    /// Minimum quality for the task, in `[0, 1]`. Default 0 (the complexity floor still applies).
    pub quality_threshold: f64,
    /// Coarse output-speed tier. Default any.
    pub speed_requirement: SpeedRequirement,
    /// Context the model must accept, in tokens; the estimated input is always required too.
    /// Default 0.
    pub context_length_needed: u64,
    /// Expected prompt tokens per request (including cached ones). Default 1,000.
    pub estimated_input_tokens: u64,
    /// Expected output tokens per request (including reasoning). Default 500.
    pub estimated_output_tokens: u64,
    /// If not empty, only these providers (`"openai"`, ...) are considered.
    pub allowed_providers: Vec<String>,
    /// Providers never considered.
    pub denied_providers: Vec<String>,
    /// Minimum median output tokens per second.
    pub min_output_tokens_per_s: Option<f64>,
    /// Maximum median time to first token, seconds.
    pub max_ttft_s: Option<f64>,
    /// Maximum estimated latency `ttft + output_tokens / speed`, seconds.
    pub max_latency_s: Option<f64>,
    /// Expected share of input tokens read from the provider's prompt cache, in `[0, 1]`. Default 0.
    pub cached_input_share: f64,
    /// Whether the request may go through a provider's batch API (priced at batch prices where the
    /// model has them). Default false.
    pub batch_allowed: bool,
    /// What is left of the budget: a request may not cost more. Default none.
    pub remaining_budget: Option<Usd>,
    /// The date (`YYYY-MM-DD`) the request is made for: models retired on or before it are
    /// excluded. Default `None`: the catalog's [`Catalog::as_of`] date (or, when the catalog has
    /// no valid date, the latest `as_of` of its models), so that a selection depends only on its
    /// inputs, never on the clock. Pass today's date to judge retirements as of today.
    pub as_of: Option<String>,
    /// Whether to exclude every model whose retirement has been announced
    /// ([`ModelInfo::deprecated`]), even when its retirement date is still ahead. Default false:
    /// such a model may be chosen until its [`ModelInfo::deprecation_date`], and the reasons say
    /// when it retires.
    pub exclude_deprecated: bool,
    /// How many ranked alternatives to report after the chosen model. Default 5.
    pub max_alternatives: usize,
}

impl Default for Requirements {
    fn default() -> Self {
        Requirements {
            task_type: "general_chat".to_string(),
            complexity_level: Complexity::Medium,
            required_capabilities: Vec::new(),
            max_acceptable_cost: None,
            quality_threshold: 0.0,
            speed_requirement: SpeedRequirement::Any,
            context_length_needed: 0,
            estimated_input_tokens: 1_000,
            estimated_output_tokens: 500,
            allowed_providers: Vec::new(),
            denied_providers: Vec::new(),
            min_output_tokens_per_s: None,
            max_ttft_s: None,
            max_latency_s: None,
            cached_input_share: 0.0,
            batch_allowed: false,
            remaining_budget: None,
            as_of: None,
            exclude_deprecated: false,
            max_alternatives: 5,
        }
    }
}

impl Requirements {
    /// Requirements for a task type name (see [`TaskType`]), with the defaults of every other field.
    pub fn new(task_type: impl Into<String>) -> Self {
        Requirements {
            task_type: task_type.into(),
            ..Requirements::default()
        }
    }

    /// Reads requirements from JSON with this struct's field names (those of the reference
    /// design's `ModelSelectionRequest` and the others); absent fields take their defaults, and
    /// money may be a number or a decimal string.
    ///
    /// ```
    /// use llmcost_core::{Complexity, Requirements};
    ///
    /// let req = Requirements::from_json_str(r#"{"task_type": "coding", "complexity_level": "high",
    ///     "required_capabilities": ["tools"], "max_acceptable_cost": 0.05,
    ///     "estimated_input_tokens": 8000, "estimated_output_tokens": 2000}"#)?;
    /// assert_eq!(req.complexity_level, Complexity::High);
    /// assert_eq!(req.max_acceptable_cost.map(|c| c.to_string()).as_deref(), Some("0.05"));
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `InvalidInput` naming the line and column of a JSON error, an unknown field, or an invalid
    /// value (an unknown complexity or speed level is reported with the valid ones).
    pub fn from_json_str(json: &str) -> Result<Requirements> {
        serde_json::from_str(json).map_err(|e| {
            Error::invalid_input(format!(
                "requirements JSON is invalid at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
            .with_source(e)
        })
    }

    /// Sets the complexity level.
    pub fn complexity(mut self, level: Complexity) -> Self {
        self.complexity_level = level;
        self
    }

    /// Adds a required capability by name (`"tools"`, `"vision"`, `"json_output"`, ...).
    pub fn require(mut self, capability: impl Into<String>) -> Self {
        self.required_capabilities.push(capability.into());
        self
    }

    /// Sets the most one request may cost.
    pub fn max_cost(mut self, max: Usd) -> Self {
        self.max_acceptable_cost = Some(max);
        self
    }

    /// Sets the minimum quality for the task, in `[0, 1]`.
    pub fn quality_threshold(mut self, threshold: f64) -> Self {
        self.quality_threshold = threshold;
        self
    }

    /// Sets the coarse speed tier.
    pub fn speed(mut self, speed: SpeedRequirement) -> Self {
        self.speed_requirement = speed;
        self
    }

    /// Sets the context the model must accept, in tokens.
    pub fn context_length(mut self, tokens: u64) -> Self {
        self.context_length_needed = tokens;
        self
    }

    /// Sets the expected input and output tokens of one request.
    pub fn tokens(mut self, input: u64, output: u64) -> Self {
        self.estimated_input_tokens = input;
        self.estimated_output_tokens = output;
        self
    }

    /// Allows a provider (once any is allowed, only allowed providers are considered).
    pub fn allow_provider(mut self, provider: impl Into<String>) -> Self {
        self.allowed_providers.push(provider.into());
        self
    }

    /// Denies a provider.
    pub fn deny_provider(mut self, provider: impl Into<String>) -> Self {
        self.denied_providers.push(provider.into());
        self
    }

    /// Sets the minimum median output speed, tokens per second.
    pub fn min_output_tokens_per_s(mut self, tokens_per_s: f64) -> Self {
        self.min_output_tokens_per_s = Some(tokens_per_s);
        self
    }

    /// Sets the maximum median time to first token, seconds.
    pub fn max_ttft_s(mut self, seconds: f64) -> Self {
        self.max_ttft_s = Some(seconds);
        self
    }

    /// Sets the maximum estimated latency of a whole response, seconds.
    pub fn max_latency_s(mut self, seconds: f64) -> Self {
        self.max_latency_s = Some(seconds);
        self
    }

    /// Sets the expected share of input read from the prompt cache, in `[0, 1]`.
    pub fn cached_input_share(mut self, share: f64) -> Self {
        self.cached_input_share = share;
        self
    }

    /// Allows batch pricing.
    pub fn batch_allowed(mut self, allowed: bool) -> Self {
        self.batch_allowed = allowed;
        self
    }

    /// Sets what is left of the budget.
    pub fn remaining_budget(mut self, remaining: Usd) -> Self {
        self.remaining_budget = Some(remaining);
        self
    }

    /// Sets the date (`YYYY-MM-DD`) the request is made for; models retired on or before it are
    /// excluded. Without it, the catalog's date is used (see [`Requirements::as_of`]).
    pub fn as_of(mut self, date: impl Into<String>) -> Self {
        self.as_of = Some(date.into());
        self
    }

    /// Excludes (`true`) or allows (`false`, the default) models whose retirement has been
    /// announced for a date after the request's.
    pub fn exclude_deprecated(mut self, exclude: bool) -> Self {
        self.exclude_deprecated = exclude;
        self
    }

    /// Sets how many alternatives to report.
    pub fn max_alternatives(mut self, n: usize) -> Self {
        self.max_alternatives = n;
        self
    }

    /// The quality bar for `complexity` and `threshold`: max(threshold, complexity floor).
    pub fn quality_bar(&self) -> f64 {
        self.quality_threshold.max(self.complexity_level.floor())
    }
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// A model that meets every constraint, with the figures the selection used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Choice {
    /// Canonical model id.
    pub model: Arc<str>,
    /// Its provider.
    pub provider: Arc<str>,
    /// Estimated cost of one request (see the [module docs](self)).
    pub cost: Usd,
    /// Whether `cost` uses batch prices.
    pub batch: bool,
    /// Quality score for the task.
    pub quality: f64,
    /// Median output tokens per second, if known.
    pub output_tokens_per_s: Option<f64>,
    /// Median time to first token, seconds, if known.
    pub ttft_s: Option<f64>,
    /// `ttft + output_tokens / speed`, seconds, if both are known.
    pub estimated_latency_s: Option<f64>,
    /// The model's context window, tokens.
    pub context_window: Option<u64>,
    /// The model's announced retirement date (`YYYY-MM-DD`), if any: for a feasible model, always
    /// after the request's date ([`Selection::as_of`]).
    pub retires_on: Option<Arc<str>>,
}

/// Why a feasible model ranked below the chosen one.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum LostOn {
    /// It costs this much more per request.
    Cost {
        /// The difference.
        more: Usd,
    },
    /// Same cost, lower quality.
    Quality {
        /// Its quality.
        quality: f64,
        /// The chosen model's quality.
        chosen: f64,
    },
    /// Same cost and quality, slower (or speed unknown).
    Speed {
        /// Its output tokens per second, if known.
        tokens_per_s: Option<f64>,
        /// The chosen model's, if known.
        chosen: Option<f64>,
    },
    /// Same cost, quality and speed; ranked by id.
    Id,
}

impl fmt::Display for LostOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LostOn::Cost { more } => write!(f, "costs ${more} more"),
            LostOn::Quality { quality, chosen } => write!(
                f,
                "same cost, lower quality ({} < {})",
                fmt_q(quality),
                fmt_q(chosen)
            ),
            LostOn::Speed {
                tokens_per_s,
                chosen,
            } => write!(
                f,
                "same cost and quality, slower ({} < {})",
                fmt_tps(tokens_per_s),
                fmt_tps(chosen)
            ),
            LostOn::Id => f.write_str("same cost, quality and speed; ranked by id"),
        }
    }
}

/// A feasible model ranked after the chosen one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Alternative {
    /// The model and its figures.
    pub choice: Choice,
    /// Why it was not chosen.
    pub lost_on: LostOn,
}

impl fmt::Display for Alternative {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: ${}, quality {}; {}",
            self.choice.model,
            self.choice.cost,
            fmt_q(self.choice.quality),
            self.lost_on
        )?;
        if let Some(d) = &self.choice.retires_on {
            write!(f, "; retires on {d}")?;
        }
        Ok(())
    }
}

/// A constraint a model failed, with the figures.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Failure {
    /// The model is retired on the request's date: its retirement date is on or before it, or
    /// its retirement is announced with no known date (`on` is `None`).
    Retired {
        /// The retirement date, if known.
        on: Option<Arc<str>>,
    },
    /// The model's retirement is announced for a later date, and the request excludes such models
    /// ([`Requirements::exclude_deprecated`]).
    Deprecated {
        /// The announced retirement date.
        retires_on: Arc<str>,
    },
    /// The provider is not in the allow list.
    ProviderNotAllowed {
        /// The model's provider.
        provider: Arc<str>,
    },
    /// The provider is in the deny list.
    ProviderDenied {
        /// The model's provider.
        provider: Arc<str>,
    },
    /// A required capability is missing.
    MissingCapability {
        /// The capability.
        capability: Capability,
    },
    /// The context window is smaller than needed, or unknown (`available` is `None`).
    ContextTooSmall {
        /// Tokens needed.
        needed: u64,
        /// The model's context window.
        available: Option<u64>,
    },
    /// The maximum output is smaller than the expected output, or unknown.
    OutputTooLong {
        /// Output tokens expected.
        needed: u64,
        /// The model's maximum output.
        available: Option<u64>,
    },
    /// No quality score for the task.
    QualityUnknown {
        /// The task type.
        task: TaskType,
    },
    /// The quality score is below the bar.
    QualityBelow {
        /// The model's score.
        quality: f64,
        /// The bar.
        bar: f64,
    },
    /// Output speed below the requirement, or unknown.
    TooSlow {
        /// The model's output tokens per second.
        tokens_per_s: Option<f64>,
        /// The minimum required.
        needed: f64,
    },
    /// Time to first token above the maximum, or unknown.
    TtftTooHigh {
        /// The model's median TTFT, seconds.
        ttft_s: Option<f64>,
        /// The maximum allowed.
        max: f64,
    },
    /// Estimated latency above the maximum, or unknown.
    LatencyTooHigh {
        /// The estimated latency, seconds.
        latency_s: Option<f64>,
        /// The maximum allowed.
        max: f64,
    },
    /// A price needed for the estimate is not in the catalog.
    PriceUnknown {
        /// What the pricing reported.
        message: String,
    },
    /// The estimated cost is above `max_acceptable_cost`.
    CostAboveMax {
        /// The estimated cost.
        cost: Usd,
        /// The maximum.
        max: Usd,
    },
    /// The estimated cost is above the remaining budget.
    CostAboveBudget {
        /// The estimated cost.
        cost: Usd,
        /// What is left of the budget.
        remaining: Usd,
    },
}

impl Failure {
    /// How far off the constraint the model is, used to rank the closest candidates: for a figure,
    /// the log ratio `|ln(have / need)|` (0 = just missed; a cost 2× the cap and a quality half the
    /// bar are equally far), at most 10; 1 for a yes/no constraint (deprecated, provider,
    /// capability); 10 for a figure that is unknown (a model that cannot be vouched for is far from
    /// fitting) and for a retired model (no other setting makes it usable).
    pub fn miss(&self) -> f64 {
        const UNKNOWN: f64 = 10.0;
        fn rel(have: f64, need: f64) -> f64 {
            if have > 0.0 && need > 0.0 {
                (have / need).ln().abs().min(UNKNOWN)
            } else {
                UNKNOWN
            }
        }
        match *self {
            Failure::ContextTooSmall {
                needed,
                available: Some(a),
            }
            | Failure::OutputTooLong {
                needed,
                available: Some(a),
            } => rel(a as f64, needed as f64),
            Failure::QualityBelow { quality, bar } => rel(quality, bar),
            Failure::TooSlow {
                tokens_per_s: Some(t),
                needed,
            } => rel(t, needed),
            Failure::TtftTooHigh {
                ttft_s: Some(t),
                max,
            } => rel(t, max),
            Failure::LatencyTooHigh {
                latency_s: Some(l),
                max,
            } => rel(l, max),
            Failure::CostAboveMax { cost, max } => rel(cost.as_f64(), max.as_f64()),
            Failure::CostAboveBudget { cost, remaining } => rel(cost.as_f64(), remaining.as_f64()),
            Failure::Deprecated { .. }
            | Failure::ProviderNotAllowed { .. }
            | Failure::ProviderDenied { .. }
            | Failure::MissingCapability { .. } => 1.0,
            _ => UNKNOWN,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Retired { on: Some(d) } => write!(f, "retired on {d}"),
            Failure::Retired { on: None } => f.write_str("retired (retirement date unknown)"),
            Failure::Deprecated { retires_on } => {
                write!(f, "deprecated, retires on {retires_on}")
            }
            Failure::ProviderNotAllowed { provider } => {
                write!(f, "provider {provider} not in the allowed list")
            }
            Failure::ProviderDenied { provider } => write!(f, "provider {provider} is denied"),
            Failure::MissingCapability { capability } => write!(f, "no {capability}"),
            Failure::ContextTooSmall {
                needed,
                available: Some(a),
            } => write!(f, "context {} < {}", fmt_int(*a), fmt_int(*needed)),
            Failure::ContextTooSmall {
                needed,
                available: None,
            } => write!(f, "context window unknown ({} needed)", fmt_int(*needed)),
            Failure::OutputTooLong {
                needed,
                available: Some(a),
            } => write!(f, "max output {} < {}", fmt_int(*a), fmt_int(*needed)),
            Failure::OutputTooLong {
                needed,
                available: None,
            } => write!(f, "max output unknown ({} needed)", fmt_int(*needed)),
            Failure::QualityUnknown { task } => write!(f, "no {task} quality score"),
            Failure::QualityBelow { quality, bar } => {
                write!(f, "quality {} < {}", fmt_q(*quality), fmt_q(*bar))
            }
            Failure::TooSlow {
                tokens_per_s,
                needed,
            } => match tokens_per_s {
                Some(t) => write!(
                    f,
                    "speed {} < {}",
                    fmt_tps(Some(*t)),
                    fmt_tps(Some(*needed))
                ),
                None => write!(f, "speed unknown ({} needed)", fmt_tps(Some(*needed))),
            },
            Failure::TtftTooHigh { ttft_s, max } => match ttft_s {
                Some(t) => write!(f, "ttft {} > {}", fmt_s(*t), fmt_s(*max)),
                None => write!(f, "ttft unknown (max {})", fmt_s(*max)),
            },
            Failure::LatencyTooHigh { latency_s, max } => match latency_s {
                Some(l) => write!(f, "latency {} > {}", fmt_s(*l), fmt_s(*max)),
                None => write!(f, "latency unknown (max {})", fmt_s(*max)),
            },
            Failure::PriceUnknown { message } => write!(f, "price unknown: {message}"),
            Failure::CostAboveMax { cost, max } => write!(f, "cost ${cost} > ${max}"),
            Failure::CostAboveBudget { cost, remaining } => {
                write!(f, "cost ${cost} > remaining budget ${remaining}")
            }
        }
    }
}

/// A model that was not chosen because it failed a constraint.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Rejection {
    /// Canonical model id.
    pub model: Arc<str>,
    /// The first constraint it failed, in the order of the [module docs](self).
    pub failure: Failure,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.model, self.failure)
    }
}

/// One of the candidates closest to meeting every constraint, when none does.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NearMiss {
    /// Canonical model id.
    pub model: Arc<str>,
    /// Every constraint it failed.
    pub failures: Vec<Failure>,
}

impl fmt::Display for NearMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.model)?;
        for (i, x) in self.failures.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{x}")?;
        }
        Ok(())
    }
}

/// The outcome of [`Selector::select`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Selection {
    /// Whether a model meets every constraint.
    pub success: bool,
    /// The cheapest model that does (see the ranking in the [module docs](self)).
    pub chosen: Option<Choice>,
    /// The next-ranked feasible models, best first, at most `max_alternatives`.
    pub alternatives: Vec<Alternative>,
    /// The selector and the validated request, to derive the rejections from on demand.
    source: Source,
    /// When nothing fits: up to three candidates closest to fitting (smallest total
    /// [`Failure::miss`] over every constraint they fail, then id), with those constraints.
    pub closest: Vec<NearMiss>,
    /// How many models meet every constraint.
    pub feasible: usize,
    /// The task type.
    pub task: TaskType,
    /// The quality bar applied: max(`quality_threshold`, complexity floor).
    pub quality_bar: f64,
    /// The usage priced for each model (batch is set per model, see [`Choice::batch`]).
    pub usage: Usage,
    /// The date retirements were judged on ([`Requirements::as_of`] or the catalog's date);
    /// `None` when neither has a valid date (then only models retired with no known date are
    /// excluded as retired).
    pub as_of: Option<Arc<str>>,
    summary: Summary,
}

/// What a selection was made from. Two selections compare equal when they come from the same
/// selector and the same request.
#[derive(Clone)]
struct Source {
    inner: Arc<Inner>,
    ctx: Ctx,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("models", &self.inner.models.len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) && self.ctx == other.ctx
    }
}

/// The parts of the request the explanations mention.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    threshold: f64,
    complexity: Complexity,
    capabilities: u8,
    min_speed: Option<f64>,
    max_ttft: Option<f64>,
    max_latency: Option<f64>,
    context_needed: u64,
    max_cost: Option<Usd>,
    remaining: Option<Usd>,
    batch_allowed: bool,
}

impl Selection {
    /// Every model that was not feasible, with the first constraint it failed (in the order of the
    /// [module docs](self)), in catalog order.
    ///
    /// Derived on demand from the selector and the request (the same checks `select` made), so
    /// that selecting does not pay for explanations nobody reads.
    pub fn rejected(&self) -> impl Iterator<Item = Rejection> + '_ {
        let Source { inner, ctx } = &self.source;
        inner.models.iter().enumerate().filter_map(move |(idx, p)| {
            let mut first = None;
            // `select` already ran these checks successfully with this request, so they cannot
            // fail now; a model is listed only when a constraint rejected it.
            let feasible = inner.check(ctx, idx, p, &mut |f| {
                first = Some(f);
                true
            });
            match (feasible, first) {
                (Ok(None), Some(failure)) => Some(Rejection {
                    model: p.id.clone(),
                    failure,
                }),
                _ => None,
            }
        })
    }

    /// How many models were rejected.
    pub fn rejected_count(&self) -> usize {
        self.source.inner.models.len() - self.feasible
    }

    /// Why the chosen model was chosen, one sentence each; or, when nothing fits, the explanation.
    pub fn reasons(&self) -> Vec<String> {
        let Some(c) = &self.chosen else {
            return vec![self.explanation()];
        };
        let s = &self.summary;
        let mut out = Vec::with_capacity(8);
        let others = self.feasible - 1;
        let batch = if c.batch { " at batch prices" } else { "" };
        out.push(if others == 0 {
            format!(
                "only model that meets every constraint: ${}{batch} per request",
                c.cost
            )
        } else {
            format!(
                "cheapest of {} models that meet every constraint: ${}{batch} per request",
                self.feasible, c.cost
            )
        });
        let mut tokens = format!(
            "priced for {} input tokens",
            fmt_int(self.usage.input_tokens)
        );
        if self.usage.cached_input_tokens > 0 {
            tokens.push_str(&format!(
                " ({} read from the prompt cache)",
                fmt_int(self.usage.cached_input_tokens)
            ));
        }
        tokens.push_str(&format!(
            " and {} output tokens",
            fmt_int(self.usage.output_tokens)
        ));
        out.push(tokens);
        let bar_why = if s.complexity.floor() >= s.threshold && s.complexity != Complexity::Low {
            format!("{} complexity floor", s.complexity)
        } else {
            "quality threshold".to_string()
        };
        out.push(format!(
            "{} quality {} ≥ {} ({bar_why})",
            self.task,
            fmt_q(c.quality),
            fmt_q(self.quality_bar)
        ));
        if s.capabilities != 0 {
            let caps: Vec<&str> = Capability::ALL
                .iter()
                .filter(|k| s.capabilities & k.bit() != 0)
                .map(|k| k.as_str())
                .collect();
            out.push(format!("has {}", caps.join(", ")));
        }
        if let Some(w) = c.context_window {
            out.push(format!(
                "context window {} ≥ {} tokens needed",
                fmt_int(w),
                fmt_int(s.context_needed)
            ));
        }
        if let Some(min) = s.min_speed {
            out.push(format!(
                "speed {} ≥ {}",
                fmt_tps(c.output_tokens_per_s),
                fmt_tps(Some(min))
            ));
        }
        if let (Some(max), Some(t)) = (s.max_ttft, c.ttft_s) {
            out.push(format!("ttft {} ≤ {}", fmt_s(t), fmt_s(max)));
        }
        if let (Some(max), Some(l)) = (s.max_latency, c.estimated_latency_s) {
            out.push(format!("latency {} ≤ {}", fmt_s(l), fmt_s(max)));
        }
        match (s.max_cost, s.remaining) {
            (Some(m), _) if s.remaining.is_none_or(|r| m <= r) => {
                out.push(format!("cost ${} ≤ max ${m}", c.cost))
            }
            (_, Some(r)) => out.push(format!("cost ${} ≤ remaining budget ${r}", c.cost)),
            _ => {}
        }
        if s.batch_allowed && !c.batch {
            out.push("no batch prices for this model; priced at standard rates".to_string());
        }
        if let Some(d) = &c.retires_on {
            let on = match &self.as_of {
                Some(today) => format!(" (after {today})"),
                None => String::new(),
            };
            out.push(format!(
                "retires on {d}{on}: its retirement is announced; exclude such models with \
                 exclude_deprecated"
            ));
        }
        let rejected = self.rejected_count();
        if rejected > 0 {
            out.push(format!(
                "{} of {} models rejected ({})",
                rejected,
                rejected + self.feasible,
                self.rejection_counts()
            ));
        }
        out
    }

    /// One paragraph: what was chosen and why, or, when nothing fits, which constraints exclude the
    /// closest candidates (`"no model meets every constraint; closest: gpt-4.1-mini: quality 0.78
    /// < 0.8; o3: cost $0.041 > $0.03"`).
    pub fn explanation(&self) -> String {
        match &self.chosen {
            Some(c) => format!("chose {}: {}", c.model, self.reasons().join("; ")),
            None if self.closest.is_empty() => {
                "no model meets every constraint; the catalog is empty".to_string()
            }
            None => format!(
                "no model meets every constraint; closest: {}",
                self.closest
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }

    /// The rejections counted by constraint, most frequent first (`"40 quality, 3 context"`).
    fn rejection_counts(&self) -> String {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for r in self.rejected() {
            let k = match r.failure {
                Failure::Retired { .. } => "retired",
                Failure::Deprecated { .. } => "deprecated",
                Failure::ProviderNotAllowed { .. } | Failure::ProviderDenied { .. } => "provider",
                Failure::MissingCapability { .. } => "capability",
                Failure::ContextTooSmall { .. } => "context",
                Failure::OutputTooLong { .. } => "max output",
                Failure::QualityUnknown { .. } => "no quality score",
                Failure::QualityBelow { .. } => "quality",
                Failure::TooSlow { .. } => "speed",
                Failure::TtftTooHigh { .. } => "ttft",
                Failure::LatencyTooHigh { .. } => "latency",
                Failure::PriceUnknown { .. } => "price unknown",
                Failure::CostAboveMax { .. } | Failure::CostAboveBudget { .. } => "cost",
            };
            match counts.iter_mut().find(|(n, _)| *n == k) {
                Some((_, c)) => *c += 1,
                None => counts.push((k, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
            .iter()
            .map(|(k, c)| format!("{c} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// Selector
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Prepared {
    id: Arc<str>,
    provider: usize,
    caps: u8,
    quality: [Option<f64>; 7],
    tps: Option<f64>,
    ttft: Option<f64>,
    context: Option<u64>,
    max_output: Option<u64>,
    deprecated: bool,
    deprecation_date: Option<Arc<str>>,
    has_batch: bool,
}

/// Chooses models from a catalog. Build once with [`Selector::new`]; `select` is a pure function
/// of `&self` (the selector is `Send + Sync`, and cheap to clone and share).
#[derive(Clone)]
pub struct Selector {
    inner: Arc<Inner>,
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Selector")
            .field("models", &self.inner.models.len())
            .field("providers", &self.inner.providers)
            .finish()
    }
}

/// What a selector precomputes from its catalog, shared with the selections it makes (which
/// derive their rejection list from it on demand).
struct Inner {
    catalog: Catalog,
    models: Vec<Prepared>,
    providers: Vec<Arc<str>>,
    /// The request date used when a request sets none: the catalog's date, or the latest date
    /// of its models; `None` when there is no valid date at all.
    default_date: Option<Arc<str>>,
}

/// A validated request, ready for the hot loop.
#[derive(Debug, Clone, PartialEq)]
struct Ctx {
    task: TaskType,
    bar: f64,
    caps: u8,
    /// Per provider index: allowed (true) or not. Empty when every provider is allowed.
    allowed: Vec<bool>,
    denied: Vec<bool>,
    context_needed: u64,
    output_needed: u64,
    min_speed: Option<f64>,
    max_ttft: Option<f64>,
    max_latency: Option<f64>,
    usage: Usage,
    usage_batch: Option<Usage>,
    max_cost: Option<Usd>,
    remaining: Option<Usd>,
    /// The request date; `None` when neither the request nor the catalog has one.
    date: Option<Arc<str>>,
    exclude_deprecated: bool,
}

/// A feasible model during ranking.
#[derive(Clone, Copy)]
struct Ranked {
    idx: usize,
    cost: Usd,
    batch: bool,
    quality: f64,
}

impl Selector {
    /// Prepares `catalog` for fast selection (the catalog is shared, not copied).
    pub fn new(catalog: &Catalog) -> Selector {
        let mut providers: Vec<Arc<str>> = Vec::new();
        let models = catalog
            .models()
            .iter()
            .map(|m| {
                let provider = match providers.iter().position(|p| **p == *m.provider) {
                    Some(i) => i,
                    None => {
                        providers.push(Arc::from(m.provider.as_str()));
                        providers.len() - 1
                    }
                };
                let mut quality = [None; 7];
                for (i, t) in TaskType::ALL.iter().enumerate() {
                    quality[i] = m.quality.get(t.as_str()).copied();
                }
                Prepared {
                    id: Arc::from(m.id.as_str()),
                    provider,
                    caps: Capability::mask_of(&m.capabilities),
                    quality,
                    tps: m.speed.and_then(|s| s.output_tokens_per_s),
                    ttft: m.speed.and_then(|s| s.ttft_s),
                    context: m.context_window,
                    max_output: m.max_output_tokens,
                    deprecated: m.deprecated,
                    deprecation_date: m.deprecation_date.as_deref().map(Arc::from),
                    has_batch: m.pricing.batch_input.is_some() && m.pricing.batch_output.is_some(),
                }
            })
            .collect();
        let default_date = if is_iso_date(catalog.as_of()) {
            Some(catalog.as_of())
        } else {
            catalog
                .models()
                .iter()
                .map(|m| m.as_of.as_str())
                .filter(|d| is_iso_date(d))
                .max()
        }
        .map(Arc::from);
        Selector {
            inner: Arc::new(Inner {
                catalog: catalog.clone(),
                models,
                providers,
                default_date,
            }),
        }
    }

    /// The catalog this selector chooses from.
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// Chooses the cheapest model that meets every constraint of `req`, and explains the choice.
    ///
    /// # Return value
    /// `Ok` with [`Selection::success`] `false` and an explanation when no model fits.
    ///
    /// # Errors
    /// `InvalidInput` for bad input: an unknown task type, capability, or provider name (the message
    /// lists the valid ones), a threshold or share outside `[0, 1]`, a negative or non-finite
    /// speed, latency, cost or budget, an `as_of` that is not a `YYYY-MM-DD` date, or token counts
    /// too large to price.
    pub fn select(&self, req: &Requirements) -> Result<Selection> {
        self.inner.select(req)
    }

    /// An ordered list of up to `n` models to try, the first being the one [`Selector::select`]
    /// chooses; every one meets every constraint of `req`. After the first, a model from a provider
    /// not yet in the chain comes before the next-ranked model of a provider already in it (an
    /// outage usually takes a provider's models down together); within that, the ranking order.
    ///
    /// # Errors
    /// As [`Selector::select`]. An empty list when no model fits.
    pub fn fallback_chain(&self, req: &Requirements, n: usize) -> Result<Vec<Choice>> {
        self.inner.fallback_chain(req, n)
    }
}

impl Inner {
    fn select(self: &Arc<Self>, req: &Requirements) -> Result<Selection> {
        let ctx = self.context(req)?;
        let mut feasible: Vec<Ranked> = Vec::with_capacity(self.models.len());
        for (idx, p) in self.models.iter().enumerate() {
            // Rejections are not kept here: `Selection::rejected` derives them again on demand.
            if let Some(r) = self.check(&ctx, idx, p, &mut |_| true)? {
                feasible.push(r);
            }
        }
        let feasible_count = feasible.len();
        let keep = req.max_alternatives.saturating_add(1).min(feasible.len());
        if keep > 0 && keep < feasible.len() {
            feasible.select_nth_unstable_by(keep - 1, |a, b| self.rank(a, b));
            feasible.truncate(keep);
        }
        feasible.sort_unstable_by(|a, b| self.rank(a, b));
        let chosen = feasible.first().map(|r| self.choice(&ctx, r));
        let alternatives = match (feasible.first(), &chosen) {
            (Some(best), Some(c)) => feasible[1..]
                .iter()
                .map(|r| Alternative {
                    choice: self.choice(&ctx, r),
                    lost_on: self.lost_on(best, r, c),
                })
                .collect(),
            _ => Vec::new(),
        };
        let closest = if chosen.is_none() {
            self.closest(&ctx, 3)?
        } else {
            Vec::new()
        };
        Ok(Selection {
            success: chosen.is_some(),
            chosen,
            alternatives,
            closest,
            feasible: feasible_count,
            task: ctx.task,
            quality_bar: ctx.bar,
            usage: ctx.usage,
            as_of: ctx.date.clone(),
            summary: Summary {
                threshold: req.quality_threshold,
                complexity: req.complexity_level,
                capabilities: ctx.caps,
                min_speed: ctx.min_speed,
                max_ttft: ctx.max_ttft,
                max_latency: ctx.max_latency,
                context_needed: ctx.context_needed,
                max_cost: ctx.max_cost,
                remaining: ctx.remaining,
                batch_allowed: req.batch_allowed,
            },
            source: Source {
                inner: Arc::clone(self),
                ctx,
            },
        })
    }

    fn fallback_chain(&self, req: &Requirements, n: usize) -> Result<Vec<Choice>> {
        let ctx = self.context(req)?;
        let mut feasible: Vec<Ranked> = Vec::new();
        for (idx, p) in self.models.iter().enumerate() {
            if let Some(r) = self.check(&ctx, idx, p, &mut |_| true)? {
                feasible.push(r);
            }
        }
        feasible.sort_unstable_by(|a, b| self.rank(a, b));
        let mut chain: Vec<Ranked> = Vec::with_capacity(n.min(feasible.len()));
        let mut used = vec![false; self.providers.len()];
        let mut taken = vec![false; feasible.len()];
        for (i, r) in feasible.iter().enumerate() {
            if chain.len() == n {
                break;
            }
            let prov = self.models[r.idx].provider;
            if !used[prov] {
                used[prov] = true;
                taken[i] = true;
                chain.push(*r);
            }
        }
        for (i, r) in feasible.iter().enumerate() {
            if chain.len() == n {
                break;
            }
            if !taken[i] {
                chain.push(*r);
            }
        }
        Ok(chain.iter().map(|r| self.choice(&ctx, r)).collect())
    }

    fn context(&self, req: &Requirements) -> Result<Ctx> {
        let task: TaskType = req.task_type.parse()?;
        let mut caps = 0u8;
        for c in &req.required_capabilities {
            caps |= c.parse::<Capability>()?.bit();
        }
        let unit = |what: &str, v: f64| -> Result<f64> {
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(Error::invalid_input(format!(
                    "{what} is {v}; it must be a number between 0 and 1"
                )))
            }
        };
        unit("quality_threshold", req.quality_threshold)?;
        let share = unit("cached_input_share", req.cached_input_share)?;
        let positive = |what: &str, v: Option<f64>| -> Result<Option<f64>> {
            match v {
                Some(x) if !(x.is_finite() && x >= 0.0) => Err(Error::invalid_input(format!(
                    "{what} is {x}; it must be a finite number ≥ 0"
                ))),
                _ => Ok(v),
            }
        };
        let min_speed = positive("min_output_tokens_per_s", req.min_output_tokens_per_s)?;
        let min_speed = match (min_speed, req.speed_requirement.min_tokens_per_s()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let max_ttft = positive("max_ttft_s", req.max_ttft_s)?;
        let max_latency = positive("max_latency_s", req.max_latency_s)?;
        for (what, v) in [
            ("max_acceptable_cost", req.max_acceptable_cost),
            ("remaining_budget", req.remaining_budget),
        ] {
            if let Some(v) = v
                && v.is_negative()
            {
                return Err(Error::invalid_input(format!(
                    "{what} is ${v}; it must not be negative"
                )));
            }
        }
        let date = match &req.as_of {
            Some(d) if is_iso_date(d.trim()) => Some(Arc::from(d.trim())),
            Some(d) => {
                return Err(Error::invalid_input(format!(
                    "as_of '{d}' is not a date; write it as YYYY-MM-DD, e.g. \"2026-11-20\""
                )));
            }
            None => self.default_date.clone(),
        };
        let allowed = self.provider_mask("allowed_providers", &req.allowed_providers)?;
        let denied = self.provider_mask("denied_providers", &req.denied_providers)?;
        let input = req.estimated_input_tokens;
        // `share` is in [0, 1], so the product is in [0, input]; the `min` guards rounding.
        let cached = ((input as f64) * share).round().min(input as f64) as u64;
        let usage = Usage::new(input, req.estimated_output_tokens).with_cached_input(cached);
        Ok(Ctx {
            task,
            bar: req.quality_bar(),
            caps,
            allowed,
            denied,
            context_needed: req.context_length_needed.max(input),
            output_needed: req.estimated_output_tokens,
            min_speed,
            max_ttft,
            max_latency,
            usage,
            usage_batch: req.batch_allowed.then(|| usage.with_batch(true)),
            max_cost: req.max_acceptable_cost,
            remaining: req.remaining_budget,
            date,
            exclude_deprecated: req.exclude_deprecated,
        })
    }

    fn provider_mask(&self, what: &str, names: &[String]) -> Result<Vec<bool>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut mask = vec![false; self.providers.len()];
        for name in names {
            let n = name.trim();
            match self
                .providers
                .iter()
                .position(|p| p.eq_ignore_ascii_case(n))
            {
                Some(i) => mask[i] = true,
                None => {
                    let mut known: Vec<&str> = self.providers.iter().map(|p| &**p).collect();
                    known.sort_unstable();
                    return Err(Error::invalid_input(format!(
                        "{what}: unknown provider '{name}'; the catalog's providers are {}",
                        known.join(", ")
                    )));
                }
            }
        }
        Ok(mask)
    }

    /// Checks every constraint of model `idx` in the documented order. Each failure is passed to
    /// `fail`, which returns `true` to stop at it. Returns the ranked model when nothing failed.
    fn check(
        &self,
        c: &Ctx,
        idx: usize,
        p: &Prepared,
        fail: &mut dyn FnMut(Failure) -> bool,
    ) -> Result<Option<Ranked>> {
        let mut failed = false;
        macro_rules! fail {
            ($f:expr) => {{
                failed = true;
                if fail($f) {
                    return Ok(None);
                }
            }};
        }
        if p.deprecated {
            match (&p.deprecation_date, &c.date) {
                (None, _) => fail!(Failure::Retired { on: None }),
                (Some(d), Some(today)) if d <= today => fail!(Failure::Retired {
                    on: Some(d.clone())
                }),
                (Some(d), _) if c.exclude_deprecated => fail!(Failure::Deprecated {
                    retires_on: d.clone()
                }),
                _ => {}
            }
        }
        if !c.allowed.is_empty() && !c.allowed[p.provider] {
            fail!(Failure::ProviderNotAllowed {
                provider: self.providers[p.provider].clone()
            });
        }
        if !c.denied.is_empty() && c.denied[p.provider] {
            fail!(Failure::ProviderDenied {
                provider: self.providers[p.provider].clone()
            });
        }
        let missing = c.caps & !p.caps;
        if missing != 0 {
            for cap in Capability::ALL {
                if missing & cap.bit() != 0 {
                    fail!(Failure::MissingCapability { capability: cap });
                }
            }
        }
        if p.context.is_none_or(|w| w < c.context_needed) {
            fail!(Failure::ContextTooSmall {
                needed: c.context_needed,
                available: p.context
            });
        }
        if p.max_output.is_none_or(|m| m < c.output_needed) {
            fail!(Failure::OutputTooLong {
                needed: c.output_needed,
                available: p.max_output
            });
        }
        let quality = p.quality[c.task.index()];
        match quality {
            None => fail!(Failure::QualityUnknown { task: c.task }),
            Some(q) if q < c.bar => fail!(Failure::QualityBelow {
                quality: q,
                bar: c.bar
            }),
            Some(_) => {}
        }
        if let Some(min) = c.min_speed
            && p.tps.is_none_or(|t| t < min)
        {
            fail!(Failure::TooSlow {
                tokens_per_s: p.tps,
                needed: min
            });
        }
        if let Some(max) = c.max_ttft
            && p.ttft.is_none_or(|t| t > max)
        {
            fail!(Failure::TtftTooHigh {
                ttft_s: p.ttft,
                max
            });
        }
        if let Some(max) = c.max_latency {
            let lat = latency(p, c.output_needed);
            if lat.is_none_or(|l| l > max) {
                fail!(Failure::LatencyTooHigh {
                    latency_s: lat,
                    max
                });
            }
        }
        let model = &self.catalog.models()[idx];
        let (usage, batch) = match &c.usage_batch {
            Some(b) if p.has_batch => (b, true),
            _ => (&c.usage, false),
        };
        let cost = match price(model, usage)? {
            Ok(cost) => cost,
            Err(message) => {
                // Without a price there is nothing more to check.
                fail(Failure::PriceUnknown { message });
                return Ok(None);
            }
        };
        if let Some(max) = c.max_cost
            && cost > max
        {
            fail!(Failure::CostAboveMax { cost, max });
        }
        if let Some(remaining) = c.remaining
            && cost > remaining
        {
            fail!(Failure::CostAboveBudget { cost, remaining });
        }
        Ok(match (failed, quality) {
            (false, Some(quality)) => Some(Ranked {
                idx,
                cost,
                batch,
                quality,
            }),
            _ => None,
        })
    }

    /// The ranking: cost, then quality (higher first), then speed (faster first, unknown last),
    /// then id.
    fn rank(&self, a: &Ranked, b: &Ranked) -> Ordering {
        let (pa, pb) = (&self.models[a.idx], &self.models[b.idx]);
        a.cost
            .cmp(&b.cost)
            .then_with(|| b.quality.total_cmp(&a.quality))
            .then_with(|| cmp_speed(pa.tps, pb.tps))
            .then_with(|| pa.id.cmp(&pb.id))
    }

    fn lost_on(&self, best: &Ranked, r: &Ranked, chosen: &Choice) -> LostOn {
        if r.cost != best.cost {
            LostOn::Cost {
                more: r.cost - best.cost,
            }
        } else if r.quality != best.quality {
            LostOn::Quality {
                quality: r.quality,
                chosen: best.quality,
            }
        } else {
            let tps = self.models[r.idx].tps;
            if cmp_speed(tps, chosen.output_tokens_per_s) != Ordering::Equal {
                LostOn::Speed {
                    tokens_per_s: tps,
                    chosen: chosen.output_tokens_per_s,
                }
            } else {
                LostOn::Id
            }
        }
    }

    fn choice(&self, c: &Ctx, r: &Ranked) -> Choice {
        let p = &self.models[r.idx];
        Choice {
            model: p.id.clone(),
            provider: self.providers[p.provider].clone(),
            cost: r.cost,
            batch: r.batch,
            quality: r.quality,
            output_tokens_per_s: p.tps,
            ttft_s: p.ttft,
            estimated_latency_s: latency(p, c.output_needed),
            context_window: p.context,
            // A feasible deprecated model retires after the request's date.
            retires_on: if p.deprecated {
                p.deprecation_date.clone()
            } else {
                None
            },
        }
    }

    /// The `k` models closest to fitting, with every constraint each fails. A first pass sums the
    /// misses without keeping the failures; only the `k` closest are checked again to list them.
    fn closest(&self, c: &Ctx, k: usize) -> Result<Vec<NearMiss>> {
        let mut all: Vec<(f64, usize)> = Vec::with_capacity(self.models.len());
        for (idx, p) in self.models.iter().enumerate() {
            let mut miss = 0.0;
            let mut failed = false;
            self.check(c, idx, p, &mut |f| {
                miss += f.miss();
                failed = true;
                false
            })?;
            if failed {
                all.push((miss, idx));
            }
        }
        let by_miss = |a: &(f64, usize), b: &(f64, usize)| {
            a.0.total_cmp(&b.0)
                .then_with(|| self.models[a.1].id.cmp(&self.models[b.1].id))
        };
        if k > 0 && k < all.len() {
            all.select_nth_unstable_by(k - 1, by_miss);
            all.truncate(k);
        }
        all.sort_unstable_by(by_miss);
        let mut out = Vec::with_capacity(all.len().min(k));
        for &(_, idx) in all.iter().take(k) {
            let mut failures = Vec::new();
            self.check(c, idx, &self.models[idx], &mut |f| {
                failures.push(f);
                false
            })?;
            out.push(NearMiss {
                model: self.models[idx].id.clone(),
                failures,
            });
        }
        Ok(out)
    }
}

/// Faster first: `Less` when `a` is faster than `b`; unknown is slowest.
fn cmp_speed(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn latency(p: &Prepared, output: u64) -> Option<f64> {
    match (p.ttft, p.tps) {
        (Some(t), Some(s)) if s > 0.0 => Some(t + output as f64 / s),
        _ => None,
    }
}

/// The estimated cost; `Ok(Err(what))` when a price it needs is unknown (`what` names it), `Err`
/// for other errors (token counts too large to price).
fn price(model: &ModelInfo, usage: &Usage) -> Result<std::result::Result<Usd, String>> {
    match cost::total_for(model, usage) {
        Ok(c) => Ok(Ok(c)),
        Err(e) if e.kind() == ErrorKind::PriceUnknown => {
            let p = &model.pricing;
            let what = if p.input.is_none() {
                "no input price".to_string()
            } else if p.output.is_none() {
                "no output price".to_string()
            } else {
                e.message().to_string()
            };
            Ok(Err(what))
        }
        Err(e) => Err(e),
    }
}

fn fmt_q(q: f64) -> String {
    let s = format!("{q:.3}");
    let t = s.trim_end_matches('0');
    match t.split_once('.') {
        Some((_, frac)) if frac.len() < 2 => format!("{q:.2}"),
        _ => t.to_string(),
    }
}

fn fmt_tps(t: Option<f64>) -> String {
    match t {
        Some(t) => format!("{t:.0} tok/s"),
        None => "unknown".to_string(),
    }
}

fn fmt_s(s: f64) -> String {
    format!("{s:.2} s")
}

fn fmt_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests;
