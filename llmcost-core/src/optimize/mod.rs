//! Prompt optimization: the same instructions in fewer tokens, without damage.
//!
//! An [`Optimizer`] is built once (from a [`Catalog`] and [`RulePack`]s) and is immutable and
//! `Send + Sync`; every option is passed per call in [`OptimizeOptions`]. It runs these passes,
//! each on the text the previous one produced, repeating them until nothing changes (so optimizing
//! an optimized prompt changes nothing more):
//!
//! | pass | levels | what it does |
//! |---|---|---|
//! | whitespace | all | trailing spaces, runs of spaces, runs of blank lines; prose indentation (standard+) |
//! | rules | per rule | phrase compression, abbreviations, filler removal from the rule packs (one Aho-Corasick pass) |
//! | structure | when `preserve_structure` is off | `**bold**` markers, closing `#`s of headings; horizontal rules (aggressive) |
//! | examples | aggressive | a list of more than 3 examples keeps the first 3 |
//! | cleanup | all | a space before punctuation, blank lines at the start, whitespace at the end |
//!
//! Every rewrite is kept only if the tokenizer of the target model says it does not add tokens
//! (a rule rewrite must save at least one). Nothing inside a [`ProtectedSpan`] is ever changed:
//! code, URLs, e-mail addresses, quoted strings, JSON/YAML/XML, template placeholders, numbers,
//! negations, user patterns and the kept prefix. At `conservative` and `standard` every non-blank
//! line survives. See `docs/OPTIMIZER.md`.
//!
//! ```
//! use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};
//!
//! let optimizer = Optimizer::new();
//! let opts = OptimizeOptions::new().level(Level::Standard).model("gpt-4o");
//! let report = optimizer.optimize(
//!     "In order to   answer, use the `search` tool.   \n\n\n\nDo not guess {name}.",
//!     &opts,
//! )?;
//! assert_eq!(report.optimized_prompt, "To answer, use the `search` tool.\n\nDo not guess {name}.");
//! assert!(report.optimized_tokens < report.original_tokens);
//! assert!(report.estimated_savings_usd.unwrap() > llmcost_core::Usd::ZERO);
//! # Ok::<(), llmcost_core::Error>(())
//! ```

mod bytes;
mod dfa;
mod inline;
mod lint;
mod passes;
pub mod rules;
pub mod spans;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};

pub use lint::{Analysis, Finding};
pub use rules::{Rule, RuleKind, RulePack};
pub use spans::{ProtectedSpan, SpanKind};

use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind, Result};
use crate::money::Usd;
use crate::tokens::{ChatMessage, Encoding};
use passes::{Ctx, Edit, Source};
use rules::CompiledRules;

/// How far the optimizer may go.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Whitespace and meaning-preserving phrase rewrites only.
    Conservative,
    /// Also prose indentation, more phrase rewrites and politeness formulas (the default).
    #[default]
    Standard,
    /// Also filler words and articles, abbreviations, horizontal rules and long example lists.
    Aggressive,
}

impl Level {
    /// Every level, from least to most aggressive.
    pub const ALL: [Level; 3] = [Level::Conservative, Level::Standard, Level::Aggressive];

    /// `"conservative"`, `"standard"` or `"aggressive"`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Conservative => "conservative",
            Level::Standard => "standard",
            Level::Aggressive => "aggressive",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = Error;

    fn from_str(s: &str) -> Result<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "unknown optimization level '{s}'; use conservative, standard or aggressive"
                ))
            })
    }
}

/// Text at the start of a prompt that must stay byte-identical (so a provider's prompt cache
/// keeps hitting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeepPrefix {
    /// The first `n` bytes (rounded up to a character boundary; longer than the text keeps it all).
    Bytes(usize),
    /// Everything up to and including the first occurrence of this marker. If the marker does not
    /// occur, the whole text is kept unchanged.
    Marker(String),
}

/// Options for one call. Build with [`OptimizeOptions::new`] and the setters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimizeOptions {
    /// How far to go (default [`Level::Standard`]).
    pub level: Level,
    /// Keep markdown emphasis and heading decoration (default `true`). When `false`, the
    /// structure pass removes `**bold**` markers and closing `#`s of headings.
    pub preserve_structure: bool,
    /// The model the prompt is for: its tokenizer counts tokens and its input price gives
    /// `estimated_savings_usd`. `None` counts with `o200k_base` and reports no dollar figure.
    pub model: Option<String>,
    /// If set (a percentage, 0–100), a result saving less than this share of tokens is discarded
    /// and the original returned (the reference design's 5/10/20 % gates). Off by default.
    pub min_reduction: Option<f64>,
    /// Regular expressions whose matches are protected (never changed).
    pub protect: Vec<String>,
    /// A prefix to keep byte-identical.
    pub keep_prefix: Option<KeepPrefix>,
}

