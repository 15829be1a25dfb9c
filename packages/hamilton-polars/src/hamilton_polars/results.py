"""Result builders that hand back a polars DataFrame or LazyFrame.

Each requested output becomes columns of the result: a Series (or a list, tuple,
numpy array, pandas Series, Arrow array) one column named after the output; a
DataFrame (polars, Arrow or pandas) all of its columns; anything else is a scalar,
repeated to the common height.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from hamilton.base import ResultMixin
from hamilton.column_layout import ColumnLayout

__all__ = ["PolarsDataFrameResult", "PolarsLazyFrameResult"]

# Tables of other libraries, recognised by (top-level module, class name) so that
# neither library is imported here; polars itself converts them.
_FOREIGN_FRAMES = {("pyarrow", "Table"), ("pyarrow", "RecordBatch"), ("pandas", "DataFrame")}
_ARRAY_LIBRARIES = {"numpy", "pandas"}


class PolarsDataFrameResult(ResultMixin):
    """The outputs as one ``pl.DataFrame`` (the default result when hamilton-polars is the only data plugin)."""

    @staticmethod
    def build_result(**outputs: Any) -> pl.DataFrame:
        lazy = [name for name, value in outputs.items() if isinstance(value, pl.LazyFrame)]
        if lazy:  # collected together, so a plan that several outputs share runs once
            collected = pl.collect_all([outputs[name] for name in lazy])
            outputs = {**outputs, **dict(zip(lazy, collected, strict=True))}
        layout = _Layout("a polars DataFrame")
        for name, value in outputs.items():
            layout.add(name, value, kind="a LazyFrame" if name in lazy else None)
        return layout.frame()


class PolarsLazyFrameResult(ResultMixin):
    """The outputs as one ``pl.LazyFrame``; LazyFrame outputs stay lazy, nothing is collected.

    Lengths of eager outputs are checked now; a LazyFrame whose height differs
    from the rest fails when the result is collected (polars' ``ShapeError``).
    """

    @staticmethod
    def build_result(**outputs: Any) -> pl.LazyFrame:
        layout = _Layout("a polars LazyFrame")
        for name, value in outputs.items():
            layout.add(name, value)
        return layout.lazy_frame()


class _Layout(ColumnLayout):
    """The layout's bookkeeping plus the polars columns and the LazyFrames kept lazy."""

    def __init__(self, building: str) -> None:
        super().__init__(building)
        self.series: list[pl.Series] = []
        self.lazy: list[pl.LazyFrame] = []

    def add(self, name: str, value: Any, kind: str | None = None) -> None:
        if isinstance(value, pl.LazyFrame):  # kept lazy: its columns come from its schema
            self.kinds[name] = "a LazyFrame"
            self.claim(value.collect_schema().names(), name)
            self.lazy.append(value)
            return
        frame = _as_frame(value)
        if frame is not None:
            self.lengths[name] = frame.height
            self.kinds[name] = kind or f"a {type(value).__name__}"
            self.claim(frame.columns, name)
            self.series.extend(frame.get_columns())
        elif _is_column(value):
            series = _series(name, value)
            self.lengths[name] = series.len()
            self.claim([name], name)
            self.series.append(series)
        else:
            self.claim([name], name)
            self.scalars[name] = value

    def frame(self) -> pl.DataFrame:
        height = self.height()
        columns = {series.name: series for series in self.series}
        for name, value in self.scalars.items():
            columns[name] = _scalar_series(name, value).new_from_index(0, height)
        return pl.DataFrame([columns[name] for name in self.owners])

    def lazy_frame(self) -> pl.LazyFrame:
        if not self.lazy:
            return self.frame().lazy()
        self.height()  # the eager outputs must agree among themselves
        frames = [*self.lazy, pl.DataFrame(self.series).lazy()] if self.series else self.lazy
        combined = frames[0] if len(frames) == 1 else pl.concat(frames, how="horizontal")
        if self.scalars:
            combined = combined.with_columns(pl.lit(_scalar_series(n, v)) for n, v in self.scalars.items())
        return combined.select(list(self.owners))


def _library(value: Any) -> str:
    return type(value).__module__.partition(".")[0]


def _as_frame(value: Any) -> pl.DataFrame | None:
    """``value`` as a DataFrame if it is a table of columns, else ``None``."""
    if isinstance(value, pl.DataFrame):
        return value
    if (_library(value), type(value).__name__) in _FOREIGN_FRAMES:
        return pl.DataFrame(value)
    return None


def _is_column(value: Any) -> bool:
    """Whether ``value`` holds a column of values (else it is one value to broadcast)."""
    if isinstance(value, pl.Series | list | tuple | range):
        return True
    if hasattr(value, "__arrow_c_array__") or hasattr(value, "__arrow_c_stream__"):
        return True
    return _library(value) in _ARRAY_LIBRARIES and getattr(value, "ndim", 0) >= 1


def _series(name: str, values: Any) -> pl.Series:
    if isinstance(values, pl.Series):
        return values.alias(name)
    try:
        return pl.Series(name, values)
    except Exception as exc:
        raise _not_a_column(name, values, exc) from exc


def _scalar_series(name: str, value: Any) -> pl.Series:
    """A one-row Series of ``value`` (typed as a list output would be: a Python int is Int64)."""
    try:
        return pl.Series(name, [value])
    except Exception as exc:
        raise _not_a_column(name, value, exc) from exc


def _not_a_column(name: str, value: Any, exc: Exception) -> TypeError:
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    return TypeError(f"Output {name!r} ({kind}) cannot become a polars column: {exc}")
