"""pandas for Hamilton: DataFrame results (the default once installed), numpy matrices,
pandas and numpy type rules, and the pandas side of ``@extract_columns`` and ``@with_columns``.

Installing the package is enough: the Driver finds it through the ``hamilton.plugins``
entry point. Import from here only what you use by name.
"""

from hamilton.function_modifiers import ColumnNotFoundError as MissingColumnError
from hamilton.function_modifiers import extract_columns, with_columns
from hamilton.plugins import lazy_exports

__version__ = "0.9.0.dev1"

__all__ = [
    "ColumnCollisionError",
    "ForeignColumnError",
    "IndexTypeMismatchError",
    "MissingColumnError",
    "NumpyMatrixResult",
    "PandasDataFrameResult",
    "SimplePythonDataFrameGraphAdapter",
    "StrictIndexTypePandasDataFrameResult",
    "extract_columns",
    "with_columns",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ColumnCollisionError": "dataframe_result",
        "ForeignColumnError": "foreign",
        "IndexTypeMismatchError": "dataframe_result",
        "NumpyMatrixResult": "matrix_result",
        "PandasDataFrameResult": "dataframe_result",
        "SimplePythonDataFrameGraphAdapter": "adapter",
        "StrictIndexTypePandasDataFrameResult": "dataframe_result",
    },
)
