"""The ``dask`` adapter, offered to the registry (``Driver(..., adapter="dask")``)."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_adapters"]


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register(
        "dask",
        "hamilton_dask.adapter:DaskGraphAdapter",
        description="every node a future on a Dask cluster (dask.distributed)",
    )
