"""Lazy package exports, so that loading a plugin's entry point imports no data library."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` that import each public name on first use.

    ``exports`` maps a name to the submodule defining it::

        __getattr__, __dir__ = lazy_exports(__name__, {"PolarsDataFrameResult": "results"})
    """

    def get_attribute(name: str) -> Any:
        submodule = exports.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{submodule}"), name)

    def list_names() -> list[str]:
        return sorted(exports)

    return get_attribute, list_names
