from __future__ import annotations

import polars as pl
import pytest
from hamilton import driver
from hamilton.testing import ResultBuilderContract, module_from_source
from hamilton_polars import ColumnCollisionError, LengthMismatchError, PolarsLazyFrameResult
from polars.testing import assert_frame_equal

build = PolarsLazyFrameResult.build_result


def counted(frame: pl.LazyFrame, calls: list[int]) -> pl.LazyFrame:
    """``frame`` with a step that records each time the plan really runs."""

    def record(df: pl.DataFrame) -> pl.DataFrame:
        calls.append(1)
        return df

    return frame.map_batches(record)


def test_lazy_outputs_stay_lazy_until_collected():
    calls: list[int] = []
    weeks = counted(pl.LazyFrame({"week": [1, 2, 3]}), calls)
    result = build(weeks=weeks, spend=pl.Series("s", [10.0, 20.0, 30.0]), region="CA")
    assert isinstance(result, pl.LazyFrame)
    assert calls == []
    assert_frame_equal(
        result.collect(),
        pl.DataFrame({"week": [1, 2, 3], "spend": [10.0, 20.0, 30.0], "region": ["CA", "CA", "CA"]}),
    )
    assert calls == [1]


def test_columns_follow_the_order_of_the_outputs():
    result = build(a=pl.Series([1]), lazy=pl.LazyFrame({"b": [2], "c": [3]}), d=4, e=[5])
    assert result.collect_schema().names() == ["a", "b", "c", "d", "e"]
    assert result.collect().rows() == [(1, 2, 3, 4, 5)]


def test_scalar_dtypes_match_the_eager_result():
    lazy = build(frame=pl.LazyFrame({"w": [1, 2]}), n=1, x=0.5, s="a").collect()
    assert lazy.dtypes == [pl.Int64, pl.Int64, pl.Float64, pl.String]


def test_eager_outputs_alone_make_a_lazy_frame_of_them():
    result = build(a=pl.Series([1, 2]), b=pl.DataFrame({"c": ["x", "y"]}), d=True)
    assert_frame_equal(result.collect(), pl.DataFrame({"a": [1, 2], "c": ["x", "y"], "d": [True, True]}))


def test_eager_lengths_are_checked_when_building():
    with pytest.raises(LengthMismatchError, match="'a' has 2 rows, 'b' has 3 rows"):
        build(lazy=pl.LazyFrame({"w": [1, 2]}), a=pl.Series([1, 2]), b=[1, 2, 3])


def test_lazy_heights_are_checked_by_polars_when_collected():
    result = build(lazy=pl.LazyFrame({"w": [1, 2]}), a=pl.Series([1, 2, 3]))
    with pytest.raises(pl.exceptions.ShapeError):
        result.collect()


def test_lazy_column_collisions_are_found_from_the_schema():
    with pytest.raises(ColumnCollisionError) as caught:
        build(w=pl.Series([1]), lazy=pl.LazyFrame({"w": [2]}))
    assert "from output 'w' and again from output 'lazy' (a LazyFrame)" in str(caught.value)


def test_through_the_driver_with_lazy_nodes():
    module = module_from_source(
        "polars_lazy_dataflow",
        "import polars as pl\n"
        "def weeks() -> pl.LazyFrame:\n    return pl.LazyFrame({'week': [1, 2, 3]})\n"
        "def spend(weeks: pl.LazyFrame) -> pl.LazyFrame:\n"
        "    return weeks.select((pl.col('week') * 10.0).alias('spend'))\n",
    )
    result = driver.Driver({}, module, adapter=PolarsLazyFrameResult()).execute(["weeks", "spend"])
    assert isinstance(result, pl.LazyFrame)
    assert result.collect().rows() == [(1, 10.0), (2, 20.0), (3, 30.0)]


class TestPolarsLazyFrameContract(ResultBuilderContract):
    registered_name = "polars_lazy"

    def assert_same(self, actual, expected):
        assert isinstance(actual, pl.LazyFrame)
        assert_frame_equal(actual.collect(), expected)

    @pytest.fixture
    def builder(self):
        return PolarsLazyFrameResult

    @pytest.fixture
    def outputs(self):
        return {"a": pl.LazyFrame({"x": [1, 2]}), "b": pl.Series([3, 4])}

    @pytest.fixture
    def expected(self):
        return pl.DataFrame({"x": [1, 2], "b": [3, 4]})
