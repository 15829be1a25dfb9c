"""The plugin manager of one Driver: pluggy's, plus where each plugin came from."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pluggy

from hamilton import hookspecs

__all__ = ["HOOK_PREFIX", "PROJECT_NAME", "PluginManager", "describe_object", "hookimpl"]

PROJECT_NAME = "hamilton"
HOOK_PREFIX = "hamilton_"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager for the hamilton hooks, which also:

    - accepts unmarked functions named ``hamilton_*`` as hook implementations, as
      pytest accepts ``pytest_*`` ones (a misspelt one fails ``check_pending``);
    - knows who each plugin is (``describe``), so errors name plugin and distribution;
    - counts registrations (``generation``), so a Driver sees a plugin added after it was built.
    """

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.generation = 0
        self._descriptions: dict[int, str | Callable[[], str]] = {}
        self._builtins: set[int] = set()

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(HOOK_PREFIX) and inspect.isroutine(getattr(plugin, name, None)):
            return {}
        return opts

    def register(
        self,
        plugin: Any,
        name: str | None = None,
        *,
        description: str | Callable[[], str] | None = None,
        builtin: bool = False,
    ) -> str | None:
        """Register ``plugin``.

        :param description: how errors name it (or a function that says, when asked);
            derived from the object if ``None``.
        :param builtin: whether it is one of the core's own plugins.
        """
        registered = super().register(plugin, name)
        self.generation += 1
        if description is not None:
            self._descriptions[id(plugin)] = description
        if builtin:
            self._builtins.add(id(plugin))
        return registered

    def unregister(self, plugin: Any = None, name: str | None = None) -> Any:
        removed = super().unregister(plugin, name)
        self.generation += 1
        if removed is not None:
            self._descriptions.pop(id(removed), None)
            self._builtins.discard(id(removed))
        return removed

    def is_builtin(self, plugin: Any) -> bool:
        """Whether ``plugin`` is one of the core's own built-in plugins."""
        return id(plugin) in self._builtins

    def describe(self, plugin: Any) -> str:
        """How errors name ``plugin``: ``plugin 'name' (distribution version)`` or ``adapter Class (module)``."""
        known = self._descriptions.get(id(plugin))
        if known is not None:
            return known if isinstance(known, str) else known()
        return describe_object(getattr(plugin, "wrapped", plugin))


def describe_object(obj: Any) -> str:
    """``adapter Class (module, from distribution)`` for an object passed to a Driver."""
    cls = obj if isinstance(obj, type) else type(obj)
    module = getattr(obj, "__name__", None) if inspect.ismodule(obj) else cls.__module__
    name = module if inspect.ismodule(obj) else cls.__qualname__
    distribution = _distribution_of(module or "")
    return f"adapter {name} ({module}{f', from {distribution}' if distribution else ''})"


def _distribution_of(module: str) -> str | None:
    """The installed distribution providing ``module``, if any (only on error paths: it scans metadata)."""
    from importlib.metadata import packages_distributions, version

    names = packages_distributions().get(module.partition(".")[0])
    if not names:
        return None
    return f"{names[0]} {version(names[0])}"
