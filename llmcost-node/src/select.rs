//! `Selector`, `Requirements`, `Selection`, `Choice`, `Alternative`. Money is an exact decimal
//! string (a number is accepted on input).
use napi::bindgen_prelude::Either;
use napi_derive::napi;

use crate::catalog::Catalog;
use crate::cost::Usage;
use crate::error::{Result, invalid, to_js, tokens};

/// What a task needs from a model. Every field is optional; defaults are the core's.
#[napi(object)]
pub struct Requirements {
    /// A task type name (`'coding'`, ...). Default `'general_chat'`.
    pub task_type: Option<String>,
    /// `'low'`, `'medium'` (default) or `'high'`.
    pub complexity_level: Option<String>,
    /// Capability names the model must have (`'tools'`, `'json_output'`, ...).
    pub required_capabilities: Option<Vec<String>>,
    /// The most one request may cost (decimal string or number).
    pub max_acceptable_cost: Option<Either<String, f64>>,
    /// Minimum quality for the task, in `[0, 1]`.
    pub quality_threshold: Option<f64>,
    /// `'any'` (default), `'medium'` or `'fast'`.
    pub speed_requirement: Option<String>,
    /// Context the model must accept, in tokens.
    pub context_length_needed: Option<f64>,
    /// Expected prompt tokens per request. Default 1,000.
    pub estimated_input_tokens: Option<f64>,
    /// Expected output tokens per request. Default 500.
    pub estimated_output_tokens: Option<f64>,
    /// If not empty, only these providers are considered.
    pub allowed_providers: Option<Vec<String>>,
    /// Providers never considered.
    pub denied_providers: Option<Vec<String>>,
    /// Minimum median output tokens per second.
    pub min_output_tokens_per_s: Option<f64>,
    /// Maximum median time to first token, seconds.
    pub max_ttft_s: Option<f64>,
    /// Maximum estimated latency, seconds.
    pub max_latency_s: Option<f64>,
    /// Expected share of input tokens read from the prompt cache, in `[0, 1]`.
    pub cached_input_share: Option<f64>,
    /// Whether the batch API may be used.
    pub batch_allowed: Option<bool>,
    /// What is left of the budget (decimal string or number).
    pub remaining_budget: Option<Either<String, f64>>,
    /// The date (`YYYY-MM-DD`) retirements are judged on. Default: the catalog's date.
    pub as_of: Option<String>,
    /// Exclude every model whose retirement is announced.
    pub exclude_deprecated: Option<bool>,
    /// How many ranked alternatives to report. Default 5.
    pub max_alternatives: Option<u32>,
}

fn usd(field: &str, v: Either<String, f64>) -> Result<llmcost_core::Usd> {
    let s = match v {
        Either::A(s) => s,
        Either::B(n) if n.is_finite() => n.to_string(),
        Either::B(n) => return Err(invalid(format!("{field} must be a finite amount, got {n}"))),
    };
    s.parse().map_err(to_js)
}

fn to_core(r: Requirements) -> Result<llmcost_core::Requirements> {
    let mut out = llmcost_core::Requirements::default();
    if let Some(v) = r.task_type {
        out.task_type = v;
    }
    if let Some(v) = r.complexity_level {
        out.complexity_level = v.parse().map_err(to_js)?;
    }
    if let Some(v) = r.required_capabilities {
        out.required_capabilities = v;
    }
    if let Some(v) = r.max_acceptable_cost {
        out.max_acceptable_cost = Some(usd("maxAcceptableCost", v)?);
    }
    if let Some(v) = r.quality_threshold {
        out.quality_threshold = v;
    }
    if let Some(v) = r.speed_requirement {
        out.speed_requirement = v.parse().map_err(to_js)?;
    }
    if let Some(v) = r.context_length_needed {
        out.context_length_needed = tokens("contextLengthNeeded", v)?;
    }
    if let Some(v) = r.estimated_input_tokens {
        out.estimated_input_tokens = tokens("estimatedInputTokens", v)?;
    }
    if let Some(v) = r.estimated_output_tokens {
        out.estimated_output_tokens = tokens("estimatedOutputTokens", v)?;
    }
    if let Some(v) = r.allowed_providers {
        out.allowed_providers = v;
    }
    if let Some(v) = r.denied_providers {
        out.denied_providers = v;
    }
    out.min_output_tokens_per_s = r.min_output_tokens_per_s;
    out.max_ttft_s = r.max_ttft_s;
    out.max_latency_s = r.max_latency_s;
    if let Some(v) = r.cached_input_share {
        out.cached_input_share = v;
    }
    if let Some(v) = r.batch_allowed {
        out.batch_allowed = v;
    }
    if let Some(v) = r.remaining_budget {
        out.remaining_budget = Some(usd("remainingBudget", v)?);
    }
    out.as_of = r.as_of;
    if let Some(v) = r.exclude_deprecated {
        out.exclude_deprecated = v;
    }
    if let Some(v) = r.max_alternatives {
        out.max_alternatives = v as usize;
    }
    Ok(out)
}

