//! `Encoding` and `TokenCount`.
use pyo3::prelude::*;

use pyo3::types::{PyDict, PyMapping, PyString};

use crate::error::{InvalidInputError, to_py};

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

/// Converts a sequence of `{"role", "content", "name"?}` mappings into core messages. Other keys
/// are ignored; a missing or non-`str` role or content, or a `name` that is neither `str` nor
/// `None`, is an `InvalidInputError` naming the message.
pub fn messages(messages: &Bound<'_, PyAny>) -> PyResult<Vec<llmcost_core::ChatMessage>> {
    const SHAPE: &str =
        "messages must be a list of {'role': str, 'content': str, 'name'?: str} dicts";
    if messages.is_instance_of::<PyString>() || messages.is_instance_of::<PyMapping>() {
        return Err(InvalidInputError::new_err(SHAPE));
    }
    let items = messages
        .try_iter()
        .map_err(|_| InvalidInputError::new_err(SHAPE))?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        let Ok(m) = item.cast::<PyMapping>() else {
            return Err(InvalidInputError::new_err(format!(
                "messages[{i}] must be a dict with 'role' and 'content' keys, got {}",
                type_name(&item)
            )));
        };
        let field = |key: &str| -> PyResult<Option<String>> {
            if !m.contains(key)? {
                return Ok(None);
            }
            let v = m.get_item(key)?;
            if v.is_none() {
                return Ok(None);
            }
            match v.cast::<PyString>() {
                Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
                Err(_) => Err(InvalidInputError::new_err(format!(
                    "messages[{i}]['{key}'] must be a str, got {}",
                    type_name(&v)
                ))),
            }
        };
        let (Some(role), Some(content)) = (field("role")?, field("content")?) else {
            return Err(InvalidInputError::new_err(format!(
                "messages[{i}] needs string 'role' and 'content' keys"
            )));
        };
        let mut msg = llmcost_core::ChatMessage::new(role, content);
        if let Some(name) = field("name")? {
            msg = msg.with_name(name);
        }
        out.push(msg);
    }
    Ok(out)
}

/// Core messages as `{"role", "content", "name"?}` dicts.
pub fn messages_to_py<'py>(
    py: Python<'py>,
    messages: &[llmcost_core::ChatMessage],
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    messages
        .iter()
        .map(|m| {
            let d = PyDict::new(py);
            d.set_item("role", &m.role)?;
            d.set_item("content", &m.content)?;
            if let Some(name) = &m.name {
                d.set_item("name", name)?;
            }
            Ok(d)
        })
        .collect()
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "an object".to_string(), |n| n.to_string())
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
    fn count_messages(&self, py: Python<'_>, messages: &Bound<'_, PyAny>) -> PyResult<u64> {
        let msgs = self::messages(messages)?;
        let e = self.0;
        Ok(py.detach(|| e.count_messages(&msgs)))
    }
    fn __repr__(&self) -> String {
        format!("Encoding('{}')", self.0.name())
    }
}
