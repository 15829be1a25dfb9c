"""Finding, loading and wiring plugins.

Entry points of the group ``hamilton.plugins`` are read the first time a Driver or
the registry needs them, never at ``import hamilton``. Three environment variables
steer loading, as pytest and datasette users expect:

- ``HAMILTON_DISABLE_PLUGIN_AUTOLOAD=1``: load no entry point but the core's own.
- ``HAMILTON_PLUGINS=a,b``: load only these entry points (and the core's).
- ``HAMILTON_DISABLE_PLUGINS=a,b``: load all but these.
"""

from __future__ import annotations

import importlib
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from hamilton import hookspecs

PROJECT_NAME = "hamilton"
ENTRY_POINT_GROUP = "hamilton.plugins"
BUILTIN_PLUGIN = "hamilton._builtin"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class PluginLoadWarning(UserWarning):
    """An installed plugin could not be loaded; the rest keep working."""


class PluginInfo:
    """One entry point of the ``hamilton.plugins`` group and what became of it."""

    __slots__ = ("distribution", "error", "hooks", "name", "plugin", "value", "version")

    def __init__(self, name: str, value: str, distribution: str, version: str, plugin: object | None = None) -> None:
        self.name = name
        self.value = value
        self.distribution = distribution
        self.version = version
        self.plugin = plugin
        self.error: str | None = None
        self.hooks: list[str] = []

    @property
    def loaded(self) -> bool:
        return self.plugin is not None


_lock = threading.Lock()
_loaded: list[PluginInfo] | None = None


def loaded_plugins() -> list[PluginInfo]:
    """Every plugin entry point, loaded once (thread-safe, idempotent)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load_all()
    return _loaded


def reset() -> None:
    """Forget loaded plugins so the next use reads the entry points again (for tests)."""
    global _loaded
    from hamilton import registry

    with _lock:
        _loaded = None
        registry.reset()


def _names_from_env(variable: str) -> set[str] | None:
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _load_all() -> list[PluginInfo]:
    autoload = os.environ.get("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "").lower() not in ("1", "true", "yes")
    only = _names_from_env("HAMILTON_PLUGINS")
    disabled = _names_from_env("HAMILTON_DISABLE_PLUGINS") or set()
    infos: list[PluginInfo] = []
    for ep in _entry_points():
        if ep.value == BUILTIN_PLUGIN:
            continue  # added below, whatever the environment says
        if not autoload or (only is not None and ep.name not in only) or ep.name in disabled:
            continue
        dist = getattr(ep, "dist", None)
        info = PluginInfo(ep.name, ep.value, dist.name if dist else "?", dist.version if dist else "?")
        _load_one(info, ep.load)
        infos.append(info)
    from hamilton import _builtin

    builtin = PluginInfo("core", BUILTIN_PLUGIN, "hamilton-core", _core_version(), plugin=_builtin)
    builtin.hooks = _hook_names(_builtin)
    return [builtin, *_unique(infos)]


def _unique(infos: list[PluginInfo]) -> list[PluginInfo]:
    """Drop an entry point seen twice (one distribution on sys.path twice)."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for info in infos:
        if (info.name, info.value) not in seen:
            seen.add((info.name, info.value))
            unique.append(info)
    return unique


def _core_version() -> str:
    from hamilton import __version__

    return __version__


def _load_one(info: PluginInfo, load: Any) -> None:
    where = f"plugin {info.name!r} ({info.value}) from distribution {info.distribution} {info.version}"
    try:
        plugin = load()
    except ModuleNotFoundError as exc:
        own_package = info.value.split(":")[0].split(".")[0]
        if exc.name and exc.name.split(".")[0] != own_package:
            info.error = f"skipped: it needs {exc.name!r}, which is not installed"
            return  # a missing optional library is not a bug; registry.plugins() shows why
        info.error = f"failed to import: {exc!r}"
    except Exception as exc:
        info.error = f"failed to import: {exc!r}"
    else:
        problem = _validate(plugin)
        if problem is None:
            info.plugin = plugin
            info.hooks = _hook_names(plugin)
            return
        info.error = problem
    warnings.warn(f"hamilton: {where} {info.error}; the other plugins keep working.", PluginLoadWarning, stacklevel=2)


def _validate(plugin: object) -> str | None:
    """Register on a scratch manager so a typo in a hook name is caught here, by name."""
    scratch = new_manager()
    try:
        scratch.register(plugin)
        scratch.check_pending()
    except Exception as exc:
        return f"is invalid: {exc}"
    return None


def _hook_names(plugin: object) -> list[str]:
    return sorted(
        name
        for name in dir(plugin)
        if name.startswith("hamilton_") and hasattr(getattr(plugin, name), f"{PROJECT_NAME}_impl")
    )


def new_manager() -> pluggy.PluginManager:
    """An empty plugin manager that knows the hamilton hookspecs."""
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    return manager


def manager_with_plugins(extra: Iterable[object] = ()) -> pluggy.PluginManager:
    """A plugin manager holding every loaded entry-point plugin, then ``extra``."""
    manager = new_manager()
    for info in loaded_plugins():
        if info.plugin is not None:
            register(manager, info.plugin, name=info.name)
    for plugin in extra:
        register(manager, plugin)
    return manager


def register(manager: pluggy.PluginManager, plugin: object, name: str | None = None) -> None:
    """Register ``plugin`` and announce it through the historic ``hamilton_plugin_registered``."""
    manager.register(plugin, name=name)
    manager.hook.hamilton_plugin_registered.call_historic(kwargs={"plugin": plugin, "manager": manager})


def has_hookimpls(obj: object) -> bool:
    """Whether ``obj`` carries hookimpl-marked ``hamilton_*`` methods (plugin style)."""
    return bool(_hook_names(obj))


def call_inner(manager: pluggy.PluginManager, wrapper: object, node: Any, kwargs: dict[str, Any]) -> Any:
    """Run the ``hamilton_execute_node`` chain inside ``wrapper`` again and return the value.

    For a retrying wrapper: the wrappers and executor it encloses run again, the
    ones enclosing it (and itself) do not.
    """
    impls = manager.hook.hamilton_execute_node.get_hookimpls()
    position = next(i for i, impl in enumerate(impls) if impl.plugin is wrapper)
    outer = [impl.plugin for impl in impls[position:]]
    inner = manager.subset_hook_caller("hamilton_execute_node", remove_plugins=outer)
    computed = inner(node=node, kwargs=kwargs)
    return computed.value


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` that import each public name on first use.

    ``exports`` maps a name to the submodule defining it. A plugin package keeps its
    ``__init__`` light this way: loading its entry point imports no data library.
    """

    def get_attribute(name: str) -> Any:
        submodule = exports.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{submodule}"), name)

    def list_names() -> list[str]:
        return sorted(exports)

    return get_attribute, list_names
