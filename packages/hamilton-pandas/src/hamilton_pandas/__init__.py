"""pandas for Hamilton: DataFrame results (the default once installed), numpy matrices,
pandas and numpy type rules, and ``@extract_columns``.

Installing the package is enough: the Driver finds it through the ``hamilton.plugins``
entry point. Import from here only what you use by name.
"""

from hamilton_pandas.adapter import SimplePythonDataFrameGraphAdapter
from hamilton_pandas.columns import MissingColumnError, extract_columns
from hamilton_pandas.dataframe_result import (
    ColumnCollisionError,
    IndexTypeMismatchError,
    PandasDataFrameResult,
    StrictIndexTypePandasDataFrameResult,
)
from hamilton_pandas.matrix_result import NumpyMatrixResult

__version__ = "0.9.0.dev1"

__all__ = [
    "ColumnCollisionError",
    "IndexTypeMismatchError",
    "MissingColumnError",
    "NumpyMatrixResult",
    "PandasDataFrameResult",
    "SimplePythonDataFrameGraphAdapter",
    "StrictIndexTypePandasDataFrameResult",
    "extract_columns",
]
