"""Finding and loading the installed plugins: once, on first use, each failure named.

The core's own plugins come from ``BUILTIN_PLUGINS`` and are always loaded; the
installed ones from the entry-point group ``hamilton.plugins``, steered by three
environment variables (as pytest's and datasette's are):

- ``HAMILTON_DISABLE_PLUGIN_AUTOLOAD``: any non-empty value loads no entry point.
- ``HAMILTON_PLUGINS=a,b``: load only these entry points (an unknown name is an error).
- ``HAMILTON_DISABLE_PLUGINS=a,b``: load all but these.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import threading
import traceback
import warnings
from typing import Any

from hamilton.plugins._manager import HOOK_PREFIX, PluginManager

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PluginInfo",
    "PluginLoadWarning",
    "hook_names",
    "loaded_plugins",
    "location_of",
    "register",
    "reset",
    "warn_at",
]

ENTRY_POINT_GROUP = "hamilton.plugins"
BUILTIN_PLUGINS: dict[str, str] = {"core": "hamilton._builtin"}


class PluginLoadWarning(UserWarning):
    """An installed plugin could not be loaded, or offered something invalid; the rest keep working."""


class PluginInfo:
    """One plugin (an entry point of ``hamilton.plugins``, or a built-in) and what became of it.

    ``error`` says why it is not loaded (``None`` if it is); ``hooks`` are the hooks it implements.
    """

    __slots__ = ("builtin", "distribution", "error", "hooks", "name", "plugin", "value", "version")

    def __init__(
        self,
        name: str,
        value: str,
        distribution: str,
        version: str,
        plugin: object | None = None,
        builtin: bool = False,
    ) -> None:
        self.name = name
        self.value = value
        self.distribution = distribution
        self.version = version
        self.plugin = plugin
        self.builtin = builtin
        self.error: str | None = None
        self.hooks: list[str] = []

    @property
    def loaded(self) -> bool:
        """Whether the plugin loaded and is registered on every Driver."""
        return self.plugin is not None

    @property
    def description(self) -> str:
        """How messages name it: ``plugin 'pandas' (hamilton-pandas 0.9.0)``."""
        version = f" {self.version}" if self.version else ""
        return f"plugin {self.name!r} ({self.distribution}{version})"


_lock = threading.Lock()
_loaded: list[PluginInfo] | None = None


def loaded_plugins() -> list[PluginInfo]:
    """Every plugin, the built-ins first, loaded once (thread-safe, idempotent)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load_all()
    return _loaded


def register(plugin: object, name: str, distribution: str = "registered in code") -> PluginInfo:
    """Load ``plugin`` (a module or object of hooks) for this process, as an installed entry point would.

    What ``[project.entry-points."hamilton.plugins"]`` does once a package is installed,
    done in code: for a notebook, a test, or an application's own plugin. Drivers built
    afterwards include it and the registry offers what it registers; ``reset()`` forgets it.

    :param plugin: the plugin: a module or an object with ``hamilton_*`` hook functions.
    :param name: its name, as an entry point's name (``HAMILTON_DISABLE_PLUGINS`` does not apply).
    :param distribution: what messages say it comes from.
    """
    global _loaded
    from hamilton import registry

    infos = loaded_plugins()
    if any(info.name == name for info in infos):
        raise ValueError(f"A plugin named {name!r} is already loaded; choose another name.")
    problem = _validate(plugin)
    if problem is not None:
        raise TypeError(f"{plugin!r} is not a valid hamilton plugin: {problem[0]}")
    info = PluginInfo(name, getattr(plugin, "__name__", type(plugin).__qualname__), distribution, "", plugin)
    info.hooks = hook_names(plugin)
    with _lock:
        _loaded = [*infos, info]  # a new list: whatever was collected from the old one is collected again
        registry.reset()
    return info


def reset() -> None:
    """Forget loaded plugins (those registered in code too) and the registry; the next use reads entry points again."""
    global _loaded
    from hamilton import registry

    with _lock:
        _loaded = None
        registry.reset()


def warn_at(message: str, filename: str, lineno: int) -> None:
    """A ``PluginLoadWarning`` reported at the plugin's own file and line, not at the loader's."""
    warnings.warn_explicit(f"hamilton: {message}", PluginLoadWarning, filename, lineno)


