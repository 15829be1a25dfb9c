"""The public, read-only view of a DAG's nodes, as the original's ``hamilton.graph_types`` offers it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

__all__ = ["HamiltonGraph", "HamiltonNode"]


@dataclasses.dataclass(frozen=True)
class HamiltonNode:
    """One node or external input: what tools and validators may read about it."""

    name: str
    type: Any
    tags: dict[str, Any]
    is_external_input: bool
    originating_functions: tuple[Callable[..., Any], ...] | None
    documentation: str | None
    required_dependencies: set[str]
    optional_dependencies: set[str]

    @staticmethod
    def from_node(node: Any, is_external_input: bool = False) -> HamiltonNode:
        """The view of a ``hamilton.node.Node``."""
        return HamiltonNode(
            name=node.name,
            type=node.type,
            tags=dict(node.tags),
            is_external_input=is_external_input,
            originating_functions=node.originating_functions or None,
            documentation=node.doc,
            required_dependencies={d for d in node.dependencies if d not in node.optional},
            optional_dependencies=set(node.optional),
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly description (types by name)."""
        return {
            "name": self.name,
            "tags": self.tags,
            "output_type": getattr(self.type, "__name__", str(self.type)),
            "required_dependencies": sorted(self.required_dependencies),
            "optional_dependencies": sorted(self.optional_dependencies),
            "source": None,
            "documentation": self.documentation,
        }


@dataclasses.dataclass(frozen=True)
class HamiltonGraph:
    """Every node of a Driver's DAG, external inputs included."""

    nodes: list[HamiltonNode]

    @staticmethod
    def from_graph(graph: Any) -> HamiltonGraph:
        """The view of a ``hamilton.graph.Graph``."""
        nodes = [HamiltonNode.from_node(n) for n in graph.nodes.values()]
        for name, consumers in graph.external.items():
            annotation = consumers[0][1] if consumers else Any
            nodes.append(
                HamiltonNode(name, annotation, {}, True, None, None, set(), set())  # an input has no dependencies
            )
        return HamiltonGraph(nodes)

    def __getitem__(self, name: str) -> HamiltonNode:
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def filter_nodes(self, filter: Callable[[HamiltonNode], bool]) -> list[HamiltonNode]:
        """The nodes ``filter`` accepts."""
        return [n for n in self.nodes if filter(n) is True]
