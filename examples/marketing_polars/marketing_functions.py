"""The seed's marketing example on polars: what does a signup cost us, per week and per business line?

The same dataflow as ``examples/marketing``, with ``pl.Series`` in place of
``pd.Series``. The rolling average of spend differs by business line, chosen by
the Driver's config (``{"business_line": "CA"}`` or ``{"business_line": "US"}``).
"""

from pathlib import Path

import polars as pl
from hamilton.function_modifiers import config
from hamilton_polars import extract_columns

DATA_PATH = str(Path(__file__).with_name("data.csv"))


@extract_columns("week", "spend", "signups")
def marketing_data(data_path: str = DATA_PATH) -> pl.DataFrame:
    """Weekly marketing spend and signups (the shipped CSV by default)."""
    return pl.read_csv(data_path, try_parse_dates=True)


@config.when(business_line="CA")
def avg_rolling_spend__CA(spend: pl.Series) -> pl.Series:
    """Rolling average of spend in the Canada business line, over three weeks."""
    return spend.rolling_mean(3)


@config.when(business_line="US")
def avg_rolling_spend__US(spend: pl.Series) -> pl.Series:
    """Rolling average of spend in the US business line, over two weeks."""
    return spend.rolling_mean(2)


def acquisition_cost(avg_rolling_spend: pl.Series, signups: pl.Series) -> pl.Series:
    """What one signup costs: the rolling average of spend per signup."""
    return avg_rolling_spend / signups


def spend_per_signup(spend: pl.Series, signups: pl.Series) -> pl.Series:
    """The week's spend per signup, without smoothing."""
    return spend / signups
