"""polars for Hamilton: DataFrame and LazyFrame results and ``extract_columns``, with no pandas."""

from hamilton.function_modifiers import ColumnNotFoundError, extract_columns, with_columns
from hamilton.plugins import lazy_exports

__all__ = [
    "ColumnCollisionError",
    "ColumnNotFoundError",
    "LengthMismatchError",
    "PolarsDataFrameResult",
    "PolarsLazyFrameResult",
    "extract_columns",
    "with_columns",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ColumnCollisionError": "errors",
        "LengthMismatchError": "errors",
        "PolarsDataFrameResult": "results",
        "PolarsLazyFrameResult": "results",
    },
)
