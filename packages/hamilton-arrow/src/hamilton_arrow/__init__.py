"""Arrow for Hamilton: ``pa.Table`` and ``pa.RecordBatch`` results, with no pandas."""

from hamilton_arrow.errors import ColumnCollisionError, LengthMismatchError
from hamilton_arrow.results import ArrowRecordBatchResult, ArrowTableResult

__all__ = ["ArrowRecordBatchResult", "ArrowTableResult", "ColumnCollisionError", "LengthMismatchError"]
