"""The DAG: nodes by name, who consumes whom, a topological order, and checks.

Every walk here is an explicit stack or queue, never a recursion, so a
100,000-node chain works at the default recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hamilton.errors import CycleError, DuplicateNodeError, TypeMismatchError
from hamilton.node import Node
from hamilton.type_rules import types_compatible

__all__ = ["Graph"]

TypeHook = Callable[[Any, Any], bool | None]


class Graph:
    """Nodes, their consumers and a topological rank; built once per Driver.

    ``external`` maps each name that some node needs but no node computes (an
    input or a config key) to the ``(consumer, annotation)`` pairs that need it.
    """

    __slots__ = ("_typed_edges", "config", "consumers", "external", "nodes", "rank")

    def __init__(self, nodes: Mapping[str, Node], config: Mapping[str, Any]) -> None:
        self.nodes = nodes = dict(nodes)
        self.config = dict(config)
        self.consumers: dict[str, list[str]] = {name: [] for name in nodes}
        self.external: dict[str, list[tuple[str, Any]]] = {}
        consumers, external = self.consumers, self.external
        waiting: dict[str, int] = {}
        # edges whose two annotations are not the very same object: the only ones check_types must judge
        self._typed_edges: list[tuple[str, str]] = []
        for name, node in nodes.items():
            upstream = 0
            for dep, annotation in node.dependencies.items():
                readers = consumers.get(dep)
                if readers is not None:
                    readers.append(name)
                    upstream += 1
                    if nodes[dep].type is not annotation:
                        self._typed_edges.append((dep, name))
                elif dep in external:
                    external[dep].append((name, annotation))
                else:
                    external[dep] = [(name, annotation)]
            waiting[name] = upstream
        self.rank = _topological_rank(nodes, consumers, waiting)

    @classmethod
    def from_nodes(cls, nodes: Iterable[Node], config: Mapping[str, Any]) -> Graph:
        """Index nodes by name; a name defined twice is a ``DuplicateNodeError``."""
        by_name: dict[str, Node] = {}
        for node in nodes:
            previous = by_name.get(node.name)
            if previous is not None:
                raise DuplicateNodeError(node.name, [previous.source, node.source])
            by_name[node.name] = node
        return cls(by_name, config)

    def check_types(self, equivalent: TypeHook | None = None) -> None:
        """Raise ``TypeMismatchError`` listing every edge whose types do not fit."""
        mismatches = []
        nodes = self.nodes
        for dep, consumer in self._typed_edges:
            provided, required = nodes[dep].type, nodes[consumer].dependencies[dep]
            if types_compatible(provided, required):
                continue
            if equivalent is not None and equivalent(required, provided):
                continue
            mismatches.append((dep, provided, consumer, required))
        if mismatches:
            raise TypeMismatchError(mismatches)

    def upstream(self, names: Iterable[str]) -> set[str]:
        """``names`` and every node or external name they depend on, transitively."""
        seen: set[str] = set()
        stack = list(names)
        nodes = self.nodes
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            node = nodes.get(name)
            if node is not None:
                stack.extend(node.dependencies)
        return seen

    def downstream(self, names: Iterable[str]) -> set[str]:
        """``names`` and every node that depends on them, transitively."""
        seen: set[str] = set()
        stack = list(names)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(self.consumers.get(name, ()))
            for consumer, _ in self.external.get(name, ()):
                stack.append(consumer)
        return seen


def _topological_rank(
    nodes: Mapping[str, Node], consumers: Mapping[str, list[str]], waiting: dict[str, int]
) -> dict[str, int]:
    """Kahn's algorithm over ``waiting`` (upstream counts, consumed): each node's position in one order."""
    ready = [name for name, count in waiting.items() if count == 0]
    rank: dict[str, int] = {}
    while ready:
        name = ready.pop()
        rank[name] = len(rank)
        for consumer in consumers[name]:
            waiting[consumer] -= 1
            if waiting[consumer] == 0:
                ready.append(consumer)
    if len(rank) != len(nodes):
        raise CycleError(_find_cycle(nodes, set(nodes) - set(rank)))
    return rank


def _find_cycle(nodes: Mapping[str, Node], stuck: set[str]) -> list[str]:
    """A cycle among nodes Kahn could not order: each has a dependency among them too."""
    path: list[str] = []
    position: dict[str, int] = {}
    name = min(stuck)
    while name not in position:
        position[name] = len(path)
        path.append(name)
        name = next(dep for dep in nodes[name].dependencies if dep in stuck)
    cycle = path[position[name] :]
    cycle.reverse()  # dependencies point backwards; show the data flow
    return [*cycle, cycle[0]]
