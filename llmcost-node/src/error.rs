//! `llmcost_core::Error` → a JS `Error` whose `code` is the `ErrorKind` code (`"UNKNOWN_MODEL"`, ...).

/// The `err.code` a JS error carries.
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

pub type Result<T> = napi::Result<T, Code>;

pub fn to_js(e: llmcost_core::Error) -> napi::Error<Code> {
    napi::Error::new(Code(e.kind().code()), e.message())
}

pub fn invalid(message: String) -> napi::Error<Code> {
    napi::Error::new(Code(llmcost_core::ErrorKind::InvalidInput.code()), message)
}

/// A JS number that must be a non-negative integer token count.
pub fn tokens(field: &str, v: f64) -> Result<u64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        Ok(v as u64)
    } else {
        Err(invalid(format!(
            "{field} must be a non-negative integer token count, got {v}"
        )))
    }
}