def location_of(exc: BaseException, fallback: str) -> tuple[str, int]:
    """The innermost frame of ``exc``'s traceback that is real code (not importlib's frozen bootstrap)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.startswith("<frozen") and "importlib" not in frame.filename:
            return frame.filename, frame.lineno or 1
    return fallback, 1


def _names_from_env(variable: str) -> set[str] | None:
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _load_all() -> list[PluginInfo]:
    infos = [_builtin(name, value) for name, value in BUILTIN_PLUGINS.items()]
    autoload = not os.environ.get("HAMILTON_DISABLE_PLUGIN_AUTOLOAD")
    only = _names_from_env("HAMILTON_PLUGINS")
    disabled = _names_from_env("HAMILTON_DISABLE_PLUGINS") or set()
    if not autoload and only is None:
        return infos
    installed = _unique(ep for ep in _entry_points() if ep.value not in BUILTIN_PLUGINS.values())
    if only is not None:
        unknown = sorted(only - installed.keys())
        if unknown:
            raise ValueError(
                f"HAMILTON_PLUGINS names {', '.join(map(repr, unknown))}, which no installed distribution provides "
                f"(installed plugins: {', '.join(sorted(installed)) or 'none'}). Correct the variable, or unset it "
                f"to load every installed plugin."
            )
    for name, ep in installed.items():
        if (only is not None and name not in only) or name in disabled:
            continue
        dist = getattr(ep, "dist", None)
        info = PluginInfo(name, ep.value, dist.name if dist else "?", dist.version if dist else "?")
        _load_one(info, ep)
        infos.append(info)
    return infos


def _builtin(name: str, value: str) -> PluginInfo:
    from hamilton import __version__

    module = importlib.import_module(value)
    info = PluginInfo(name, value, "hamilton-core", __version__, module, True)
    info.hooks = hook_names(module)
    return info


def _unique(entry_points: Any) -> dict[str, Any]:
    """Entry points by name; one name from two distributions warns, naming both, and the first is kept."""
    by_name: dict[str, Any] = {}
    for ep in entry_points:
        first = by_name.get(ep.name)
        if first is None:
            by_name[ep.name] = ep
        elif first.value != ep.value or _dist_name(first) != _dist_name(ep):
            warnings.warn_explicit(
                f"hamilton: two distributions register the plugin {ep.name!r}: {_dist_name(first)} ({first.value}) "
                f"and {_dist_name(ep)} ({ep.value}). Only the first is loaded; uninstall one of them.",
                PluginLoadWarning,
                f"<entry point {ep.name} = {ep.value}>",
                1,
            )
    return by_name


def _dist_name(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return f"{dist.name} {dist.version}" if dist else "?"


def _load_one(info: PluginInfo, ep: Any) -> None:
    pseudo_file = f"<entry point {info.name} = {info.value}>"
    try:
        plugin = ep.load()
    except ModuleNotFoundError as exc:
        if exc.name and _is_optional(exc.name, getattr(ep, "dist", None)):
            info.error = f"skipped: it needs the optional library {exc.name!r}, which is not installed"
            return  # an extra the user chose not to install; `python -m hamilton plugins` shows why
        info.error = f"failed to import: {type(exc).__name__}: {exc}"
        warn_at(f"{info.description} {info.error}; the other plugins keep working.", *location_of(exc, pseudo_file))
        return
    except Exception as exc:
        info.error = f"failed to import: {type(exc).__name__}: {exc}"
        warn_at(f"{info.description} {info.error}; the other plugins keep working.", *location_of(exc, pseudo_file))
        return
    problem = _validate(plugin)
    if problem is not None:
        message, where = problem
        info.error = f"is invalid: {message}"
        warn_at(f"{info.description} {info.error}; it is not loaded.", *(where or (pseudo_file, 1)))
        return
    info.plugin = plugin
    info.hooks = hook_names(plugin)


def _is_optional(missing: str, dist: Any) -> bool:
    """Whether ``missing`` is one of ``dist``'s optional (extra) requirements, not a bug or a broken install."""
    top = _normalise(missing.partition(".")[0])
    for requirement in getattr(dist, "requires", None) or ():
        name = _normalise(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0])
        if name == top and re.search(r"\bextra\s*==", requirement):
            return True
    return False


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _validate(plugin: object) -> tuple[str, tuple[str, int] | None] | None:
    """Register on a scratch manager: a misspelt hook or a wrong argument is caught here, by name."""
    scratch = PluginManager()
    try:
        scratch.register(plugin)
        scratch.check_pending()
    except Exception as exc:
        message = str(exc)
        named = re.search(rf"\b{HOOK_PREFIX}\w+", message)
        return message, _code_location(getattr(plugin, named.group(0), None)) if named else None
    return None


def _code_location(function: Any) -> tuple[str, int] | None:
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    return (code.co_filename, code.co_firstlineno) if code is not None else None


def hook_names(plugin: object) -> list[str]:
    """The hooks ``plugin`` implements: its routines named ``hamilton_*``, marked or not."""
    return sorted(
        name for name in dir(plugin) if name.startswith(HOOK_PREFIX) and inspect.isroutine(getattr(plugin, name, None))
    )
