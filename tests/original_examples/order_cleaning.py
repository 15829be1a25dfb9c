"""Cleaning steps written next to the data they change (@mutate, apply_to), after the original's
examples/mutate blueprint: conditional steps, bound arguments, named steps, steps on one output."""

import pandas as pd
from hamilton.function_modifiers import apply_to, extract_columns, extract_fields, mutate, source, value


def orders() -> pd.DataFrame:
    return pd.DataFrame({"order_id": [3.0, 1.0, None, 2.0], "region": ["EU", "US", None, "US"]})


def shipments() -> pd.DataFrame:
    return pd.DataFrame({"order_id": [2.0, 1.0, 3.0, None], "weight": [1.5, 2.0, 4.0, 3.0]})


def warehouses() -> pd.DataFrame:
    return pd.DataFrame({"order_id": [1.0, 2.0, 3.0, 4.0], "warehouse": ["A", "B", "A", "C"]})


@extract_fields({"heavy": pd.Series, "light": pd.Series})
def weight_classes(shipments: pd.DataFrame) -> dict:
    return {
        "heavy": shipments.loc[shipments["weight"] >= 2.0, "weight"].reset_index(drop=True),
        "light": shipments.loc[shipments["weight"] < 2.0, "weight"].reset_index(drop=True),
    }


@extract_columns("weight", "warehouse")
def shipped(shipments: pd.DataFrame) -> pd.DataFrame:
    return shipments


def heavy_share(heavy: pd.Series, weight: pd.Series) -> float:
    return float(heavy.sum() / weight.sum())


def order_count(orders: pd.DataFrame) -> int:
    return len(orders)


@mutate(apply_to(orders).when_in(mode=["strict", "audit"]), apply_to(shipments).when_not_in(mode=["raw"]))
def _drop_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with a missing value go."""
    return df.dropna().reset_index(drop=True)


@mutate(apply_to(shipments), extra=value([4.0, 0.5]))
def _add_row(df: pd.DataFrame, extra: list) -> pd.DataFrame:
    return pd.concat([df, pd.DataFrame([extra], columns=df.columns[:2])], ignore_index=True)


@mutate(apply_to(shipments, lookup=source("warehouses")).named("located"))
def _locate(df: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    return df.merge(lookup, on="order_id", how="left")


@mutate(apply_to(orders).named(name="", namespace="ignored_namespace"), suffix=value("!"))
def _mark_regions(df: pd.DataFrame, suffix: str) -> pd.DataFrame:
    """As in the original's blueprint: an empty name, and a step namespace @mutate does not use."""
    return df.assign(region=df["region"] + suffix)


@mutate(orders, shipments)
def _sort_by_order(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(by="order_id").reset_index(drop=True)


@mutate(
    apply_to(weight_classes, factor=value(10.0)).on_output("heavy").named("in_tenths"),
    apply_to(shipped, factor=value(0.5)).on_output("weight"),
)
def _scale(series: pd.Series, factor: float) -> pd.Series:
    return series * factor
