"""The hamilton-polars plugin: polars result builders; column operations for the column decorators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hamilton.data_quality.series_validators import SERIES_VALIDATOR_ARGS
from hamilton.errors import param_type_name
from hamilton.plugins import hookimpl

__all__ = [
    "hamilton_input_type_hint",
    "hamilton_register_dataframe_types",
    "hamilton_register_result_builders",
    "hamilton_register_validators",
]


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    # pandas registers 100 and the core's dict 0: with only core+polars installed, polars is the default.
    register(
        "polars", "hamilton_polars.results:PolarsDataFrameResult", default_priority=50, description="a polars DataFrame"
    )
    register(
        "polars_lazy",
        "hamilton_polars.results:PolarsLazyFrameResult",
        description="a polars LazyFrame (lazy outputs stay lazy)",
    )


@hookimpl
def hamilton_register_dataframe_types(register: Callable[..., None]) -> None:
    register("polars:DataFrame", "hamilton_polars.frames:PolarsFrames")


@hookimpl
def hamilton_register_validators(register: Callable[..., None]) -> None:
    for arg in SERIES_VALIDATOR_ARGS:
        register(arg, f"hamilton_polars.validators:VALIDATORS.{arg}", needs="polars")


@hookimpl
def hamilton_input_type_hint(node_type: Any, input_value: Any) -> str | None:
    if isinstance(input_value, list | tuple | dict) and getattr(node_type, "__module__", "").startswith("polars"):
        return f"wrap the {type(input_value).__name__} in {param_type_name(node_type)}(...) first"
    return None


@hookimpl
def hamilton_data_version(value: Any) -> str | None:
    if not type(value).__module__.startswith("polars"):
        return None  # not ours: nothing imported
    from hamilton_polars.versions import data_version

    return data_version(value)


_FORMATS = {  # format -> (reader, writer) in hamilton_polars.io
    "csv": ("PolarsCSVReader", "PolarsCSVWriter"),
    "parquet": ("PolarsParquetReader", "PolarsParquetWriter"),
    "ndjson": ("PolarsNDJSONReader", "PolarsNDJSONWriter"),
    "ipc": ("PolarsIPCReader", "PolarsIPCWriter"),
}


@hookimpl
def hamilton_register_data_adapters(register: Callable[..., None]) -> None:
    for format, (reader, writer) in _FORMATS.items():
        register(
            format,
            "polars:DataFrame",
            loader=f"hamilton_polars.io:{reader}",
            saver=f"hamilton_polars.io:{writer}",
            description=f"a polars DataFrame as {format}",
        )
