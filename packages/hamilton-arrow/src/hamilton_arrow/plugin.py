"""The hamilton-arrow plugin: Arrow table and record batch result builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hamilton.errors import param_type_name
from hamilton.plugins import hookimpl

__all__ = ["hamilton_input_type_hint", "hamilton_register_result_builders"]

# Arrow classes cannot be called on a list; the function that builds each from one
_BUILDERS = {
    "pyarrow.Array": "pyarrow.array",
    "pyarrow.ChunkedArray": "pyarrow.chunked_array",
    "pyarrow.Table": "pyarrow.table",
    "pyarrow.RecordBatch": "pyarrow.record_batch",
}


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    # No default priority: an Arrow table is asked for by name, never imposed.
    register(
        "arrow",
        "hamilton_arrow.results:ArrowTableResult",
        description="a pyarrow Table (zero-copy from polars, pandas, numpy)",
    )
    register("arrow_record_batch", "hamilton_arrow.results:ArrowRecordBatchResult", description="a pyarrow RecordBatch")


@hookimpl
def hamilton_input_type_hint(node_type: Any, input_value: Any) -> str | None:
    if not isinstance(input_value, list | tuple | dict) or not isinstance(node_type, type):
        return None
    builder = _BUILDERS.get(param_type_name(node_type))
    return f"convert the {type(input_value).__name__} with {builder}(...) first" if builder else None


@hookimpl
def hamilton_data_version(value: Any) -> str | None:
    if not type(value).__module__.startswith("pyarrow"):
        return None  # not ours: nothing imported
    from hamilton_arrow.versions import data_version

    return data_version(value)


_FORMATS = {  # format -> (reader, writer) in hamilton_arrow.io
    "parquet": ("ArrowParquetReader", "ArrowParquetWriter"),
    "ipc": ("ArrowIPCReader", "ArrowIPCWriter"),
    "feather": ("ArrowFeatherReader", "ArrowFeatherWriter"),
    "csv": ("ArrowCSVReader", "ArrowCSVWriter"),
}


@hookimpl
def hamilton_register_data_adapters(register: Callable[..., None]) -> None:
    for format, (reader, writer) in _FORMATS.items():
        register(
            format,
            "pyarrow:Table",
            loader=f"hamilton_arrow.io:{reader}",
            saver=f"hamilton_arrow.io:{writer}",
            description=f"an Arrow table as {format}",
        )
