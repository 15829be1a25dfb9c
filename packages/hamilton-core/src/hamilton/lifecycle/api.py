"""The original's ``hamilton.lifecycle.api`` import path: class-style adapters, plus ``StaticValidator``.

``StaticValidator`` checks nodes (and the whole graph) once, when the Driver is built;
pass an instance in the Driver's ``adapter`` list. Its failures are raised together as one
``ValueError`` naming each node.
"""

from __future__ import annotations

import abc
from typing import Any

from hamilton.graph_types import HamiltonGraph, HamiltonNode
from hamilton.lifecycle import GraphExecutionHook, NodeExecutionHook, NodeExecutionMethod, ResultBuilder

__all__ = [
    "GraphExecutionHook",
    "NodeExecutionHook",
    "NodeExecutionMethod",
    "ResultBuilder",
    "StaticValidator",
]


class StaticValidator(abc.ABC):  # noqa: B024 - either method may be the one a subclass implements
    """Validate nodes and the graph when the Driver is built; each method returns ``(valid, error message)``."""

    def run_to_validate_node(self, *, node: HamiltonNode, **future_kwargs: Any) -> tuple[bool, str | None]:
        """Whether ``node`` is valid, and why not."""
        return True, None

    def run_to_validate_graph(self, *, graph: HamiltonGraph, **future_kwargs: Any) -> tuple[bool, str | None]:
        """Whether the whole graph is valid, and why not."""
        return True, None


def validate_statically(validators: list[StaticValidator], graph: HamiltonGraph) -> None:
    """Run every validator over every node and the graph; one ``ValueError`` listing all failures."""
    errors = []
    for validator in validators:
        for node in graph.nodes:
            if node.is_external_input:
                continue
            valid, message = validator.run_to_validate_node(node=node)
            if not valid:
                errors.append(f"{node.name}: {message}")
        valid, message = validator.run_to_validate_graph(graph=graph)
        if not valid:
            errors.append(f"graph: {message}")
    if errors:
        raise ValueError("Static validation failed when building the Driver:\n  " + "\n  ".join(errors))
