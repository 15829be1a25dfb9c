"""The original's ``hamilton.plugins.h_threadpool``: ``FutureAdapter`` is the core's thread pool adapter."""

from __future__ import annotations

from typing import Any

from hamilton.executors import ThreadPoolGraphAdapter

__all__ = ["FutureAdapter"]


def FutureAdapter(  # noqa: N802 - the original's class name
    max_workers: int | None = None, thread_name_prefix: str = "", result_builder: Any = None
) -> ThreadPoolGraphAdapter:
    """Independent nodes on a thread pool: ``hamilton.executors.ThreadPoolGraphAdapter``.

    ``thread_name_prefix`` is accepted for the original's signature; the pool's threads are named ``hamilton``.
    """
    return ThreadPoolGraphAdapter(result_builder=result_builder, max_workers=max_workers)
