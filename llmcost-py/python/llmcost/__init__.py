"""llmcost: count, price and cut LLM API spend, in-process (Rust core).

Amounts of money are ``decimal.Decimal`` and exact.
"""

from llmcost._llmcost import (
    BudgetExceededError,
    Catalog,
    CatalogInvalidError,
    Cost,
    Encoding,
    InternalError,
    InvalidInputError,
    LlmcostError,
    ModelInfo,
    PriceUnknownError,
    StorageUnavailableError,
    TokenCount,
    UnknownModelError,
    UnsupportedError,
    Usage,
    __version__,
)

__all__ = [
    "BudgetExceededError",
    "Catalog",
    "CatalogInvalidError",
    "Cost",
    "Encoding",
    "InternalError",
    "InvalidInputError",
    "LlmcostError",
    "ModelInfo",
    "PriceUnknownError",
    "StorageUnavailableError",
    "TokenCount",
    "UnknownModelError",
    "UnsupportedError",
    "Usage",
    "__version__",
]
