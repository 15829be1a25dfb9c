"""What a decorator binds a parameter to: a literal, another node, a config value, or a group of these.

Used by ``@parameterize``, ``@inject``, ``@does`` and ``step(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ConfigDependency",
    "GroupedDictDependency",
    "GroupedListDependency",
    "LiteralDependency",
    "ParametrizedDependency",
    "UpstreamDependency",
    "configuration",
    "group",
    "source",
    "value",
]


class ParametrizedDependency:
    """Base of every binding."""

    __slots__ = ()


class LiteralDependency(ParametrizedDependency):
    """A literal bound to a parameter."""

    __slots__ = ("value",)

    def __init__(self, literal: Any) -> None:
        self.value = literal

    def __repr__(self) -> str:
        return f"value({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is LiteralDependency and other.value == self.value

    def __hash__(self) -> int:
        return hash(("value", repr(self.value)))


class UpstreamDependency(ParametrizedDependency):
    """Another node (or input) bound to a parameter."""

    __slots__ = ("source",)

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"source() takes the name of a node or input, not {name!r}.")
        self.source = name

    @property
    def name(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"source({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is UpstreamDependency and other.source == self.source

    def __hash__(self) -> int:
        return hash(("source", self.source))


class ConfigDependency(ParametrizedDependency):
    """A config value bound to a parameter, read when the Driver is built."""

    __slots__ = ("source",)

    def __init__(self, key: str) -> None:
        self.source = key

    def __repr__(self) -> str:
        return f"configuration({self.source!r})"


class GroupedListDependency(ParametrizedDependency):
    """Several bindings passed together as one list."""

    __slots__ = ("sources",)

    def __init__(self, *sources: ParametrizedDependency) -> None:
        self.sources = sources

    def __repr__(self) -> str:
        return f"group({', '.join(map(repr, self.sources))})"


class GroupedDictDependency(ParametrizedDependency):
    """Several bindings passed together as one dict."""

    __slots__ = ("sources",)

    def __init__(self, **sources: ParametrizedDependency) -> None:
        self.sources = sources

    def __repr__(self) -> str:
        return f"group({', '.join(f'{k}={v!r}' for k, v in self.sources.items())})"


def value(literal: Any) -> LiteralDependency:
    """Bind a parameter to ``literal``."""
    return LiteralDependency(literal)


def source(name: str) -> UpstreamDependency:
    """Bind a parameter to the node or input ``name``."""
    return UpstreamDependency(name)


def configuration(key: str) -> ConfigDependency:
    """Bind a parameter to the config value of ``key``."""
    return ConfigDependency(key)


def group(
    *dependency_args: ParametrizedDependency, **dependency_kwargs: ParametrizedDependency
) -> GroupedListDependency | GroupedDictDependency:
    """Bind a parameter to a list (positional) or a dict (keywords) of ``value``/``source`` bindings."""
    if dependency_args and dependency_kwargs:
        raise ValueError("group() takes bindings either all positional (a list) or all by keyword (a dict), not both.")
    members = list(dependency_args) + list(dependency_kwargs.values())
    wrong = [m for m in members if not isinstance(m, LiteralDependency | UpstreamDependency)]
    if wrong:
        raise TypeError(f"group() holds value(...) and source(...) bindings; got {wrong!r}.")
    if dependency_kwargs:
        return GroupedDictDependency(**dependency_kwargs)
    return GroupedListDependency(*dependency_args)


def upstream_names(binding: ParametrizedDependency) -> list[str]:
    """The node names a binding reads."""
    if isinstance(binding, UpstreamDependency):
        return [binding.source]
    if isinstance(binding, GroupedListDependency):
        return [n for b in binding.sources for n in upstream_names(b)]
    if isinstance(binding, GroupedDictDependency):
        return [n for b in binding.sources.values() for n in upstream_names(b)]
    return []


def describe_binding(binding: ParametrizedDependency) -> Any:
    """What a docstring's ``{parameter}`` field shows for a binding: the literal or the upstream name."""
    if isinstance(binding, LiteralDependency):
        return binding.value
    if isinstance(binding, UpstreamDependency | ConfigDependency):
        return binding.source
    return repr(binding)


def as_binding(item: Any, where: str) -> ParametrizedDependency:
    """``item`` if it is a binding; a TypeError saying how to wrap it otherwise."""
    if isinstance(item, ParametrizedDependency):
        return item
    raise TypeError(f"{where} is {item!r}; wrap it in value(...) for a literal or source(...) for another node.")


def check_bindings(bindings: Mapping[str, Any], where: str) -> dict[str, ParametrizedDependency]:
    """Every binding of ``bindings`` checked with ``as_binding``."""
    return {parameter: as_binding(b, f"{where}.{parameter}") for parameter, b in bindings.items()}