impl Default for OptimizeOptions {
    fn default() -> Self {
        OptimizeOptions {
            level: Level::Standard,
            preserve_structure: true,
            model: None,
            min_reduction: None,
            protect: Vec::new(),
            keep_prefix: None,
        }
    }
}

impl OptimizeOptions {
    /// The defaults: standard level, structure preserved, no model, no gate, nothing extra protected.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the level.
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// Sets whether markdown decoration is kept.
    pub fn preserve_structure(mut self, preserve: bool) -> Self {
        self.preserve_structure = preserve;
        self
    }

    /// Sets the target model (catalog id or alias).
    pub fn model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Sets the minimum reduction, in percent.
    pub fn min_reduction(mut self, percent: f64) -> Self {
        self.min_reduction = Some(percent);
        self
    }

    /// Adds a protected regular expression.
    pub fn protect(mut self, pattern: impl Into<String>) -> Self {
        self.protect.push(pattern.into());
        self
    }

    /// Keeps the first `bytes` bytes unchanged.
    pub fn keep_prefix_bytes(mut self, bytes: usize) -> Self {
        self.keep_prefix = Some(KeepPrefix::Bytes(bytes));
        self
    }

    /// Keeps everything up to and including `marker` unchanged.
    pub fn keep_prefix_marker(mut self, marker: impl Into<String>) -> Self {
        self.keep_prefix = Some(KeepPrefix::Marker(marker.into()));
        self
    }
}

/// One kind of rewrite applied to a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppliedOptimization {
    /// The rule id (`"en.in_order_to"`) or built-in pass id (`"whitespace.spaces"`).
    pub rule_id: String,
    /// How many times it was applied.
    pub count: u64,
    /// Tokens it saved, counted around each rewrite.
    pub tokens_saved: u64,
}

/// The result of [`Optimizer::optimize`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimizeReport {
    /// The input.
    pub original_prompt: String,
    /// The output (equal to the input when nothing was saved or the `min_reduction` gate applied).
    pub optimized_prompt: String,
    /// Tokens of the input.
    pub original_tokens: u64,
    /// Tokens of the output (never more than `original_tokens`).
    pub optimized_tokens: u64,
    /// `original_tokens - optimized_tokens`.
    pub tokens_saved: u64,
    /// `100 × tokens_saved / original_tokens` (0 for an empty prompt).
    pub reduction_percentage: f64,
    /// `tokens_saved` × the target model's input price; `None` when no model was given.
    pub estimated_savings_usd: Option<Usd>,
    /// What was applied, most tokens saved first.
    pub optimizations_applied: Vec<AppliedOptimization>,
    /// The encoding that counted the tokens.
    pub encoding: Encoding,
    /// `true` when a result was discarded because it saved less than `min_reduction`.
    pub below_min_reduction: bool,
}

impl OptimizeReport {
    /// `estimated_savings_usd` as an `f64`, for display only (sum [`Usd`] values, not these).
    pub fn estimated_savings_usd_f64(&self) -> Option<f64> {
        self.estimated_savings_usd.map(Usd::as_f64)
    }
}

/// The result of [`Optimizer::optimize_batch`]: per-prompt reports and aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchReport {
    /// One report per input, in input order.
    pub results: Vec<OptimizeReport>,
    /// Number of prompts.
    pub total_prompts: usize,
    /// Prompts that lost at least one token.
    pub successful_optimizations: usize,
    /// Sum of `original_tokens`.
    pub total_original_tokens: u64,
    /// Sum of `optimized_tokens`.
    pub total_optimized_tokens: u64,
    /// Sum of `tokens_saved`.
    pub total_tokens_saved: u64,
    /// Exact sum of `estimated_savings_usd` (`None` when no model was given).
    pub total_savings_usd: Option<Usd>,
    /// Mean of the prompts' `reduction_percentage` (0 for an empty batch).
    pub average_reduction_percentage: f64,
    /// Up to 10 rewrite ids with the number of prompts they were applied to, most frequent first.
    pub most_frequent_optimizations: Vec<(String, u64)>,
}

