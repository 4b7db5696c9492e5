//! `llmcost_core::Error` → one Python exception class per `ErrorKind`, all subclasses of `LlmcostError`.
use llmcost_core::ErrorKind;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    llmcost,
    LlmcostError,
    PyException,
    "Base class of every llmcost error."
);
create_exception!(llmcost, InvalidInputError, LlmcostError, "Malformed input.");
create_exception!(
    llmcost,
    UnknownModelError,
    LlmcostError,
    "Model not in the catalog."
);
create_exception!(
    llmcost,
    PriceUnknownError,
    LlmcostError,
    "A needed price is not known."
);
create_exception!(
    llmcost,
    CatalogInvalidError,
    LlmcostError,
    "A catalog file is invalid."
);
create_exception!(
    llmcost,
    BudgetExceededError,
    LlmcostError,
    "A budget would be exceeded."
);
create_exception!(
    llmcost,
    StorageUnavailableError,
    LlmcostError,
    "A storage backend failed (retryable)."
);
create_exception!(
    llmcost,
    UnsupportedError,
    LlmcostError,
    "Not supported by this backend or build."
);
create_exception!(
    llmcost,
    InternalError,
    LlmcostError,
    "An llmcost bug; please report it."
);

/// Converts a core error into the matching Python exception.
pub fn to_py(e: llmcost_core::Error) -> PyErr {
    let msg = e.message().to_string();
    match e.kind() {
        ErrorKind::InvalidInput => InvalidInputError::new_err(msg),
        ErrorKind::UnknownModel => UnknownModelError::new_err(msg),
        ErrorKind::PriceUnknown => PriceUnknownError::new_err(msg),
        ErrorKind::CatalogInvalid => CatalogInvalidError::new_err(msg),
        ErrorKind::BudgetExceeded => BudgetExceededError::new_err(msg),
        ErrorKind::StorageUnavailable => StorageUnavailableError::new_err(msg),
        ErrorKind::Unsupported => UnsupportedError::new_err(msg),
        _ => InternalError::new_err(msg),
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("LlmcostError", py.get_type::<LlmcostError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("UnknownModelError", py.get_type::<UnknownModelError>())?;
    m.add("PriceUnknownError", py.get_type::<PriceUnknownError>())?;
    m.add("CatalogInvalidError", py.get_type::<CatalogInvalidError>())?;
    m.add("BudgetExceededError", py.get_type::<BudgetExceededError>())?;
    m.add(
        "StorageUnavailableError",
        py.get_type::<StorageUnavailableError>(),
    )?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
