"""The original's ``hamilton.plugins.h_*`` import paths, resolved to the packages that provide them here.

Each ``h_*`` module maps its public names to ``(import name, attribute, distribution)``;
a name resolves on first use, and a missing package raises an ImportError that says
what to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.installing import install_hint

__all__ = ["redirect"]


def redirect(
    module: str, names: Mapping[str, tuple[str, str, str]], missing: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` for ``names``; ``missing`` explains names with no equivalent."""

    def get_attribute(name: str) -> Any:
        if name in names:
            package, attribute, distribution = names[name]
            try:
                provider = importlib.import_module(package)
            except ImportError as exc:
                raise ImportError(
                    f"{module}.{name} comes with {distribution} here: {install_hint(distribution)}."
                ) from exc
            return getattr(provider, attribute)
        if missing and name in missing:
            raise ImportError(f"{module}.{name} has no equivalent here: {missing[name]}")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def list_names() -> list[str]:
        return sorted(names)

    return get_attribute, list_names
