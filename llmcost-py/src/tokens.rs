//! `TokenCount`.
use pyo3::prelude::*;

/// The result of counting: the number, the encoding used, and whether it is an estimate.
#[pyclass(frozen, module = "llmcost")]
pub struct TokenCount(pub llmcost_core::TokenCount);

#[pymethods]
impl TokenCount {
    #[getter]
    fn tokens(&self) -> u64 {
        self.0.tokens
    }
    #[getter]
    fn encoding(&self) -> &'static str {
        self.0.encoding.name()
    }
    #[getter]
    fn estimated(&self) -> bool {
        self.0.estimated
    }
    fn __repr__(&self) -> String {
        format!(
            "TokenCount(tokens={}, encoding='{}', estimated={})",
            self.0.tokens,
            self.0.encoding.name(),
            if self.0.estimated { "True" } else { "False" }
        )
    }
}
