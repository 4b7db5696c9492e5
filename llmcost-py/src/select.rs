//! `Selector`, `Requirements`, `Selection`, `Choice`, `Alternative`.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::catalog::Catalog;
use crate::cost::Usage;
use crate::error::{InvalidInputError, to_py};
use crate::money::to_decimal;

/// What a task needs from a model. Fields and defaults are those of the core `Requirements`;
/// money may be a `Decimal`, `int`, `float` or decimal `str`.
#[pyclass(frozen, module = "llmcost")]
#[derive(Clone)]
pub struct Requirements(llmcost_core::Requirements);

/// A dict of requirement fields → core requirements, through the core's JSON reader.
fn from_dict(d: &Bound<'_, PyDict>) -> PyResult<llmcost_core::Requirements> {
    let py = d.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("default", py.get_type::<PyString>())?;
    let json: String = py
        .import("json")?
        .getattr("dumps")?
        .call((d,), Some(&kwargs))?
        .extract()?;
    llmcost_core::Requirements::from_json_str(&json).map_err(to_py)
}

#[pymethods]
impl Requirements {
    #[new]
    #[pyo3(signature = (task_type="general_chat", **fields))]
    fn new(py: Python<'_>, task_type: &str, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let d = match fields {
            Some(f) => f.copy()?,
            None => PyDict::new(py),
        };
        d.set_item("task_type", task_type)?;
        from_dict(&d).map(Requirements)
    }
    #[staticmethod]
    fn from_dict(fields: &Bound<'_, PyDict>) -> PyResult<Self> {
        from_dict(fields).map(Requirements)
    }
    #[staticmethod]
    fn from_json_str(json: &str) -> PyResult<Self> {
        llmcost_core::Requirements::from_json_str(json)
            .map(Requirements)
            .map_err(to_py)
    }
    #[getter]
    fn task_type(&self) -> &str {
        &self.0.task_type
    }
    #[getter]
    fn complexity_level(&self) -> &'static str {
        self.0.complexity_level.as_str()
    }
    #[getter]
    fn required_capabilities(&self) -> Vec<String> {
        self.0.required_capabilities.clone()
    }
    #[getter]
    fn max_acceptable_cost<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .max_acceptable_cost
            .map(|u| to_decimal(py, u))
            .transpose()
    }
    #[getter]
    fn quality_threshold(&self) -> f64 {
        self.0.quality_threshold
    }
    /// `"any"`, `"medium"` or `"fast"` (`"slow"` reads back as `"any"`: no constraint).
    #[getter]
    fn speed_requirement(&self) -> String {
        speed_name(self.0.speed_requirement)
    }
    #[getter]
    fn context_length_needed(&self) -> u64 {
        self.0.context_length_needed
    }
    #[getter]
    fn estimated_input_tokens(&self) -> u64 {
        self.0.estimated_input_tokens
    }
    #[getter]
    fn estimated_output_tokens(&self) -> u64 {
        self.0.estimated_output_tokens
    }
    #[getter]
    fn allowed_providers(&self) -> Vec<String> {
        self.0.allowed_providers.clone()
    }
    #[getter]
    fn denied_providers(&self) -> Vec<String> {
        self.0.denied_providers.clone()
    }
    #[getter]
    fn min_output_tokens_per_s(&self) -> Option<f64> {
        self.0.min_output_tokens_per_s
    }
    #[getter]
    fn max_ttft_s(&self) -> Option<f64> {
        self.0.max_ttft_s
    }
    #[getter]
    fn max_latency_s(&self) -> Option<f64> {
        self.0.max_latency_s
    }
    #[getter]
    fn cached_input_share(&self) -> f64 {
        self.0.cached_input_share
    }
    #[getter]
    fn batch_allowed(&self) -> bool {
        self.0.batch_allowed
    }
    #[getter]
    fn remaining_budget<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .remaining_budget
            .map(|u| to_decimal(py, u))
            .transpose()
    }
    #[getter]
    fn as_of(&self) -> Option<&str> {
        self.0.as_of.as_deref()
    }
    #[getter]
    fn exclude_deprecated(&self) -> bool {
        self.0.exclude_deprecated
    }
    #[getter]
    fn max_alternatives(&self) -> usize {
        self.0.max_alternatives
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// The name `SpeedRequirement` parses from.
fn speed_name(s: llmcost_core::SpeedRequirement) -> String {
    use llmcost_core::SpeedRequirement as S;
    match s {
        S::Any => "any".to_string(),
        S::Medium => "medium".to_string(),
        S::Fast => "fast".to_string(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

/// `Requirements` or a dict of its fields.
fn requirements(req: &Bound<'_, PyAny>) -> PyResult<llmcost_core::Requirements> {
    if let Ok(r) = req.cast::<Requirements>() {
        return Ok(r.get().0.clone());
    }
    if let Ok(d) = req.cast::<PyDict>() {
        return from_dict(d);
    }
    Err(InvalidInputError::new_err(
        "requirements must be a Requirements or a dict of its fields",
    ))
}

/// A model that meets every constraint, with the figures the selection used.
#[pyclass(frozen, module = "llmcost")]
pub struct Choice(llmcost_core::Choice);

#[pymethods]
impl Choice {
    #[getter]
    fn model(&self) -> &str {
        &self.0.model
    }
    #[getter]
    fn provider(&self) -> &str {
        &self.0.provider
    }
    /// Estimated cost of one request.
    #[getter]
    fn cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.cost)
    }
    #[getter]
    fn batch(&self) -> bool {
        self.0.batch
    }
    #[getter]
    fn quality(&self) -> f64 {
        self.0.quality
    }
    #[getter]
    fn output_tokens_per_s(&self) -> Option<f64> {
        self.0.output_tokens_per_s
    }
    #[getter]
    fn ttft_s(&self) -> Option<f64> {
        self.0.ttft_s
    }
    #[getter]
    fn estimated_latency_s(&self) -> Option<f64> {
        self.0.estimated_latency_s
    }
    #[getter]
    fn context_window(&self) -> Option<u64> {
        self.0.context_window
    }
    #[getter]
    fn retires_on(&self) -> Option<&str> {
        self.0.retires_on.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "Choice(model='{}', cost=Decimal('{}'))",
            self.0.model, self.0.cost
        )
    }
}

/// A feasible model ranked after the chosen one.
#[pyclass(frozen, module = "llmcost")]
pub struct Alternative(llmcost_core::Alternative);

#[pymethods]
impl Alternative {
    #[getter]
    fn choice(&self) -> Choice {
        Choice(self.0.choice.clone())
    }
    /// Why it was not chosen, in words.
    #[getter]
    fn lost_on(&self) -> String {
        self.0.lost_on.to_string()
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self) -> String {
        format!("Alternative('{}')", self.0)
    }
}

/// The outcome of `Selector.select`.
#[pyclass(frozen, module = "llmcost")]
pub struct Selection(llmcost_core::Selection);

#[pymethods]
impl Selection {
    #[getter]
    fn success(&self) -> bool {
        self.0.success
    }
    #[getter]
    fn chosen(&self) -> Option<Choice> {
        self.0.chosen.clone().map(Choice)
    }
    #[getter]
    fn alternatives(&self) -> Vec<Alternative> {
        self.0
            .alternatives
            .iter()
            .cloned()
            .map(Alternative)
            .collect()
    }
    /// When nothing fits: the closest candidates, each as its one-line description.
    #[getter]
    fn closest(&self) -> Vec<String> {
        self.0.closest.iter().map(|n| n.to_string()).collect()
    }
    #[getter]
    fn feasible(&self) -> usize {
        self.0.feasible
    }
    #[getter]
    fn task(&self) -> &'static str {
        self.0.task.as_str()
    }
    #[getter]
    fn quality_bar(&self) -> f64 {
        self.0.quality_bar
    }
    #[getter]
    fn usage(&self) -> Usage {
        Usage(self.0.usage)
    }
    #[getter]
    fn as_of(&self) -> Option<&str> {
        self.0.as_of.as_deref()
    }
    /// Every rejected model, each as `"model: why"`.
    fn rejected(&self) -> Vec<String> {
        self.0.rejected().map(|r| r.to_string()).collect()
    }
    fn rejected_count(&self) -> usize {
        self.0.rejected_count()
    }
    fn reasons(&self) -> Vec<String> {
        self.0.reasons()
    }
    fn explanation(&self) -> String {
        self.0.explanation()
    }
    fn __repr__(&self) -> String {
        match &self.0.chosen {
            Some(c) => format!(
                "Selection(chosen='{}', feasible={})",
                c.model, self.0.feasible
            ),
            None => "Selection(chosen=None)".to_string(),
        }
    }
}

