"""Column logic for spend_columns_polars (the functions @with_columns runs), after the original's
examples/polars/with_columns: config-dependent variants, scalars and series mixed."""

import polars as pl
from hamilton.function_modifiers import config


@config.when(unit="millions")
def avg_2wk_spend__millions(spend: pl.Series) -> pl.Series:
    return spend.rolling_mean(window_size=2) / 1e6


@config.when(unit="thousands")
def avg_2wk_spend__thousands(spend: pl.Series) -> pl.Series:
    return spend.rolling_mean(window_size=2) / 1e3


def spend_per_signup(spend: pl.Series, signups: pl.Series) -> pl.Series:
    return spend / signups


def spend_mean(spend: pl.Series) -> float:
    return spend.mean()


def spend_zero_mean(spend: pl.Series, spend_mean: float) -> pl.Series:
    return spend - spend_mean


def spend_std_dev(spend: pl.Series) -> float:
    return spend.std()


def spend_zero_mean_unit_variance(spend_zero_mean: pl.Series, spend_std_dev: float) -> pl.Series:
    return spend_zero_mean / spend_std_dev
