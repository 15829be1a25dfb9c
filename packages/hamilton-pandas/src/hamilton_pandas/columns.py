"""``@extract_columns``: named columns of a DataFrame-returning function become nodes of their own.

The decorator only marks the function. The plugin's ``hamilton_discover_nodes``
hook finds marked functions among the active ones and adds one ``pd.Series`` node
per column, each depending on the function's own node (which the core's crawler
makes as usual).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from types import FunctionType, ModuleType
from typing import Any, TypeVar

import pandas as pd
from hamilton import discovery
from hamilton import function_modifiers as fm
from hamilton.node import Node
from hamilton.type_rules import types_compatible

from hamilton_pandas.marks import COLUMNS_ATTRIBUTE

F = TypeVar("F", bound=Callable[..., Any])


class MissingColumnError(KeyError):
    """The DataFrame a function returned lacks a column that ``@extract_columns`` promised.

    ``column`` and ``function`` name what is missing and where from.
    """

    def __init__(self, message: str, column: str = "", function: str = "") -> None:
        super().__init__(message)
        self.column = column
        self.function = function

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


def extract_columns(*names: str) -> Callable[[F], F]:
    """Expose the named columns of the function's returned DataFrame as ``pd.Series`` nodes.

    >>> @extract_columns("spend", "signups")
    ... def marketing_data(data_path: str) -> pd.DataFrame: ...

    makes the nodes ``spend`` and ``signups``, next to ``marketing_data`` itself.
    """
    if not names:
        raise ValueError('@extract_columns() needs at least one column name, e.g. @extract_columns("spend").')
    wrong = [n for n in names if not isinstance(n, str) or not n]
    if wrong:
        raise TypeError(f"@extract_columns takes column names as non-empty strings; got {wrong!r}.")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"@extract_columns names {', '.join(map(repr, repeated))} more than once.")

    def decorate(fn: F) -> F:
        setattr(fn, COLUMNS_ATTRIBUTE, names)
        return fn

    return decorate


class ColumnGetter:
    """A column node's callable: take one column from the function's DataFrame (picklable)."""

    __slots__ = ("column", "frame_node", "function")

    def __init__(self, column: str, frame_node: str, function: str) -> None:
        self.column = column
        self.frame_node = frame_node
        self.function = function

    def __call__(self, **frame: Any) -> pd.Series:
        df = frame[self.frame_node]
        if not isinstance(df, pd.DataFrame):
            raise TypeError(
                f"@extract_columns on {self.function} needs it to return a pandas DataFrame, "
                f"but it returned a {type(df).__module__}.{type(df).__qualname__}."
            )
        if self.column not in df.columns:
            available = list(df.columns)
            shown = ", ".join(map(repr, available[:20])) + (", ..." if len(available) > 20 else "")
            raise MissingColumnError(
                f"@extract_columns: column {self.column!r} is not in the DataFrame returned by {self.function} "
                f"(its columns: {shown or 'none'}). Add it to the returned DataFrame, or remove it from "
                f"@extract_columns(...).",
                self.column,
                self.function,
            )
        column = df[self.column]
        if isinstance(column, pd.DataFrame):
            raise ValueError(
                f"@extract_columns: the DataFrame returned by {self.function} has {column.shape[1]} columns "
                f"named {self.column!r}; give them distinct names."
            )
        return column


def discover_column_nodes(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    """The column nodes of every active ``@extract_columns`` function of ``module``."""
    nodes = []
    for node_name, fn, branch in discovery.active_functions(module, config):
        names = getattr(fn, COLUMNS_ATTRIBUTE, None)
        if names:
            nodes.extend(_column_nodes(fn, node_name, branch, names))
    return nodes


def _column_nodes(fn: FunctionType, frame_node: str, branch: str, names: tuple[str, ...]) -> list[Node]:
    function = f"{fn.__module__}.{fn.__qualname__}"
    returns = _return_annotation(fn)
    if not types_compatible(returns, pd.DataFrame):
        raise TypeError(
            f"@extract_columns is on {function}, which is annotated to return {returns!r}; "
            f"it must return a pandas DataFrame."
        )
    tags = getattr(fn, fm.TAGS_ATTRIBUTE, None)
    return [
        Node(
            column,
            pd.Series,
            ColumnGetter(column, frame_node, function),
            {frame_node: pd.DataFrame},
            doc=f"Column {column!r} of the DataFrame returned by {fn.__qualname__}.",
            tags=tags,
            source=f"{function} (@extract_columns)",
            config_branch=branch,
        )
        for column in names
    ]


def _return_annotation(fn: FunctionType) -> Any:
    returns = fn.__annotations__.get("return", Any)
    if isinstance(returns, str):  # from __future__ import annotations
        try:
            returns = typing.get_type_hints(fn).get("return", Any)
        except Exception:
            return Any  # the core's crawler reports annotations it cannot resolve
    return returns
