"""Outputs from polars and Arrow, for the pandas result: converted, sharing memory where the libraries allow.

A polars Series or an Arrow array becomes a ``pd.Series`` placed row by row, as a list
would be (it has no index); a polars DataFrame (or LazyFrame, collected) or an Arrow
table becomes a ``pd.DataFrame``. Columns of numbers without nulls keep sharing the
library's memory, which is immutable: such a column is read-only in the result (replace
it, ``df["x"] = df["x"].copy()``, before writing into it in place). Values are
recognised by the module of their type, so neither library is imported here unless a
value of it arrives.
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

__all__ = ["ForeignColumnError", "convert", "is_foreign"]

_ARROW_PROTOCOL = ("__arrow_c_array__", "__arrow_c_stream__")
_CONVERTED_LIBRARIES = {"polars", "pyarrow"}
_PANDAS_LIBRARIES = {"pandas", "numpy"}
# (library, its classes of columns, its classes of tables), looked up only once a value of it arrives
_CLASSES = {
    "polars": (("Series",), ("DataFrame", "LazyFrame")),
    "pyarrow": (("Array", "ChunkedArray"), ("Table", "RecordBatch")),
}


class ForeignColumnError(TypeError):
    """An output of another data library that the pandas result cannot turn into columns.

    ``output`` names it.
    """

    def __init__(self, output: str, value: Any, reason: str) -> None:
        self.output = output
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        super().__init__(
            f"Output {output!r} is a {kind}, which the pandas result cannot make into columns: {reason}. "
            f"Convert it to a pandas Series or DataFrame in the function, or ask for another result "
            f"(adapter='arrow' with hamilton-arrow, adapter='polars' with hamilton-polars)."
        )


def library(value: Any) -> str:
    """The top-level module a value's type comes from (``"polars"`` for a ``pl.Series``)."""
    return type(value).__module__.partition(".")[0]


def is_foreign(value: Any) -> bool:
    """Whether ``value`` is columnar data of a library other than pandas and numpy."""
    origin = library(value)
    if origin in _CONVERTED_LIBRARIES:
        return True
    return origin not in _PANDAS_LIBRARIES and any(hasattr(type(value), name) for name in _ARROW_PROTOCOL)


def convert(output: str, value: Any) -> pd.Series | pd.DataFrame | Any:
    """``value`` as pandas: a Series for a column, a DataFrame for a table; other values unchanged."""
    origin = library(value)
    if origin not in _CONVERTED_LIBRARIES:
        raise ForeignColumnError(
            output, value, "it speaks the Arrow C data interface, but is neither polars nor pyarrow"
        )
    module = sys.modules[origin]  # loaded: a value of it is here
    columns, tables = (tuple(getattr(module, name) for name in names) for names in _CLASSES[origin])
    try:
        if isinstance(value, columns):
            return _series(value)
        if isinstance(value, tables):
            return _frame(value)
    except Exception as exc:
        raise ForeignColumnError(output, value, f"{type(exc).__name__}: {exc}") from exc
    if origin == "pyarrow" and isinstance(value, module.Scalar):
        return value.as_py()  # repeated down the rows as the Python value it holds
    return value  # a polars expression, an Arrow schema...: kept whole, as any other object


def _series(value: Any) -> pd.Series:
    if library(value) == "polars" and not _pyarrow_installed():
        return pd.Series(value.to_numpy(), copy=False)  # polars' own: zero-copy for numbers without nulls
    return value.to_pandas()  # through Arrow: zero-copy for numbers without nulls


def _frame(value: Any) -> pd.DataFrame:
    if hasattr(value, "collect"):  # a polars LazyFrame: run its query
        value = value.collect()
    if library(value) == "polars" and not _pyarrow_installed():
        return pd.DataFrame({column.name: column.to_numpy() for column in value.get_columns()}, copy=False)
    return value.to_pandas()


def _pyarrow_installed() -> bool:
    try:
        import pyarrow  # noqa: F401 - polars converts to pandas through it
    except ImportError:
        return False
    return True
