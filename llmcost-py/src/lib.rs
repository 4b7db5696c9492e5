//! Python bindings for llmcost. Thin by design: each file mirrors a core module and only converts
//! types and errors; all logic lives in `llmcost-core`.
#![allow(missing_docs)]

mod catalog;
mod cost;
mod error;
mod money;
mod optimize;
mod select;
mod tokens;

use pyo3::prelude::*;

#[pymodule]
fn _llmcost(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_class::<cost::Usage>()?;
    m.add_class::<cost::Cost>()?;
    m.add_class::<tokens::TokenCount>()?;
    m.add_class::<tokens::Encoding>()?;
    m.add_class::<catalog::ModelInfo>()?;
    m.add_class::<catalog::Catalog>()?;
    m.add_class::<optimize::AppliedOptimization>()?;
    m.add_class::<optimize::OptimizeReport>()?;
    m.add_class::<optimize::BatchReport>()?;
    m.add_class::<optimize::ChatOptimizeReport>()?;
    m.add_class::<optimize::Finding>()?;
    m.add_class::<optimize::Analysis>()?;
    m.add_class::<optimize::Optimizer>()?;
    m.add_class::<select::Requirements>()?;
    m.add_class::<select::Choice>()?;
    m.add_class::<select::Alternative>()?;
    m.add_class::<select::Selection>()?;
    m.add_class::<select::Selector>()?;
    Ok(())
}
