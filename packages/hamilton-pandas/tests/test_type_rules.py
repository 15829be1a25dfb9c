"""What pandas- and numpy-annotated parameters accept, through a real Driver."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hamilton import base, driver
from hamilton.errors import ExecutionError, TypeMismatchError
from hamilton_pandas import type_rules


def _driver(module):
    return driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult()))


def test_subclasses_of_series_and_dataframe_feed_their_base(make_module):
    module = make_module(
        """
        class Weekly(pd.Series):
            pass

        class Table(pd.DataFrame):
            pass

        def spend() -> Weekly:
            return Weekly([1.0, 2.0])

        def table() -> Table:
            return Table({"x": [1]})

        def total(spend: pd.Series, table: pd.DataFrame) -> float:
            return float(spend.sum() + table["x"].sum())
        """
    )
    assert _driver(module).execute(["total"])["total"] == 4.0


def test_dtype_specific_series_feeds_the_dtype_agnostic_annotation_and_back(make_module):
    module = make_module(
        """
        from typing import Annotated

        def spend() -> Annotated[pd.Series, float]:
            return pd.Series([1.0, 2.0])

        def doubled(spend: pd.Series) -> pd.Series:
            return spend * 2

        def tripled(doubled: Annotated[pd.Series, float]) -> Annotated[pd.Series, float]:
            return doubled * 1.5
        """
    )
    assert _driver(module).execute(["tripled"])["tripled"].tolist() == [3.0, 6.0]


def test_a_dataframe_does_not_feed_a_series(make_module):
    module = make_module(
        """
        def table() -> pd.DataFrame:
            return pd.DataFrame({"x": [1]})

        def doubled(table: pd.Series) -> pd.Series:
            return table * 2
        """
    )
    with pytest.raises(TypeMismatchError, match=r"'doubled' expects pandas.*Series for 'table'"):
        _driver(module)


def test_numpy_scalars_feed_the_python_numbers_they_stand_for(make_module):
    module = make_module(
        """
        def count(values: pd.Series) -> np.int64:
            return values.count()

        def mean(values: pd.Series) -> np.float32:
            return np.float32(values.mean())

        def any_big(values: pd.Series) -> np.bool_:
            return (values > 2).any()

        def report(count: int, mean: float, any_big: bool) -> str:
            return f"{count} values, mean {mean:.1f}, big: {any_big}"
        """
    )
    got = _driver(module).execute(["report"], inputs={"values": pd.Series([1, 2, 3])})
    assert got["report"] == "3 values, mean 2.0, big: True"


def test_numpy_scalars_do_not_feed_other_numbers(make_module):
    module = make_module(
        """
        def mean(values: pd.Series) -> np.float64:
            return values.mean()

        def rounded(mean: int) -> int:
            return mean
        """
    )
    with pytest.raises(TypeMismatchError, match="'rounded' expects int for 'mean'"):
        _driver(module)


def test_python_numbers_feed_array_like(make_module):
    module = make_module(
        """
        import numpy.typing as npt

        def rate() -> float:
            return 0.5

        def scaled(rate: npt.ArrayLike, values: npt.ArrayLike) -> np.ndarray:
            return np.asarray(values) * np.asarray(rate)
        """
    )
    got = _driver(module).execute(["scaled"], inputs={"values": pd.Series([2.0, 4.0])})
    assert got["scaled"].tolist() == [1.0, 2.0]


def test_inputs_are_checked_by_isinstance(make_module):
    module = make_module(
        """
        import numpy.typing as npt

        class Weekly(pd.Series):
            pass

        def total(spend: pd.Series, weights: npt.NDArray[np.float64], count: int) -> float:
            return float((spend * weights).sum() / count)
        """
    )
    dr = _driver(module)
    weekly = module.Weekly([1.0, 2.0])
    got = dr.execute(["total"], inputs={"spend": weekly, "weights": np.array([1.0, 1.0]), "count": np.int64(3)})
    assert got["total"] == 1.0
    with pytest.raises(ExecutionError, match=r"input 'weights' is a pandas.*Series, but 'total' declares"):
        dr.execute(["total"], inputs={"spend": weekly, "weights": pd.Series([1.0, 1.0]), "count": 3})


def test_a_list_where_a_series_is_annotated_says_how_to_fix_it(make_module):
    module = make_module(
        """
        def avg_rolling_spend(spend: pd.Series) -> pd.Series:
            return spend.rolling(2).mean()
        """
    )
    with pytest.raises(ExecutionError) as caught:
        _driver(module).execute(["avg_rolling_spend"], inputs={"spend": [1, 2, 3]})
    message = str(caught.value)
    assert message.startswith("input 'spend' is a list, but 'avg_rolling_spend' declares pandas")
    assert message.endswith("Series; wrap the list in pandas.Series(...) first.") or message.endswith(
        "Series; wrap the list in pandas.core.series.Series(...) first."  # pandas 2 names its classes so
    )


@pytest.mark.parametrize(
    ("node_type", "input_type", "accepted"),
    [
        (int, np.int64, True),
        (int, np.uint8, True),
        (float, np.float32, True),
        (bool, np.bool_, True),
        (complex, np.complex64, True),
        (int, np.float64, False),
        (np.int64, int, False),
        (pd.Series, list, False),
        (pd.Series, np.ndarray, False),
        (np.ndarray, pd.Series, False),
    ],
)
def test_type_rules_table(node_type, input_type, accepted):
    assert type_rules.type_accepts(node_type, input_type) is accepted
