//! `Optimizer`, `OptimizeReport`, `BatchReport`, `ChatOptimizeReport`, `AppliedOptimization`,
//! `Analysis`, `Finding`.
//! Levels are the strings `"conservative"`, `"standard"`, `"aggressive"`.
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::catalog::Catalog;
use crate::error::{InvalidInputError, to_py};
use crate::money::to_decimal;

/// Builds core options from the keyword arguments shared by every method.
#[allow(clippy::too_many_arguments)]
fn options(
    level: &str,
    preserve_structure: bool,
    model: Option<String>,
    min_reduction: Option<f64>,
    protect: Option<Vec<String>>,
    keep_prefix_bytes: Option<usize>,
    keep_prefix_marker: Option<String>,
) -> PyResult<llmcost_core::OptimizeOptions> {
    let mut o = llmcost_core::OptimizeOptions::new()
        .level(level.parse().map_err(to_py)?)
        .preserve_structure(preserve_structure);
    if let Some(m) = model {
        o = o.model(m);
    }
    if let Some(r) = min_reduction {
        o = o.min_reduction(r);
    }
    for p in protect.unwrap_or_default() {
        o = o.protect(p);
    }
    match (keep_prefix_bytes, keep_prefix_marker) {
        (Some(_), Some(_)) => {
            return Err(InvalidInputError::new_err(
                "give keep_prefix_bytes or keep_prefix_marker, not both",
            ));
        }
        (Some(b), None) => o = o.keep_prefix_bytes(b),
        (None, Some(m)) => o = o.keep_prefix_marker(m),
        (None, None) => {}
    }
    Ok(o)
}

/// A byte offset into `text` as a Python string index (code points).
fn char_index(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    let mut b = end;
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].chars().count()
}

/// Counts for one rule or built-in pass applied by `optimize`.
#[pyclass(frozen, module = "llmcost")]
pub struct AppliedOptimization(llmcost_core::AppliedOptimization);

#[pymethods]
impl AppliedOptimization {
    #[getter]
    fn rule_id(&self) -> &str {
        &self.0.rule_id
    }
    #[getter]
    fn count(&self) -> u64 {
        self.0.count
    }
    #[getter]
    fn tokens_saved(&self) -> u64 {
        self.0.tokens_saved
    }
    fn __repr__(&self) -> String {
        format!(
            "AppliedOptimization(rule_id='{}', count={}, tokens_saved={})",
            self.0.rule_id, self.0.count, self.0.tokens_saved
        )
    }
}

/// The result of optimizing one prompt.
#[pyclass(frozen, module = "llmcost")]
pub struct OptimizeReport(llmcost_core::OptimizeReport);

#[pymethods]
impl OptimizeReport {
    #[getter]
    fn original_prompt(&self) -> &str {
        &self.0.original_prompt
    }
    #[getter]
    fn optimized_prompt(&self) -> &str {
        &self.0.optimized_prompt
    }
    #[getter]
    fn original_tokens(&self) -> u64 {
        self.0.original_tokens
    }
    #[getter]
    fn optimized_tokens(&self) -> u64 {
        self.0.optimized_tokens
    }
    #[getter]
    fn tokens_saved(&self) -> u64 {
        self.0.tokens_saved
    }
    #[getter]
    fn reduction_percentage(&self) -> f64 {
        self.0.reduction_percentage
    }
    /// Input-price savings per call as `decimal.Decimal`; `None` when no model was given.
    #[getter]
    fn estimated_savings_usd<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .estimated_savings_usd
            .map(|u| to_decimal(py, u))
            .transpose()
    }
    #[getter]
    fn optimizations_applied(&self) -> Vec<AppliedOptimization> {
        self.0
            .optimizations_applied
            .iter()
            .cloned()
            .map(AppliedOptimization)
            .collect()
    }
    #[getter]
    fn encoding(&self) -> &'static str {
        self.0.encoding.name()
    }
    #[getter]
    fn below_min_reduction(&self) -> bool {
        self.0.below_min_reduction
    }
    fn __repr__(&self) -> String {
        format!(
            "OptimizeReport(original_tokens={}, optimized_tokens={}, tokens_saved={})",
            self.0.original_tokens, self.0.optimized_tokens, self.0.tokens_saved
        )
    }
}

/// The result of optimizing many prompts, with aggregates.
#[pyclass(frozen, module = "llmcost")]
pub struct BatchReport(llmcost_core::BatchReport);

