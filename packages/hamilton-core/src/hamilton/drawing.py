"""What a visualizer draws: a neutral description of (part of) the DAG.

The core decides which nodes a picture holds and what role each plays; a
visualizer plugin (hamilton-viz) decides how they look. Nothing here runs a node.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from hamilton.errors import param_type_name
from hamilton.graph import Graph
from hamilton.plan import Plan

__all__ = [
    "CONFIG",
    "FUNCTION",
    "INPUT",
    "OVERRIDE",
    "DagView",
    "NodeView",
    "all_names",
    "path_between",
    "view_of",
    "view_of_plan",
]

# roles a node can play in a picture
FUNCTION = "function"
INPUT = "input"
CONFIG = "config"
OVERRIDE = "override"


@dataclass(frozen=True)
class NodeView:
    """One node to draw."""

    name: str
    role: str
    type_name: str = ""
    is_output: bool = False
    config_branch: str = ""
    doc: str = ""


@dataclass(frozen=True)
class DagView:
    """The nodes and edges (upstream, downstream) of one picture."""

    nodes: list[NodeView]
    edges: list[tuple[str, str]]
    title: str = ""
    config: dict[str, Any] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [n.name for n in self.nodes]


_QUALIFIED = re.compile(r"\b(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)")


def _type_name(annotation: Any) -> str:
    """A short name for an annotation: ``Series``, ``list[int]``, ``Series | None``, ``Literal['a']``."""
    if annotation is type(None):
        return "None"
    if isinstance(annotation, str):
        return annotation
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is None or not args:
        if isinstance(annotation, type):
            return annotation.__qualname__
        return _QUALIFIED.sub(r"\1", param_type_name(annotation))  # typing.Any -> Any, ~T stays ~T
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_type_name(arg) for arg in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(map(repr, args))}]"
    if origin is typing.Annotated:
        return _type_name(args[0])
    inner = ", ".join(
        "[" + ", ".join(map(_type_name, arg)) + "]" if isinstance(arg, list) else _type_name(arg) for arg in args
    )
    return f"{_type_name(origin)}[{inner}]"


def view_of(
    graph: Graph,
    names: Collection[str],
    outputs: Collection[str] = (),
    overrides: Collection[str] = (),
    title: str = "",
) -> DagView:
    """The sub-DAG made of ``names`` (nodes and external names), with the edges among them."""
    nodes: list[NodeView] = []
    edges: list[tuple[str, str]] = []
    wanted, outs = set(names), set(outputs)
    for name in sorted(wanted, key=lambda n: (graph.rank.get(n, -1), n)):
        node = graph.nodes.get(name)
        if name in overrides:
            role = OVERRIDE
        elif node is not None:
            role = FUNCTION
        elif name in graph.config:
            role = CONFIG
        else:
            role = INPUT
        if node is not None:
            doc = inspect.cleandoc(node.doc) if node.doc else ""
            nodes.append(NodeView(name, role, _type_name(node.type), name in outs, node.config_branch, doc))
            if role != OVERRIDE:
                edges.extend((dep, name) for dep in node.dependencies if dep in wanted)
        else:
            consumers = graph.external.get(name, ())
            type_name = _type_name(consumers[0][1]) if consumers else ""
            nodes.append(NodeView(name, role, type_name, name in outs))
    return DagView(nodes, edges, title, dict(graph.config))


def view_of_plan(graph: Graph, plan: Plan) -> DagView:
    """Exactly what ``execute`` would run for ``plan``, plus the values it reads."""
    names: set[str] = {step.name for step in plan.node_steps()}
    names.update(
        plan.inputs, plan.overrides, plan.config, plan.missing, (o for o in plan.outputs if o not in plan.unknown)
    )
    title = "execution of " + ", ".join(plan.outputs)
    if plan.overrides:
        title += " with " + ", ".join(sorted(plan.overrides)) + " overridden"
    return view_of(graph, names, plan.outputs, plan.overrides, title=title)


def path_between(graph: Graph, upstream: str, downstream: str) -> set[str]:
    """The nodes on some path from ``upstream`` to ``downstream`` (empty if none)."""
    return graph.downstream([upstream]) & graph.upstream([downstream])


def all_names(graph: Graph) -> Iterable[str]:
    return [*graph.nodes, *graph.external]