/// The result of [`Optimizer::optimize_messages`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChatOptimizeReport {
    /// The messages with optimized contents (roles and names unchanged).
    pub messages: Vec<ChatMessage>,
    /// One report per message, in order (`tool`/`function` messages are reported unchanged).
    pub per_message: Vec<OptimizeReport>,
    /// Prompt tokens of the original request, with per-message overhead.
    pub original_tokens: u64,
    /// Prompt tokens of the optimized request.
    pub optimized_tokens: u64,
    /// `original_tokens - optimized_tokens`.
    pub tokens_saved: u64,
    /// `100 × tokens_saved / original_tokens`.
    pub reduction_percentage: f64,
    /// `tokens_saved` × the target model's input price; `None` when no model was given.
    pub estimated_savings_usd: Option<Usd>,
}

/// Builds an [`Optimizer`].
#[derive(Debug, Clone, Default)]
pub struct OptimizerBuilder {
    catalog: Option<Catalog>,
    packs: Option<Vec<RulePack>>,
    extra: Vec<RulePack>,
}

impl OptimizerBuilder {
    /// The catalog that resolves `OptimizeOptions::model` (default: [`Catalog::bundled`]).
    pub fn catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// Replaces the rule packs (default: the bundled English and Spanish packs).
    pub fn packs(mut self, packs: Vec<RulePack>) -> Self {
        self.packs = Some(packs);
        self
    }

    /// Adds a rule pack to the default (or given) ones.
    pub fn pack(mut self, pack: RulePack) -> Self {
        self.extra.push(pack);
        self
    }

    /// Compiles the rules and span detectors.
    ///
    /// # Errors
    /// `InvalidInput` if a pack is invalid, two packs define the same rule id or pattern.
    pub fn build(self) -> Result<Optimizer> {
        let mut packs = self.packs.unwrap_or_else(RulePack::bundled);
        packs.extend(self.extra);
        Ok(Optimizer {
            catalog: self.catalog.unwrap_or_else(Catalog::bundled),
            rules: CompiledRules::new(&packs)?,
            packs,
        })
    }
}

/// The prompt optimizer; see the [module docs](self).
#[derive(Debug)]
pub struct Optimizer {
    catalog: Catalog,
    packs: Vec<RulePack>,
    rules: CompiledRules,
}

/// Options checked and compiled for one call.
pub(crate) struct Prepared {
    level: Level,
    preserve_structure: bool,
    encoding: Encoding,
    price: Option<Usd>,
    min_reduction: Option<f64>,
    user: Vec<Regex>,
    keep_prefix: Option<KeepPrefix>,
}

impl Prepared {
    fn prefix_end(&self, text: &str) -> usize {
        match &self.keep_prefix {
            None => 0,
            Some(KeepPrefix::Bytes(n)) => {
                let mut n = (*n).min(text.len());
                while !text.is_char_boundary(n) {
                    n += 1;
                }
                n
            }
            Some(KeepPrefix::Marker(m)) => {
                text.find(m.as_str()).map_or(text.len(), |i| i + m.len())
            }
        }
    }
}

/// Rewrites applied, per source: (count, tokens saved).
type Stats = BTreeMap<Source, (u64, u64)>;

impl Optimizer {
    /// An optimizer with the bundled catalog and the bundled English and Spanish rule packs.
    ///
    /// Building one compiles the rule automata (about 20 ms); build it once and share it (it is
    /// immutable, `Send` and `Sync`).
    pub fn new() -> Optimizer {
        match Optimizer::builder().build() {
            Ok(o) => o,
            // The bundled packs are checked by this crate's tests; they cannot fail to compile.
            Err(e) => panic!("bundled rule packs are invalid: {e}"),
        }
    }

    /// A builder, to choose the catalog and rule packs.
    pub fn builder() -> OptimizerBuilder {
        OptimizerBuilder::default()
    }

    /// The rule packs in use.
    pub fn packs(&self) -> &[RulePack] {
        &self.packs
    }

