"""What each racing process runs (importable by name in a spawned process): a Driver on a shared cache folder."""

from __future__ import annotations

import random
import warnings


def race(cache_dir: str, log: str, seed: int, start, results) -> None:
    """Wait for ``start``, run ``d`` for x in 1..6 in a shuffled order, three times; put the outcome in ``results``."""
    import cache_workers
    from hamilton import base, driver
    from hamilton_cache import CacheWarning

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)  # a damaged or half-written read would warn
            dr = driver.Builder().with_modules(cache_workers).with_adapters(base.DictResult())
            dr = dr.with_cache(path=cache_dir).build()
            order = [x for x in range(1, 7) for _ in range(3)]
            random.Random(seed).shuffle(order)
            start.wait()
            values = [(x, dr.execute(["d"], inputs={"x": x, "log": log})["d"]) for x in order]
        results.put(("ok", values))
    except BaseException as exc:  # reported to the parent, which fails the test with it
        results.put(("error", f"{type(exc).__name__}: {exc}"))
