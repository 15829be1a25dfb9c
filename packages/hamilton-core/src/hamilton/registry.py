"""Named result builders, adapters and visualizers offered by the installed plugins.

>>> from hamilton import registry
>>> sorted(registry.result_builders())   # doctest: +SKIP
['dict', 'pandas', 'polars']

Built once, on first use, from the ``hamilton_register_*`` hooks of the loaded
entry-point plugins. Two plugins offering one name is an error naming both.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, NamedTuple

from hamilton import plugins as _plugins


class PluginConflictError(RuntimeError):
    """Two plugins offer the same registry name, or two equal default priorities."""


class Entry(NamedTuple):
    """One registered object and where it came from.

    ``obj`` is the object, or a ``"package.module:attribute"`` reference that
    ``load()`` imports on first use, so listing plugins imports no data library.
    """

    kind: str
    name: str
    obj: Any
    plugin: str
    distribution: str
    default_priority: int | None = None
    description: str = ""

    def load(self) -> Any:
        """The registered object, imported now if it was registered by reference."""
        if not isinstance(self.obj, str):
            return self.obj
        module_name, _, attribute = self.obj.partition(":")
        return getattr(importlib.import_module(module_name), attribute)


_KINDS = {
    "result_builder": "hamilton_register_result_builders",
    "adapter": "hamilton_register_adapters",
    "visualizer": "hamilton_register_visualizers",
    "command": "hamilton_register_commands",
}

_lock = threading.Lock()
_entries: dict[str, dict[str, Entry]] | None = None


def reset() -> None:
    """Forget the registry (it is rebuilt on next use)."""
    global _entries
    _entries = None


def _all() -> dict[str, dict[str, Entry]]:
    global _entries
    if _entries is None:
        infos = _plugins.loaded_plugins()
        with _lock:
            if _entries is None:
                _entries = {kind: _collect(kind, hook, infos) for kind, hook in _KINDS.items()}
    return _entries


def _collect(kind: str, hook_name: str, infos: list[_plugins.PluginInfo]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for info in infos:
        function = getattr(info.plugin, hook_name, None)
        if function is None or not hasattr(function, f"{_plugins.PROJECT_NAME}_impl"):
            continue

        def register(
            name: str, obj: Any, default_priority: int | None = None, description: str = "", _info=info
        ) -> None:
            if name in entries:
                first = entries[name]
                raise PluginConflictError(
                    f"Two plugins register the {kind} {name!r}: {first.plugin!r} from {first.distribution} "
                    f"and {_info.name!r} from {_info.distribution}. Uninstall one, or disable it with "
                    f"HAMILTON_DISABLE_PLUGINS={_info.name}."
                )
            entries[name] = Entry(kind, name, obj, _info.name, _info.distribution, default_priority, description)

        function(register=register)
    return entries


def _objects(kind: str) -> dict[str, Any]:
    return {name: entry.load() for name, entry in _all()[kind].items()}


def result_builders() -> dict[str, Any]:
    """Result builders by name (``dict``, and ``pandas``, ``polars``... when installed)."""
    return _objects("result_builder")


def adapters() -> dict[str, Any]:
    """Adapter factories by name (``threads``, ``processes``, ``dask``, ``ray``...)."""
    return _objects("adapter")


def visualizers() -> dict[str, Any]:
    """Visualizers by name (``graphviz``, ``mermaid``... when hamilton-viz is installed)."""
    return _objects("visualizer")


def entries(kind: str) -> dict[str, Entry]:
    """The full entries of one kind (``result_builder``, ``adapter``, ``visualizer``, ``command``)."""
    return dict(_all()[kind])


def plugins() -> list[dict[str, Any]]:
    """What is installed: each plugin entry point, its distribution, hooks and status."""
    return [
        {
            "name": info.name,
            "distribution": info.distribution,
            "version": info.version,
            "module": info.value,
            "loaded": info.loaded,
            "error": info.error,
            "hooks": info.hooks,
        }
        for info in _plugins.loaded_plugins()
    ]


def default(kind: str) -> Entry:
    """The entry of ``kind`` with the highest ``default_priority``; a tie is an error."""
    candidates = [e for e in _all()[kind].values() if e.default_priority is not None]
    if not candidates:
        raise LookupError(f"No plugin offers a default {kind}.")
    candidates.sort(key=lambda e: e.default_priority, reverse=True)  # type: ignore[arg-type, return-value]
    best = candidates[0]
    if len(candidates) > 1 and candidates[1].default_priority == best.default_priority:
        other = candidates[1]
        raise PluginConflictError(
            f"Two default {kind}s share priority {best.default_priority}: {best.name!r} from "
            f"{best.distribution} and {other.name!r} from {other.distribution}. Pass one explicitly."
        )
    return best


def lookup(kind: str, name: str, package_hint: str | None = None) -> Any:
    """The object registered as ``name``; an ImportError naming the package if absent."""
    entry = _all()[kind].get(name)
    if entry is not None:
        return entry.load()
    known = ", ".join(sorted(_all()[kind])) or "none"
    hint = f" Install it with `pip install {package_hint}`." if package_hint else ""
    raise ImportError(f"No {kind} named {name!r} is installed (installed: {known}).{hint}")
