"""Column logic for spend_columns_pandas (the functions @with_columns runs), after the original's
examples/pandas/with_columns: config-dependent variants, scalars and series mixed."""

import pandas as pd
from hamilton.function_modifiers import config


@config.when(unit="millions")
def avg_2wk_spend__millions(spend: pd.Series) -> pd.Series:
    return spend.rolling(2).mean() / 1e6


@config.when(unit="thousands")
def avg_2wk_spend__thousands(spend: pd.Series) -> pd.Series:
    return spend.rolling(2).mean() / 1e3


def spend_per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups


def spend_mean(spend: pd.Series) -> float:
    return spend.mean()


def spend_zero_mean(spend: pd.Series, spend_mean: float) -> pd.Series:
    return spend - spend_mean


def spend_std_dev(spend: pd.Series) -> float:
    return spend.std()


def spend_zero_mean_unit_variance(spend_zero_mean: pd.Series, spend_std_dev: float) -> pd.Series:
    return spend_zero_mean / spend_std_dev
