"""The entry-point plugin: offers the cache by name (``registry.adapter("cache", path=...)``) for ``with_cache()``."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_adapters"]


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register(
        "cache",
        "hamilton_cache.adapter:HamiltonCacheAdapter",
        description="reruns only the nodes whose code, inputs or config changed (Builder().with_cache())",
    )
