"""Arrow results from polars, pandas and numpy outputs, and polars results from Arrow outputs.

Zero-copy is checked by buffer address: the Arrow column must point at the very
memory the source library holds, and a copy is shown to point elsewhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
from hamilton import driver  # noqa: E402
from hamilton.testing import module_from_source  # noqa: E402
from hamilton_arrow import ArrowRecordBatchResult, ArrowTableResult, LengthMismatchError  # noqa: E402
from hamilton_polars import PolarsDataFrameResult  # noqa: E402

build = ArrowTableResult.build_result


def address(column, chunk: int = 0) -> int:
    array = column.chunk(chunk) if isinstance(column, pa.ChunkedArray) else column
    return array.buffers()[1].address


def polars_address(series) -> int:
    return address(series.to_arrow())  # to_arrow shares the buffer polars holds


def test_polars_series_and_frames_are_shared_not_copied():
    spend = pl.Series("ignored", [1.5, 2.5, 3.5])
    frame = pl.DataFrame({"week": [1, 2, 3], "region": ["CA", "US", "CA"]})
    table = build(spend=spend, frame=frame)
    assert table.column_names == ["spend", "week", "region"]
    assert table.schema.types == [pa.float64(), pa.int64(), pa.string_view()]
    assert table.to_pydict() == {"spend": [1.5, 2.5, 3.5], "week": [1, 2, 3], "region": ["CA", "US", "CA"]}
    assert address(table.column("spend")) == polars_address(spend)
    assert address(table.column("week")) == polars_address(frame["week"])
    assert polars_address(pl.Series(spend.to_list())) != polars_address(spend)  # a copy would be seen


def test_polars_chunks_stay_chunks():
    chunked = pl.concat([pl.Series([1, 2]), pl.Series([3])], rechunk=False)
    assert chunked.n_chunks() == 2
    column = build(n=chunked).column("n")
    assert column.num_chunks == 2
    assert column.to_pylist() == [1, 2, 3]
    record_batch = ArrowRecordBatchResult.build_result(n=chunked)
    assert record_batch.column("n").to_pylist() == [1, 2, 3]


def test_a_polars_lazy_frame_is_collected_into_columns():
    table = build(lazy=pl.LazyFrame({"a": [1, 2]}).with_columns(b=pl.col("a") * 10))
    assert table.to_pydict() == {"a": [1, 2], "b": [10, 20]}


def test_pandas_series_are_shared_and_their_index_dropped():
    spend = pd.Series([1.0, 2.0, 3.0], index=[10, 20, 30], name="ignored")
    table = build(spend=spend, frame=pd.DataFrame({"w": [4, 5, 6]}, index=["a", "b", "c"]))
    assert table.column_names == ["spend", "w"]
    assert table.to_pydict() == {"spend": [1.0, 2.0, 3.0], "w": [4, 5, 6]}
    assert address(table.column("spend")) == spend.to_numpy().ctypes.data


def test_pandas_missing_values_become_nulls():
    table = build(spend=pd.Series([1.0, np.nan, 3.0]))
    assert table.column("spend").null_count == 1


def test_numpy_arrays_are_shared_not_copied():
    values = np.arange(5, dtype=np.int64)
    table = build(values=values)
    assert address(table.column("values")) == values.ctypes.data
    assert address(build(values=values.copy()).column("values")) != values.ctypes.data


def test_every_library_in_one_table_with_a_scalar():
    table = build(
        polars=pl.Series([1, 2]),
        pandas=pd.Series([3.0, 4.0]),
        numpy=np.array([5, 6]),
        arrow=pa.array(["x", "y"]),
        listed=[True, False],
        scalar="CA",
    )
    assert table.to_pylist()[1] == {
        "polars": 2,
        "pandas": 4.0,
        "numpy": 6,
        "arrow": "y",
        "listed": False,
        "scalar": "CA",
    }


def test_lengths_across_libraries_are_named():
    with pytest.raises(LengthMismatchError, match="'p' has 2 rows, 'q' has 3 rows, 'r' \\(a DataFrame\\) has 1 row"):
        build(p=pl.Series([1, 2]), q=pd.Series([1, 2, 3]), r=pl.DataFrame({"z": [1]}))


def test_arrow_outputs_in_a_polars_result_are_shared_not_copied():
    array = pa.array([1, 2, 3], pa.int64())
    df = PolarsDataFrameResult.build_result(a=array, t=pa.table({"b": ["x", "y", "z"]}), n=np.array([1.0, 2.0, 3.0]))
    assert df.schema == pl.Schema({"a": pl.Int64, "b": pl.String, "n": pl.Float64})
    assert polars_address(df["a"]) == address(array)


def test_pandas_and_numpy_outputs_in_a_polars_result():
    df = PolarsDataFrameResult.build_result(
        frame=pd.DataFrame({"a": [1, 2]}, index=[5, 6]),
        spend=pd.Series([1.0, np.nan], index=[3, 4]),
        n=np.array([7, 8]),
        half=np.float64(0.5),
    )
    assert df.schema == pl.Schema({"a": pl.Int64, "spend": pl.Float64, "n": pl.Int64, "half": pl.Float64})
    assert df.rows() == [(1, 1.0, 7, 0.5), (2, None, 8, 0.5)]


def test_a_driver_with_polars_nodes_returns_an_arrow_table():
    module = module_from_source(
        "arrow_interop_dataflow",
        "import polars as pl\n"
        "def spend() -> pl.Series:\n    return pl.Series([10.0, 20.0])\n"
        "def doubled(spend: pl.Series) -> pl.Series:\n    return spend * 2\n",
    )
    table = driver.Driver({}, module, adapter=ArrowTableResult()).execute(["spend", "doubled"])
    assert table.equals(pa.table({"spend": [10.0, 20.0], "doubled": [20.0, 40.0]}))


@pytest.mark.parametrize(
    "imported, values, absent",
    [
        ("polars as pl", "dict(s=pl.Series([1, 2]), f=pl.DataFrame({'x': ['a', 'b']}))", "pandas"),
        ("pandas as pd", "dict(s=pd.Series([1, 2]), f=pd.DataFrame({'x': ['a', 'b']}))", "polars"),
    ],
)
def test_the_other_library_is_not_imported(imported, values, absent):
    script = textwrap.dedent(
        f"""
        import sys
        import {imported}
        from hamilton_arrow import ArrowTableResult

        table = ArrowTableResult.build_result(**{values})
        print(table.column_names, {absent!r} in sys.modules)
        """
    )
    env = {**os.environ, "HAMILTON_PLUGINS": "arrow"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["['s',", "'x']", "False"]