    fn prepare(&self, opts: &OptimizeOptions) -> Result<Prepared> {
        let (encoding, price) = match &opts.model {
            None => (Encoding::O200kBase, None),
            Some(m) => {
                let info = self.catalog.get(m)?;
                let price = info.pricing.input.ok_or_else(|| {
                    Error::new(
                        ErrorKind::PriceUnknown,
                        format!(
                            "the input price of '{}' is not in the catalog, so savings cannot be \
                             priced; add it with Catalog::merge or omit the model",
                            info.id
                        ),
                    )
                })?;
                (info.tokenizer.encoding, Some(price))
            }
        };
        if let Some(r) = opts.min_reduction
            && !(r.is_finite() && (0.0..=100.0).contains(&r))
        {
            return Err(Error::invalid_input(format!(
                "min_reduction must be a percentage between 0 and 100, got {r}"
            )));
        }
        if let Some(KeepPrefix::Marker(m)) = &opts.keep_prefix
            && m.is_empty()
        {
            return Err(Error::invalid_input(
                "keep_prefix marker is empty; give a non-empty marker or a byte length",
            ));
        }
        Ok(Prepared {
            level: opts.level,
            preserve_structure: opts.preserve_structure,
            encoding,
            price,
            min_reduction: opts.min_reduction,
            user: spans::compile_user(&opts.protect)?,
            keep_prefix: opts.keep_prefix.clone(),
        })
    }

    /// The protected spans of `text` under `opts` (what [`Optimizer::optimize`] never changes),
    /// sorted by start; spans of different kinds may overlap.
    ///
    /// # Errors
    /// As [`Optimizer::optimize`].
    pub fn protected_spans(
        &self,
        text: &str,
        opts: &OptimizeOptions,
    ) -> Result<Vec<ProtectedSpan>> {
        let p = self.prepare(opts)?;
        Ok(spans::detect(text, &p.user, p.prefix_end(text)))
    }

    /// Optimizes one prompt.
    ///
    /// # Errors
    /// `UnknownModel` for an unknown `opts.model`; `PriceUnknown` if its input price is not known;
    /// `InvalidInput` for an invalid protected pattern, `min_reduction` or empty prefix marker.
    pub fn optimize(&self, text: &str, opts: &OptimizeOptions) -> Result<OptimizeReport> {
        let p = self.prepare(opts)?;
        Ok(self.run(text, &p))
    }

    /// The rewritten text only: the passes of [`Optimizer::optimize`] without the whole-text token
    /// counts around them. Each rewrite is still checked with the tokenizer on its window, but the
    /// final comparison with the original (which returns the original in the rare case the
    /// rewrites together cost a token) and the `min_reduction` gate are skipped. For callers that
    /// count tokens themselves.
    ///
    /// # Errors
    /// As [`Optimizer::optimize`].
    pub fn rewrite(&self, text: &str, opts: &OptimizeOptions) -> Result<String> {
        let p = self.prepare(opts)?;
        Ok(self.rewrite_prepared(text, &p).0)
    }

