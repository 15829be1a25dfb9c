"""A marketing dataflow in plain Python types (no pandas), recording each call so tests see what ran."""

import itertools

from hamilton.function_modifiers import config

CALLS: list[str] = []

CONFIG = {"business_line": "CA", "window": 3}
INPUTS = {"raw_spend": [10.0, 20.0, 30.0, 40.0], "raw_signups": [1, 2, 4, 8]}
# what executing acquisition_cost (CA) runs and reads, and what it leaves out
EXECUTION_OF_COST = {"raw_spend", "raw_signups", "window", "spend", "signups", "avg_rolling_spend", "acquisition_cost"}
PRUNED_FROM_COST = {"spend_report", "weekly_growth", "currency"}


def spend(raw_spend: list[float]) -> list[float]:
    """Weekly marketing spend."""
    CALLS.append("spend")
    return list(raw_spend)


def signups(raw_signups: list[int]) -> list[int]:
    """Weekly signups."""
    CALLS.append("signups")
    return list(raw_signups)


@config.when(business_line="CA")
def avg_rolling_spend__CA(spend: list[float], window: int) -> float:
    """Rolling average of spend in Canada."""
    CALLS.append("avg_rolling_spend__CA")
    return sum(spend[-window:]) / window


@config.when(business_line="US")
def avg_rolling_spend__US(spend: list[float]) -> float:
    """Rolling average of spend in the US."""
    CALLS.append("avg_rolling_spend__US")
    return sum(spend[-2:]) / 2


def acquisition_cost(avg_rolling_spend: float, signups: list[int]) -> float:
    """What one signup costs."""
    CALLS.append("acquisition_cost")
    return avg_rolling_spend / signups[-1]


def spend_report(spend: list[float], currency: str) -> str:
    """Total spend, for people."""
    CALLS.append("spend_report")
    return f"{sum(spend):.2f} {currency}"


def weekly_growth(signups: list[int]) -> list[float]:
    """Week-on-week signup growth."""
    CALLS.append("weekly_growth")
    return [b / a - 1 for a, b in itertools.pairwise(signups)]
