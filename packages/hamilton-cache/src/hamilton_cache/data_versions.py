"""Data versions: a digest of a value's content, the same in any process for the same data.

In this order:

1. plain Python values (``None``, bools, numbers, strings, bytes) and the lists,
   tuples, dicts and sets made of them: versioned here, cheaply;
2. anything else: the ``hamilton_data_version`` hook of the installed plugins
   (hamilton-pandas hashes DataFrames, Series and numpy arrays by content,
   hamilton-polars and hamilton-arrow theirs); the plugin that answered for a type is
   asked first for that type from then on;
3. no plugin knows it: the digest of its pickle, which is kept for storing the
   result (``Versioned.pickled``);
4. it cannot be pickled either: it has no version (``None``), and the cache runs the
   node every time.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

from hamilton.plugins import loaded_plugins

__all__ = ["HOOK", "DataVersions", "Versioned", "digest"]

HOOK = "hamilton_data_version"
PICKLE_PROTOCOL = 5
_DIGEST_LENGTH = 32
_PRIMITIVES = frozenset({type(None), bool, int, float, str, bytes})
_MAX_DEPTH = 32  # deeper containers are versioned by their pickle


def digest(data: bytes) -> str:
    """The digest used for every version: sha256, hex, 128 bits."""
    return hashlib.sha256(data).hexdigest()[:_DIGEST_LENGTH]


class Versioned(NamedTuple):
    """A value's version, and its pickle when computing the version made one."""

    version: str | None
    pickled: bytes | None = None


class DataVersions:
    """Versions values; thread-safe. Plugins are collected on first use."""

    def __init__(self) -> None:
        self._plugins: list[tuple[Callable[[Any], Any], str]] | None = None
        self._by_type: dict[type, tuple[Callable[[Any], Any], str] | None] = {}
        self._lock = threading.Lock()

    def version(self, value: Any) -> Versioned:
        """The version of ``value`` (``Versioned(None)`` if it cannot be versioned)."""
        kind = type(value)
        if kind in _PRIMITIVES:
            return Versioned(_primitive(value, kind))
        if kind in _CONTAINERS:
            return self._container(value, kind, 0)
        return self._other(value, kind)

    # ------------------------------------------------------------------ plain values

    def _container(self, value: Any, kind: type, depth: int) -> Versioned:
        label = _CONTAINERS[kind]
        if kind is dict:
            parts = [*value.keys(), *value.values()]
        else:
            parts = value
        if _all_primitive(parts) and kind not in (set, frozenset):
            try:  # lists, tuples and dicts of plain values pickle the same in every process
                pickled = pickle.dumps(value, PICKLE_PROTOCOL)
            except RecursionError:
                return Versioned(None)
            return Versioned(f"{label}:{digest(pickled)}")
        if depth >= _MAX_DEPTH:
            return self._pickled(value)
        if kind is dict:
            items = [self._nested(k, depth) for k in value] + [self._nested(v, depth) for v in value.values()]
        else:
            items = [self._nested(item, depth) for item in value]
        if any(item is None for item in items):
            return Versioned(None)
        if kind in (set, frozenset):
            items.sort()  # a set's order depends on the hash seed; its content does not
        return Versioned(f"{label}:{digest(chr(30).join(items).encode())}")  # type: ignore[arg-type]

    def _nested(self, value: Any, depth: int) -> str | None:
        kind = type(value)
        if kind in _PRIMITIVES:
            return _primitive(value, kind)
        if kind in _CONTAINERS:
            return self._container(value, kind, depth + 1).version
        return self._other(value, kind).version

    # ------------------------------------------------------------------ other values

    def _other(self, value: Any, kind: type) -> Versioned:
        remembered = self._by_type.get(kind, False)
        if remembered is not False:
            if remembered is None:  # no plugin knows this type
                return self._pickled(value)
            answer = self._ask(remembered, value)
            if answer is not None:
                return Versioned(answer)
        for plugin in self._installed():
            if plugin is remembered:
                continue
            answer = self._ask(plugin, value)
            if answer is not None:
                self._by_type[kind] = plugin
                return Versioned(answer)
        if remembered is False:
            self._by_type[kind] = None
        return self._pickled(value)

    def _ask(self, plugin: tuple[Callable[[Any], Any], str], value: Any) -> str | None:
        function, description = plugin
        try:
            answer = function(value)
        except Exception as exc:  # a versioning bug must not cost the user's run: pickling still versions it
            warnings.warn(
                f"{description} raised {type(exc).__name__}: {exc} in {HOOK} for a {type(value).__qualname__}; "
                f"the value is versioned by its pickle instead.",
                RuntimeWarning,
                stacklevel=2,
            )
            return None
        if answer is not None and not isinstance(answer, str):
            warnings.warn(
                f"{description} answered {HOOK} with a {type(answer).__name__}, not a str; it is ignored.",
                RuntimeWarning,
                stacklevel=2,
            )
            return None
        return answer

    def _pickled(self, value: Any) -> Versioned:
        try:
            pickled = pickle.dumps(value, PICKLE_PROTOCOL)
        except Exception:  # a lock, a generator, an open connection...
            return Versioned(None)
        return Versioned(f"pickle:{digest(pickled)}", pickled)

    def _installed(self) -> list[tuple[Callable[[Any], Any], str]]:
        if self._plugins is None:
            with self._lock:
                if self._plugins is None:
                    found = []
                    for info in loaded_plugins():
                        function = getattr(info.plugin, HOOK, None) if info.plugin is not None else None
                        if callable(function):
                            found.append((function, info.description))
                    self._plugins = found
        return self._plugins


_CONTAINERS: dict[type, str] = {list: "list", tuple: "tuple", dict: "dict", set: "set", frozenset: "frozenset"}


def _all_primitive(values: Any) -> bool:
    primitives = _PRIMITIVES
    return all(type(item) in primitives for item in values)


def _primitive(value: Any, kind: type) -> str:
    if kind is int:
        return f"int:{value}" if -(10**30) < value < 10**30 else f"int:{digest(str(value).encode())}"
    if kind is float:
        return f"float:{value.hex()}"
    if kind is bool:
        return "bool:1" if value else "bool:0"
    if value is None:
        return "none"
    if kind is str:
        return f"str:{digest(value.encode('utf-8', 'surrogatepass'))}"
    return f"bytes:{digest(value)}"
