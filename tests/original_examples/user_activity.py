"""Unique users per region and time grain: the logic each subdag of user_reports runs, after the
original's examples/reusing_functions."""

import pandas as pd
from hamilton.function_modifiers import config

_FREQUENCY = {"day": "D", "week": "W", "month": "ME"}


def filtered_interactions(website_interactions: pd.DataFrame, region: str) -> pd.DataFrame:
    return website_interactions[website_interactions.region == region]


def unique_users(filtered_interactions: pd.DataFrame, grain: str) -> pd.Series:
    return filtered_interactions.resample(_FREQUENCY[grain])["user_id"].nunique()


@config.when(weighting="recent")
def weighted_users__recent(unique_users: pd.Series) -> float:
    return float(unique_users.iloc[-1] * 2 + unique_users.sum())


@config.when_not(weighting="recent")
def weighted_users__flat(unique_users: pd.Series) -> float:
    return float(unique_users.sum())