    /// Optimizes many prompts in parallel (on rayon's thread pool), with aggregates.
    ///
    /// # Errors
    /// As [`Optimizer::optimize`]; options are checked once, before any prompt is processed.
    pub fn optimize_batch<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        opts: &OptimizeOptions,
    ) -> Result<BatchReport> {
        let p = self.prepare(opts)?;
        let results: Vec<OptimizeReport> =
            texts.par_iter().map(|t| self.run(t.as_ref(), &p)).collect();
        let mut freq: HashMap<&str, u64> = HashMap::new();
        for r in &results {
            for a in &r.optimizations_applied {
                *freq.entry(a.rule_id.as_str()).or_default() += 1;
            }
        }
        let mut most: Vec<(String, u64)> =
            freq.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        most.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        most.truncate(10);
        let total_savings_usd = p
            .price
            .map(|_| results.iter().filter_map(|r| r.estimated_savings_usd).sum());
        let n = results.len();
        Ok(BatchReport {
            total_prompts: n,
            successful_optimizations: results.iter().filter(|r| r.tokens_saved > 0).count(),
            total_original_tokens: results.iter().map(|r| r.original_tokens).sum(),
            total_optimized_tokens: results.iter().map(|r| r.optimized_tokens).sum(),
            total_tokens_saved: results.iter().map(|r| r.tokens_saved).sum(),
            total_savings_usd,
            average_reduction_percentage: if n == 0 {
                0.0
            } else {
                results.iter().map(|r| r.reduction_percentage).sum::<f64>() / n as f64
            },
            most_frequent_optimizations: most,
            results,
        })
    }

    /// Optimizes the contents of a chat request. Roles and names are never changed, and messages
    /// whose role is `tool` or `function` (tool results and definitions are data) are left as
    /// they are. `keep_prefix` counts bytes (or finds the marker) across the contents in order, so
    /// a cached system prompt stays byte-identical.
    ///
    /// # Errors
    /// As [`Optimizer::optimize`].
    pub fn optimize_messages(
        &self,
        messages: &[ChatMessage],
        opts: &OptimizeOptions,
    ) -> Result<ChatOptimizeReport> {
        let p = self.prepare(opts)?;
        let mut remaining: Option<usize> = match &p.keep_prefix {
            None => None,
            Some(KeepPrefix::Bytes(n)) => Some(*n),
            Some(KeepPrefix::Marker(_)) => {
                // Keep whole messages until the one holding the marker (or all, if absent).
                let mut total = 0usize;
                let mut found = None;
                for m in messages {
                    let Some(KeepPrefix::Marker(mk)) = &p.keep_prefix else {
                        break;
                    };
                    if let Some(i) = m.content.find(mk.as_str()) {
                        found = Some(total + i + mk.len());
                        break;
                    }
                    total += m.content.len();
                }
                Some(found.unwrap_or(usize::MAX))
            }
        };
        let mut out = Vec::with_capacity(messages.len());
        let mut reports = Vec::with_capacity(messages.len());
        for m in messages {
            let keep = remaining.map(|r| r.min(m.content.len()));
            if let Some(r) = remaining.as_mut() {
                *r = r.saturating_sub(m.content.len());
            }
            let data = matches!(m.role.as_str(), "tool" | "function");
            let report = if data || keep == Some(m.content.len()) && !m.content.is_empty() {
                self.unchanged(&m.content, &p)
            } else {
                let local = Prepared {
                    keep_prefix: keep.filter(|&k| k > 0).map(KeepPrefix::Bytes),
                    user: p.user.clone(),
                    ..p.shallow()
                };
                self.run(&m.content, &local)
            };
            let mut msg = m.clone();
            msg.content = report.optimized_prompt.clone();
            out.push(msg);
            reports.push(report);
        }
        let original_tokens = p.encoding.count_messages(messages);
        let optimized_tokens = p.encoding.count_messages(&out);
        let saved = original_tokens.saturating_sub(optimized_tokens);
        Ok(ChatOptimizeReport {
            messages: out,
            per_message: reports,
            original_tokens,
            optimized_tokens,
            tokens_saved: saved,
            reduction_percentage: percent(saved, original_tokens),
            estimated_savings_usd: p.price.and_then(|pr| pr.checked_mul_tokens(saved)),
        })
    }

    /// Lint-like findings for `text` at every level, with default options (see [`Analysis`]).
    pub fn analyze(&self, text: &str) -> Analysis {
        let p = Prepared {
            level: Level::Aggressive,
            preserve_structure: false,
            encoding: Encoding::O200kBase,
            price: None,
            min_reduction: None,
            user: Vec::new(),
            keep_prefix: None,
        };
        lint::analyze(self, text, &p)
    }

    /// Like [`Optimizer::analyze`], counting with `opts.model` and honouring its protected
    /// patterns and prefix (the level and `preserve_structure` are ignored: findings of every
    /// level are listed).
    ///
    /// # Errors
    /// As [`Optimizer::optimize`].
    pub fn analyze_with(&self, text: &str, opts: &OptimizeOptions) -> Result<Analysis> {
        let mut p = self.prepare(opts)?;
        p.level = Level::Aggressive;
        p.preserve_structure = false;
        Ok(lint::analyze(self, text, &p))
    }

    fn unchanged(&self, text: &str, p: &Prepared) -> OptimizeReport {
        self.unchanged_counted(text, p, p.encoding.count(text) as u64)
    }

    fn unchanged_counted(&self, text: &str, p: &Prepared, n: u64) -> OptimizeReport {
        OptimizeReport {
            original_prompt: text.to_string(),
            optimized_prompt: text.to_string(),
            original_tokens: n,
            optimized_tokens: n,
            tokens_saved: 0,
            reduction_percentage: 0.0,
            estimated_savings_usd: p.price.map(|_| Usd::ZERO),
            optimizations_applied: Vec::new(),
            encoding: p.encoding,
            below_min_reduction: false,
        }
    }

    fn run(&self, text: &str, p: &Prepared) -> OptimizeReport {
        let (out, stats) = self.rewrite_prepared(text, p);
        let mut counts = ChunkCounts::new(p.encoding);
        let original_tokens = counts.count(text, true);
        let mut report = self.unchanged_counted(text, p, original_tokens);
        if out == text {
            return report;
        }
        let optimized_tokens = counts.count(&out, false);
        if optimized_tokens > original_tokens {
            // Rare interactions between rewrites can cost a token overall: keep the original.
            return report;
        }
        let saved = original_tokens - optimized_tokens;
        let pct = percent(saved, original_tokens);
        if let Some(min) = p.min_reduction
            && pct < min
        {
            report.below_min_reduction = true;
            return report;
        }
        let mut applied: Vec<AppliedOptimization> = stats
            .into_iter()
            .map(|(src, (count, tokens_saved))| AppliedOptimization {
                rule_id: self.source_id(src).to_string(),
                count,
                tokens_saved,
            })
            .collect();
        applied.sort_by(|a, b| {
            b.tokens_saved
                .cmp(&a.tokens_saved)
                .then_with(|| a.rule_id.cmp(&b.rule_id))
        });
        report.optimized_prompt = out;
        report.optimized_tokens = optimized_tokens;
        report.tokens_saved = saved;
        report.reduction_percentage = pct;
        report.estimated_savings_usd = p.price.and_then(|pr| pr.checked_mul_tokens(saved));
        report.optimizations_applied = applied;
        report
    }

    pub(crate) fn source_id(&self, src: Source) -> &str {
        match src {
            Source::Builtin(id) => id,
            Source::Rule(i) => &self.rules.rules[i].id,
        }
    }

    /// The protected ranges (merged), negation ranges and lines of `text`.
    fn protected(&self, text: &str, p: &Prepared) -> spans::Protected {
        spans::ranges(text, &p.user, p.prefix_end(text))
    }

    /// The passes for `p`, in order, each with its slot (see [`RULES`]).
    fn passes(p: &Prepared) -> impl Iterator<Item = (usize, Pass)> + Clone {
        // Cleanup first: trimming the text's edges is the most common change, and a change makes
        // every pass that ran before it run again (see `rewrite_prepared`); run last, it sent
        // half of the template prompts through a full confirming round.
        let all: [(Pass, bool); 5] = [
            (passes::cleanup, true),
            (passes::whitespace, true),
            (passes::rules, true),
            (passes::structure, !p.preserve_structure),
            (passes::examples, p.level == Level::Aggressive),
        ];
        all.into_iter()
            .enumerate()
            .filter(|&(_, (_, on))| on)
            .map(|(slot, (f, _))| (slot, f))
    }

    /// The context the passes read, for the current text's protected and negation ranges.
    fn ctx<'a>(
        &'a self,
        p: &Prepared,
        protected: &'a [(usize, usize)],
        negations: &'a [(usize, usize)],
        lines: &'a [(usize, usize)],
    ) -> Ctx<'a> {
        Ctx {
            level: p.level,
            encoding: p.encoding,
            rules: &self.rules,
            delta_encoding: rules::delta_encoding_index(p.encoding),
            protected,
            negations,
            lines,
            only: None,
        }
    }

    fn rewrite_prepared(&self, text: &str, p: &Prepared) -> (String, Stats) {
        self.rewrite_with(text, p, true)
    }

    /// [`Optimizer::rewrite_prepared`]; `regional`: whether the rules pass may run again on the
    /// changed lines only (a test turns it off to check that it changes nothing).
    fn rewrite_with(&self, text: &str, p: &Prepared, regional: bool) -> (String, Stats) {
        let spans::Protected {
            ranges: mut protected,
            mut negations,
            mut lines,
        } = self.protected(text, p);
        let mut cur = text.to_string();
        // The next version of the text is written here, and the two swap: one allocation.
        let mut next = String::new();
        let mut buf = String::new();
        let mut stats = Stats::new();
        let passes = Self::passes(p);
        // Passes feed each other (removing a double space lets a phrase match; one rule's output
        // can be another's input; an edit changes the context in which a neighbouring one is
        // counted): repeat until nothing changes, so that the result is a fixed point and
        // optimizing it again is a no-op. (Re-running only some passes in later rounds was tried
        // and is not idempotent: a whitespace edit can change whether its neighbour pays off.)
        // A pass is a pure function of the text (the protected ranges move with it), so one that
        // found nothing in the current text would find nothing again: `clean[i]` is the text
        // version in which pass `i` last found nothing, and it is skipped while that holds.
        let mut version = 0usize;
        let mut clean = [usize::MAX; 5];
        let mut lines_version = 0usize;
        // The rules pass, the costliest to run again, runs again only around what changed since
        // its last run (`passes::rules_region` says why that finds the same rewrites):
        // `since_rules` holds those places, `None` before its first run.
        let mut since_rules: Option<Vec<(usize, usize)>> = None;
        let mut region = Vec::new();
        for _ in 0..8 {
            let mut changed = false;
            for (i, pass) in passes.clone() {
                if clean[i] == version {
                    continue;
                }
                if lines_version != version {
                    passes::line_ranges(&cur, &mut lines);
                    lines_version = version;
                }
                let mut ctx = self.ctx(p, &protected, &negations, &lines);
                if i == RULES {
                    if let Some(since) = &since_rules
                        && regional
                        && self.rules.line_local()
                    {
                        passes::rules_region(&cur, since, &mut region);
                        ctx.only = Some(&region);
                    }
                    since_rules = Some(Vec::new());
                }
                let edits = passes::verify(&ctx, &cur, normalize(pass(&ctx, &cur)), &mut buf);
                if edits.is_empty() {
                    clean[i] = version;
                    continue;
                }
                for e in &edits {
                    let s = stats.entry(e.source).or_default();
                    s.0 += 1;
                    s.1 += e.saved;
                }
                passes::apply(
                    &cur,
                    &edits,
                    &mut [&mut protected, &mut negations],
                    &mut next,
                );
                if let Some(since) = &mut since_rules {
                    passes::track_changes(since, &edits);
                }
                std::mem::swap(&mut cur, &mut next);
                version += 1;
                changed = true;
            }
            if !changed {
                break;
            }
        }
        (cur, stats)
    }

    /// Edits of every pass on the unchanged `text` (for [`Optimizer::analyze`]).
    pub(crate) fn candidate_edits(&self, text: &str, p: &Prepared) -> Vec<Edit> {
        let spans::Protected {
            ranges,
            negations,
            lines,
        } = self.protected(text, p);
        let ctx = self.ctx(p, &ranges, &negations, &lines);
        let mut all = Vec::new();
        let mut buf = String::new();
        for (_, pass) in Self::passes(p) {
            all.extend(passes::verify(
                &ctx,
                text,
                normalize(pass(&ctx, text)),
                &mut buf,
            ));
        }
        all.sort_by_key(|e| (e.start, e.end));
        all
    }

    pub(crate) fn rule_level(&self, src: Source) -> Level {
        match src {
            Source::Rule(i) => self.rules.rules[i].level,
            Source::Builtin(id) => passes::builtin_level(id),
        }
    }

    pub(crate) fn rule(&self, src: Source) -> Option<&Rule> {
        match src {
            Source::Rule(i) => self.rules.rules.get(i),
            Source::Builtin(_) => None,
        }
    }
}

