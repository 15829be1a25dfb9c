"""@with_columns on pandas, after the original's examples/pandas/with_columns."""

import pandas as pd
import spend_features_pandas
from hamilton.plugins import h_pandas


def initial_df() -> pd.DataFrame:
    return pd.DataFrame(
        {"signups": [1, 10, 50, 100, 200, 400], "spend": [10.0, 10.0, 20.0, 40.0, 40.0, 50.0]},
        index=pd.Index([0, 1, 2, 3, 4, 5]),
    )


@h_pandas.with_columns(
    spend_features_pandas,
    columns_to_pass=["spend", "signups"],
    select=["avg_2wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"],
)
def final_df(initial_df: pd.DataFrame) -> pd.DataFrame:
    return initial_df


def top_row(final_df: pd.DataFrame) -> dict:
    return final_df.iloc[-1].round(4).to_dict()
