"""Named result builders, adapters, visualizers (and what data plugins lend the decorators) offered by plugins.

>>> from hamilton import registry
>>> sorted(registry.result_builders())   # doctest: +SKIP
['dict', 'pandas', 'polars']
>>> registry.adapter("threads", max_workers=4)   # doctest: +SKIP
<hamilton.executors.ThreadPoolGraphAdapter object at ...>

Built once, on first use, from the ``hamilton_register_*`` hooks of the loaded
plugins, one kind per hook (``KINDS``). A plugin whose registration hook raises, or
that offers an invalid entry, is skipped with a ``PluginLoadWarning`` pointing at its code. Two plugins offering
one name warn, naming both; asking for that name is then an error.
"""

from __future__ import annotations

import difflib
import importlib
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from hamilton.errors import HamiltonError, plugin_error
from hamilton.installing import install_hint
from hamilton.plugins import _loading

__all__ = [
    "KINDS",
    "Entry",
    "PluginConflictError",
    "adapter",
    "adapters",
    "default",
    "entries",
    "listing",
    "lookup",
    "not_found",
    "plugins",
    "register_adapter",
    "reset",
    "result_builder",
    "result_builders",
    "visualizer",
    "visualizers",
]


class PluginConflictError(HamiltonError, RuntimeError):
    """Two plugins offer the same registry name, or the same default priority."""


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
    default_priority: int | float | None = None
    description: str = ""
    details: Mapping[str, Any] = {}  # kind-specific facts (a validator's keyword...), never mutated

    @property
    def origin(self) -> str:
        """How messages name it: ``result_builder 'pandas' of plugin 'pandas' (hamilton-pandas 0.9.0)``."""
        return f"{self.kind} {self.name!r} of plugin {self.plugin!r} ({self.distribution})"

    def load(self) -> Any:
        """The registered object, imported now if it was registered by reference.

        A reference that does not import raises a ``PluginError`` naming the plugin.
        """
        if not isinstance(self.obj, str):
            return self.obj
        return self.load_reference(self.obj)

    def load_reference(self, reference: str) -> Any:
        """Import a ``"package.module:attribute"`` reference this entry's plugin gave (``"module:TABLE.key"``
        indexes a mapping); a ``PluginError`` naming the plugin if it does not import."""
        module_name, _, attribute = reference.partition(":")
        try:
            target: Any = importlib.import_module(module_name)
            for part in attribute.split("."):
                target = target[part] if isinstance(target, Mapping) else getattr(target, part)
            return target
        except Exception as exc:
            raise plugin_error(self.origin, f"loading {reference!r}", exc) from exc


KINDS = {
    "result_builder": "hamilton_register_result_builders",
    "adapter": "hamilton_register_adapters",
    "visualizer": "hamilton_register_visualizers",
    "command": "hamilton_register_commands",
    "dataframe_type": "hamilton_register_dataframe_types",
    "validator": "hamilton_register_validators",
    "data_adapter": "hamilton_register_data_adapters",
}


class _Offer(NamedTuple):
    """What one ``register(...)`` call offers, whatever the shape of that kind's callback."""

    name: str
    obj: Any
    default_priority: Any = None
    description: str = ""
    details: Mapping[str, Any] = {}


def _dataframe_type(dataframe_type: str, operations: str) -> _Offer:
    """``hamilton_register_dataframe_types``: named by the dataframe class reference (``"pandas:DataFrame"``)."""
    return _Offer(dataframe_type, operations, details={"needs": dataframe_type.partition(":")[0].split(".")[0]})


def _validator(arg: str, validator: Any, needs: str | None = None) -> _Offer:
    """``hamilton_register_validators``: several plugins answer one keyword, so the entry is named by the validator."""
    name = validator if isinstance(validator, str) else f"{validator.__module__}:{validator.__qualname__}"
    return _Offer(name, validator, details={"arg": arg, "needs": needs or ""})


def _data_adapter(format: str, type: str, loader: Any = None, saver: Any = None, description: str = "") -> _Offer:
    """``hamilton_register_data_adapters``: one format for one type, named ``"format/package.module:Class"``."""
    if not isinstance(format, str) or not format.isidentifier():
        raise ValueError(f"a format is a name such as 'parquet', not {format!r}")
    if not isinstance(type, str) or ":" not in type:
        raise ValueError(f"the type is a 'package.module:Class' reference such as 'pandas:DataFrame', not {type!r}")
    if loader is None and saver is None:
        raise ValueError(f"{format} for {type} offers neither a loader nor a saver")
    details = {
        "format": format,
        "type": type,
        "loader": loader,
        "saver": saver,
        "needs": type.split(":")[0].split(".")[0],
    }
    return _Offer(f"{format}/{type}", None, description=description, details=details)


