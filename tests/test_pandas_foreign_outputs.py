"""The pandas default result with polars and Arrow outputs: converted (sharing memory where the
libraries allow) or refused with an error naming the output, never one object repeated in every row."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from hamilton import driver
from hamilton.testing import module_from_source
from pandas.testing import assert_frame_equal

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
hamilton_pandas = pytest.importorskip("hamilton_pandas")

build = hamilton_pandas.PandasDataFrameResult.build_result


def test_a_polars_series_is_a_column_placed_row_by_row_and_shares_its_memory():
    spend = pl.Series("ignored", [10.0, 20.0, 40.0])
    got = build(spend=spend, week=pd.Series([1, 2, 3], index=[7, 8, 9]))
    assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0, 40.0], "week": [1, 2, 3]}, index=[7, 8, 9]))
    assert np.shares_memory(got["spend"].to_numpy(), spend.to_numpy())
    got["spend"] = got["spend"] * 2  # a new column: the polars data stays as it was
    assert spend.to_list() == [10.0, 20.0, 40.0]


def test_arrow_arrays_and_chunked_arrays_are_columns():
    ints = pa.array([1, 2, 3])
    got = build(ints=ints, chunked=pa.chunked_array([["a"], ["b", "c"]]), nulls=pa.array([1.5, None, 2.5]), k=1)
    expected = pd.DataFrame(
        {"ints": [1, 2, 3], "chunked": ["a", "b", "c"], "nulls": [1.5, np.nan, 2.5], "k": [1, 1, 1]}
    )
    assert_frame_equal(got, expected)
    assert np.shares_memory(got["ints"].to_numpy(), ints.to_numpy())


def test_polars_and_arrow_tables_give_their_columns():
    got = build(left=pl.DataFrame({"x": [1, 2]}), right=pa.table({"y": ["p", "q"]}), s=pd.Series([5, 6]))
    assert_frame_equal(got, pd.DataFrame({"left.x": [1, 2], "right.y": ["p", "q"], "s": [5, 6]}))


def test_a_lone_polars_frame_lazy_or_not_is_the_result_as_pandas():
    frame = pl.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    expected = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    assert_frame_equal(build(frame=frame), expected)
    assert_frame_equal(build(frame=frame.lazy()), expected)
    assert_frame_equal(build(batch=pa.record_batch({"x": [1, 2], "y": ["a", "b"]})), expected)


def test_an_arrow_scalar_is_repeated_as_its_python_value():
    got = build(rows=[1, 2], rate=pa.scalar(0.5))
    assert_frame_equal(got, pd.DataFrame({"rows": [1, 2], "rate": [0.5, 0.5]}))


def test_a_column_of_the_wrong_length_is_an_error_naming_it():
    with pytest.raises(ValueError, match=r"'spend' has 2 values cannot be placed on the index joined from 'week'"):
        build(spend=pl.Series([1.0, 2.0]), week=pd.Series([1, 2, 3]))
    with pytest.raises(ValueError, match=r"different lengths.*'a' has 2 values, 'b' has 3 values"):
        build(a=pa.array([1, 2]), b=pl.Series([1, 2, 3]))


def test_a_polars_series_beside_a_dict_is_an_error_naming_both():
    with pytest.raises(ValueError, match=r"rows of 'd', a dict .* with those of 's'"):
        build(s=pl.Series([1, 2]), d={"a": 1})


class CArray:
    """Only the Arrow C data interface, as a library other than polars or pyarrow would offer it."""

    def __init__(self, array):
        self._array = array

    def __arrow_c_array__(self, requested_schema=None):
        return self._array.__arrow_c_array__(requested_schema)


def test_other_arrow_data_is_an_error_naming_the_output():
    with pytest.raises(hamilton_pandas.ForeignColumnError, match=r"Output 'c' is a .*CArray, which the pandas result"):
        build(c=CArray(pa.array([1, 2])), n=pd.Series([1, 2]))


def test_without_pyarrow_polars_is_converted_by_polars_itself():
    """In a fresh interpreter where `import pyarrow` fails, as when it is not installed.

    Blocking it in this process would be too late: pandas may have loaded it for its own arrays.
    """
    script = textwrap.dedent(
        """
        import sys
        sys.modules["pyarrow"] = None  # `import pyarrow` now fails
        import numpy as np
        import pandas as pd
        import polars as pl
        from hamilton_pandas import PandasDataFrameResult

        spend = pl.Series([10.0, 20.0])
        got = PandasDataFrameResult.build_result(spend=spend, frame=pl.DataFrame({"x": [1, 2]}))
        pd.testing.assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0], "frame.x": [1, 2]}))
        print(np.shares_memory(got["spend"].to_numpy(), spend.to_numpy()))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


def test_through_the_driver_with_the_default_result():
    module = module_from_source(
        "pandas_result_polars_outputs",
        "import polars as pl\n\n"
        "def spend() -> pl.Series:\n    return pl.Series([10.0, 20.0, 40.0])\n\n"
        "def signups() -> pl.Series:\n    return pl.Series([1, 4, 5])\n",
    )
    got = driver.Driver({}, module).execute(["spend", "signups"])
    assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0, 40.0], "signups": [1, 4, 5]}))
