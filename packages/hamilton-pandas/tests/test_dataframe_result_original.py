"""PandasDataFrameResult where users of the original rely on its exact results: dicts, generators,
the errors it raises, and its helper methods. Each expected frame is written out by hand."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hamilton import base
from hamilton_pandas import PandasDataFrameResult
from pandas.testing import assert_frame_equal

build = PandasDataFrameResult.build_result
months = pd.DatetimeIndex(["2022-01-01", "2022-02-01", "2022-03-01"])


def counting(n):
    yield from range(n)


def test_the_original_s_import_path_gives_this_class():
    assert base.PandasDataFrameResult is PandasDataFrameResult


# ---------------------------------------------------------------- dicts: a column indexed by the keys


def test_a_single_dict_is_a_column_indexed_by_its_keys():
    expected = pd.DataFrame({"a": pd.Series([1, "foo"], index=["b", "c"], dtype=object)})
    assert_frame_equal(build(a={"b": 1, "c": "foo"}), expected)


def test_several_dicts_are_joined_on_their_keys():
    got = build(a={"x": 1, "y": 2}, b={"y": 20, "z": 30})
    expected = pd.DataFrame(
        {"a": [1.0, 2.0, np.nan], "b": [np.nan, 20.0, 30.0]}, index=pd.Index(["x", "y", "z"], dtype="str")
    )
    assert_frame_equal(got, expected)


def test_a_scalar_with_a_dict_is_repeated_down_the_keys():
    got = build(a={"bar": 2, "foo": 1}, b=4)
    assert_frame_equal(got, pd.DataFrame({"a": [2, 1], "b": [4, 4]}, index=["bar", "foo"]))


def test_a_dict_with_a_series_is_joined_on_the_series_index():
    got = build(a=pd.Series([1, 2]), b={0: 5, 2: 6})
    assert_frame_equal(got, pd.DataFrame({"a": [1.0, 2.0, np.nan], "b": [5.0, np.nan, 6.0]}))


def test_a_dict_with_a_dataframe_is_joined_on_the_frame_index():
    got = build(a={0: "p", 1: "q"}, f=pd.DataFrame({"x": [1, 2]}))
    assert_frame_equal(got, pd.DataFrame({"a": ["p", "q"], "f.x": [1, 2]}))


@pytest.mark.parametrize("positional", [[1, 2], np.array([1, 2]), (1, 2)], ids=["list", "array", "tuple"])
def test_a_dict_beside_a_list_or_array_is_an_error_naming_both(positional):
    # as in the original: keys and positions cannot be matched
    with pytest.raises(ValueError, match=r"rows of 'b', a dict whose keys are its index, with those of 'a'"):
        build(a=positional, b={"foo": "bar"})


# ---------------------------------------------------------------- generators: consumed into columns


def test_a_generator_is_consumed_into_a_column():
    assert_frame_equal(build(a=counting(3)), pd.DataFrame({"a": [0, 1, 2]}))


def test_several_generators_are_columns_side_by_side():
    assert_frame_equal(
        build(a=counting(3), b=(x * 10 for x in range(3))), pd.DataFrame({"a": [0, 1, 2], "b": [0, 10, 20]})
    )


def test_a_generator_beside_a_series_takes_the_series_index():
    got = build(a=pd.Series([1, 2, 3], index=[5, 6, 7]), b=counting(3), k=1)
    assert_frame_equal(got, pd.DataFrame({"a": [1, 2, 3], "b": [0, 1, 2], "k": [1, 1, 1]}, index=[5, 6, 7]))


def test_generators_of_different_lengths_are_an_error_naming_each_length():
    with pytest.raises(ValueError, match=r"different lengths.*'a' has 3 values, 'b' has 4 values"):
        build(a=counting(3), b=counting(4))


def test_other_objects_are_still_kept_whole_in_every_row():
    tags = {"ca", "us"}
    got = build(a=[1, 2], tags=tags)
    assert got["tags"].tolist() == [tags, tags]


# ---------------------------------------------------------------- outer join on the index


def test_differing_indexes_give_their_union_sorted_and_one_shared_index_stays_as_it_is():
    got = build(a=pd.Series([1, 2, 3], index=[1, 2, 3]), b=pd.Series([11, 12, 13]))
    expected = pd.DataFrame({"a": [np.nan, 1.0, 2.0, 3.0], "b": [11.0, 12.0, 13.0, np.nan]}, index=[0, 1, 2, 3])
    assert_frame_equal(got, expected)
    unsorted = pd.Index([3, 1, 2])
    got = build(a=pd.Series([1, 2, 3], index=unsorted), b=pd.Series([4, 5, 6], index=unsorted))
    assert got.index.tolist() == [3, 1, 2]


# ---------------------------------------------------------------- build_dataframe_with_dataframes


def test_build_dataframe_with_dataframes_unpacks_every_frame_even_a_single_one():
    df = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    assert_frame_equal(
        PandasDataFrameResult.build_dataframe_with_dataframes({"df": df}),
        pd.DataFrame({"df.x": [1, 2], "df.y": [3, 4]}),
    )


def test_build_dataframe_with_dataframes_joins_frames_series_scalars_and_lists():
    got = PandasDataFrameResult.build_dataframe_with_dataframes(
        {
            "left": pd.DataFrame({"x": [1, 2]}, index=[0, 1]),
            "right": pd.DataFrame({"y": [3, 4]}, index=[1, 2]),
            "s": pd.Series([7, 8, 9]),
            "k": "ca",
            "items": [10, 20, 30],
        }
    )
    expected = pd.DataFrame(
        {
            "left.x": [1.0, 2.0, np.nan],
            "right.y": [np.nan, 3.0, 4.0],
            "s": [7, 8, 9],
            "k": ["ca", "ca", "ca"],
            "items": [10, 20, 30],
        }
    )
    assert_frame_equal(got, expected)


def test_build_dataframe_with_dataframes_refuses_a_column_made_twice():
    with pytest.raises(ValueError, match=r"'f\.x' twice"):
        PandasDataFrameResult.build_dataframe_with_dataframes({"f": pd.DataFrame({"x": [1]}), "f.x": pd.Series([2])})


# ---------------------------------------------------------------- pandas_index_types


def test_index_types_group_outputs_by_index_class_and_dtype():
    every, time, none = PandasDataFrameResult.pandas_index_types(
        {
            "a": pd.Series([1, 2, 3]),
            "frame": pd.DataFrame({"x": [1, 2, 3]}),
            "b": 1,
            "when": pd.Series([3, 4, 5], index=months),
            "listed": [1, 2, 3],
            "positions": pd.Index([10, 20, 30]),
        }
    )
    assert dict(every) == {
        "RangeIndex:::int64": ["a", "frame"],
        "no-index": ["b", "listed"],
        f"DatetimeIndex:::{months.dtype}": ["when"],
        "Index:::int64": ["positions"],
    }
    assert dict(time) == {f"DatetimeIndex:::{months.dtype}": ["when"]}
    assert dict(none) == {"no-index": ["b", "listed"]}
    assert none["absent"] == []  # as in the original, the groups are defaultdicts


def test_period_and_categorical_indexes_are_time_like():
    _, time, _ = PandasDataFrameResult.pandas_index_types(
        {
            "period": pd.Series([1], index=pd.PeriodIndex(["2022-01"], freq="M")),
            "category": pd.Series([1], index=pd.CategoricalIndex(["x"])),
            "plain": pd.Series([1], index=[0.5]),
        }
    )
    assert dict(time) == {"PeriodIndex:::period[M]": ["period"], "CategoricalIndex:::category": ["category"]}


# ---------------------------------------------------------------- check_pandas_index_types_match


@pytest.mark.parametrize(
    ("groups", "matches", "warns"),
    [
        (({"RangeIndex:::int64": ["a", "b"]}, {}, {}), True, False),
        (({"RangeIndex:::int64": ["a"], "no-index": ["k"]}, {}, {"no-index": ["k"]}), True, True),
        (
            (
                {"DatetimeIndex:::x": ["a"], "PeriodIndex:::y": ["b"]},
                {"DatetimeIndex:::x": ["a"], "PeriodIndex:::y": ["b"]},
                {},
            ),
            False,
            True,
        ),
        (({"RangeIndex:::int64": ["a"], "Index:::float64": ["b"]}, {}, {}), False, True),
        (({"DatetimeIndex:::x": ["a"], "Index:::int64": ["b"]}, {"DatetimeIndex:::x": ["a"]}, {}), False, True),
        (({"no-index": ["a", "b"]}, {}, {"no-index": ["a", "b"]}), False, True),
    ],
    ids=["one-type", "one-type-and-scalars", "two-time-types", "two-types", "time-and-integer", "no-index-at-all"],
)
def test_index_types_match_as_in_the_original(groups, matches, warns, caplog):
    with caplog.at_level(logging.WARNING, logger="hamilton_pandas"):
        assert PandasDataFrameResult.check_pandas_index_types_match(*groups) is matches
    assert bool(caplog.records) is warns


def test_the_helpers_chain_as_users_call_them():
    outputs = {"a": pd.Series([1], index=months[:1]), "b": pd.Series([2])}
    assert (
        PandasDataFrameResult.check_pandas_index_types_match(*PandasDataFrameResult.pandas_index_types(outputs))
        is False
    )
