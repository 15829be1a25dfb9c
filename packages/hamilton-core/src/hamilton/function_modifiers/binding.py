"""One node from another with some parameters bound: the shared step of ``@parameterize``, ``@inject``, ``step``."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException
from hamilton.function_modifiers.calls import BoundCall
from hamilton.function_modifiers.dependencies import (
    ConfigDependency,
    GroupedDictDependency,
    GroupedListDependency,
    LiteralDependency,
    ParametrizedDependency,
    UpstreamDependency,
)
from hamilton.node import Node

__all__ = ["bind"]


def bind(
    base: Node,
    bindings: Mapping[str, ParametrizedDependency],
    config: Mapping[str, Any],
    where: str,
    name: str | None = None,
) -> Node:
    """A copy of ``base`` (renamed ``name``) whose bound parameters no longer come from same-named nodes.

    ``where`` names the decorator and function in errors.
    """
    unknown = sorted(set(bindings) - set(base.dependencies))
    if unknown:
        raise InvalidDecoratorException(
            f"{where} binds {', '.join(map(repr, unknown))}, which the function has no parameter for "
            f"(its parameters: {', '.join(base.dependencies) or 'none'})."
        )
    fixed: dict[str, Any] = {}
    sources: list[tuple[str, str]] = []
    groups: list[tuple[str, tuple[str, ...] | None, tuple[tuple[bool, Any], ...]]] = []
    dependencies: dict[str, Any] = {}
    optional: set[str] = set()
    for parameter, annotation in base.dependencies.items():
        binding = bindings.get(parameter)
        if binding is None:
            dependencies[parameter] = annotation
            if parameter in base.optional:
                optional.add(parameter)
        elif isinstance(binding, LiteralDependency):
            fixed[parameter] = binding.value
        elif isinstance(binding, ConfigDependency):
            if binding.source not in config:
                raise InvalidDecoratorException(
                    f"{where} binds {parameter!r} to configuration({binding.source!r}), which is not in the config."
                )
            fixed[parameter] = config[binding.source]
        elif isinstance(binding, UpstreamDependency):
            sources.append((parameter, binding.source))
            dependencies[binding.source] = annotation
            if parameter in base.optional:
                optional.add(binding.source)
        elif isinstance(binding, GroupedListDependency | GroupedDictDependency):
            members = binding.sources
            keys = tuple(members) if isinstance(members, dict) else None
            items = tuple(members.values()) if isinstance(members, dict) else tuple(members)
            member_type = _member_type(annotation)
            groups.append(
                (
                    parameter,
                    keys,
                    tuple(
                        (True, m.source) if isinstance(m, UpstreamDependency) else (False, m.value)  # type: ignore[attr-defined]
                        for m in items
                    ),
                )
            )
            for member in items:
                if isinstance(member, UpstreamDependency):
                    dependencies[member.source] = member_type
        else:
            raise InvalidDecoratorException(f"{where}: {parameter!r} is bound to {binding!r}, which is not a binding.")
    passthrough = tuple(p for p in base.dependencies if p not in bindings)
    call = BoundCall(base.callable, fixed, tuple(sources), passthrough, tuple(groups))
    return base.copy_with(
        name=name or base.name, callable=call, dependencies=dependencies, optional=frozenset(optional)
    )


def _member_type(annotation: Any) -> Any:
    """The element type of ``list[T]``/``dict[str, T]`` (``Any`` otherwise)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Sequence, typing.List) and args:  # noqa: UP006
        return args[0]
    if origin in (dict, typing.Dict, typing.Mapping) and len(args) == 2:  # noqa: UP006
        return args[1]
    return Any
