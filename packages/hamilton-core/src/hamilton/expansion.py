"""Nodes made from one function by ``@parameterize`` and ``@extract_fields``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hamilton.function_modifiers import source, value
from hamilton.node import Node


class BoundCall:
    """Calls a function with some parameters fixed and others fed from renamed nodes (picklable)."""

    __slots__ = ("fixed", "fn", "renamed")

    def __init__(self, fn: Any, fixed: dict[str, Any], renamed: dict[str, str]) -> None:
        self.fn = fn
        self.fixed = fixed
        self.renamed = renamed  # upstream node name -> parameter name

    def __call__(self, **kwargs: Any) -> Any:
        renamed = self.renamed
        return self.fn(**self.fixed, **{renamed.get(name, name): v for name, v in kwargs.items()})


class FieldGetter:
    """Reads one field of the dict an upstream node returned."""

    __slots__ = ("field", "upstream")

    def __init__(self, upstream: str, field: str) -> None:
        self.upstream = upstream
        self.field = field

    def __call__(self, **kwargs: Any) -> Any:
        result = kwargs[self.upstream]
        try:
            return result[self.field]
        except (KeyError, TypeError) as exc:
            raise KeyError(
                f"@extract_fields: {self.upstream!r} returned {type(result).__name__} without field "
                f"{self.field!r}; it must return a dict holding every declared field."
            ) from exc


def parameterized(base: Node, variants: Mapping[str, Mapping[str, value | source]]) -> list[Node]:
    """One node per variant of ``base``'s function."""
    nodes = []
    for output, bindings in variants.items():
        unknown = set(bindings) - set(base.dependencies)
        if unknown:
            raise TypeError(
                f"@parameterize on {base.source}: output {output!r} binds {', '.join(sorted(unknown))}, "
                f"which the function has no parameter for."
            )
        fixed = {p: b.value for p, b in bindings.items() if isinstance(b, value)}
        renamed = {b.name: p for p, b in bindings.items() if isinstance(b, source)}
        upstream_of = {p: b.name for p, b in bindings.items() if isinstance(b, source)}
        dependencies = {upstream_of.get(p, p): t for p, t in base.dependencies.items() if p not in fixed}
        optional = frozenset(upstream_of.get(p, p) for p in base.optional if p not in fixed)
        node = Node(output, base.type, BoundCall(base.callable, fixed, renamed), dependencies, optional=optional)
        node.doc = _format_doc(base.doc, output, bindings)
        node.tags = dict(base.tags)
        node.config_branch = base.config_branch
        node._source = f"{base.source} (@parameterize {output})"
        nodes.append(node)
    return nodes


def _format_doc(doc: str, output: str, bindings: Mapping[str, value | source]) -> str:
    fields = {p: (b.value if isinstance(b, value) else b.name) for p, b in bindings.items()}
    try:
        return doc.format(output_name=output, **fields)
    except (KeyError, IndexError, ValueError):
        return doc


def fields(base: Node, declared: Mapping[str, Any]) -> list[Node]:
    """One node per declared field of the dict ``base`` returns."""
    nodes = []
    for field, field_type in declared.items():
        node = Node(field, field_type, FieldGetter(base.name, field), {base.name: base.type})
        node.tags = dict(base.tags)
        node.config_branch = base.config_branch
        node._source = f"{base.source} (@extract_fields {field})"
        nodes.append(node)
    return nodes
