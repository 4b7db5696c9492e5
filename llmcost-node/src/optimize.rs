//! `Optimizer`, `OptimizeOptions`, `OptimizeReport`, `BatchReport`, `ChatOptimizeReport`,
//! `Analysis`, `Finding`.
//! Levels are the strings `'conservative'`, `'standard'`, `'aggressive'`; money is an exact
//! decimal string.
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::catalog::Catalog;
use crate::error::{Result, invalid, to_js, tokens};
use crate::tokens::ChatMessage;

/// Options for one call; every field is optional.
#[napi(object)]
pub struct OptimizeOptions {
    /// `'conservative'`, `'standard'` (default) or `'aggressive'`.
    pub level: Option<String>,
    /// Keep markdown emphasis and heading decoration (default `true`).
    pub preserve_structure: Option<bool>,
    /// Count with this model's tokenizer and price the savings at its input price.
    pub model: Option<String>,
    /// Return the prompt unchanged unless it shrinks by at least this percentage (0–100).
    pub min_reduction: Option<f64>,
    /// Regular expressions whose matches are never changed.
    pub protect: Option<Vec<String>>,
    /// Keep the first this many UTF-8 bytes byte-identical.
    pub keep_prefix_bytes: Option<f64>,
    /// Keep everything up to and including the first occurrence of this marker.
    pub keep_prefix_marker: Option<String>,
}

fn to_core(o: Option<OptimizeOptions>) -> Result<llmcost_core::OptimizeOptions> {
    let mut out = llmcost_core::OptimizeOptions::new();
    let Some(o) = o else { return Ok(out) };
    if let Some(l) = o.level {
        out = out.level(l.parse().map_err(to_js)?);
    }
    if let Some(p) = o.preserve_structure {
        out = out.preserve_structure(p);
    }
    if let Some(m) = o.model {
        out = out.model(m);
    }
    if let Some(r) = o.min_reduction {
        out = out.min_reduction(r);
    }
    for p in o.protect.unwrap_or_default() {
        out = out.protect(p);
    }
    match (o.keep_prefix_bytes, o.keep_prefix_marker) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "give keepPrefixBytes or keepPrefixMarker, not both".to_string(),
            ));
        }
        (Some(b), None) => {
            let b = usize::try_from(tokens("keepPrefixBytes", b)?)
                .map_err(|_| invalid(format!("keepPrefixBytes is too large: {b}")))?;
            out = out.keep_prefix_bytes(b);
        }
        (None, Some(m)) => out = out.keep_prefix_marker(m),
        (None, None) => {}
    }
    Ok(out)
}

/// A byte offset into `text` as a JS string index (UTF-16 code units).
fn utf16_index(text: &str, byte: usize) -> f64 {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count() as f64
}

/// Counts for one rule or built-in pass applied by `optimize`.
#[napi(object)]
pub struct AppliedOptimization {
    pub rule_id: String,
    pub count: f64,
    pub tokens_saved: f64,
}

/// The result of optimizing one prompt.
#[napi(object)]
pub struct OptimizeReport {
    pub original_prompt: String,
    pub optimized_prompt: String,
    pub original_tokens: f64,
    pub optimized_tokens: f64,
    pub tokens_saved: f64,
    pub reduction_percentage: f64,
    /// Input-price savings per call (decimal string); absent when no model was given.
    pub estimated_savings_usd: Option<String>,
    pub optimizations_applied: Vec<AppliedOptimization>,
    pub encoding: String,
    pub below_min_reduction: bool,
}

impl From<llmcost_core::OptimizeReport> for OptimizeReport {
    fn from(r: llmcost_core::OptimizeReport) -> Self {
        OptimizeReport {
            original_tokens: r.original_tokens as f64,
            optimized_tokens: r.optimized_tokens as f64,
            tokens_saved: r.tokens_saved as f64,
            reduction_percentage: r.reduction_percentage,
            estimated_savings_usd: r.estimated_savings_usd.map(|u| u.to_string()),
            optimizations_applied: r
                .optimizations_applied
                .into_iter()
                .map(|a| AppliedOptimization {
                    rule_id: a.rule_id,
                    count: a.count as f64,
                    tokens_saved: a.tokens_saved as f64,
                })
                .collect(),
            encoding: r.encoding.name().to_string(),
            below_min_reduction: r.below_min_reduction,
            original_prompt: r.original_prompt,
            optimized_prompt: r.optimized_prompt,
        }
    }
}

/// A rule id and how many prompts it applied to.
#[napi(object)]
pub struct RuleFrequency {
    pub rule_id: String,
    pub prompts: f64,
}

/// The result of optimizing many prompts, with aggregates.
#[napi(object)]
pub struct BatchReport {
    pub results: Vec<OptimizeReport>,
    pub total_prompts: u32,
    pub successful_optimizations: u32,
    pub total_original_tokens: f64,
    pub total_optimized_tokens: f64,
    pub total_tokens_saved: f64,
    /// Decimal string; absent when no model was given.
    pub total_savings_usd: Option<String>,
    pub average_reduction_percentage: f64,
    /// Up to 10 rules, most frequent first.
    pub most_frequent_optimizations: Vec<RuleFrequency>,
}

/// The result of optimizing the contents of a chat request.
#[napi(object)]
pub struct ChatOptimizeReport {
    /// The messages with optimized contents (roles and names unchanged; other properties are not
    /// carried over).
    pub messages: Vec<ChatMessage>,
    /// One report per message, in order (`tool`/`function` messages are reported unchanged).
    pub per_message: Vec<OptimizeReport>,
    /// Prompt tokens of the original request, with per-message overhead.
    pub original_tokens: f64,
    /// Prompt tokens of the optimized request, with per-message overhead.
    pub optimized_tokens: f64,
    pub tokens_saved: f64,
    pub reduction_percentage: f64,
    /// Input-price savings per call (decimal string); absent when no model was given.
    pub estimated_savings_usd: Option<String>,
}