impl Default for Optimizer {
    fn default() -> Self {
        Optimizer::new()
    }
}

impl Prepared {
    fn shallow(&self) -> Prepared {
        Prepared {
            level: self.level,
            preserve_structure: self.preserve_structure,
            encoding: self.encoding,
            price: self.price,
            min_reduction: self.min_reduction,
            user: Vec::new(),
            keep_prefix: None,
        }
    }
}

/// Counts tokens chunk by chunk, remembering the counts of the input's chunks so that counting
/// the output only tokenizes the chunks that changed.
///
/// A chunk ends before a line that starts with an ASCII letter or digit. With `o200k_base` and
/// `cl100k_base`, pre-tokenization never joins text across such a point (a run of newlines is a
/// piece of its own, and a word piece cannot start with a newline), so the counts of the chunks
/// add up to the count of the text. The GPT-2 style encodings can join a space before a newline
/// differently at the end of a text, so they are counted whole.
struct ChunkCounts<'a> {
    encoding: Encoding,
    seen: rustc_hash::FxHashMap<&'a str, u64>,
}

impl<'a> ChunkCounts<'a> {
    fn new(encoding: Encoding) -> Self {
        ChunkCounts {
            encoding,
            seen: rustc_hash::FxHashMap::default(),
        }
    }

