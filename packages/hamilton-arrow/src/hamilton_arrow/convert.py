"""One output as Arrow data: a table of columns, one column, or neither (a scalar).

Arrow's C data interface (``__arrow_c_array__`` / ``__arrow_c_stream__``) is used
where the source offers it, so polars, pandas and numpy buffers are shared, not
copied. polars and pandas values are recognised by the module of their type:
this module imports neither. (pyarrow itself, converting Python lists and scalars,
imports pandas when it is installed; values that come through the C interface
do not make it.)
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

__all__ = ["as_column", "as_table", "library", "repeat"]

Column = pa.Array | pa.ChunkedArray

_ARRAY_LIBRARIES = {"numpy", "pandas"}


def library(value: Any) -> str:
    """The top-level module a value's type comes from (``"polars"`` for a ``pl.Series``)."""
    return type(value).__module__.partition(".")[0]


def as_table(value: Any) -> pa.Table | None:
    """``value`` as an Arrow table if it is a table of columns (Arrow, polars or pandas), else ``None``."""
    if isinstance(value, pa.Table):
        return value
    if isinstance(value, pa.RecordBatch):
        return pa.Table.from_batches([value])
    kind = (library(value), type(value).__name__)
    if kind == ("polars", "LazyFrame"):
        value, kind = value.collect(), ("polars", "DataFrame")
    if kind == ("polars", "DataFrame"):
        # read through the C stream: pa.table() would import pandas just to ask whether this is one
        return pa.RecordBatchReader.from_stream(value).read_all()
    if kind == ("pandas", "DataFrame"):
        return pa.Table.from_pandas(value, preserve_index=False)
    return None


def as_column(name: str, value: Any) -> Column | None:
    """``value`` as one Arrow column if it holds a column of values, else ``None`` (a scalar)."""
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value
    try:
        if hasattr(value, "__arrow_c_array__"):
            return pa.array(value)
        if hasattr(value, "__arrow_c_stream__"):
            return pa.chunked_array(value)
        if isinstance(value, list | tuple | range) or (
            library(value) in _ARRAY_LIBRARIES and getattr(value, "ndim", 0) >= 1
        ):
            return pa.array(value)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        raise _not_a_column(name, value, exc) from exc
    return None


def repeat(name: str, value: Any, height: int) -> pa.Array:
    """A scalar output repeated ``height`` times."""
    try:
        return pa.repeat(value, height)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        raise _not_a_column(name, value, exc) from exc


def _not_a_column(name: str, value: Any, exc: Exception) -> TypeError | OverflowError:
    """The conversion error, naming the output; an overflow stays an ``OverflowError``."""
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    message = f"Output {name!r} ({kind}) cannot become an Arrow column: {exc}"
    if isinstance(exc, OverflowError):
        return OverflowError(
            f"{message}. Python ints become Arrow int64 (-2**63 to 2**63 - 1): return larger ones as "
            f"decimal.Decimal (an Arrow decimal) or str, or up to 2**64 - 1 as pa.array(values, type=pa.uint64())."
        )
    return TypeError(message)