/// One place where a prompt could be shorter. `start`/`end` index the analyzed JS string.
#[napi(object)]
pub struct Finding {
    pub rule_id: String,
    pub start: f64,
    pub end: f64,
    pub message: String,
    pub replacement: String,
    pub tokens_saved: f64,
    pub level: String,
}

/// Lint-like findings and statistics for one prompt.
#[napi(object)]
pub struct Analysis {
    pub token_count: f64,
    pub word_count: f64,
    pub char_count: f64,
    pub line_count: f64,
    pub empty_lines: f64,
    pub tokens_per_word: f64,
    pub efficiency_score: f64,
    pub findings: Vec<Finding>,
    pub potential_tokens_saved: f64,
    pub encoding: String,
}

/// The rule-based prompt optimizer (bundled English and Spanish rule packs).
#[napi]
pub struct Optimizer(llmcost_core::Optimizer);

#[napi]
impl Optimizer {
    /// An optimizer pricing savings with `catalog` (default: the bundled catalog).
    #[napi(constructor)]
    pub fn new(catalog: Option<&Catalog>) -> Result<Self> {
        match catalog {
            None => Ok(Optimizer(llmcost_core::Optimizer::new())),
            Some(c) => llmcost_core::Optimizer::builder()
                .catalog(c.0.clone())
                .build()
                .map(Optimizer)
                .map_err(to_js),
        }
    }

    /// Optimizes one prompt.
    #[napi]
    pub fn optimize(
        &self,
        text: String,
        options: Option<OptimizeOptions>,
    ) -> Result<OptimizeReport> {
        let opts = to_core(options)?;
        self.0
            .optimize(&text, &opts)
            .map(OptimizeReport::from)
            .map_err(to_js)
    }

    /// Optimizes many prompts (in parallel), with aggregates.
    #[napi]
    pub fn optimize_batch(
        &self,
        texts: Vec<String>,
        options: Option<OptimizeOptions>,
    ) -> Result<BatchReport> {
        let opts = to_core(options)?;
        let b = self.0.optimize_batch(&texts, &opts).map_err(to_js)?;
        Ok(BatchReport {
            total_prompts: b.total_prompts as u32,
            successful_optimizations: b.successful_optimizations as u32,
            total_original_tokens: b.total_original_tokens as f64,
            total_optimized_tokens: b.total_optimized_tokens as f64,
            total_tokens_saved: b.total_tokens_saved as f64,
            total_savings_usd: b.total_savings_usd.map(|u| u.to_string()),
            average_reduction_percentage: b.average_reduction_percentage,
            most_frequent_optimizations: b
                .most_frequent_optimizations
                .into_iter()
                .map(|(rule_id, n)| RuleFrequency {
                    rule_id,
                    prompts: n as f64,
                })
                .collect(),
            results: b.results.into_iter().map(OptimizeReport::from).collect(),
        })
    }

    /// Optimizes the contents of a chat request (an array of `{ role, content, name? }`). Roles
    /// and names are never changed; `tool` and `function` messages are left as they are; the
    /// prefix options count across the contents in order.
    #[napi]
    pub fn optimize_messages(
        &self,
        #[napi(ts_arg_type = "Array<ChatMessage>")] messages: Unknown<'_>,
        options: Option<OptimizeOptions>,
    ) -> Result<ChatOptimizeReport> {
        let msgs = crate::tokens::to_core(messages)?;
        let opts = to_core(options)?;
        let r = self.0.optimize_messages(&msgs, &opts).map_err(to_js)?;
        Ok(ChatOptimizeReport {
            messages: r.messages.into_iter().map(ChatMessage::from).collect(),
            per_message: r
                .per_message
                .into_iter()
                .map(OptimizeReport::from)
                .collect(),
            original_tokens: r.original_tokens as f64,
            optimized_tokens: r.optimized_tokens as f64,
            tokens_saved: r.tokens_saved as f64,
            reduction_percentage: r.reduction_percentage,
            estimated_savings_usd: r.estimated_savings_usd.map(|u| u.to_string()),
        })
    }

    /// Findings at every level (`model`, `protect` and the prefix options are honoured; `level`
    /// and `preserveStructure` are ignored).
    #[napi]
    pub fn analyze(&self, text: String, options: Option<OptimizeOptions>) -> Result<Analysis> {
        let opts = to_core(options)?;
        let a = self.0.analyze_with(&text, &opts).map_err(to_js)?;
        Ok(Analysis {
            token_count: a.token_count as f64,
            word_count: a.word_count as f64,
            char_count: a.char_count as f64,
            line_count: a.line_count as f64,
            empty_lines: a.empty_lines as f64,
            tokens_per_word: a.tokens_per_word,
            efficiency_score: a.efficiency_score,
            findings: a
                .findings
                .into_iter()
                .map(|f| Finding {
                    start: utf16_index(&text, f.start),
                    end: utf16_index(&text, f.end),
                    level: f.level.name().to_string(),
                    tokens_saved: f.tokens_saved as f64,
                    rule_id: f.rule_id,
                    message: f.message,
                    replacement: f.replacement,
                })
                .collect(),
            potential_tokens_saved: a.potential_tokens_saved as f64,
            encoding: a.encoding.name().to_string(),
        })
    }
}
