"""PandasDataFrameResult and its strict variant, against DataFrames built by hand with pandas."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hamilton_pandas import (
    ColumnCollisionError,
    IndexTypeMismatchError,
    PandasDataFrameResult,
    StrictIndexTypePandasDataFrameResult,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

build = PandasDataFrameResult.build_result
weeks = pd.date_range("2022-01-02", periods=3, freq="W")


def test_series_on_one_index_are_columns():
    a = pd.Series([1.0, 2.0, 3.0], index=weeks)
    b = pd.Series([4, 5, 6], index=weeks, name="ignored")
    assert_frame_equal(build(a=a, b=b), pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4, 5, 6]}, index=weeks))


def test_series_are_outer_joined_on_their_index():
    a = pd.Series([1, 2, 3], index=[0, 1, 2])
    b = pd.Series([40, 50], index=[1, 5])
    expected = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0, np.nan], "b": [np.nan, 40.0, np.nan, 50.0]}, index=pd.Index([0, 1, 2, 5])
    )
    assert_frame_equal(build(a=a, b=b), expected)


def test_scalars_are_repeated_down_the_index():
    a = pd.Series([1, 2, 3], index=weeks)
    got = build(a=a, rate=0.5, label="ca")
    expected = pd.DataFrame({"a": [1, 2, 3], "rate": [0.5] * 3, "label": ["ca"] * 3}, index=weeks)
    assert_frame_equal(got, expected)


def test_column_order_is_the_requested_order_even_with_scalars_first():
    got = build(rate=0.5, a=pd.Series([1, 2]), items=[7, 8], b=pd.Series([3, 4]))
    assert list(got.columns) == ["rate", "a", "items", "b"]
    assert_frame_equal(got, pd.DataFrame({"rate": [0.5, 0.5], "a": [1, 2], "items": [7, 8], "b": [3, 4]}))


def test_only_scalars_give_one_row():
    assert_frame_equal(build(a=1, b="x", c=2.5), pd.DataFrame([{"a": 1, "b": "x", "c": 2.5}]))


def test_objects_that_are_not_columns_are_kept_whole_in_every_row():
    whole = frozenset({"k"})
    got = build(a=pd.Series([1, 2]), m=whole)
    assert got["m"].tolist() == [whole, whole]


def test_a_single_dataframe_is_returned_as_it_is():
    df = pd.DataFrame({"x": [1, 2]}, index=["p", "q"])
    assert build(df=df) is df


def test_dataframes_among_other_outputs_are_unpacked_as_output_dot_column():
    df = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    got = build(frame=df, s=pd.Series([5, 6]), k=9)
    expected = pd.DataFrame({"frame.x": [1, 2], "frame.y": [3, 4], "s": [5, 6], "k": [9, 9]})
    assert_frame_equal(got, expected)


def test_two_dataframes_with_the_same_column_names_stay_apart():
    df = pd.DataFrame({"x": [1, 2]})
    got = build(left=df, right=df * 10)
    assert_frame_equal(got, pd.DataFrame({"left.x": [1, 2], "right.x": [10, 20]}))


def test_a_name_collision_is_a_clear_error():
    df = pd.DataFrame({"x": [1, 2]})
    with pytest.raises(ColumnCollisionError, match=r"'frame\.x' twice: both 'frame' and 'frame\.x'") as caught:
        build(**{"frame": df, "frame.x": pd.Series([3, 4])})
    assert caught.value.column == "frame.x"
    assert caught.value.outputs == ("frame", "frame.x")


def test_duplicate_columns_inside_one_dataframe_are_a_clear_error():
    df = pd.DataFrame([[1, 2]], columns=["x", "x"])
    with pytest.raises(ColumnCollisionError, match="'frame' has duplicate column names"):
        build(frame=df, other=pd.Series([1]))


def test_user_outputs_are_not_modified():
    df = pd.DataFrame({"x": [1, 2]})
    s = pd.Series([3, 4], name="keep")
    build(frame=df, s=s)
    assert list(df.columns) == ["x"]
    assert s.name == "keep"


def test_lists_and_arrays_must_fit_the_index():
    with pytest.raises(
        ValueError, match=r"'c' has 3 values cannot be placed on the index joined from 'a', which has 2"
    ):
        build(a=pd.Series([1, 2]), c=[1, 2, 3])


def test_lists_of_different_lengths_are_a_clear_error():
    with pytest.raises(ValueError, match=r"different lengths.*'a' has 2 values, 'b' has 3 values"):
        build(a=[1, 2], b=np.array([1, 2, 3]))


def test_two_dimensional_arrays_are_refused():
    with pytest.raises(ValueError, match="'m' is a 2-D array"):
        build(a=pd.Series([1, 2]), m=np.ones((2, 2)))


def test_duplicate_labels_across_different_indexes_name_the_outputs():
    with pytest.raises(ValueError, match="'a' repeat index labels"):
        build(a=pd.Series([1, 2, 3], index=[0, 0, 1]), b=pd.Series([1, 2], index=[0, 5]))


def test_no_outputs_give_an_empty_dataframe():
    assert_frame_equal(build(), pd.DataFrame())


def test_mixed_index_types_warn_naming_outputs_and_types(caplog):
    spend = pd.Series([1.0, 2.0], index=pd.date_range("2022-01-02", periods=2, freq="W"))
    signups = pd.Series([3, 4])
    with caplog.at_level(logging.WARNING, logger="hamilton_pandas"):
        got = build(spend=spend, signups=signups)
    assert len(got) == 4  # pandas' outer join: no row lines up
    (record,) = caplog.records
    message = record.getMessage()
    assert "'spend' has DatetimeIndex (datetime64" in message
    assert "'signups' has RangeIndex (int64)" in message
    assert "StrictIndexTypePandasDataFrameResult" in message


def test_same_kind_of_index_does_not_warn(caplog):
    a = pd.Series([1, 2], index=pd.RangeIndex(2))
    b = pd.Series([3, 4], index=pd.Index([0, 1], dtype="int32"))
    with caplog.at_level(logging.WARNING, logger="hamilton_pandas"):
        build(a=a, b=b, c=pd.DataFrame({"x": [1, 2]}))
    assert caplog.records == []


def test_strict_raises_on_mixed_index_types():
    spend = pd.Series([1.0], index=pd.DatetimeIndex(["2022-01-02"]))
    with pytest.raises(IndexTypeMismatchError, match="different kinds of index") as caught:
        StrictIndexTypePandasDataFrameResult.build_result(spend=spend, signups=pd.Series([3]))
    assert set(caught.value.index_types) == {"spend", "signups"}
    assert caught.value.index_types["signups"] == "RangeIndex (int64)"


def test_strict_builds_the_same_frame_when_index_types_agree():
    a, b = pd.Series([1, 2], index=weeks[:2]), pd.Series([3], index=weeks[1:2])
    assert_frame_equal(StrictIndexTypePandasDataFrameResult.build_result(a=a, b=b), build(a=a, b=b))


def test_timezones_are_different_kinds_of_index():
    utc = pd.Series([1], index=pd.DatetimeIndex(["2022-01-02"], tz="UTC"))
    naive = pd.Series([2], index=pd.DatetimeIndex(["2022-01-02"]))
    with pytest.raises(IndexTypeMismatchError):
        StrictIndexTypePandasDataFrameResult.build_result(utc=utc, naive=naive)


def test_ten_thousand_series_share_their_data_with_the_result():
    index = pd.RangeIndex(100)
    outputs = {f"c{i}": pd.Series(np.full(100, float(i)), index=index) for i in range(10_000)}
    got = build(**outputs)
    assert got.shape == (100, 10_000)
    assert list(got.columns[:3]) == ["c0", "c1", "c2"]
    assert got["c9999"].iloc[0] == 9999.0
    if int(pd.__version__.split(".")[0]) >= 3:  # copy-on-write: concat keeps the Series' buffers
        assert np.shares_memory(got["c5"].to_numpy(), outputs["c5"].to_numpy())


labels = st.lists(st.integers(-5, 20), min_size=0, max_size=8, unique=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(labels, min_size=1, max_size=4), st.integers(-3, 3))
def test_matches_a_dataframe_of_the_series_for_any_unique_integer_indexes(indexes, scalar):
    # the original's rule: pd.DataFrame of a dict of Series (one shared index kept, else the sorted union)
    outputs = {f"s{i}": pd.Series(np.arange(len(ix), dtype=float) + i, index=ix) for i, ix in enumerate(indexes)}
    expected = pd.DataFrame(outputs)
    expected["k"] = scalar
    got = build(**outputs, k=scalar)
    assert_frame_equal(got, expected, check_index_type=False)
    assert got.index.equals(expected.index)


def test_the_warning_groups_many_outputs_by_index_type(caplog):
    outputs = {f"s{i}": pd.Series([1.0], index=pd.RangeIndex(1)) for i in range(8)}
    outputs["when"] = pd.Series([2.0], index=pd.DatetimeIndex(["2022-01-02"]))
    with caplog.at_level(logging.WARNING, logger="hamilton_pandas"):
        build(**outputs)
    message = caplog.records[0].getMessage()
    assert "'s0', 's1', 's2', 's3', 's4' and 3 more have RangeIndex (int64); 'when' has DatetimeIndex" in message
