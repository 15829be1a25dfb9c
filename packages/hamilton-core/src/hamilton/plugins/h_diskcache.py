"""The original's ``hamilton.plugins.h_diskcache``: node caching comes with hamilton-cache."""

from hamilton.plugins._redirect import redirect

__all__ = ["DiskCacheAdapter"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__, {"DiskCacheAdapter": ("hamilton_cache", "DiskCacheAdapter", "hamilton-cache")}
)