#[pymethods]
impl BatchReport {
    #[getter]
    fn results(&self) -> Vec<OptimizeReport> {
        self.0.results.iter().cloned().map(OptimizeReport).collect()
    }
    #[getter]
    fn total_prompts(&self) -> usize {
        self.0.total_prompts
    }
    #[getter]
    fn successful_optimizations(&self) -> usize {
        self.0.successful_optimizations
    }
    #[getter]
    fn total_original_tokens(&self) -> u64 {
        self.0.total_original_tokens
    }
    #[getter]
    fn total_optimized_tokens(&self) -> u64 {
        self.0.total_optimized_tokens
    }
    #[getter]
    fn total_tokens_saved(&self) -> u64 {
        self.0.total_tokens_saved
    }
    #[getter]
    fn total_savings_usd<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .total_savings_usd
            .map(|u| to_decimal(py, u))
            .transpose()
    }
    #[getter]
    fn average_reduction_percentage(&self) -> f64 {
        self.0.average_reduction_percentage
    }
    /// Up to 10 `(rule_id, prompts it applied to)` pairs, most frequent first.
    #[getter]
    fn most_frequent_optimizations(&self) -> Vec<(String, u64)> {
        self.0.most_frequent_optimizations.clone()
    }
    fn __len__(&self) -> usize {
        self.0.results.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "BatchReport(total_prompts={}, total_tokens_saved={})",
            self.0.total_prompts, self.0.total_tokens_saved
        )
    }
}

/// The result of optimizing the contents of a chat request.
#[pyclass(frozen, module = "llmcost")]
pub struct ChatOptimizeReport(llmcost_core::ChatOptimizeReport);

#[pymethods]
impl ChatOptimizeReport {
    /// The messages with optimized contents, as `{"role", "content", "name"?}` dicts (roles and
    /// names unchanged; keys other than these are not carried over).
    #[getter]
    fn messages<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        crate::tokens::messages_to_py(py, &self.0.messages)
    }
    /// One report per message, in order (`tool`/`function` messages are reported unchanged).
    #[getter]
    fn per_message(&self) -> Vec<OptimizeReport> {
        self.0
            .per_message
            .iter()
            .cloned()
            .map(OptimizeReport)
            .collect()
    }
    /// Prompt tokens of the original request, with per-message overhead.
    #[getter]
    fn original_tokens(&self) -> u64 {
        self.0.original_tokens
    }
    /// Prompt tokens of the optimized request, with per-message overhead.
    #[getter]
    fn optimized_tokens(&self) -> u64 {
        self.0.optimized_tokens
    }
    #[getter]
    fn tokens_saved(&self) -> u64 {
        self.0.tokens_saved
    }
    #[getter]
    fn reduction_percentage(&self) -> f64 {
        self.0.reduction_percentage
    }
    /// Input-price savings per call as `decimal.Decimal`; `None` when no model was given.
    #[getter]
    fn estimated_savings_usd<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .estimated_savings_usd
            .map(|u| to_decimal(py, u))
            .transpose()
    }
    fn __len__(&self) -> usize {
        self.0.messages.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "ChatOptimizeReport(messages={}, original_tokens={}, optimized_tokens={}, tokens_saved={})",
            self.0.messages.len(),
            self.0.original_tokens,
            self.0.optimized_tokens,
            self.0.tokens_saved
        )
    }
}

/// One place where a prompt could be shorter. `start`/`end` index the analyzed `str`.
#[pyclass(frozen, module = "llmcost")]
pub struct Finding {
    inner: llmcost_core::Finding,
    start: usize,
    end: usize,
}

#[pymethods]
impl Finding {
    #[getter]
    fn rule_id(&self) -> &str {
        &self.inner.rule_id
    }
    #[getter]
    fn start(&self) -> usize {
        self.start
    }
    #[getter]
    fn end(&self) -> usize {
        self.end
    }
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    #[getter]
    fn replacement(&self) -> &str {
        &self.inner.replacement
    }
    #[getter]
    fn tokens_saved(&self) -> u64 {
        self.inner.tokens_saved
    }
    #[getter]
    fn level(&self) -> &'static str {
        self.inner.level.name()
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding(rule_id='{}', start={}, end={}, level='{}')",
            self.inner.rule_id,
            self.start,
            self.end,
            self.inner.level.name()
        )
    }
}

/// Lint-like findings and statistics for one prompt.
#[pyclass(frozen, module = "llmcost")]
pub struct Analysis {
    inner: llmcost_core::Analysis,
    text: String,
}

#[pymethods]
impl Analysis {
    #[getter]
    fn token_count(&self) -> u64 {
        self.inner.token_count
    }
    #[getter]
    fn word_count(&self) -> u64 {
        self.inner.word_count
    }
    #[getter]
    fn char_count(&self) -> u64 {
        self.inner.char_count
    }
    #[getter]
    fn line_count(&self) -> u64 {
        self.inner.line_count
    }
    #[getter]
    fn empty_lines(&self) -> u64 {
        self.inner.empty_lines
    }
    #[getter]
    fn tokens_per_word(&self) -> f64 {
        self.inner.tokens_per_word
    }
    #[getter]
    fn efficiency_score(&self) -> f64 {
        self.inner.efficiency_score
    }
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.inner
            .findings
            .iter()
            .map(|f| Finding {
                start: char_index(&self.text, f.start),
                end: char_index(&self.text, f.end),
                inner: f.clone(),
            })
            .collect()
    }
    #[getter]
    fn potential_tokens_saved(&self) -> u64 {
        self.inner.potential_tokens_saved
    }
    #[getter]
    fn encoding(&self) -> &'static str {
        self.inner.encoding.name()
    }
    fn __repr__(&self) -> String {
        format!(
            "Analysis(token_count={}, findings={}, efficiency_score={})",
            self.inner.token_count,
            self.inner.findings.len(),
            self.inner.efficiency_score
        )
    }
}

