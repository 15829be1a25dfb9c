"""@with_columns on polars, after the original's examples/polars/with_columns."""

import polars as pl
import spend_features_polars
from hamilton.plugins import h_polars


def initial_df() -> pl.DataFrame:
    return pl.DataFrame({"signups": [1, 10, 50, 100, 200, 400], "spend": [10.0, 10.0, 20.0, 40.0, 40.0, 50.0]})


@h_polars.with_columns(
    spend_features_polars,
    columns_to_pass=["spend", "signups"],
    select=["avg_2wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"],
)
def final_df(initial_df: pl.DataFrame) -> pl.DataFrame:
    return initial_df


def top_row(final_df: pl.DataFrame) -> dict:
    return {k: round(v, 4) for k, v in final_df.row(-1, named=True).items()}
