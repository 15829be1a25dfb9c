"""polars for Hamilton: DataFrame and LazyFrame results and ``extract_columns``, with no pandas."""

from hamilton_polars.columns import extract_columns
from hamilton_polars.errors import ColumnCollisionError, ColumnNotFoundError, LengthMismatchError
from hamilton_polars.results import PolarsDataFrameResult, PolarsLazyFrameResult

__all__ = [
    "ColumnCollisionError",
    "ColumnNotFoundError",
    "LengthMismatchError",
    "PolarsDataFrameResult",
    "PolarsLazyFrameResult",
    "extract_columns",
]