/// The rule-based prompt optimizer (bundled English and Spanish rule packs).
#[pyclass(frozen, module = "llmcost")]
pub struct Optimizer(llmcost_core::Optimizer);

#[pymethods]
impl Optimizer {
    /// An optimizer pricing savings with `catalog` (default: the bundled catalog).
    #[new]
    #[pyo3(signature = (catalog=None))]
    fn new(catalog: Option<&Catalog>) -> PyResult<Self> {
        match catalog {
            None => Ok(Optimizer(llmcost_core::Optimizer::new())),
            Some(c) => llmcost_core::Optimizer::builder()
                .catalog(c.0.clone())
                .build()
                .map(Optimizer)
                .map_err(to_py),
        }
    }

    #[pyo3(signature = (text, *, level="standard", preserve_structure=true, model=None, min_reduction=None, protect=None, keep_prefix_bytes=None, keep_prefix_marker=None))]
    #[allow(clippy::too_many_arguments)]
    fn optimize(
        &self,
        py: Python<'_>,
        text: &str,
        level: &str,
        preserve_structure: bool,
        model: Option<String>,
        min_reduction: Option<f64>,
        protect: Option<Vec<String>>,
        keep_prefix_bytes: Option<usize>,
        keep_prefix_marker: Option<String>,
    ) -> PyResult<OptimizeReport> {
        let opts = options(
            level,
            preserve_structure,
            model,
            min_reduction,
            protect,
            keep_prefix_bytes,
            keep_prefix_marker,
        )?;
        let o = &self.0;
        py.detach(|| o.optimize(text, &opts))
            .map(OptimizeReport)
            .map_err(to_py)
    }

    #[pyo3(signature = (texts, *, level="standard", preserve_structure=true, model=None, min_reduction=None, protect=None, keep_prefix_bytes=None, keep_prefix_marker=None))]
    #[allow(clippy::too_many_arguments)]
    fn optimize_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        level: &str,
        preserve_structure: bool,
        model: Option<String>,
        min_reduction: Option<f64>,
        protect: Option<Vec<String>>,
        keep_prefix_bytes: Option<usize>,
        keep_prefix_marker: Option<String>,
    ) -> PyResult<BatchReport> {
        let opts = options(
            level,
            preserve_structure,
            model,
            min_reduction,
            protect,
            keep_prefix_bytes,
            keep_prefix_marker,
        )?;
        let o = &self.0;
        py.detach(|| o.optimize_batch(&texts, &opts))
            .map(BatchReport)
            .map_err(to_py)
    }

    /// Optimizes the contents of a chat request (`messages`: a list of `{"role", "content",
    /// "name"?}` dicts). Roles and names are never changed; `tool` and `function` messages are
    /// left as they are; the prefix options count across the contents in order.
    #[pyo3(signature = (messages, *, level="standard", preserve_structure=true, model=None, min_reduction=None, protect=None, keep_prefix_bytes=None, keep_prefix_marker=None))]
    #[allow(clippy::too_many_arguments)]
    fn optimize_messages(
        &self,
        py: Python<'_>,
        messages: &Bound<'_, PyAny>,
        level: &str,
        preserve_structure: bool,
        model: Option<String>,
        min_reduction: Option<f64>,
        protect: Option<Vec<String>>,
        keep_prefix_bytes: Option<usize>,
        keep_prefix_marker: Option<String>,
    ) -> PyResult<ChatOptimizeReport> {
        let msgs = crate::tokens::messages(messages)?;
        let opts = options(
            level,
            preserve_structure,
            model,
            min_reduction,
            protect,
            keep_prefix_bytes,
            keep_prefix_marker,
        )?;
        let o = &self.0;
        py.detach(|| o.optimize_messages(&msgs, &opts))
            .map(ChatOptimizeReport)
            .map_err(to_py)
    }

    /// Findings at every level (`model`, `protect` and the prefix are honoured).
    #[pyo3(signature = (text, *, model=None, protect=None, keep_prefix_bytes=None, keep_prefix_marker=None))]
    fn analyze(
        &self,
        py: Python<'_>,
        text: String,
        model: Option<String>,
        protect: Option<Vec<String>>,
        keep_prefix_bytes: Option<usize>,
        keep_prefix_marker: Option<String>,
    ) -> PyResult<Analysis> {
        let opts = options(
            "standard",
            true,
            model,
            None,
            protect,
            keep_prefix_bytes,
            keep_prefix_marker,
        )?;
        let o = &self.0;
        let inner = py.detach(|| o.analyze_with(&text, &opts)).map_err(to_py)?;
        Ok(Analysis { inner, text })
    }

    fn __repr__(&self) -> String {
        format!("Optimizer({} rule packs)", self.0.packs().len())
    }
}
