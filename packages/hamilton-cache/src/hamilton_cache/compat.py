"""``DiskCacheAdapter``: the original's ``hamilton.plugins.h_diskcache`` adapter, on this cache."""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

from hamilton_cache.adapter import HamiltonCacheAdapter

__all__ = ["DiskCacheAdapter"]


class DiskCacheAdapter(HamiltonCacheAdapter):
    """Caches the nodes named in ``cache_vars`` (every node if empty) in the folder ``cache_path``.

    The original's ``h_diskcache.DiskCacheAdapter`` (deprecated there in favour of
    ``with_cache()``) stored results with the diskcache library; this one is the cache of
    ``with_cache()`` under the old arguments: the other nodes run every time, their
    results versioned so that the cached nodes reading them are keyed by their data.
    """

    def __init__(
        self, cache_vars: Collection[str] | None = None, cache_path: str | os.PathLike[str] = ".", **cache_settings: Any
    ) -> None:
        if cache_settings:
            raise TypeError(
                f"DiskCacheAdapter settings {sorted(cache_settings)} configured the diskcache library, which this "
                f"cache does not use; drop them (or use driver.Builder().with_cache(...))."
            )
        names = list(cache_vars or [])
        super().__init__(path=cache_path, default=names or True, default_behavior="recompute" if names else None)
        self.cache_vars = names
