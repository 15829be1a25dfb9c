"""NumpyMatrixResult: a 2-D array, columns in the requested order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hamilton import base, driver
from hamilton_pandas import NumpyMatrixResult
from numpy.testing import assert_array_equal

build = NumpyMatrixResult.build_result


def test_columns_in_requested_order_with_scalars_repeated():
    got = build(b=np.array([1.0, 2.0, 3.0]), a=pd.Series([4.0, 5.0, 6.0]), k=7)
    assert_array_equal(got, np.array([[1.0, 4.0, 7.0], [2.0, 5.0, 7.0], [3.0, 6.0, 7.0]]))
    assert got.shape == (3, 3)


def test_series_are_taken_by_position_not_by_index():
    a = pd.Series([1, 2], index=["x", "y"])
    b = pd.Series([3, 4], index=["y", "x"])
    assert_array_equal(build(a=a, b=b), np.array([[1, 3], [2, 4]]))


def test_lists_count_as_columns():
    assert_array_equal(build(a=[1, 2], b=(3, 4)), np.array([[1, 3], [2, 4]]))


def test_only_scalars_give_one_row():
    assert_array_equal(build(a=1, b=2), np.array([[1, 2]]))


def test_length_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match=r"same length: 'a' has 2 values, but 'c' has 3"):
        build(a=pd.Series([1, 2]), b=5, c=np.array([1, 2, 3]))


def test_two_dimensional_outputs_are_refused():
    with pytest.raises(ValueError, match=r"'df' is 2-D \(DataFrame of shape \(2, 1\)\)"):
        build(df=pd.DataFrame({"x": [1, 2]}))


def test_through_the_seed_adapter(make_module):
    module = make_module(
        """
        def doubled(values: pd.Series) -> pd.Series:
            return values * 2
        """
    )
    dr = driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.NumpyMatrixResult()))
    got = dr.execute(["doubled", "values"], inputs={"values": pd.Series([1, 2, 3])})
    assert_array_equal(got, np.array([[2, 1], [4, 2], [6, 3]]))
