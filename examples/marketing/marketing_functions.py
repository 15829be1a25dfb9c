"""The seed's motivating example: what does a signup cost us, per week and per business line?

Each function is a node; a parameter named like another function is an edge. The
rolling average of spend differs by business line, chosen by the Driver's config
(``{"business_line": "CA"}`` or ``{"business_line": "US"}``).
"""

from pathlib import Path

import pandas as pd
from hamilton.function_modifiers import config
from hamilton_pandas import extract_columns

DATA_PATH = str(Path(__file__).with_name("data.csv"))


@extract_columns("spend", "signups")
def marketing_data(data_path: str = DATA_PATH) -> pd.DataFrame:
    """Weekly marketing spend and signups, indexed by the week's date (the shipped CSV by default)."""
    return pd.read_csv(data_path, parse_dates=["week"], index_col="week")


# fmt: off
# The two variants below are verbatim from the seed document.
@config.when(business_line='CA')
def avg_rolling_spend__CA(spend: pd.Series) -> pd.Series:
    """Rolling average of spend in the canada region."""
    return spend.rolling(3).mean()


@config.when(business_line='US')
def avg_rolling_spend__US(spend: pd.Series) -> pd.Series:
    """Rolling average of spend in the US region."""
    return spend.rolling(2).mean()
# fmt: on


def acquisition_cost(avg_rolling_spend: pd.Series, signups: pd.Series) -> pd.Series:
    """What one signup costs: the rolling average of spend per signup."""
    return avg_rolling_spend / signups


def spend_per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    """The week's spend per signup, without smoothing."""
    return spend / signups
