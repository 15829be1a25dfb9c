"""The hamilton-pandas plugin: loaded through the ``hamilton.plugins`` entry point ``pandas``.

Nothing here imports pandas or numpy: builders are registered by reference, and the
hooks import their rules only when a pandas or numpy value can be involved.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from hamilton.data_quality.series_validators import SERIES_VALIDATOR_ARGS
from hamilton.errors import param_type_name
from hamilton.plugins import hookimpl

__all__ = [
    "DEFAULT_PRIORITY",
    "hamilton_check_input_type",
    "hamilton_check_node_type_equivalence",
    "hamilton_input_type_hint",
    "hamilton_register_adapters",
    "hamilton_register_dataframe_types",
    "hamilton_register_result_builders",
    "hamilton_register_validators",
]

# Above the core's dict (0) and hamilton-polars (50): with pandas installed, execute()
# returns a DataFrame, as the seed documents.
DEFAULT_PRIORITY = 100


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    register(
        "pandas",
        "hamilton_pandas.dataframe_result:PandasDataFrameResult",
        default_priority=DEFAULT_PRIORITY,
        description="a pandas DataFrame: Series joined on their index, scalars repeated",
    )
    register(
        "pandas_strict",
        "hamilton_pandas.dataframe_result:StrictIndexTypePandasDataFrameResult",
        description="a pandas DataFrame; outputs with different kinds of index are an error",
    )
    register(
        "numpy",
        "hamilton_pandas.matrix_result:NumpyMatrixResult",
        description="a 2-D numpy array, one column per output",
    )


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register(
        "pandas",
        "hamilton_pandas.adapter:SimplePythonDataFrameGraphAdapter",
        description="nodes in this process, execute() returns a pandas DataFrame",
    )


@hookimpl
def hamilton_register_dataframe_types(register: Callable[..., None]) -> None:
    register("pandas:DataFrame", "hamilton_pandas.frames:PandasFrames")


@hookimpl
def hamilton_check_node_type_equivalence(node_type: Any, input_type: Any) -> bool | None:
    if "numpy" not in sys.modules:
        return None  # no numpy type can be involved
    from hamilton_pandas import type_rules

    return True if type_rules.type_accepts(node_type, input_type) else None


@hookimpl
def hamilton_check_input_type(node_type: Any, input_value: Any) -> bool | None:
    if "numpy" not in sys.modules:
        return None
    from hamilton_pandas import type_rules

    return True if type_rules.value_accepts(node_type, input_value) else None


@hookimpl
def hamilton_register_validators(register: Callable[..., None]) -> None:
    for arg in SERIES_VALIDATOR_ARGS:
        register(arg, f"hamilton_pandas.validators:VALIDATORS.{arg}", needs="pandas")


@hookimpl
def hamilton_input_type_hint(node_type: Any, input_value: Any) -> str | None:
    if not isinstance(input_value, list | tuple | dict) or not isinstance(node_type, type):
        return None
    kind = type(input_value).__name__
    library = node_type.__module__.partition(".")[0]
    if library == "numpy":
        return f"convert the {kind} with numpy.asarray(...) first"
    if library == "pandas":
        return f"wrap the {kind} in {param_type_name(node_type)}(...) first"
    return None


@hookimpl
def hamilton_data_version(value: Any) -> str | None:
    if not type(value).__module__.startswith(("pandas", "numpy")):
        return None  # not ours: nothing imported
    from hamilton_pandas.versions import data_version

    return data_version(value)


_FORMATS = {  # format -> (reader, writer) in hamilton_pandas.io
    "csv": ("PandasCSVReader", "PandasCSVWriter"),
    "parquet": ("PandasParquetReader", "PandasParquetWriter"),
    "json": ("PandasJsonReader", "PandasJsonWriter"),
    "feather": ("PandasFeatherReader", "PandasFeatherWriter"),
    "pickle": ("PandasPickleReader", "PandasPickleWriter"),
    "excel": ("PandasExcelReader", "PandasExcelWriter"),
}


@hookimpl
def hamilton_register_data_adapters(register: Callable[..., None]) -> None:
    from importlib.util import find_spec

    for format, (reader, writer) in _FORMATS.items():
        if format == "excel" and find_spec("openpyxl") is None:
            continue  # pandas reads and writes .xlsx through openpyxl: without it, no excel format
        register(
            format,
            "pandas:DataFrame",
            loader=f"hamilton_pandas.io:{reader}",
            saver=f"hamilton_pandas.io:{writer}",
            description=f"a pandas DataFrame as {format}",
        )