/// Chooses the cheapest model that meets every constraint, and explains the choice.
#[pyclass(frozen, module = "llmcost")]
pub struct Selector(llmcost_core::Selector);

#[pymethods]
impl Selector {
    /// A selector over `catalog` (default: the bundled catalog).
    #[new]
    #[pyo3(signature = (catalog=None))]
    fn new(catalog: Option<&Catalog>) -> Self {
        match catalog {
            Some(c) => Selector(llmcost_core::Selector::new(&c.0)),
            None => Selector(llmcost_core::Selector::new(
                &llmcost_core::Catalog::bundled(),
            )),
        }
    }
    /// `requirements`: a `Requirements` or a dict of its fields.
    fn select(&self, py: Python<'_>, requirements: &Bound<'_, PyAny>) -> PyResult<Selection> {
        let req = self::requirements(requirements)?;
        let s = &self.0;
        py.detach(|| s.select(&req)).map(Selection).map_err(to_py)
    }
    /// Up to `n` models to try in order, the first being the one `select` chooses.
    fn fallback_chain(
        &self,
        py: Python<'_>,
        requirements: &Bound<'_, PyAny>,
        n: usize,
    ) -> PyResult<Vec<Choice>> {
        let req = self::requirements(requirements)?;
        let s = &self.0;
        py.detach(|| s.fallback_chain(&req, n))
            .map(|v| v.into_iter().map(Choice).collect())
            .map_err(to_py)
    }
    fn __repr__(&self) -> String {
        format!("Selector({} models)", self.0.catalog().len())
    }
}