    fn count(&mut self, text: &'a str, remember: bool) -> u64 {
        if !matches!(self.encoding, Encoding::O200kBase | Encoding::Cl100kBase) {
            return self.encoding.count(text) as u64;
        }
        let b = text.as_bytes();
        let mut total = 0;
        let mut start = 0;
        bytes::positions(b, [b'\n'], |i| {
            let next = i + 1;
            if next < b.len() && b[next].is_ascii_alphanumeric() {
                total += self.chunk(&text[start..next], remember);
                start = next;
            }
        });
        total + self.chunk(&text[start..], remember)
    }

    fn chunk(&mut self, c: &'a str, remember: bool) -> u64 {
        if let Some(&n) = self.seen.get(c) {
            return n;
        }
        let n = self.encoding.count(c) as u64;
        if remember {
            self.seen.insert(c, n);
        }
        n
    }
}

/// A rewrite pass: the edits it proposes for a text.
type Pass = fn(&Ctx, &str) -> Vec<Edit>;

/// The slot of the rules pass in [`Optimizer::passes`].
const RULES: usize = 2;

/// Sorts edits by start and drops any that overlap an earlier one.
fn normalize(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut last_end: Option<usize> = None;
    edits.retain(|e| {
        let keep = last_end.is_none_or(|end| end <= e.start) && e.start < e.end;
        if keep {
            last_end = Some(e.end);
        }
        keep
    });
    edits
}