# kinds whose register(...) callback does not take (name, obj, default_priority=None, description="")
_OFFERS: dict[str, Callable[..., _Offer]] = {
    "dataframe_type": _dataframe_type,
    "validator": _validator,
    "data_adapter": _data_adapter,
}


class _Registry(NamedTuple):
    entries: dict[str, dict[str, Entry]]
    conflicts: dict[str, dict[str, list[Entry]]]


_lock = threading.Lock()
_registry: _Registry | None = None


def reset() -> None:
    """Forget the registry (it is rebuilt on next use)."""
    global _registry
    _registry = None


def _all() -> _Registry:
    global _registry
    if _registry is None:
        infos = _loading.loaded_plugins()
        with _lock:
            if _registry is None:
                built = _Registry({}, {})
                for kind, hook in KINDS.items():
                    built.entries[kind], built.conflicts[kind] = _collect(kind, hook, infos)
                _registry = built
    return _registry


def _collect(kind: str, hook: str, infos: list[_loading.PluginInfo]) -> tuple[dict[str, Entry], dict[str, list[Entry]]]:
    entries: dict[str, Entry] = {}
    conflicts: dict[str, list[Entry]] = {}
    for info in infos:
        function = getattr(info.plugin, hook, None) if info.plugin is not None else None
        if function is None:
            continue
        offered = _offered_by(info, kind, function)
        for name, entry in offered.items():
            first = entries.get(name)
            if first is None:
                entries[name] = entry
                continue
            conflicts.setdefault(name, [first]).append(entry)
            _loading.warn_at(
                f"the plugins {first.plugin!r} ({first.distribution}) and {entry.plugin!r} ({entry.distribution}) "
                f"both register the {kind} {name!r}; asking for it is an error until one is uninstalled or "
                f"disabled (HAMILTON_DISABLE_PLUGINS={entry.plugin}).",
                f"<entry point {entry.plugin}>",
                1,
            )
    for name in conflicts:
        del entries[name]
    return entries, conflicts


def _offered_by(info: _loading.PluginInfo, kind: str, function: Callable[..., Any]) -> dict[str, Entry]:
    """What one plugin's registration hook offers; nothing, with a warning, if it raises."""
    offered: dict[str, Entry] = {}
    shape = _OFFERS.get(kind, _Offer)

    def register(*args: Any, **kwargs: Any) -> None:
        name, obj, default_priority, description, details = shape(*args, **kwargs)
        if default_priority is not None and (
            isinstance(default_priority, bool) or not isinstance(default_priority, int | float)
        ):
            caller = sys._getframe(1)
            _loading.warn_at(
                f"{info.description} registers the {kind} {name!r} with default_priority={default_priority!r}, "
                f"which is not a number; the {kind} is skipped.",
                caller.f_code.co_filename,
                caller.f_lineno,
            )
            return
        offered[name] = Entry(kind, name, obj, info.name, info.distribution, default_priority, description, details)

    try:
        function(register=register)
    except Exception as exc:
        _loading.warn_at(
            f"{info.description} raised {type(exc).__name__}: {exc} in {KINDS[kind]}; the {kind}s it offers are "
            f"skipped, the other plugins keep working.",
            *_loading.location_of(exc, f"<entry point {info.name} = {info.value}>"),
        )
        return {}
    return offered


def entries(kind: str) -> dict[str, Entry]:
    """The entries of one kind (a key of ``KINDS``: ``result_builder``, ``adapter``, ``validator``...), by name."""
    return dict(_all().entries[kind])


def _objects(kind: str) -> dict[str, Any]:
    return {name: entry.load() for name, entry in _all().entries[kind].items()}


def result_builders() -> dict[str, Any]:
    """Result builders by name (``dict``, and ``pandas``, ``polars``... when installed)."""
    return _objects("result_builder")


def adapters() -> dict[str, Any]:
    """Adapter factories by name (``threads``, ``processes``, ``dask``, ``ray``...)."""
    return _objects("adapter")


def visualizers() -> dict[str, Any]:
    """Visualizers by name (``graphviz``, ``mermaid``... when hamilton-viz is installed)."""
    return _objects("visualizer")


def lookup(kind: str, name: str, package_hint: str | None = None) -> Any:
    """The object registered as ``name``; an error saying what is installed, or what failed, if absent."""
    return _entry(kind, name, package_hint).load()


