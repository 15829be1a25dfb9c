"""Starting Ray once per process, whichever adapter or executor, in whichever thread, gets there first."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import ray

__all__ = ["start_ray"]

_lock = threading.Lock()


def start_ray(config: Mapping[str, Any]) -> bool:
    """Start Ray with ``config`` unless it runs already; whether this call started it.

    ``ray.init`` is global to the process: two runs starting at once from two threads must
    not both start it. And Ray's own processes end with the *thread* that started them
    (they are tied to it by the parent-death signal), so from any thread but the main one
    Ray is started in a thread kept for the life of the process.
    """
    with _lock:
        if ray.is_initialized():
            return False
        if threading.current_thread() is threading.main_thread():
            ray.init(**config)
        else:
            _init_in_keeper_thread(config)
        return True


def _init_in_keeper_thread(config: Mapping[str, Any]) -> None:
    started = threading.Event()
    failure: list[BaseException] = []

    def keep() -> None:
        try:
            ray.init(**config)
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)
        started.set()
        threading.Event().wait()  # never set: this thread lives, and with it Ray's processes

    threading.Thread(target=keep, name="hamilton-ray-keeper", daemon=True).start()
    started.wait()
    if failure:
        raise failure[0]
