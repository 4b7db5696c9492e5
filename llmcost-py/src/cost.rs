//! `Usage` and `Cost`.
use pyo3::prelude::*;

use crate::money::to_decimal;

/// Tokens used by one request (input includes cache reads/writes; output includes reasoning).
#[pyclass(frozen, module = "llmcost")]
#[derive(Clone)]
pub struct Usage(pub llmcost_core::Usage);

#[pymethods]
impl Usage {
    #[new]
    #[pyo3(signature = (input_tokens=0, output_tokens=0, *, cached_input_tokens=0, cache_write_5m_tokens=0, cache_write_1h_tokens=0, reasoning_tokens=0, batch=false))]
    fn new(
        input_tokens: u64,
        output_tokens: u64,
        cached_input_tokens: u64,
        cache_write_5m_tokens: u64,
        cache_write_1h_tokens: u64,
        reasoning_tokens: u64,
        batch: bool,
    ) -> Self {
        Usage(
            llmcost_core::Usage::new(input_tokens, output_tokens)
                .with_cached_input(cached_input_tokens)
                .with_cache_write_5m(cache_write_5m_tokens)
                .with_cache_write_1h(cache_write_1h_tokens)
                .with_reasoning(reasoning_tokens)
                .with_batch(batch),
        )
    }
    #[getter]
    fn input_tokens(&self) -> u64 {
        self.0.input_tokens
    }
    #[getter]
    fn output_tokens(&self) -> u64 {
        self.0.output_tokens
    }
    #[getter]
    fn cached_input_tokens(&self) -> u64 {
        self.0.cached_input_tokens
    }
    #[getter]
    fn cache_write_5m_tokens(&self) -> u64 {
        self.0.cache_write_5m_tokens
    }
    #[getter]
    fn cache_write_1h_tokens(&self) -> u64 {
        self.0.cache_write_1h_tokens
    }
    #[getter]
    fn reasoning_tokens(&self) -> u64 {
        self.0.reasoning_tokens
    }
    #[getter]
    fn batch(&self) -> bool {
        self.0.batch
    }
    /// Reads a provider's usage JSON (a response, a final stream chunk, a usage object, or an
    /// array of stream events). `provider`: `"openai"`, `"anthropic"`, `"google"`, ... or `None`
    /// to tell it by the JSON's shape.
    #[staticmethod]
    #[pyo3(signature = (provider, json))]
    fn from_provider_json(provider: Option<&str>, json: &str) -> PyResult<Usage> {
        llmcost_core::Usage::from_provider_json(provider, json)
            .map(Usage)
            .map_err(crate::error::to_py)
    }
    #[staticmethod]
    fn from_openai_json(json: &str) -> PyResult<Usage> {
        llmcost_core::Usage::from_openai_json(json)
            .map(Usage)
            .map_err(crate::error::to_py)
    }
    #[staticmethod]
    fn from_anthropic_json(json: &str) -> PyResult<Usage> {
        llmcost_core::Usage::from_anthropic_json(json)
            .map(Usage)
            .map_err(crate::error::to_py)
    }
    #[staticmethod]
    fn from_gemini_json(json: &str) -> PyResult<Usage> {
        llmcost_core::Usage::from_gemini_json(json)
            .map(Usage)
            .map_err(crate::error::to_py)
    }
    fn __eq__(&self, other: &Usage) -> bool {
        self.0 == other.0
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// The exact cost of one request; amounts are `decimal.Decimal`.
#[pyclass(frozen, module = "llmcost")]
pub struct Cost(pub llmcost_core::Cost);

#[pymethods]
impl Cost {
    #[getter]
    fn model(&self) -> &str {
        &self.0.model
    }
    #[getter]
    fn provider(&self) -> &str {
        &self.0.provider
    }
    #[getter]
    fn as_of(&self) -> &str {
        &self.0.as_of
    }
    #[getter]
    fn input<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.input)
    }
    #[getter]
    fn cached_input<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.cached_input)
    }
    #[getter]
    fn cache_write<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.cache_write)
    }
    #[getter]
    fn output<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.output)
    }
    #[getter]
    fn reasoning<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.reasoning)
    }
    #[getter]
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.total)
    }
    #[getter]
    fn tier(&self) -> Option<u64> {
        self.0.tier
    }
    #[getter]
    fn batch(&self) -> bool {
        self.0.batch
    }
    fn __repr__(&self) -> String {
        format!(
            "Cost(model='{}', total=Decimal('{}'))",
            self.0.model, self.0.total
        )
    }
}
