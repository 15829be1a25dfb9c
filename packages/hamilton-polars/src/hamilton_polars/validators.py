"""``@check_output`` validators for ``pl.Series``: the core's series validators with polars statistics."""

from __future__ import annotations

from typing import Any

import polars as pl
from hamilton.data_quality.series_validators import series_validators

__all__ = ["VALIDATORS", "PolarsSeriesStats"]


class PolarsSeriesStats:
    series_type = pl.Series

    @staticmethod
    def null_fraction(series: pl.Series) -> float:
        if not len(series):
            return 0.0
        missing = series.is_null()
        if series.dtype.is_float():
            missing = missing | series.is_nan()
        return missing.sum() / len(series)

    @staticmethod
    def minimum(series: pl.Series) -> Any:
        return series.min()

    @staticmethod
    def maximum(series: pl.Series) -> Any:
        return series.max()

    @staticmethod
    def mean(series: pl.Series) -> float:
        return float(series.mean())

    @staticmethod
    def std(series: pl.Series) -> float:
        return float(series.std())

    @staticmethod
    def outside(series: pl.Series, values: list[Any]) -> list[Any]:
        return series.filter(~series.is_in(values)).to_list()

    @staticmethod
    def element_type_ok(series: pl.Series, data_type: Any) -> tuple[bool, str]:
        return series.dtype == data_type, str(series.dtype)


VALIDATORS = series_validators(PolarsSeriesStats)
globals().update({cls.__name__: cls for cls in VALIDATORS.values()})  # importable by name, so they pickle
