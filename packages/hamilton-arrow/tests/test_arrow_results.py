from __future__ import annotations

import datetime

import pyarrow as pa
import pytest
from hamilton import base, driver
from hamilton.testing import ResultBuilderContract, module_from_source
from hamilton_arrow import ArrowRecordBatchResult, ArrowTableResult, ColumnCollisionError, LengthMismatchError

build = ArrowTableResult.build_result


class CArray:
    """Only the Arrow C data interface of an array, as a library other than pyarrow would offer it."""

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __arrow_c_array__(self, requested_schema=None):
        return self._array.__arrow_c_array__(requested_schema)


class CStream:
    """Only the Arrow C stream interface of a chunked array."""

    def __init__(self, chunked: pa.ChunkedArray) -> None:
        self._chunked = chunked

    def __arrow_c_stream__(self, requested_schema=None):
        return self._chunked.__arrow_c_stream__(requested_schema)


def values_address(column: pa.Array | pa.ChunkedArray, chunk: int = 0) -> int:
    array = column.chunk(chunk) if isinstance(column, pa.ChunkedArray) else column
    return array.buffers()[1].address


def test_columns_are_named_after_the_outputs_with_their_types():
    table = build(spend=pa.array([10.0, 20.0]), signups=[1, 2], week=(datetime.date(2024, 1, 1), None))
    assert table.schema == pa.schema([("spend", pa.float64()), ("signups", pa.int64()), ("week", pa.date32())])
    assert table.to_pydict() == {"spend": [10.0, 20.0], "signups": [1, 2], "week": [datetime.date(2024, 1, 1), None]}


def test_scalars_are_broadcast_to_the_common_height():
    table = build(spend=pa.array([1, 2, 3]), total=6, label="CA", ratio=0.5, nothing=None, big=pa.scalar(7, pa.int8()))
    assert table.num_rows == 3
    assert table.column("total").to_pylist() == [6, 6, 6]
    assert table.column("label").to_pylist() == ["CA"] * 3
    assert [field.type for field in table.schema] == [
        pa.int64(),
        pa.int64(),
        pa.string(),
        pa.float64(),
        pa.null(),
        pa.int8(),
    ]


def test_only_scalars_make_one_row_and_no_outputs_an_empty_table():
    assert build(a=1, b="x").to_pylist() == [{"a": 1, "b": "x"}]
    empty = build()
    assert (empty.num_rows, empty.num_columns) == (0, 0)


def test_tables_and_record_batches_are_unpacked_in_place():
    frame = pa.table({"week": [1, 2], "region": ["CA", "US"]})
    batch = pa.record_batch({"clicks": [5, 6]})
    table = build(spend=pa.array([5.0, 6.0]), frame=frame, batch=batch, signups=range(2))
    assert table.column_names == ["spend", "week", "region", "clicks", "signups"]
    assert table.column("region").to_pylist() == ["CA", "US"]


def test_arrays_tables_and_c_interface_values_are_shared_not_copied():
    array = pa.array([1, 2, 3], pa.int64())
    chunked = pa.chunked_array([[1.0], [2.0, 3.0]])
    frame = pa.table({"w": [7, 8, 9]})
    foreign_array = pa.array([4, 5, 6])
    foreign_stream = pa.chunked_array([["a", "b"], ["c"]])
    table = build(a=array, c=chunked, frame=frame, capsule=CArray(foreign_array), stream=CStream(foreign_stream))
    assert values_address(table.column("a")) == values_address(array)
    assert table.column("c").num_chunks == 2
    assert values_address(table.column("c"), 1) == values_address(chunked, 1)
    assert values_address(table.column("w")) == values_address(frame.column("w"))
    assert values_address(table.column("capsule")) == values_address(foreign_array)
    assert values_address(table.column("stream"), 1) == values_address(foreign_stream, 1)
    assert values_address(pa.array(array.to_pylist())) != values_address(array)  # a copy would be seen


def test_different_lengths_name_every_output_and_its_length():
    with pytest.raises(LengthMismatchError) as caught:
        build(spend=pa.array([1, 2, 3]), signups=[1, 2], total=9, frame=pa.table({"w": [1]}))
    assert str(caught.value).startswith(
        "Cannot build an Arrow table from outputs of different lengths: "
        "'spend' has 3 rows, 'signups' has 2 rows, 'frame' (a Table) has 1 row."
    )
    assert caught.value.lengths == {"spend": 3, "signups": 2, "frame": 1}


