"""The outputs as one pandas DataFrame: what ``execute`` returns once hamilton-pandas is installed.

Series become columns joined on their index (an outer join, as ``pd.concat(axis=1)``
does), and so do dicts (their keys are the index); a DataFrame output contributes its
columns as ``output.column``; lists, 1-D arrays and generators (consumed) are placed
row by row; scalars are repeated down the index.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
from hamilton.base import ResultMixin
from pandas.api.extensions import ExtensionArray

from hamilton_pandas import foreign

__all__ = [
    "NO_INDEX",
    "ColumnCollisionError",
    "IndexTypeMismatchError",
    "PandasDataFrameResult",
    "StrictIndexTypePandasDataFrameResult",
    "build_dataframe",
]

logger = logging.getLogger(__name__)

_ARRAY_LIKE = (list, tuple, range, np.ndarray, pd.Index, ExtensionArray)
# what is placed row by row: array-likes, and Series converted from polars or Arrow (they have no index)
_POSITIONAL = (*_ARRAY_LIKE, pd.Series)
# index types whose values are times or categories: two different ones join into rows that do not line up
_TIME_LIKE_INDEXES = (pd.DatetimeIndex, pd.TimedeltaIndex, pd.PeriodIndex, pd.CategoricalIndex)
NO_INDEX = "no-index"
IndexTypes = dict[str, list[str]]
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
    """A pandas DataFrame; mixing kinds of index (time with integer, say) logs a warning.

    The original's helpers are here too, with the original's results: ``pandas_index_types``,
    ``check_pandas_index_types_match`` and ``build_dataframe_with_dataframes``.
    """

    @staticmethod
    def build_result(**outputs: Any) -> pd.DataFrame:
        return build_dataframe(outputs, strict=False)

    @staticmethod
    def pandas_index_types(outputs: Mapping[str, Any]) -> tuple[IndexTypes, IndexTypes, IndexTypes]:
        """Group the outputs by the type of their index: ``(all, time, no index)``.

        Each maps a key to the names of the outputs having it. A Series or DataFrame is keyed
        ``"<index class>:::<index dtype>"`` (``"RangeIndex:::int64"``), a ``pd.Index`` output
        ``"Index:::int64"`` (its values are placed on a plain integer index), anything else
        ``"no-index"``. ``time`` holds the keys of time-like and categorical indexes (datetime,
        timedelta, period, categorical), which join into garbage when they differ; ``no index``
        holds ``"no-index"`` if some output has none.
        """
        every: IndexTypes = collections.defaultdict(list)
        time: IndexTypes = collections.defaultdict(list)
        none: IndexTypes = collections.defaultdict(list)
        for name, value in outputs.items():
            if isinstance(value, pd.Series | pd.DataFrame):
                key = _index_key(value.index)
                if isinstance(value.index, _TIME_LIKE_INDEXES):
                    time[key].append(name)
            elif isinstance(value, pd.Index):
                key = "Index:::int64"
            else:
                key = NO_INDEX
                none[key].append(name)
            every[key].append(name)
        return every, time, none

    @staticmethod
    def check_pandas_index_types_match(
        all_index_types: IndexTypes, time_indexes: IndexTypes, no_indexes: IndexTypes
    ) -> bool:
        """Whether the groups of ``pandas_index_types`` make a frame whose rows line up; logs a warning when not.

        ``False`` for more than one time-like index type, for several index types not all of them
        time-like, and when no output has an index at all; ``True`` otherwise (one index type,
        with or without outputs that have none, which then still gets a warning).
        """
        indexed = len(all_index_types) - len(no_indexes)
        matches = True
        if len(time_indexes) > 1:
            logger.warning(
                "hamilton_pandas: the outputs have %d different time-like or categorical index types; rows "
                "joined on them may not line up. Give them one index type.",
                len(time_indexes),
            )
            matches = False
        if indexed > 1 and len(all_index_types) > len(time_indexes):
            logger.warning(
                "hamilton_pandas: the outputs have %d different index types; rows joined on them may not line "
                "up. Give them one index type.",
                indexed,
            )
            matches = False
        elif indexed == 1 and no_indexes:
            logger.warning(
                "hamilton_pandas: one index type, and %d outputs without an index (%s) placed on it; check "
                "that the frame is what you expect.",
                sum(len(names) for names in no_indexes.values()),
                ", ".join(repr(name) for names in no_indexes.values() for name in names),
            )
        elif len(no_indexes) == len(all_index_types):
            logger.warning("hamilton_pandas: no output has a pandas index; check that the frame is what you expect.")
            matches = False
        logger.debug("hamilton_pandas: index types of the outputs: %s", dict(all_index_types))
        return matches

    @staticmethod
    def build_dataframe_with_dataframes(outputs: Mapping[str, Any]) -> pd.DataFrame:
        """The frame of ``outputs`` with every DataFrame output unpacked as ``output.column`` columns.

        As ``build_result``, except that a single DataFrame output is unpacked too rather
        than returned as it is. Two outputs making one column raise ``ColumnCollisionError``.
        """
        return build_dataframe(outputs, strict=False, keep_single_frame=False)


class StrictIndexTypePandasDataFrameResult(PandasDataFrameResult):
    """A pandas DataFrame; mixing kinds of index raises ``IndexTypeMismatchError``."""

    @staticmethod
    def build_result(**outputs: Any) -> pd.DataFrame:
        return build_dataframe(outputs, strict=True)


def build_dataframe(outputs: Mapping[str, Any], strict: bool = False, keep_single_frame: bool = True) -> pd.DataFrame:
    """Assemble ``outputs`` into one DataFrame; see the module docstring for the rules.

    ``keep_single_frame``: a lone DataFrame output is the result as it is (else it is unpacked
    as ``output.column``).
    """
    if keep_single_frame and len(outputs) == 1:
        ((name, only),) = outputs.items()
        if foreign.is_foreign(only):
            only = foreign.convert(name, only)  # a polars DataFrame alone: as a pandas DataFrame
        if isinstance(only, pd.DataFrame):
            return only
    indexed: dict[str, pd.Series | pd.DataFrame] = {}
    loose: dict[str, Any] = {}
    columns: dict[str, str] = {}  # column -> the output it comes from, in result order
    keyed: list[str] = []  # dict outputs: columns indexed by their keys
    for name, value in outputs.items():
        placed = False  # a column without an index of its own, converted from polars or Arrow
        if isinstance(value, pd.Series | pd.DataFrame):
            pass
        elif isinstance(value, Mapping):
            value = pd.Series(value, dtype=None if value else "float64")
            keyed.append(name)
        elif isinstance(value, Iterator):  # a generator: consumed into a column, as the original does
            value = list(value)
        elif foreign.is_foreign(value):
            value = foreign.convert(name, value)
            placed = isinstance(value, pd.Series)
        if isinstance(value, pd.DataFrame):
            indexed[name] = value
            names = [f"{name}.{column}" for column in value.columns]
        else:
            if isinstance(value, pd.Series) and not placed:
                indexed[name] = value
            else:
                loose[name] = value
            names = [name]
        for column in names:
            if column in columns:
                raise ColumnCollisionError(column, columns[column], name)
            columns[column] = name
    if keyed:
        _refuse_positions_beside_keys(keyed, loose)
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
    # no copy of the data when the indexes already agree. As in the original (a DataFrame
    # made from a dict of Series), one shared index is kept as it is, and differing
    # indexes give their union, sorted.
    pieces = list(indexed.values())
    first = pieces[0].index
    aligned = all(piece.index is first or piece.index.equals(first) for piece in pieces)
    try:
        frame = pd.concat(pieces, axis=1, join="outer", sort=not aligned)
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


def _refuse_positions_beside_keys(keyed: list[str], loose: Mapping[str, Any]) -> None:
    """A dict's rows are its keys, a list's are positions: together they cannot line up (as in the original)."""
    positional = [name for name, value in loose.items() if isinstance(value, _POSITIONAL)]
    if positional:
        raise ValueError(
            f"Cannot line up the rows of {_names(keyed)}, a dict whose keys are its index, with those of "
            f"{_names(positional)}, which {'has' if len(positional) == 1 else 'have'} no index (rows by position). "
            f"Return a pd.Series with an index instead of the list or array, or request them separately."
        )


def _names(names: list[str]) -> str:
    return ", ".join(map(repr, names))


def _loose_frame(loose: Mapping[str, Any], index: pd.Index | None, sources: list[str]) -> pd.DataFrame:
    """Lists, arrays and scalars as columns on ``index`` (or on 0..n-1 if there is none)."""
    lengths: dict[str, int] = {}
    for name, value in loose.items():
        if isinstance(value, _POSITIONAL):
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
    placed = []  # converted from polars or Arrow: relabelled, not copied (a pd.DataFrame of them would copy)
    for name, value in loose.items():
        if isinstance(value, pd.Series):
            placed.append(value.set_axis(index).rename(name))
        elif name in lengths or pd.api.types.is_scalar(value):
            data[name] = value
        else:  # a set, a 0-d array, any object: the same object in every row
            column = np.empty(rows, dtype=object)
            column.fill(value)
            data[name] = column
    frame = pd.DataFrame(data, index=index)
    return pd.concat([frame, *placed], axis=1) if placed else frame


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


def _index_key(index: pd.Index) -> str:
    """The original's name for an index type: ``"<class>:::<dtype>"``."""
    return f"{type(index).__name__}:::{index.dtype}"


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
