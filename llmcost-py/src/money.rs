//! `Usd` ↔ `decimal.Decimal` (exact: through the decimal string).
use llmcost_core::Usd;
use pyo3::prelude::*;

pub fn to_decimal(py: Python<'_>, usd: Usd) -> PyResult<Bound<'_, PyAny>> {
    py.import("decimal")?
        .getattr("Decimal")?
        .call1((usd.to_string(),))
}
