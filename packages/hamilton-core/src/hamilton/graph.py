"""The DAG: nodes by name, who consumes whom, a topological order, and checks.

Every walk here is an explicit stack or queue, never a recursion, so a
100,000-node chain works at the default recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hamilton.errors import CycleError, DuplicateNodeError, ParallelBlockError, TypeMismatchError
from hamilton.htypes import is_collect, is_parallelizable, item_type
from hamilton.node import Node
from hamilton.type_rules import types_compatible

__all__ = ["Graph"]

TypeHook = Callable[[Any, Any], bool | None]


class Graph:
    """Nodes, their consumers and a topological rank; built once per Driver.

    ``external`` maps each name that some node needs but no node computes (an
    input or a config key) to the ``(consumer, annotation)`` pairs that need it.

    Dynamic execution (``hamilton.htypes``): ``parallel`` holds the nodes annotated
    ``Parallelizable``; ``scope`` maps each node that runs once per item to the
    ``Parallelizable`` nodes whose items it runs for, outermost first (nodes that run once
    are not in it); ``collects`` holds the ``(dependency, consumer)`` edges of ``Collect``
    parameters. All three are empty for a DAG without ``Parallelizable`` nodes.
    """

    __slots__ = ("_typed_edges", "collects", "config", "consumers", "external", "nodes", "parallel", "rank", "scope")

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
        self.parallel = frozenset(name for name, node in nodes.items() if is_parallelizable(node.type))
        self.collects = frozenset(
            (dep, name)
            for name, node in nodes.items()
            for dep, annotation in node.dependencies.items()
            if dep in nodes and is_collect(annotation)
        )
        self.scope = _scopes(nodes, self.rank, self.parallel, self.collects) if self.parallel or self.collects else {}

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
            if dep in self.parallel:
                provided = item_type(provided)  # its readers receive one item at a time
            if (dep, consumer) in self.collects:
                required = item_type(required)  # gathered from values of the provided type
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


def _scopes(
    nodes: Mapping[str, Node], rank: Mapping[str, int], parallel: frozenset[str], collects: frozenset[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """Which ``Parallelizable`` items each node runs for, in one pass in topological order.

    A node runs for the items its dependencies run for: those of a ``Parallelizable``
    dependency are added, a ``Collect`` parameter takes the innermost off. All of a node's
    dependencies must agree (each one's items a prefix of the deepest), or the node would
    pair items of unrelated blocks.
    """
    scope: dict[str, tuple[str, ...]] = {}
    for name in sorted(nodes, key=rank.__getitem__):
        deepest: tuple[str, ...] = ()
        seen: list[tuple[str, tuple[str, ...]]] = []
        collected: list[tuple[str, tuple[str, ...]]] = []
        for dep in nodes[name].dependencies:
            if dep not in nodes:
                continue
            items = scope.get(dep, ())
            if dep in parallel:
                items = (*items, dep)
            if (dep, name) in collects:
                if not items:
                    raise ParallelBlockError(
                        name,
                        f"its parameter {dep!r} is annotated Collect, but {dep!r} runs once, not once per item of "
                        f"a Parallelizable node. Annotate the parameter with {dep!r}'s own type, or make a node "
                        f"upstream of {dep!r} return Parallelizable[...].",
                    )
                collected.append((dep, items))
                items = items[:-1]
            seen.append((dep, items))
            if len(items) > len(deepest):
                deepest = items
        for dep, items in seen:
            if deepest[: len(items)] != items:
                raise ParallelBlockError(
                    name,
                    f"it reads {dep!r}, which runs per item of {_describe_items(items)}, together with values "
                    f"that run per item of {_describe_items(deepest)}; a node can follow the items of one "
                    f"Parallelizable block only. Collect one of them first.",
                )
        for dep, items in collected:
            if deepest[: len(items)] == items:
                raise ParallelBlockError(
                    name,
                    f"it collects {dep!r} over the items of {items[-1]!r} while itself running once per item of "
                    f"{items[-1]!r}. Read the items or their collection, not both.",
                )
        if deepest:
            scope[name] = deepest
    return scope


def _describe_items(items: tuple[str, ...]) -> str:
    return " within ".join(repr(name) for name in reversed(items)) if items else "no Parallelizable node (once)"
