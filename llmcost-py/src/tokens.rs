//! `Encoding` and `TokenCount`.
use pyo3::prelude::*;

use crate::error::to_py;

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

/// A byte-pair encoding (`"o200k_base"`, `"cl100k_base"`, `"p50k_base"`, `"r50k_base"`).
#[pyclass(frozen, module = "llmcost")]
pub struct Encoding(llmcost_core::Encoding);

/// Converts `[{"role", "content", "name"?}]` dicts into core messages.
pub fn messages(
    messages: Vec<std::collections::HashMap<String, String>>,
) -> PyResult<Vec<llmcost_core::ChatMessage>> {
    let mut out = Vec::with_capacity(messages.len());
    for (i, m) in messages.into_iter().enumerate() {
        let (Some(role), Some(content)) = (m.get("role"), m.get("content")) else {
            return Err(crate::error::InvalidInputError::new_err(format!(
                "messages[{i}] needs string 'role' and 'content' keys"
            )));
        };
        let mut msg = llmcost_core::ChatMessage::new(role.clone(), content.clone());
        if let Some(name) = m.get("name") {
            msg = msg.with_name(name.clone());
        }
        out.push(msg);
    }
    Ok(out)
}

#[pymethods]
impl Encoding {
    #[new]
    fn new(name: &str) -> PyResult<Self> {
        name.parse().map(Encoding).map_err(to_py)
    }
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }
    /// Number of tokens in `text` (ordinary text; equals tiktoken's `len(encode_ordinary(text))`).
    fn count(&self, py: Python<'_>, text: &str) -> usize {
        let e = self.0;
        py.detach(|| e.count(text))
    }
    /// Token ids of `text` (ordinary text).
    fn encode(&self, py: Python<'_>, text: &str) -> Vec<u32> {
        let e = self.0;
        py.detach(|| e.encode(text))
    }
    /// Prompt tokens of a chat request, with OpenAI's per-message overhead.
    fn count_messages(
        &self,
        py: Python<'_>,
        messages: Vec<std::collections::HashMap<String, String>>,
    ) -> PyResult<u64> {
        let msgs = self::messages(messages)?;
        let e = self.0;
        Ok(py.detach(|| e.count_messages(&msgs)))
    }
    fn __repr__(&self) -> String {
        format!("Encoding('{}')", self.0.name())
    }
}
