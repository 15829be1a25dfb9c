"""``@check_output`` validators for ``pd.Series``: the core's series validators with pandas statistics."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hamilton.data_quality.series_validators import series_validators

__all__ = ["VALIDATORS", "PandasSeriesStats"]


class PandasSeriesStats:
    series_type = pd.Series

    @staticmethod
    def null_fraction(series: pd.Series) -> float:
        return float(series.isna().mean()) if len(series) else 0.0

    @staticmethod
    def minimum(series: pd.Series) -> Any:
        return series.min()

    @staticmethod
    def maximum(series: pd.Series) -> Any:
        return series.max()

    @staticmethod
    def mean(series: pd.Series) -> float:
        return float(series.mean())

    @staticmethod
    def std(series: pd.Series) -> float:
        return float(series.std())

    @staticmethod
    def outside(series: pd.Series, values: list[Any]) -> list[Any]:
        return series[~series.isin(values)].tolist()

    @staticmethod
    def element_type_ok(series: pd.Series, data_type: Any) -> tuple[bool, str]:
        return bool(pd.api.types.is_dtype_equal(series.dtype, data_type)) or series.dtype == data_type, str(
            series.dtype
        )


VALIDATORS = series_validators(PandasSeriesStats)
globals().update({cls.__name__: cls for cls in VALIDATORS.values()})  # importable by name, so they pickle
