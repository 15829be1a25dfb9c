"""The original's ``hamilton.caching.adapter``: ``HamiltonCacheAdapter`` and friends, from hamilton-cache."""

from hamilton.plugins._redirect import redirect

__all__ = ["CachingBehavior", "CachingEvent", "CachingEventType", "HamiltonCacheAdapter"]  # noqa: F822 - __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {name: ("hamilton_cache", name, "hamilton-cache") for name in __all__},
)