/// A model that meets every constraint, with the figures the selection used.
#[napi(object)]
pub struct Choice {
    pub model: String,
    pub provider: String,
    /// Estimated cost of one request (decimal string).
    pub cost: String,
    pub batch: bool,
    pub quality: f64,
    pub output_tokens_per_s: Option<f64>,
    pub ttft_s: Option<f64>,
    pub estimated_latency_s: Option<f64>,
    pub context_window: Option<f64>,
    pub retires_on: Option<String>,
}

impl From<llmcost_core::Choice> for Choice {
    fn from(c: llmcost_core::Choice) -> Self {
        Choice {
            model: c.model.to_string(),
            provider: c.provider.to_string(),
            cost: c.cost.to_string(),
            batch: c.batch,
            quality: c.quality,
            output_tokens_per_s: c.output_tokens_per_s,
            ttft_s: c.ttft_s,
            estimated_latency_s: c.estimated_latency_s,
            context_window: c.context_window.map(|v| v as f64),
            retires_on: c.retires_on.map(|d| d.to_string()),
        }
    }
}

/// A feasible model ranked after the chosen one.
#[napi(object)]
pub struct Alternative {
    pub choice: Choice,
    /// Why it was not chosen, in words.
    pub lost_on: String,
    /// The one-line description (`'model: $cost, quality q; why'`).
    pub text: String,
}

/// The outcome of `Selector.select`.
#[napi]
pub struct Selection(llmcost_core::Selection);

#[napi]
impl Selection {
    /// Whether a model meets every constraint.
    #[napi(getter)]
    pub fn success(&self) -> bool {
        self.0.success
    }
    /// The chosen model, if any.
    #[napi(getter)]
    pub fn chosen(&self) -> Option<Choice> {
        self.0.chosen.clone().map(Choice::from)
    }
    /// The next-ranked feasible models, best first.
    #[napi(getter)]
    pub fn alternatives(&self) -> Vec<Alternative> {
        self.0
            .alternatives
            .iter()
            .map(|a| Alternative {
                choice: Choice::from(a.choice.clone()),
                lost_on: a.lost_on.to_string(),
                text: a.to_string(),
            })
            .collect()
    }
    /// When nothing fits: the closest candidates, each as its one-line description.
    #[napi(getter)]
    pub fn closest(&self) -> Vec<String> {
        self.0.closest.iter().map(|n| n.to_string()).collect()
    }
    /// How many models meet every constraint.
    #[napi(getter)]
    pub fn feasible(&self) -> u32 {
        self.0.feasible as u32
    }
    /// The task type.
    #[napi(getter)]
    pub fn task(&self) -> &'static str {
        self.0.task.as_str()
    }
    /// The quality bar applied.
    #[napi(getter)]
    pub fn quality_bar(&self) -> f64 {
        self.0.quality_bar
    }
    /// The usage priced for each model.
    #[napi(getter)]
    pub fn usage(&self) -> Usage {
        Usage::from(self.0.usage)
    }
    /// The date retirements were judged on.
    #[napi(getter)]
    pub fn as_of(&self) -> Option<String> {
        self.0.as_of.as_deref().map(str::to_string)
    }
    /// Every rejected model, each as `'model: why'`.
    #[napi]
    pub fn rejected(&self) -> Vec<String> {
        self.0.rejected().map(|r| r.to_string()).collect()
    }
    /// How many models were rejected.
    #[napi]
    pub fn rejected_count(&self) -> u32 {
        self.0.rejected_count() as u32
    }
    /// Why the chosen model was chosen (or why none fits), one line each.
    #[napi]
    pub fn reasons(&self) -> Vec<String> {
        self.0.reasons()
    }
    /// The reasons and alternatives as one text.
    #[napi]
    pub fn explanation(&self) -> String {
        self.0.explanation()
    }
}

/// Chooses the cheapest model that meets every constraint, and explains the choice.
#[napi]
pub struct Selector(llmcost_core::Selector);

#[napi]
impl Selector {
    /// A selector over `catalog` (default: the bundled catalog).
    #[napi(constructor)]
    pub fn new(catalog: Option<&Catalog>) -> Self {
        match catalog {
            Some(c) => Selector(llmcost_core::Selector::new(&c.0)),
            None => Selector(llmcost_core::Selector::new(
                &llmcost_core::Catalog::bundled(),
            )),
        }
    }
    /// Chooses a model for `requirements`.
    #[napi]
    pub fn select(&self, requirements: Requirements) -> Result<Selection> {
        self.0
            .select(&to_core(requirements)?)
            .map(Selection)
            .map_err(to_js)
    }
    /// Up to `n` models to try in order, the first being the one `select` chooses.
    #[napi]
    pub fn fallback_chain(&self, requirements: Requirements, n: u32) -> Result<Vec<Choice>> {
        self.0
            .fallback_chain(&to_core(requirements)?, n as usize)
            .map(|v| v.into_iter().map(Choice::from).collect())
            .map_err(to_js)
    }
}
