"""``to`` and ``from_``: save outputs and load inputs in a named format, for ``Driver.materialize``.

>>> metadata, results = dr.materialize(   # doctest: +SKIP
...     from_.csv(target="raw", path="in.csv"),
...     to.parquet(id="report_file", dependencies=["report"], path="report.parquet"),
...     additional_vars=["report"],
... )

- ``to.<format>(id=..., dependencies=[...], combine=None, **arguments)`` adds a node named
  ``id`` that saves its one dependency (or, with ``combine``, a result builder such as
  ``base.PandasDataFrameResult()``, what it builds of several: node ``<id>_build_result``)
  and returns the save's metadata;
- ``from_.<format>(target=..., **arguments)`` replaces the node ``target`` with one that
  loads it (and ``load_data.<target>``, which also returns the load's metadata).

Arguments are values, ``value(...)`` or ``source("node or input")``. A format's saver
and loader are chosen by type (``hamilton.io.formats``): ``to.parquet`` saves a polars
DataFrame with polars' writer and a pandas one with pandas'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from hamilton.graph import Graph
from hamilton.io._nodes import Arguments, load_nodes, save_node
from hamilton.io.formats import FormatNamespace
from hamilton.node import Node

__all__ = ["BuildResult", "ExtractorFactory", "MaterializerFactory", "from_", "materialized_graph", "split", "to"]


class MaterializerFactory:
    """What ``to.<format>(...)`` makes: the nodes that save ``dependencies`` as ``format`` under the name ``id``."""

    def __init__(
        self,
        id: str,
        format: str,
        dependencies: Sequence[str | Callable[..., Any]],
        combine: Any = None,
        **arguments: Any,
    ) -> None:
        if not isinstance(id, str) or not id:
            raise ValueError(f"to.{format}(id=...) names the node that saves; got {id!r}.")
        if isinstance(dependencies, str) or not isinstance(dependencies, Iterable):
            raise ValueError(f"to.{format}(dependencies=...) is a list of node names; got {dependencies!r}.")
        self.id = id
        self.format = format
        self.dependencies = [dep if isinstance(dep, str) else dep.__name__ for dep in dependencies]
        self.combine = combine
        self.arguments = Arguments(arguments, f"to.{format}(id={id!r})")
        if combine is None and len(self.dependencies) != 1:
            raise ValueError(
                f"to.{format}(id={id!r}) saves one node, or several joined by a result builder: pass "
                f"combine=... (e.g. base.PandasDataFrameResult()) to save {self.dependencies}."
            )

    def __repr__(self) -> str:
        return f"to.{self.format}(id={self.id!r}, dependencies={self.dependencies!r})"

    def nodes(self, graph: Graph) -> list[Node]:
        """The node saving, and (with ``combine``) the node building what it saves."""
        missing = [dep for dep in self.dependencies if dep not in graph.nodes and dep not in graph.external]
        if missing:
            raise ValueError(f"{self!r} depends on {', '.join(map(repr, missing))}, which the DAG does not have.")
        if self.combine is None:
            (data,) = self.dependencies
            data_type = graph.nodes[data].type if data in graph.nodes else Any
            return [save_node(self.format, self.id, data, data_type, self.arguments)]
        joined = f"{self.id}_build_result"
        output_type = getattr(self.combine, "output_type", None)
        types = {dep: graph.nodes[dep].type if dep in graph.nodes else Any for dep in self.dependencies}
        build = Node(
            joined,
            output_type() if callable(output_type) else Any,
            BuildResult(self.combine),
            types,
            doc=f"Joins {', '.join(self.dependencies)} for {self.id}.",
        )
        return [build, save_node(self.format, self.id, joined, build.type, self.arguments)]


class BuildResult:
    """The node joining a materializer's dependencies with its result builder."""

    def __init__(self, builder: Any) -> None:
        self.builder = builder

    def __call__(self, **kwargs: Any) -> Any:
        return self.builder.build_result(**kwargs)

    def __repr__(self) -> str:
        return f"BuildResult({type(self.builder).__module__}.{type(self.builder).__qualname__})"


