from __future__ import annotations

import datetime

import polars as pl
import pytest
from hamilton import base, driver
from hamilton.testing import ResultBuilderContract, module_from_source
from hamilton_polars import ColumnCollisionError, LengthMismatchError, PolarsDataFrameResult
from polars.testing import assert_frame_equal

build = PolarsDataFrameResult.build_result


def test_series_become_columns_named_after_the_output_not_the_series():
    df = build(spend=pl.Series("whatever", [10, 20, 30]), rate=pl.Series("x", [0.5, 0.25, 0.125]))
    assert df.columns == ["spend", "rate"]
    assert df.dtypes == [pl.Int64, pl.Float64]
    assert df["spend"].to_list() == [10, 20, 30]
    assert df["rate"].to_list() == [0.5, 0.25, 0.125]


def test_scalars_are_broadcast_to_the_common_height():
    day = datetime.date(2024, 1, 1)
    df = build(spend=pl.Series([1, 2, 3]), total=6, label="CA", ratio=0.5, day=day, nothing=None)
    assert df.shape == (3, 6)
    assert df["total"].to_list() == [6, 6, 6]
    assert df["label"].to_list() == ["CA"] * 3
    assert df["day"].to_list() == [day] * 3
    assert df.schema == pl.Schema(
        {
            "spend": pl.Int64,
            "total": pl.Int64,
            "label": pl.String,
            "ratio": pl.Float64,
            "day": pl.Date,
            "nothing": pl.Null,
        }
    )


def test_only_scalars_make_one_row_and_no_outputs_an_empty_frame():
    assert build(a=1, b="x").rows() == [(1, "x")]
    assert build().shape == (0, 0)


def test_dataframe_outputs_are_unpacked_in_place():
    frame = pl.DataFrame({"week": [1, 2], "region": ["CA", "US"]})
    df = build(spend=pl.Series([5.0, 6.0]), frame=frame, signups=[7, 8])
    assert df.columns == ["spend", "week", "region", "signups"]
    assert_frame_equal(df.select("week", "region"), frame)


def test_lists_tuples_ranges_and_lazy_frames_are_accepted():
    df = build(a=[1, 2], b=(3.0, 4.0), c=range(2), lazy=pl.LazyFrame({"d": ["x", "y"]}))
    assert df.rows() == [(1, 3.0, 0, "x"), (2, 4.0, 1, "y")]


def test_lazy_frame_outputs_sharing_a_plan_run_it_once():
    calls = []

    def record(df: pl.DataFrame) -> pl.DataFrame:
        calls.append(1)
        return df

    source = pl.LazyFrame({"a": [1, 2]}).map_batches(record)
    df = build(x=source.select(x=pl.col("a")), y=source.select(y=pl.col("a") * 2))
    assert df.rows() == [(1, 2), (2, 4)]
    assert calls == [1]
    with pytest.raises(LengthMismatchError, match=r"'x' \(a LazyFrame\) has 2 rows, 'z' has 1 row"):
        build(x=source.select(x=pl.col("a")), z=[1])


def test_different_lengths_name_every_output_and_its_length():
    with pytest.raises(LengthMismatchError) as caught:
        build(spend=pl.Series([1, 2, 3]), signups=[1, 2], total=9, frame=pl.DataFrame({"w": [1]}))
    assert str(caught.value).startswith(
        "Cannot build a polars DataFrame from outputs of different lengths: "
        "'spend' has 3 rows, 'signups' has 2 rows, 'frame' (a DataFrame) has 1 row."
    )
    assert "scalars are broadcast" in str(caught.value)
    assert caught.value.lengths == {"spend": 3, "signups": 2, "frame": 1}


@pytest.mark.parametrize(
    "outputs, column, owners",
    [
        ({"spend": pl.Series([1]), "frame": pl.DataFrame({"spend": [2]})}, "spend", ["spend", "frame"]),
        ({"a": pl.DataFrame({"w": [1]}), "b": pl.DataFrame({"w": [2]})}, "w", ["a", "b"]),
        ({"f": pl.DataFrame({"total": [1]}), "total": 3}, "total", ["f", "total"]),
    ],
)
def test_a_column_name_twice_is_an_error_naming_both_outputs(outputs, column, owners):
    with pytest.raises(ColumnCollisionError) as caught:
        build(**outputs)
    assert caught.value.column == column
    assert caught.value.outputs == owners
    assert f"column {column!r} comes from output {owners[0]!r}" in str(caught.value)


def test_an_output_polars_cannot_hold_is_named():
    with pytest.raises(TypeError, match=r"Output 'mixed' \(builtins.list\) cannot become a polars column"):
        build(mixed=[1, "a"])


def test_series_outputs_are_not_copied(data_addresses):
    spend = pl.Series([1.5, 2.5, 3.5])
    frame = pl.DataFrame({"week": [1, 2, 3]})
    df = build(spend=spend, frame=frame)
    assert data_addresses(df["spend"]) == data_addresses(spend)
    assert data_addresses(df["week"]) == data_addresses(frame["week"])
    copied = pl.Series(spend.to_list())
    assert data_addresses(copied) != data_addresses(spend)  # a copy would be seen


def test_through_the_driver():
    module = module_from_source(
        "polars_results_dataflow",
        "import polars as pl\n"
        "def doubled(spend: pl.Series) -> pl.Series:\n    return spend * 2\n"
        "def total(spend: pl.Series) -> int:\n    return int(spend.sum())\n",
    )
    for adapter in (PolarsDataFrameResult(), base.SimplePythonGraphAdapter(PolarsDataFrameResult())):
        dr = driver.Driver({}, module, adapter=adapter)
        df = dr.execute(["doubled", "total"], inputs={"spend": pl.Series([1, 2, 3])})
        assert_frame_equal(df, pl.DataFrame({"doubled": [2, 4, 6], "total": [6, 6, 6]}))


class TestPolarsDataFrameContract(ResultBuilderContract):
    registered_name = "polars"

    def assert_same(self, actual, expected):
        assert_frame_equal(actual, expected)

    @pytest.fixture
    def builder(self):
        return PolarsDataFrameResult()

    @pytest.fixture
    def outputs(self):
        return {"a": pl.Series([1, 2]), "b": 3}

    @pytest.fixture
    def expected(self):
        return pl.DataFrame({"a": [1, 2], "b": [3, 3]})
