//! `Catalog` and `ModelInfo`.
use pyo3::prelude::*;

use crate::cost::{Cost, Usage};
use crate::error::to_py;
use crate::money::to_decimal;
use crate::tokens::TokenCount;

/// One model's catalog entry (read-only).
#[pyclass(frozen, module = "llmcost")]
pub struct ModelInfo(llmcost_core::ModelInfo);

#[pymethods]
impl ModelInfo {
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn provider(&self) -> &str {
        &self.0.provider
    }
    #[getter]
    fn aliases(&self) -> Vec<String> {
        self.0.aliases.clone()
    }
    #[getter]
    fn context_window(&self) -> Option<u64> {
        self.0.context_window
    }
    #[getter]
    fn max_output_tokens(&self) -> Option<u64> {
        self.0.max_output_tokens
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    #[getter]
    fn as_of(&self) -> &str {
        &self.0.as_of
    }
    fn __repr__(&self) -> String {
        format!(
            "ModelInfo(id='{}', provider='{}')",
            self.0.id, self.0.provider
        )
    }
}

/// The pricing catalog: models, prices, limits, with provenance.
#[pyclass(frozen, module = "llmcost")]
pub struct Catalog(pub llmcost_core::Catalog);

#[pymethods]
impl Catalog {
    /// The catalog bundled with this build (offline).
    #[staticmethod]
    fn bundled() -> Self {
        Catalog(llmcost_core::Catalog::bundled())
    }
    #[staticmethod]
    fn from_json_str(json: &str) -> PyResult<Self> {
        llmcost_core::Catalog::from_json_str(json)
            .map(Catalog)
            .map_err(to_py)
    }
    #[staticmethod]
    fn from_path(path: std::path::PathBuf) -> PyResult<Self> {
        llmcost_core::Catalog::from_path(path)
            .map(Catalog)
            .map_err(to_py)
    }
    fn merge(&self, overrides: &Catalog) -> PyResult<Catalog> {
        self.0.merge(&overrides.0).map(Catalog).map_err(to_py)
    }
    #[getter]
    fn as_of(&self) -> &str {
        self.0.as_of()
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    fn get(&self, name: &str) -> PyResult<ModelInfo> {
        self.0.get(name).cloned().map(ModelInfo).map_err(to_py)
    }
    fn models(&self) -> Vec<ModelInfo> {
        self.0.models().iter().cloned().map(ModelInfo).collect()
    }
    fn cost(&self, model: &str, usage: &Usage) -> PyResult<Cost> {
        self.0.cost(model, &usage.0).map(Cost).map_err(to_py)
    }
    fn total_cost<'py>(
        &self,
        py: Python<'py>,
        model: &str,
        usage: &Usage,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(py, self.0.total_cost(model, &usage.0).map_err(to_py)?)
    }
    #[pyo3(signature = (model, input_tokens, max_tokens=None))]
    fn worst_case<'py>(
        &self,
        py: Python<'py>,
        model: &str,
        input_tokens: u64,
        max_tokens: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_decimal(
            py,
            self.0
                .worst_case(model, input_tokens, max_tokens)
                .map_err(to_py)?,
        )
    }
    fn count_tokens(&self, py: Python<'_>, model: &str, text: &str) -> PyResult<TokenCount> {
        let catalog = &self.0;
        py.detach(|| catalog.count_tokens(model, text))
            .map(TokenCount)
            .map_err(to_py)
    }
    /// `messages`: a list of `{"role": ..., "content": ..., "name"?: ...}` dicts.
    fn count_messages(
        &self,
        py: Python<'_>,
        model: &str,
        messages: &Bound<'_, PyAny>,
    ) -> PyResult<TokenCount> {
        let msgs = crate::tokens::messages(messages)?;
        let catalog = &self.0;
        py.detach(|| catalog.count_messages(model, &msgs))
            .map(TokenCount)
            .map_err(to_py)
    }
    fn __repr__(&self) -> String {
        format!(
            "Catalog({} models, as_of='{}')",
            self.0.len(),
            self.0.as_of()
        )
    }
}