class ExtractorFactory:
    """What ``from_.<format>(...)`` makes: nodes loading ``target`` from ``format`` in its place."""

    def __init__(self, target: str, format: str, **arguments: Any) -> None:
        if not isinstance(target, str) or not target:
            raise ValueError(f"from_.{format}(target=...) names the node to load; got {target!r}.")
        self.target = target
        self.format = format
        self.arguments = Arguments(arguments, f"from_.{format}(target={target!r})")

    def __repr__(self) -> str:
        return f"from_.{self.format}(target={self.target!r})"

    def nodes(self, graph: Graph) -> list[Node]:
        """The loader node ``load_data.<target>`` and the node ``target`` selecting its data."""
        if self.target in graph.nodes:
            declared = graph.nodes[self.target].type
        elif self.target in graph.external:
            declared = graph.external[self.target][0][1]
        else:
            raise ValueError(f"{self!r}: the DAG has no node or input {self.target!r} to load.")
        return load_nodes(self.format, self.target, declared, self.arguments, f"load_data.{self.target}", self.target)


def _materializer(format: str) -> Callable[..., MaterializerFactory]:
    def make(
        id: str, dependencies: Sequence[str | Callable[..., Any]], combine: Any = None, **arguments: Any
    ) -> MaterializerFactory:
        return MaterializerFactory(id, format, dependencies, combine, **arguments)

    make.__name__ = make.__qualname__ = format
    make.__doc__ = f"Save as {format}: ``to.{format}(id=..., dependencies=[...], combine=None, **arguments)``."
    return make


def _extractor(format: str) -> Callable[..., ExtractorFactory]:
    def make(target: str, **arguments: Any) -> ExtractorFactory:
        return ExtractorFactory(target, format, **arguments)

    make.__name__ = make.__qualname__ = format
    make.__doc__ = f"Load from {format}: ``from_.{format}(target=..., **arguments)``."
    return make


class to(metaclass=FormatNamespace):  # noqa: N801 - the original's spelling
    """Save outputs: ``to.csv(id=..., dependencies=[...], path=...)``, for ``Driver.materialize``."""

    _kind = "save"
    _factory = staticmethod(_materializer)


class from_(metaclass=FormatNamespace):  # noqa: N801 - the original's spelling
    """Load a node from data: ``from_.csv(target=..., path=...)``, for ``Driver.materialize``."""

    _kind = "load"
    _factory = staticmethod(_extractor)


def split(materializers: Iterable[Any]) -> tuple[list[MaterializerFactory], list[ExtractorFactory]]:
    """Savers (``to``) and loaders (``from_``); anything else is a ``TypeError`` naming it."""
    savers, loaders = [], []
    for item in materializers:
        if isinstance(item, MaterializerFactory):
            savers.append(item)
        elif isinstance(item, ExtractorFactory):
            loaders.append(item)
        elif isinstance(item, list | tuple):
            raise TypeError(f"Pass materializers one by one, not a {type(item).__name__}: unpack it with *.")
        else:
            raise TypeError(f"{item!r} is not a materializer: make them with to.<format>(...) or from_.<format>(...).")
    ids = [saver.id for saver in savers]
    twice = sorted({name for name in ids if ids.count(name) > 1})
    if twice:
        raise ValueError(f"Two materializers share the id {', '.join(map(repr, twice))}; give each its own.")
    return savers, loaders


def materialized_graph(
    graph: Graph, savers: Sequence[MaterializerFactory], loaders: Sequence[ExtractorFactory]
) -> Graph:
    """``graph`` with the savers' nodes added and the loaders' targets replaced by loading nodes."""
    nodes = dict(graph.nodes)
    for saver in savers:
        for node in saver.nodes(graph):
            if node.name in nodes:
                raise ValueError(f"{saver!r} would add the node {node.name!r}, which the DAG has: choose another id.")
            nodes[node.name] = node
    for loader in loaders:
        for node in loader.nodes(graph):
            nodes[node.name] = node
    return Graph(nodes, graph.config)
