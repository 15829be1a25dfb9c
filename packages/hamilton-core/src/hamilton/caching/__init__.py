"""The original's ``hamilton.caching`` import paths: the cache comes with hamilton-cache (``hamilton_cache``)."""

__all__: list[str] = []
