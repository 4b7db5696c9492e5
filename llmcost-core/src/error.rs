//! The one error type of llmcost.
//!
//! Every fallible operation returns [`Result<T>`]. An [`Error`] carries an [`ErrorKind`] (what class
//! of failure it is, and so whether retrying can help), a message that says what was wrong and what
//! to do about it, and optionally the underlying cause as its [`std::error::Error::source`].
//!
//! Each kind maps to one Python exception class (a subclass of `LlmcostError`) and one Node
//! `err.code` string, given by [`ErrorKind::code`].

use std::fmt;

/// A `Result` whose error is llmcost's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What class of failure an [`Error`] is.
///
/// New kinds may be added in minor releases, so match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller passed something malformed: a negative or inconsistent token count, a usage object
    /// of the wrong shape, an unparsable money amount, an unknown option value.
    ///
    /// Triggers: `Usd::from_str("1.2.3")`, `Usage` with more cached than total input tokens, a provider
    /// usage JSON missing a required field. Retrying the same input fails the same way.
    InvalidInput,
    /// The model id, alias or provider-prefixed id is not in the catalog. The message suggests the
    /// closest known ids. Fix the id, or add the model to the catalog with `Catalog::merge`.
    UnknownModel,
    /// The model is known but the price needed for this computation is not (for example a batch
    /// request to a model without batch prices). An unknown price is never treated as zero.
    PriceUnknown,
    /// A catalog file (native or LiteLLM format) could not be read: bad JSON (the message names line
    /// and column), a wrong schema version, or an invalid field (the message names the model and field).
    CatalogInvalid,
    /// A budget would be exceeded by the operation. Not retryable until the budget resets or grows.
    BudgetExceeded,
    /// A storage backend (file, database, cache server) could not be reached or failed. Retryable.
    StorageUnavailable,
    /// The operation is not supported by this backend or build; the message names the cargo feature
    /// or backend that provides it.
    Unsupported,
    /// A bug in llmcost: an invariant did not hold. Please report it.
    Internal,
}

impl ErrorKind {
    /// A stable, machine-readable code for this kind, used as Node's `err.code` and in logs:
    /// `"INVALID_INPUT"`, `"UNKNOWN_MODEL"`, `"PRICE_UNKNOWN"`, `"CATALOG_INVALID"`,
    /// `"BUDGET_EXCEEDED"`, `"STORAGE_UNAVAILABLE"`, `"UNSUPPORTED"`, `"INTERNAL"`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "INVALID_INPUT",
            ErrorKind::UnknownModel => "UNKNOWN_MODEL",
            ErrorKind::PriceUnknown => "PRICE_UNKNOWN",
            ErrorKind::CatalogInvalid => "CATALOG_INVALID",
            ErrorKind::BudgetExceeded => "BUDGET_EXCEEDED",
            ErrorKind::StorageUnavailable => "STORAGE_UNAVAILABLE",
            ErrorKind::Unsupported => "UNSUPPORTED",
            ErrorKind::Internal => "INTERNAL",
        }
    }

    /// Whether retrying the same operation later can succeed without changing the input.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorKind::StorageUnavailable)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error returned by every fallible llmcost operation.
///
/// `Display` prints the message only; the kind is available from [`Error::kind`] and the cause from
/// [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// Creates an error of `kind` with a message that says what was wrong and what to do.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The class of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The human-readable message (also what `Display` prints).
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    pub(crate) fn catalog_invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::CatalogInvalid, message)
    }

    pub(crate) fn price_unknown(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::PriceUnknown, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_message_and_source_is_kept() {
        let io = std::io::Error::other("disk gone");
        let e = Error::new(
            ErrorKind::StorageUnavailable,
            "cannot open ledger; check the path",
        )
        .with_source(io);
        assert_eq!(e.to_string(), "cannot open ledger; check the path");
        assert_eq!(e.kind(), ErrorKind::StorageUnavailable);
        assert!(e.kind().is_retryable());
        let src = std::error::Error::source(&e).map(|s| s.to_string());
        assert_eq!(src.as_deref(), Some("disk gone"));
    }

    #[test]
    fn codes_are_distinct() {
        let kinds = [
            ErrorKind::InvalidInput,
            ErrorKind::UnknownModel,
            ErrorKind::PriceUnknown,
            ErrorKind::CatalogInvalid,
            ErrorKind::BudgetExceeded,
            ErrorKind::StorageUnavailable,
            ErrorKind::Unsupported,
            ErrorKind::Internal,
        ];
        let codes: std::collections::HashSet<_> = kinds.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), kinds.len());
    }
}
