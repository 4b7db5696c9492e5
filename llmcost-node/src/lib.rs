//! Node.js bindings for llmcost. Thin by design: each file mirrors a core module and only converts
//! types and errors; all logic lives in `llmcost-core`.
#![allow(missing_docs)]

pub mod catalog;
pub mod cost;
pub mod error;
pub mod optimize;
pub mod select;
pub mod tokens;

/// The version of the llmcost package.
#[napi_derive::napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
