"""pandas column operations for the core's column decorators (``@extract_columns``, ``@with_columns``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hamilton.function_modifiers import ColumnNotFoundError

__all__ = ["PandasFrames"]


class PandasFrames:
    """``hamilton.function_modifiers.extensions.DataFrameOperations`` for ``pd.DataFrame``."""

    dataframe_type = pd.DataFrame
    column_type = pd.Series

    @staticmethod
    def get_column(df: pd.DataFrame, name: str, function: str = "") -> pd.Series:
        if name not in df.columns:
            raise ColumnNotFoundError.missing(name, function or "the function", [str(c) for c in df.columns])
        column = df[name]
        if isinstance(column, pd.DataFrame):
            raise ValueError(
                f"the DataFrame returned by {function or 'the function'} has {column.shape[1]} columns named "
                f"{name!r}; give them distinct names."
            )
        return column

    @staticmethod
    def column_names(df: pd.DataFrame) -> list[str]:
        return list(df.columns)

    @staticmethod
    def with_columns(df: pd.DataFrame, columns: dict[str, Any]) -> pd.DataFrame:
        return df.assign(**columns)

    @staticmethod
    def select(df: pd.DataFrame, names: list[str]) -> pd.DataFrame:
        return df[list(names)]

    @staticmethod
    def from_columns(columns: dict[str, Any]) -> pd.DataFrame:
        return pd.DataFrame(columns)

    @staticmethod
    def filled(df: pd.DataFrame, scalar: Any) -> pd.Series:
        return pd.Series(scalar, index=df.index)
