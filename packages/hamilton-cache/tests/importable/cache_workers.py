"""Node functions for the tests that use other processes: importable by name there (the conftest puts this folder on sys.path).

Each node appends its name to the file ``log`` (an input), so a test sees what ran in any process.
"""

from __future__ import annotations

import os


def _ran(log: str, name: str) -> None:
    with open(log, "a") as file:
        file.write(f"{name} {os.getpid()}\n")


def a(x: int, log: str) -> int:
    _ran(log, "a")
    return x + 1


def b(a: int, log: str) -> list:
    _ran(log, "b")
    return list(range(a * 1000))  # large: stored in a file


def c(a: int, log: str) -> int:
    _ran(log, "c")
    return a * 3


def d(b: list, c: int, log: str) -> int:
    _ran(log, "d")
    return sum(b) + c


def flaky(c: int, log: str, failures: str) -> int:
    """Fails while the file ``failures`` holds a positive count, decrementing it."""
    _ran(log, "flaky")
    with open(failures) as file:
        left = int(file.read() or 0)
    if left > 0:
        with open(failures, "w") as file:
            file.write(str(left - 1))
        raise ConnectionError(f"flaky: {left} failures left")
    return c + 1
