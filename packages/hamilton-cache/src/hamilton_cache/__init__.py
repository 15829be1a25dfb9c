"""Caching for Hamilton: ``driver.Builder().with_cache()`` reruns only the nodes whose code, inputs or config changed.

Installing the package registers the adapter name ``cache``, which ``with_cache`` looks up;
a Driver that does not ask for the cache pays nothing for it.
"""

from hamilton.plugins import lazy_exports

__version__ = "0.9.0.dev1"

__all__ = [
    "CacheWarning",
    "CachingBehavior",
    "CachingEvent",
    "CachingEventType",
    "DiskCacheAdapter",
    "HamiltonCacheAdapter",
    "NodeRecord",
    "RunReport",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CacheWarning": "adapter",
        "CachingBehavior": "behaviors",
        "CachingEvent": "records",
        "CachingEventType": "records",
        "DiskCacheAdapter": "compat",
        "HamiltonCacheAdapter": "adapter",
        "NodeRecord": "records",
        "RunReport": "records",
    },
)
