"""The hamilton-polars plugin: polars result builders and the nodes of ``extract_columns``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from hamilton.discovery import has_marked_functions
from hamilton.node import Node
from hamilton.plugins import hookimpl

from hamilton_polars.marks import COLUMNS_ATTRIBUTE


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
def hamilton_discover_nodes(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    if not has_marked_functions(module, COLUMNS_ATTRIBUTE):
        return []  # the common case: no polars import
    from hamilton_polars.columns import column_nodes

    return column_nodes(module, config)
