"""Which loader and saver serve a data format for a type.

A ``FormatAdapter`` is one format for one type, with its loader and saver (classes, or
references imported on first use). They come from the data plugins
(``hamilton_register_data_adapters``, through the registry) and from
``hamilton.registry.register_adapter`` (the original's way to add one in a script; these
win over a plugin's for the same format and type).

- ``saver_for(format, type_)``: the saver for values of ``type_``: the adapter whose type
  is nearest in ``type_``'s MRO (pandas' pickle for a DataFrame before the core's
  pickle for any object).
- ``loader_for(format, declared)``: the loader producing what a parameter declares:
  that very type first, then a subclass, then a loader producing any object (pickle).

A type is looked at only if its library is already imported, so asking imports no data
library: a value of that library, or an annotation naming it, imported it already. A
format or a type nothing serves raises ``FormatError``, listing the formats there are for
that type and the package that would add more.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

from hamilton.errors import HamiltonError, param_type_name
from hamilton.installing import install_hint

__all__ = [
    "FormatAdapter",
    "FormatError",
    "FormatNamespace",
    "adapters",
    "format_names",
    "loader_for",
    "loads_into",
    "register_adapter",
    "saver_for",
    "saves_from",
]

# the first-party package that offers formats for a library's types (for install hints)
_PACKAGES = {
    "pandas": "hamilton-pandas",
    "numpy": "hamilton-pandas",
    "polars": "hamilton-polars",
    "pyarrow": "hamilton-arrow",
}


class FormatError(HamiltonError, TypeError):
    """No loader or saver for this format and type; the message lists what there is."""

    def __init__(self, message: str, format: str, type_: Any = None) -> None:
        super().__init__(message)
        self.format = format
        self.type = type_


class FormatNamespace(type):
    """A class whose attributes are the installed formats of one kind: ``to.csv``, ``@load_from.parquet``.

    ``_kind`` is ``"load"`` or ``"save"``; ``_factory(format)`` makes what the attribute
    stands for; ``_prefix`` is how users write it (``"@"`` for a decorator). A format no
    plugin offers is an ``AttributeError`` listing those installed.
    """

    _kind: str
    _factory: Callable[[str], Callable[..., Any]]
    _prefix = ""

    def __getattr__(cls, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        known = format_names(cls._kind)
        if name not in known:
            raise AttributeError(
                f"No data adapter can {cls._kind} {name!r}: the formats installed that {cls._kind} are "
                f"{', '.join(known) or 'none'}. There is no {cls._prefix}{cls.__name__}.{name}; data plugins "
                f"add formats (hamilton-pandas: csv, parquet, json, "
                f"feather, pickle, and excel with openpyxl; hamilton-polars: csv, parquet, ndjson, ipc; "
                f"hamilton-arrow: parquet, ipc, feather, csv)."
            )
        return cls._factory(name)

    def __dir__(cls) -> list[str]:
        return sorted({*type.__dir__(cls), *format_names(cls._kind)})


class FormatAdapter(NamedTuple):
    """One format for one type: its loader and saver, and who offered them."""

    format: str
    type: str  # "package.module:Class"
    loader: Any
    saver: Any
    origin: str
    entry: Any = None  # the registry entry, to import references naming its plugin

    def resolved_type(self, import_library: bool = False) -> type | None:
        """The type, if its library is imported (or ``import_library``); else ``None``."""
        return _resolve(self.type, import_library)

    def loader_class(self) -> Any:
        return self._load(self.loader)

    def saver_class(self) -> Any:
        return self._load(self.saver)

    def _load(self, reference: Any) -> Any:
        if not isinstance(reference, str):
            return reference
        if self.entry is not None:
            return self.entry.load_reference(reference)
        module, _, attribute = reference.partition(":")
        return getattr(importlib.import_module(module), attribute)


_added: list[FormatAdapter] = []
_added_lock = threading.Lock()


def register_adapter(adapter: Any) -> None:
    """Add a ``DataLoader`` and/or ``DataSaver`` class for this process: format ``name()``, ``applicable_types()``."""
    from hamilton.io.data_adapters import AdapterCommon

    if not (isinstance(adapter, type) and issubclass(adapter, AdapterCommon)):
        raise TypeError(f"register_adapter() takes a DataLoader or DataSaver subclass, not {adapter!r}.")
    origin = f"{adapter.__module__}.{adapter.__qualname__} (registered with register_adapter)"
    with _added_lock:
        for kind in adapter.applicable_types():
            reference = f"{kind.__module__}:{kind.__qualname__}"
            _RESOLVED[reference] = kind
            loader = adapter if adapter.can_load() else None
            saver = adapter if adapter.can_save() else None
            _added.insert(0, FormatAdapter(adapter.name(), reference, loader, saver, origin))


def adapters(format: str | None = None) -> list[FormatAdapter]:
    """Every adapter (of ``format``), those registered in this process first."""
    from hamilton import registry

    offered = [
        FormatAdapter(
            e.details["format"], e.details["type"], e.details["loader"], e.details["saver"], _origin(e.plugin, e), e
        )
        for e in registry.entries("data_adapter").values()
    ]
    found = [*_added, *offered]
    return found if format is None else [adapter for adapter in found if adapter.format == format]


def format_names(kind: str | None = None) -> list[str]:
    """The format names known (``kind``: ``"load"`` or ``"save"`` for those that do), sorted; imports nothing."""
    attribute = {"load": "loader", "save": "saver"}.get(kind or "")
    return sorted({a.format for a in adapters() if attribute is None or getattr(a, attribute) is not None})


# ----------------------------------------------------------------------------- savers


def saver_for(format: str, type_: Any) -> Any:
    """The ``DataSaver`` class that writes values of ``type_`` in ``format``; ``FormatError`` if none."""
    candidates = [a for a in adapters(format) if a.saver is not None]
    if not candidates:
        raise _unknown(format, "save")
    best: tuple[int, FormatAdapter] | None = None
    for adapter in candidates:
        accepted = adapter.resolved_type()
        if accepted is None or not saves_from(type_, accepted):
            continue
        rank = _distance(type_, accepted)
        if best is None or rank < best[0]:
            best = (rank, adapter)
    if best is None:
        raise _no_adapter(format, type_, "save", candidates)
    return best[1].saver_class()


def saves_from(type_: Any, accepted: Any) -> bool:
    """Whether a saver of ``accepted`` values writes values of ``type_`` (a class, a union, ``Any``)."""
    options = _options(type_)
    if options is None:  # Any: only a saver of any object
        return accepted is object
    return bool(options) and all(isinstance(option, type) and issubclass(option, accepted) for option in options)


def _distance(type_: Any, accepted: type) -> int:
    options = _options(type_) or [object]
    return max(option.__mro__.index(accepted) if accepted in option.__mro__ else 10**6 for option in options)


# ----------------------------------------------------------------------------- loaders


def loader_for(format: str, declared: Any) -> tuple[Any, type]:
    """The ``DataLoader`` class reading ``format`` into what ``declared`` annotates, and the type it produces."""
    candidates = [a for a in adapters(format) if a.loader is not None]
    if not candidates:
        raise _unknown(format, "load")
    ranked: list[tuple[int, FormatAdapter, type]] = []
    unresolved = []
    for adapter in candidates:
        produced = adapter.resolved_type()
        if produced is None:
            unresolved.append(adapter)
            continue
        rank = _load_rank(produced, declared)
        if rank is not None:
            ranked.append((rank, adapter, produced))
    if not ranked and _options(declared) is None and len(unresolved) == 1:  # Any, and one library could serve
        produced = unresolved[0].resolved_type(import_library=True)
        if produced is not None:
            ranked.append((2, unresolved[0], produced))
    if not ranked:
        raise _no_adapter(format, declared, "load", candidates)
    ranked.sort(key=lambda item: item[0])
    best = [item for item in ranked if item[0] == ranked[0][0]]
    classes = {id(item[1].loader_class()) for item in best}
    if len(classes) > 1:
        choices = ", ".join(f"{param_type_name(item[2])} ({item[1].origin})" for item in best)
        raise FormatError(
            f"{format!r} loads several types ({choices}) and {param_type_name(declared)} does not say which; "
            f"annotate the parameter with the type you want.",
            format,
            declared,
        )
    return best[0][1].loader_class(), best[0][2]


def loads_into(produced: Any, declared: Any) -> bool:
    """Whether a loader producing ``produced`` values fits a parameter annotated ``declared``."""
    return _load_rank(produced, declared) is not None


def _load_rank(produced: type, declared: Any) -> int | None:
    options = _options(declared)
    if options is None or object in options:
        return 0 if produced is object else 1
    if produced in options:
        return 0
    if any(isinstance(option, type) and issubclass(produced, option) for option in options):
        return 1
    if produced is object:  # a loader of any object (pickle): it may well produce one
        return 2
    return None


# ----------------------------------------------------------------------------- helpers


_RESOLVED: dict[str, type] = {}


def _resolve(reference: str, import_library: bool = False) -> type | None:
    found = _RESOLVED.get(reference)
    if found is not None:
        return found
    module, _, qualname = reference.partition(":")
    top = module.split(".")[0]
    if top not in sys.modules and top != "builtins" and not import_library:
        return None  # its library is not imported: no value or annotation of it can exist yet
    try:
        target: Any = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError):
        return None
    if isinstance(target, type):
        _RESOLVED[reference] = target
        return target
    return None


def _options(annotation: Any) -> list[Any] | None:
    """The classes an annotation allows; ``None`` for anything (``Any``, ``object``, no annotation)."""
    if annotation is Any or annotation is object or annotation is None:
        return None
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        found: list[Any] = []
        for member in typing.get_args(annotation):
            options = _options(member)
            if options is None:
                return None
            found.extend(options)
        return found
    if origin is not None:
        return [origin]
    if typing.get_origin(annotation) is None and isinstance(annotation, type):
        return [annotation]
    return None


def _origin(plugin: str, entry: Any) -> str:
    return f"plugin {plugin!r} ({entry.distribution})"


def _unknown(format: str, kind: str) -> FormatError:
    known = format_names(kind)
    return FormatError(
        f"No data adapter can {kind} the format {format!r}. Formats that {kind}: {', '.join(known) or 'none'}.",
        format,
    )


def _no_adapter(format: str, type_: Any, kind: str, candidates: list[FormatAdapter]) -> FormatError:
    name = param_type_name(type_)
    attribute = "saver" if kind == "save" else "loader"
    serving = sorted(
        {
            a.format
            for a in adapters()
            if getattr(a, attribute) is not None
            and (resolved := a.resolved_type()) is not None
            and (saves_from(type_, resolved) if kind == "save" else loads_into(resolved, type_))
        }
    )
    others = ", ".join(sorted({f"{a.type.replace(':', '.')} ({a.origin})" for a in candidates}))
    lines = [
        f"No {format!r} {attribute} for {name}: {format!r} {kind}s {others}.",
        f"Formats that {kind} {name}: {', '.join(serving) or 'none'}.",
    ]
    options = _options(type_) or []
    libraries = {getattr(option, "__module__", "").split(".")[0] for option in options}
    for library in sorted(libraries & _PACKAGES.keys()):
        package = _PACKAGES[library]
        offered = any(a.entry is not None and a.entry.details.get("needs") == library for a in adapters())
        if not offered:
            lines.append(f"{package} adds formats for {library} types: {install_hint(package)}.")
    return FormatError(" ".join(lines), format, type_)
