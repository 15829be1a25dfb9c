"""One logic module reused per region and grain (@subdag, @parameterized_subdag), after the
original's examples/reusing_functions."""

import pandas as pd
import user_activity
from hamilton.function_modifiers import parameterized_subdag, source, subdag, tag, value


def website_interactions() -> pd.DataFrame:
    rows = [
        ("2022-09-01 14:00", 1, "US"),
        ("2022-09-01 18:30", 2, "US"),
        ("2022-09-02 08:00", 1, "US"),
        ("2022-09-08 09:00", 3, "US"),
        ("2022-09-20 17:00", 1, "US"),
        ("2022-10-02 10:00", 2, "US"),
        ("2022-09-01 14:00", 7, "CA"),
        ("2022-09-03 16:00", 8, "CA"),
        ("2022-09-03 17:00", 7, "CA"),
        ("2022-10-05 12:00", 9, "CA"),
    ]
    df = pd.DataFrame(rows, columns=["timestamp", "user_id", "region"]).set_index("timestamp").sort_index()
    df.index = pd.DatetimeIndex(df.index)
    return df


@tag(team="growth")
@subdag(
    user_activity,
    inputs={"grain": value("day"), "region": value("US")},
    config={"weighting": "recent"},
)
def daily_us(unique_users: pd.Series, weighted_users: float) -> dict:
    return {"days_active": int((unique_users > 0).sum()), "weighted": weighted_users}


@parameterized_subdag(
    user_activity,
    inputs={"website_interactions": source("website_interactions")},
    weekly_us={"inputs": {"grain": value("week"), "region": value("US")}},
    monthly_us={"inputs": {"grain": value("month"), "region": value("US")}},
    monthly_ca={"inputs": {"grain": value("month"), "region": value("CA")}, "config": {"weighting": "recent"}},
)
def users(unique_users: pd.Series, weighted_users: float) -> list:
    return [int(n) for n in unique_users] + [weighted_users]
