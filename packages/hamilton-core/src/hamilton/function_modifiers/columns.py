"""Column access shared by ``@extract_columns``, ``@parameterize_extract_columns`` and ``@with_columns``.

The dataframe library is whatever a plugin registered through
``hamilton_register_dataframe_types`` (pandas, polars...): this module only calls
its ``DataFrameOperations``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hamilton.errors import param_type_name
from hamilton.function_modifiers.base import InvalidDecoratorException
from hamilton.function_modifiers.extensions import DataFrameOperations, dataframe_operations

__all__ = ["ColumnGetter", "ColumnNotFoundError", "column_type_for", "operations_for_value"]


class ColumnNotFoundError(KeyError):
    """A column a decorator declares is not in the dataframe the function returned.

    ``column``, ``function`` and ``available`` carry the facts.
    """

    def __init__(self, message: str, column: str = "", function: str = "", available: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.column = column
        self.function = function
        self.available = list(available)

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""

    @classmethod
    def missing(cls, column: str, function: str, available: Sequence[str]) -> ColumnNotFoundError:
        shown = ", ".join(map(repr, available[:20])) + (", ..." if len(available) > 20 else "")
        return cls(
            f"Column {column!r} is not in the dataframe returned by {function} (its columns: {shown or 'none'}). "
            f"@extract_columns declares it: return it from {function}, or remove it from @extract_columns.",
            column,
            function,
            available,
        )


def column_type_for(annotation: Any, function: str, decorator: str) -> Any:
    """The column type of the dataframe type ``annotation`` (``Any`` for ``Any``); an error naming both otherwise."""
    from typing import Annotated, get_args, get_origin

    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation is Any:
        return Any
    operations = dataframe_operations(annotation)
    if operations is None:
        raise InvalidDecoratorException(
            f"@{decorator} on {function} needs it to return a dataframe, but it is annotated to return "
            f"{param_type_name(annotation)}; annotate a dataframe type that an installed plugin registers "
            f"(hamilton-pandas: pandas.DataFrame, hamilton-polars: polars.DataFrame)."
        )
    return operations.column_type


def operations_for_value(df: Any, function: str, decorator: str) -> DataFrameOperations:
    """The operations for a dataframe a function returned; a TypeError naming the function otherwise."""
    operations = dataframe_operations(type(df))
    if operations is None:
        raise TypeError(
            f"@{decorator} on {function} needs it to return a dataframe, but it returned a "
            f"{type(df).__module__}.{type(df).__qualname__}."
        )
    return operations


class ColumnGetter:
    """A column node's callable: one column of an upstream node's dataframe (picklable)."""

    __slots__ = ("column", "fill_with", "frame_node", "function")

    def __init__(self, column: str, frame_node: str, function: str, fill_with: Any = None) -> None:
        self.column = column
        self.frame_node = frame_node
        self.function = function
        self.fill_with = fill_with

    def __call__(self, **frame: Any) -> Any:
        df = frame[self.frame_node]
        operations = operations_for_value(df, self.function, "extract_columns")
        if self.fill_with is not None and self.column not in operations.column_names(df):
            df = operations.with_columns(df, {self.column: operations.filled(df, self.fill_with)})
        return operations.get_column(df, self.column, self.function)

    def __repr__(self) -> str:
        return f"<column {self.column!r} of {self.function}>"
