"""polars column operations for the core's column decorators (``@extract_columns``, ``@with_columns``)."""

from __future__ import annotations

from typing import Any

import polars as pl
from hamilton.function_modifiers import ColumnNotFoundError

__all__ = ["PolarsFrames"]


class PolarsFrames:
    """``hamilton.function_modifiers.extensions.DataFrameOperations`` for ``pl.DataFrame``."""

    dataframe_type = pl.DataFrame
    column_type = pl.Series

    @staticmethod
    def get_column(df: pl.DataFrame, name: str, function: str = "") -> pl.Series:
        try:
            return df.get_column(name)
        except pl.exceptions.ColumnNotFoundError:
            raise ColumnNotFoundError.missing(name, function or "the function", df.columns) from None

    @staticmethod
    def column_names(df: pl.DataFrame) -> list[str]:
        return list(df.columns)

    @staticmethod
    def with_columns(df: pl.DataFrame, columns: dict[str, Any]) -> pl.DataFrame:
        return df.with_columns(
            [
                value.alias(name) if isinstance(value, pl.Series | pl.Expr) else pl.lit(value).alias(name)
                for name, value in columns.items()
            ]
        )

    @staticmethod
    def select(df: pl.DataFrame, names: list[str]) -> pl.DataFrame:
        return df.select(list(names))

    @staticmethod
    def from_columns(columns: dict[str, Any]) -> pl.DataFrame:
        return pl.DataFrame(columns)

    @staticmethod
    def filled(df: pl.DataFrame, scalar: Any) -> pl.Series:
        return pl.Series([scalar] * df.height)