def test_a_column_name_twice_is_an_error_naming_both_outputs():
    with pytest.raises(ColumnCollisionError) as caught:
        build(spend=[1], frame=pa.table({"spend": [2]}))
    assert caught.value.outputs == ["spend", "frame"]
    assert "column 'spend' comes from output 'spend' and again from output 'frame' (a Table)" in str(caught.value)


def test_an_output_arrow_cannot_hold_is_named():
    with pytest.raises(TypeError, match=r"Output 'mixed' \(builtins.list\) cannot become an Arrow column"):
        build(mixed=[1, "a"])
    with pytest.raises(TypeError, match=r"Output 'thing' \(builtins.object\) cannot become an Arrow column"):
        build(thing=object())


@pytest.mark.parametrize(
    "outputs",
    [{"big": [1, 2**64]}, {"big": (2**70,)}, {"big": [-(2**63) - 1]}, {"big": 2**64, "rows": [1, 2]}],
    ids=["list", "tuple", "below-int64", "scalar"],
)
def test_integers_beyond_int64_name_the_output_and_what_to_do(outputs):
    with pytest.raises(OverflowError, match=r"Output 'big' \(builtins\.\w+\) cannot become an Arrow column") as caught:
        build(**outputs)
    assert "decimal.Decimal" in str(caught.value) and "pa.uint64()" in str(caught.value)
    assert isinstance(caught.value.__cause__, OverflowError)


def test_integers_beyond_int64_name_the_output_through_the_driver():
    module = module_from_source("arrow_big_integers", "def big() -> list:\n    return [2**64]\n")
    dr = driver.Driver({}, module, adapter=ArrowTableResult())
    with pytest.raises(OverflowError, match=r"Output 'big'"):
        dr.execute(["big"])


def test_the_advice_for_big_integers_works():
    import decimal

    table = build(d=[decimal.Decimal(2**70)], u=pa.array([2**64 - 1], type=pa.uint64()))
    assert table.column("d").to_pylist() == [decimal.Decimal(2**70)]
    assert table.column("u").to_pylist() == [2**64 - 1]


def test_numpy_arrays_are_shared_not_copied():
    np = pytest.importorskip("numpy")
    values = np.arange(4, dtype=np.int64)
    table = build(n=values, half=np.float64(0.5))
    assert values_address(table.column("n")) == values.ctypes.data
    assert table.column("half").to_pylist() == [0.5] * 4
    with pytest.raises(TypeError, match=r"Output 'grid' \(numpy.ndarray\) cannot become an Arrow column"):
        build(grid=np.zeros((2, 2)))


def test_record_batch_result_has_contiguous_columns():
    array = pa.array([1, 2, 3])
    batch = ArrowRecordBatchResult.build_result(a=array, c=pa.chunked_array([[1], [2, 3]]), k="x")
    assert isinstance(batch, pa.RecordBatch)
    assert batch.to_pydict() == {"a": [1, 2, 3], "c": [1, 2, 3], "k": ["x", "x", "x"]}
    assert values_address(batch.column("a")) == values_address(array)  # one chunk: not copied
    assert ArrowRecordBatchResult.build_result().num_columns == 0


def test_through_the_driver():
    module = module_from_source(
        "arrow_results_dataflow",
        "import pyarrow as pa\nimport pyarrow.compute as pc\n"
        "def doubled(spend: pa.Array) -> pa.Array:\n    return pc.multiply(spend, 2)\n"
        "def total(spend: pa.Array) -> int:\n    return pc.sum(spend).as_py()\n",
    )
    for adapter in (ArrowTableResult(), base.SimplePythonGraphAdapter(ArrowTableResult())):
        dr = driver.Driver({}, module, adapter=adapter)
        table = dr.execute(["doubled", "total"], inputs={"spend": pa.array([1, 2, 3])})
        assert table.equals(pa.table({"doubled": [2, 4, 6], "total": [6, 6, 6]}))


class TestArrowTableContract(ResultBuilderContract):
    registered_name = "arrow"

    def assert_same(self, actual, expected):
        assert actual.equals(expected), actual

    @pytest.fixture
    def builder(self):
        return ArrowTableResult()

    @pytest.fixture
    def outputs(self):
        return {"a": pa.array([1, 2]), "b": 3}

    @pytest.fixture
    def expected(self):
        return pa.table({"a": [1, 2], "b": [3, 3]})


class TestArrowRecordBatchContract(TestArrowTableContract):
    registered_name = "arrow_record_batch"

    @pytest.fixture
    def builder(self):
        return ArrowRecordBatchResult

    @pytest.fixture
    def outputs(self):
        return {"a": pa.chunked_array([[1], [2]]), "b": "x"}

    @pytest.fixture
    def expected(self):
        return pa.record_batch({"a": [1, 2], "b": ["x", "x"]})
