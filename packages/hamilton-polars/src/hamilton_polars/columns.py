"""``extract_columns``: a function returning a ``pl.DataFrame`` also defines one ``pl.Series`` node per column.

The decorator only marks the function; the plugin's ``hamilton_discover_nodes``
turns the mark into column nodes, each depending on the function's own node
(which the core's crawler builds as usual).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from types import FunctionType, ModuleType
from typing import Any, TypeVar

import polars as pl
from hamilton.discovery import active_functions, function_node
from hamilton.node import Node

from hamilton_polars.errors import ColumnNotFoundError
from hamilton_polars.marks import COLUMNS_ATTRIBUTE as _ATTRIBUTE

F = TypeVar("F", bound=Callable[..., Any])


def extract_columns(*names: str) -> Callable[[F], F]:
    """Expose the named columns of the ``pl.DataFrame`` a function returns as ``pl.Series`` nodes.

    >>> @extract_columns("spend", "signups")
    ... def marketing(path: str) -> pl.DataFrame:
    ...     return pl.read_csv(path)
    """
    if not names:
        raise ValueError("extract_columns() needs at least one column name, e.g. @extract_columns('spend', 'signups').")
    wrong = [name for name in names if not isinstance(name, str) or not name]
    if wrong:
        raise TypeError(f"extract_columns() takes column names as non-empty strings; got {wrong!r}.")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"extract_columns() names {', '.join(map(repr, repeated))} more than once; name each once.")

    def decorate(fn: F) -> F:
        setattr(fn, _ATTRIBUTE, names)
        return fn

    return decorate


def column_nodes(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    """The column nodes of every active ``@extract_columns`` function of ``module``."""
    if not any(type(v) is FunctionType and _ATTRIBUTE in v.__dict__ for v in vars(module).values()):
        return []  # the common case: one cheap pass, no config evaluation
    nodes = []
    for name, fn, branch in active_functions(module, config):
        columns = fn.__dict__.get(_ATTRIBUTE)
        if columns is None:
            continue
        frame = function_node(fn, name, branch)
        _require_dataframe(frame)
        for column in columns:
            nodes.append(
                Node(
                    column,
                    pl.Series,
                    _Column(column, name, frame.source),
                    {name: frame.type},
                    doc=f"Column {column!r} of {name}.",
                    tags=frame.tags,
                    source=f"{frame.source} (extract_columns)",
                    config_branch=branch,
                )
            )
    return nodes


def _require_dataframe(frame: Node) -> None:
    returns = frame.type
    if typing.get_origin(returns) is typing.Annotated:
        returns = typing.get_args(returns)[0]
    if returns is Any or (isinstance(returns, type) and issubclass(returns, pl.DataFrame)):
        return
    if returns is pl.LazyFrame:
        hint = "collect the LazyFrame first (return lf.collect())"
    else:
        hint = "hamilton_polars.extract_columns takes polars DataFrames (for pandas: hamilton_pandas.extract_columns)"
    raise TypeError(
        f"@extract_columns on {frame.source} needs it to return a pl.DataFrame, but it is annotated "
        f"{getattr(returns, '__qualname__', returns)}; {hint}."
    )


class _Column:
    """A column node's callable: takes the function's DataFrame (by its node name), returns one column."""

    __slots__ = ("column", "frame_node", "function")

    def __init__(self, column: str, frame_node: str, function: str) -> None:
        self.column = column
        self.frame_node = frame_node
        self.function = function

    def __call__(self, **frame: Any) -> pl.Series:
        df = frame[self.frame_node]
        if not isinstance(df, pl.DataFrame):
            raise TypeError(
                f"@extract_columns on {self.function} needs a pl.DataFrame, but it returned a "
                f"{type(df).__module__}.{type(df).__qualname__}."
            )
        try:
            return df.get_column(self.column)
        except pl.exceptions.ColumnNotFoundError:
            raise ColumnNotFoundError.missing(self.column, self.function, df.columns) from None

    def __repr__(self) -> str:
        return f"<column {self.column!r} of {self.function}>"
