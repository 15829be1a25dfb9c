"""The outputs as one pandas DataFrame: what ``execute`` returns once hamilton-pandas is installed.

Series become columns joined on their index (an outer join, as ``pd.concat(axis=1)``
does), a DataFrame output contributes its columns as ``output.column``, lists and
1-D arrays are placed row by row, and scalars are repeated down the index.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from hamilton.base import ResultMixin
from pandas.api.extensions import ExtensionArray

logger = logging.getLogger(__name__)

_ARRAY_LIKE = (list, tuple, range, np.ndarray, pd.Index, ExtensionArray)
_KIND_OF_DTYPE = {
    "i": "integer",
    "u": "integer",
    "f": "float",
    "c": "complex",
    "b": "bool",
    "M": "datetime",
    "m": "timedelta",
}


class IndexTypeMismatchError(ValueError):
    """Outputs are indexed by different kinds of index (the strict builder's error).

    ``index_types`` maps each indexed output to a description of its index.
    """

    def __init__(self, index_types: Mapping[str, str]) -> None:
        self.index_types = dict(index_types)
        super().__init__(
            f"The outputs have different kinds of index, so their rows would not line up: "
            f"{_describe(self.index_types)}. Give them the same kind of index (e.g. set_index on a "
            f"shared date column), or use base.PandasDataFrameResult to join them anyway with a warning."
        )


class ColumnCollisionError(ValueError):
    """Two outputs (or one DataFrame output twice) would make the same column."""

    def __init__(self, column: str, first: str, second: str) -> None:
        self.column = column
        self.outputs = (first, second)
        if first == second:
            detail = f"the DataFrame output {first!r} has duplicate column names"
            fix = f"Rename the duplicated columns of {first!r}"
        else:
            detail = f"both {first!r} and {second!r} produce it (DataFrame outputs give columns named 'output.column')"
            fix = "Rename one of them, or request them separately"
        super().__init__(f"The result would hold column {column!r} twice: {detail}. {fix}.")


class PandasDataFrameResult(ResultMixin):
    """A pandas DataFrame; mixing kinds of index (time with integer, say) logs a warning."""

    @staticmethod
    def build_result(**outputs: Any) -> pd.DataFrame:
        return build_dataframe(outputs, strict=False)


class StrictIndexTypePandasDataFrameResult(PandasDataFrameResult):
    """A pandas DataFrame; mixing kinds of index raises ``IndexTypeMismatchError``."""

    @staticmethod
    def build_result(**outputs: Any) -> pd.DataFrame:
        return build_dataframe(outputs, strict=True)


def build_dataframe(outputs: Mapping[str, Any], strict: bool = False) -> pd.DataFrame:
    """Assemble ``outputs`` into one DataFrame; see the module docstring for the rules."""
    if len(outputs) == 1:
        (only,) = outputs.values()
        if isinstance(only, pd.DataFrame):
            return only
    indexed: dict[str, pd.Series | pd.DataFrame] = {}
    loose: dict[str, Any] = {}
    columns: dict[str, str] = {}  # column -> the output it comes from, in result order
    for name, value in outputs.items():
        if isinstance(value, pd.DataFrame):
            indexed[name] = value
            names = [f"{name}.{column}" for column in value.columns]
        else:
            if isinstance(value, pd.Series):
                indexed[name] = value
            else:
                loose[name] = value
            names = [name]
        for column in names:
            if column in columns:
                raise ColumnCollisionError(column, columns[column], name)
            columns[column] = name
    _check_index_types(indexed, strict)
    frame = _join_indexed(indexed) if indexed else None
    if loose:
        index = frame.index if frame is not None else None
        extra = _loose_frame(loose, index, sources=list(indexed))
        frame = extra if frame is None else pd.concat([frame, extra], axis=1)
    if frame is None:
        return pd.DataFrame()
    if list(frame.columns) != list(columns):
        frame = frame[list(columns)]  # loose outputs were appended after the indexed ones
    return frame


def _join_indexed(indexed: Mapping[str, pd.Series | pd.DataFrame]) -> pd.DataFrame:
    # One concat over every piece: an outer join on the index, and (with copy-on-write)
    # no copy of the data when the indexes already agree.
    try:
        frame = pd.concat(list(indexed.values()), axis=1, join="outer")
    except ValueError as exc:
        duplicated = [name for name, value in indexed.items() if not value.index.is_unique]
        if not duplicated:
            raise
        raise ValueError(
            f"Cannot join the outputs on their index: {', '.join(map(repr, duplicated))} repeat index labels, "
            f"and outputs with different indexes can only be joined on unique labels ({exc}). "
            f"Drop or aggregate the duplicates first."
        ) from exc
    names: list[str] = []
    for name, value in indexed.items():
        if isinstance(value, pd.DataFrame):
            names.extend(f"{name}.{column}" for column in value.columns)
        else:
            names.append(name)
    frame.columns = names
    return frame


def _loose_frame(loose: Mapping[str, Any], index: pd.Index | None, sources: list[str]) -> pd.DataFrame:
    """Lists, arrays and scalars as columns on ``index`` (or on 0..n-1 if there is none)."""
    lengths: dict[str, int] = {}
    for name, value in loose.items():
        if isinstance(value, _ARRAY_LIKE):
            dimensions = value.ndim if isinstance(value, np.ndarray) else 1
            if dimensions > 1:
                raise ValueError(
                    f"Output {name!r} is a {dimensions}-D array, which cannot be one column. "
                    f"Return a DataFrame instead, or use base.NumpyMatrixResult."
                )
            if dimensions == 1:
                lengths[name] = len(value)
    if index is not None:
        rows = len(index)
        wrong = {name: n for name, n in lengths.items() if n != rows}
        if wrong:
            raise ValueError(
                f"{_listing(wrong)} cannot be placed on the index joined from {', '.join(map(repr, sources))}, "
                f"which has {rows} rows. Return a pd.Series with an index instead, so rows are matched by label."
            )
    else:
        if len(set(lengths.values())) > 1:
            raise ValueError(f"Outputs of different lengths cannot be columns of one DataFrame: {_listing(lengths)}.")
        rows = next(iter(lengths.values()), 1)  # all scalars: one row
        index = pd.RangeIndex(rows)
    data = {}
    for name, value in loose.items():
        if name in lengths or pd.api.types.is_scalar(value):
            data[name] = value
        else:  # a dict, a set, a 0-d array, any object: the same object in every row
            column = np.empty(rows, dtype=object)
            column.fill(value)
            data[name] = column
    return pd.DataFrame(data, index=index)


def _check_index_types(indexed: Mapping[str, pd.Series | pd.DataFrame], strict: bool) -> None:
    kinds: set[str] = set()
    previous: pd.Index | None = None
    for value in indexed.values():
        index = value.index
        if index is not previous:  # outputs often share one index object
            previous = index
            kinds.add(_index_kind(index))
    if len(kinds) <= 1:
        return
    described = {name: f"{type(v.index).__name__} ({_dtype_text(v.index)})" for name, v in indexed.items()}
    if strict:
        raise IndexTypeMismatchError(described)
    logger.warning(
        "hamilton_pandas: joining outputs with different kinds of index, so rows may not line up: %s. "
        "Give them the same kind of index, or use base.StrictIndexTypePandasDataFrameResult to make this an error.",
        _describe(described),
    )


def _index_kind(index: pd.Index) -> str:
    """A coarse kind (``datetime``, ``integer``, ``string``...) that joins meaningfully with its own kind only."""
    if isinstance(index, pd.MultiIndex):
        return "multi(" + ", ".join(_dtype_kind(level.dtype) for level in index.levels) + ")"
    return _dtype_kind(index.dtype)


def _dtype_kind(dtype: Any) -> str:
    if isinstance(dtype, pd.DatetimeTZDtype):
        return f"datetime[{dtype.tz}]"
    if isinstance(dtype, pd.PeriodDtype | pd.IntervalDtype):
        return str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        return _dtype_kind(dtype.categories.dtype)
    return _KIND_OF_DTYPE.get(dtype.kind, "object")


def _dtype_text(index: pd.Index) -> str:
    if isinstance(index, pd.MultiIndex):
        return ", ".join(str(level.dtype) for level in index.levels)
    return str(index.dtype)


def _describe(index_types: Mapping[str, str], shown: int = 5) -> str:
    """``'a' has X; 'b', 'c' and 2 more have Y``: outputs grouped by index type."""
    groups: dict[str, list[str]] = {}
    for name, text in index_types.items():
        groups.setdefault(text, []).append(name)
    parts = []
    for text, names in groups.items():
        listed = ", ".join(map(repr, names[:shown])) + (f" and {len(names) - shown} more" if len(names) > shown else "")
        parts.append(f"{listed} {'has' if len(names) == 1 else 'have'} {text}")
    return "; ".join(parts)


def _listing(lengths: Mapping[str, int]) -> str:
    return ", ".join(f"{name!r} has {n} values" for name, n in lengths.items())
