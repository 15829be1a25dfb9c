"""What runs in a Ray worker: one node's function, timed, with its own errors told apart from Ray's."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from hamilton.executors import portable_error

__all__ = ["NodeCallError", "call_node"]


class NodeCallError(Exception):
    """The node's function raised ``error``; anything else failing a task is Ray's or the transport's."""

    def __init__(self, error: BaseException, trace: str) -> None:
        super().__init__(error, trace)
        self.error = error
        self.trace = trace


def call_node(fn: Callable[..., Any], /, **kwargs: Any) -> tuple[Any, float]:
    """The node's value and the seconds it took (two task returns: readers only fetch the first)."""
    started = time.perf_counter()
    try:
        value = fn(**kwargs)
    except Exception as exc:
        raise NodeCallError(*portable_error(exc)) from None
    return value, time.perf_counter() - started
