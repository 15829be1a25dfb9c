"""What runs in a Ray worker: one node's function, timed, with its own errors told apart from Ray's."""

from __future__ import annotations

import pickle
import time
import traceback
from collections.abc import Callable
from typing import Any


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
        trace = "".join(traceback.format_exception(exc))
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            # an exception that does not survive pickling reaches the Driver as Ray's UnserializableException
            exc = RuntimeError(f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}")
        raise NodeCallError(exc, trace) from None
    return value, time.perf_counter() - started