def result_builder(name: str) -> Any:
    """The result builder registered as ``name`` (a class or object with ``build_result(**outputs)``)."""
    return lookup("result_builder", name)


def adapter(name: str, **options: Any) -> Any:
    """A new adapter of the kind registered as ``name``, made with ``options``.

    This is how a plugin chosen by name takes options:
    ``Driver(config, module, adapter=registry.adapter("threads", max_workers=4))``.
    """
    return lookup("adapter", name)(**options)


def visualizer(name: str) -> Any:
    """The visualizer registered as ``name``."""
    return lookup("visualizer", name)


def _entry(kind: str, name: str, package_hint: str | None = None) -> Entry:
    registry = _all()
    entry = registry.entries[kind].get(name)
    if entry is not None:
        return entry
    if name in registry.conflicts[kind]:
        both = registry.conflicts[kind][name]
        raise PluginConflictError(
            f"Two plugins register the {kind} {name!r}: "
            + " and ".join(f"{e.plugin!r} from {e.distribution}" for e in both)
            + f". Uninstall one, or disable it with HAMILTON_DISABLE_PLUGINS={both[-1].plugin}."
        )
    raise not_found([kind], name, package_hint)


def not_found(kinds: list[str], name: str, package_hint: str | None = None) -> ImportError:
    """The error for a name no plugin registers: what is installed, close names, plugins that failed to load."""
    registry = _all()
    known = sorted({n for kind in kinds for n in registry.entries[kind]})
    what = " or ".join(kind.replace("_", " ") for kind in kinds)
    lines = [f"No {what} named {name!r} is installed (installed: {', '.join(known) or 'none'})."]
    close = difflib.get_close_matches(name, known, n=3)
    if close:
        lines.append(f"Did you mean {' or '.join(map(repr, close))}?")
    failed = [info for info in _loading.loaded_plugins() if info.error is not None]
    named = [info for info in failed if info.name == name]
    for info in named or failed:
        lines.append(f"The {info.description} is installed but {info.error}.")
    if package_hint and not named:
        lines.append(f"It comes with the {package_hint} package: {install_hint(package_hint)}.")
    return ImportError(" ".join(lines))


def plugins() -> list[dict[str, Any]]:
    """What is installed: each plugin, its distribution, hooks and status."""
    return [
        {
            "name": info.name,
            "distribution": info.distribution,
            "version": info.version,
            "module": info.value,
            "builtin": info.builtin,
            "loaded": info.loaded,
            "error": info.error,
            "hooks": info.hooks,
        }
        for info in _loading.loaded_plugins()
    ]


def listing() -> dict[str, Any]:
    """The installed plugins and every name they register, as plain data (``python -m hamilton plugins``)."""
    return {"plugins": plugins(), **{f"{kind}s": _described(entries(kind)) for kind in KINDS}}


def _described(found: dict[str, Entry]) -> dict[str, dict[str, object]]:
    return {
        name: {
            "plugin": e.plugin,
            "distribution": e.distribution,
            "default_priority": e.default_priority,
            "description": e.description,
        }
        for name, e in found.items()
    }


def default(kind: str) -> Entry:
    """The entry of ``kind`` with the highest ``default_priority``; a tie is a ``PluginConflictError``."""
    candidates = [e for e in _all().entries[kind].values() if e.default_priority is not None]
    if not candidates:
        raise LookupError(f"No plugin offers a default {kind.replace('_', ' ')}.")
    candidates.sort(key=lambda e: e.default_priority, reverse=True)  # type: ignore[arg-type, return-value]
    best = candidates[0]
    if len(candidates) > 1 and candidates[1].default_priority == best.default_priority:
        other = candidates[1]
        raise PluginConflictError(
            f"Two default {kind.replace('_', ' ')}s share priority {best.default_priority}: {best.name!r} from "
            f"{best.distribution} and {other.name!r} from {other.distribution}. Pass one explicitly "
            f"(adapter=...), or disable one plugin with HAMILTON_DISABLE_PLUGINS."
        )
    return best


def register_adapter(adapter: Any) -> None:
    """Add a data format in this process: a ``DataLoader`` and/or ``DataSaver`` subclass (``hamilton.io``).

    The original's way to add a format from a script or notebook; a package offers its
    formats through ``hamilton_register_data_adapters`` instead. It serves ``adapter.name()``
    for each of ``adapter.applicable_types()``, before any plugin's adapter for the same.
    """
    from hamilton.io.formats import register_adapter as register

    register(adapter)
