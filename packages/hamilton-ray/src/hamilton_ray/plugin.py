"""The ``ray`` adapter, offered to the registry (``Driver(..., adapter="ray")``)."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_adapters"]


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register(
        "ray",
        "hamilton_ray.adapter:RayGraphAdapter",
        description="every node a Ray task, on a running Ray or a local one",
    )