fn percent(saved: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * saved as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static OPTIMIZER: LazyLock<Optimizer> = LazyLock::new(Optimizer::new);

    /// Texts made of the packs' own patterns (as written, capitalized, upper case) between
    /// spaces, newlines, punctuation, list markers and protected pieces: where the rules pass
    /// finds rewrites, and where rewrites make new ones.
    fn texts() -> impl Strategy<Value = String> {
        const OTHER: &[&str] = &[
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\n",
            "\n\n",
            "\r\n",
            "\t",
            ".",
            ",",
            ":",
            "!",
            "?",
            "- ",
            "* ",
            "# ",
            "1. ",
            "not ",
            "don't ",
            "\"q\" ",
            "{x} ",
            "`c` ",
            "42 ",
            "word ",
            "é ",
            "**b** ",
            "https://x.io ",
            "    ",
            "you will ",
            "need to be ",
            "has to be ",
            "please ",
            "basically ",
            "really ",
        ];
        let n = OPTIMIZER.rules.rules.len();
        let piece = prop_oneof![
            (0..n, 0..3u8).prop_map(|(i, case)| (Some(i), case, 0)),
            (0..OTHER.len()).prop_map(|k| (None, 0, k)),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| {
            let o = &*OPTIMIZER;
            pieces
                .into_iter()
                .map(|(rule, case, k)| match rule {
                    Some(i) => {
                        let p = &o.rules.rules[i].pattern;
                        match case {
                            0 => p.clone(),
                            1 => rules::Case::Capitalized.apply(p),
                            _ => p.to_uppercase(),
                        }
                    }
                    None => OTHER[k].to_string(),
                })
                .collect()
        })
    }

    #[test]
    fn a_rewrite_can_enable_another_after_it() {
        // "you will" goes first; then "need to be" no longer follows "will".
        let o = &*OPTIMIZER;
        let opts = OptimizeOptions::new().level(Level::Aggressive);
        let p = o.prepare(&opts).unwrap();
        let text = "you will need to be careful";
        let (full, _) = o.rewrite_with(text, &p, false);
        assert_eq!(full, "must be careful");
        assert_eq!(o.rewrite_with(text, &p, true).0, full);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Running the rules pass again only on the changed lines gives what running it on the
        /// whole text gives.
        #[test]
        fn regional_reruns_change_nothing(text in texts()) {
            let o = &*OPTIMIZER;
            for level in Level::ALL {
                for preserve in [true, false] {
                    let opts = OptimizeOptions::new().level(level).preserve_structure(preserve);
                    let p = o.prepare(&opts).unwrap();
                    let regional = o.rewrite_with(&text, &p, true);
                    let full = o.rewrite_with(&text, &p, false);
                    prop_assert_eq!(&regional.0, &full.0, "{} {}", level, preserve);
                    prop_assert_eq!(regional.1, full.1);
                }
            }
        }
    }
}
