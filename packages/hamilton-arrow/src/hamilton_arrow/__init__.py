"""Arrow for Hamilton: ``pa.Table`` and ``pa.RecordBatch`` results, with no pandas."""

from hamilton.plugins import lazy_exports

__all__ = [
    "ArrowRecordBatchResult",
    "ArrowTableResult",
    "ColumnCollisionError",
    "LengthMismatchError",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ArrowRecordBatchResult": "results",
        "ArrowTableResult": "results",
        "ColumnCollisionError": "errors",
        "LengthMismatchError": "errors",
    },
)
