"""A plan: the steps one ``execute`` needs, in dependency order, as plain data.

State structures, defined before any code (as dask's scheduler does):

- ``Step``: one node to compute; ``deps`` are the names its callable receives (each
  another step, an input, an override or a config key), ``release`` the computed
  values no later step reads, dropped once this step has run.
- ``Plan``: the steps in topological order, the requested ``outputs``, and which
  ``inputs``, ``overrides`` and ``config`` keys it reads. Sequential, thread,
  process, Dask and Ray executors all consume the same ``Plan``.
- ``Call``: a step as the sequential loop runs it, ``(name, callable, how, args,
  release)``: ``how`` is ``CALL_NONE`` (no argument), ``CALL_ONE`` (``args`` is the one
  name), ``CALL_POSITIONAL`` (``args`` is an ``itemgetter`` over the values) or
  ``CALL_KEYWORDS`` (``args`` is the tuple of names).
- ``ReadyQueue``: predecessor counts over a plan's steps, ``graphlib``-style
  (``ready()`` / ``done(name)``), for executors that run steps as they become ready.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from operator import itemgetter
from typing import Any

from hamilton.graph import Graph
from hamilton.node import Node

__all__ = ["Plan", "ReadyQueue", "Step", "compile_plan"]


class Step:
    __slots__ = ("deps", "name", "node", "release")

    def __init__(self, name: str, node: Node, deps: tuple[str, ...], release: tuple[str, ...]) -> None:
        self.name = name
        self.node = node
        self.deps = deps
        self.release = release

    def __repr__(self) -> str:
        return f"Step({self.name!r}, deps={self.deps}, release={self.release})"


class Plan:
    __slots__ = ("calls", "config", "inputs", "missing", "outputs", "overrides", "steps", "unknown")

    def __init__(
        self,
        steps: tuple[Step, ...],
        outputs: tuple[str, ...],
        inputs: frozenset[str],
        overrides: frozenset[str],
        config: frozenset[str],
        missing: dict[str, list[str]],
        unknown: dict[str, list[str]],
        calls: tuple[tuple[Any, ...], ...] = (),
    ) -> None:
        self.steps = steps
        self.outputs = outputs
        self.inputs = inputs
        self.overrides = overrides
        self.config = config
        self.missing = missing
        self.unknown = unknown
        self.calls = calls

    def __repr__(self) -> str:
        return f"Plan(outputs={self.outputs}, steps={[s.name for s in self.steps]})"

    @property
    def problems(self) -> list[str]:
        """Unknown outputs, as readable lines (missing inputs are reported separately)."""
        return [
            f"{name!r} is not a node, an input or a config key of this DAG"
            + (f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ".")
            for name, suggestions in self.unknown.items()
        ]


def compile_plan(
    graph: Graph, outputs: Sequence[str], input_names: Collection[str], override_names: Collection[str]
) -> Plan:
    """The steps needed for ``outputs``; nothing upstream of an override is planned."""
    nodes, config = graph.nodes, graph.config
    needed: set[str] = set()
    config_used: set[str] = set()
    inputs_used: set[str] = set()
    missing: dict[str, list[str]] = {}
    unknown: dict[str, list[str]] = {}

    def provided(name: str) -> bool:
        if name in override_names or name in input_names:
            inputs_used.add(name)
            return True
        return False

    stack: list[str] = []
    for name in outputs:
        if provided(name):
            continue
        if name in nodes:
            stack.append(name)
        elif name in config:
            config_used.add(name)
        elif name in graph.external:
            missing.setdefault(name, []).append("(requested as an output)")
        else:
            unknown[name] = _close_matches(name, [*nodes, *graph.external])
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        needed.add(name)
        node = nodes[name]
        for dep in node.dependencies:
            if provided(dep):
                continue
            if dep in nodes:
                if dep not in needed:
                    stack.append(dep)
            elif dep in config:
                config_used.add(dep)
            elif dep not in node.optional:
                missing.setdefault(dep, []).append(name)

    available = needed | inputs_used | config_used
    ordered = sorted(needed, key=graph.rank.__getitem__)
    wanted = set(outputs)
    last_reader: dict[str, int] = {}
    deps_of = []
    for index, name in enumerate(ordered):
        deps = tuple(d for d in nodes[name].dependencies if d in available)
        deps_of.append(deps)
        for dep in deps:
            if dep in needed:
                last_reader[dep] = index
    releases: list[list[str]] = [[] for _ in ordered]
    for dep, index in last_reader.items():
        if dep not in wanted:
            releases[index].append(dep)
    steps = tuple(
        Step(name, nodes[name], deps, tuple(release))
        for name, deps, release in zip(ordered, deps_of, releases, strict=True)
    )
    return Plan(
        steps,
        calls=tuple(_call(step) for step in steps),
        **_plan_fields(outputs, inputs_used, override_names, config_used, missing, unknown),
    )


def _close_matches(name: str, candidates: list[str]) -> list[str]:
    import difflib  # only when a name is unknown

    return difflib.get_close_matches(name, candidates, n=3)


CALL_NONE, CALL_ONE, CALL_POSITIONAL, CALL_KEYWORDS = range(4)


def _call(step: Step) -> tuple[Any, ...]:
    node, deps = step.node, step.deps
    fn = node.callable
    if len(deps) <= node.positional and deps == tuple(node.dependencies)[: len(deps)]:
        if not deps:
            return (step.name, fn, CALL_NONE, None, step.release)
        if len(deps) == 1:
            return (step.name, fn, CALL_ONE, deps[0], step.release)
        return (step.name, fn, CALL_POSITIONAL, itemgetter(*deps), step.release)
    return (step.name, fn, CALL_KEYWORDS, deps, step.release)


def _plan_fields(
    outputs: Sequence[str],
    inputs_used: set[str],
    override_names: Collection[str],
    config_used: set[str],
    missing: dict[str, list[str]],
    unknown: dict[str, list[str]],
) -> dict[str, Any]:
    return dict(
        outputs=tuple(outputs),
        inputs=frozenset(inputs_used - set(override_names)),
        overrides=frozenset(inputs_used & set(override_names)),
        config=frozenset(config_used),
        missing={name: sorted(set(needers)) for name, needers in missing.items()},
        unknown=unknown,
    )


class ReadyQueue:
    """Which steps may run now, given which have finished; which values no step will read again.

    For executors that run steps as they become ready (``graphlib``-style): start with
    ``ready()``; when a step starts, ``started(step)`` names the values to drop; when it
    finishes, ``done(name)`` hands back the steps that became ready. No recursion, no barriers.
    """

    __slots__ = ("_consumers", "_initial", "_outputs", "_steps", "_unread", "_waiting")

    def __init__(self, plan: Plan) -> None:
        self._steps = {step.name: step for step in plan.steps}
        self._consumers: dict[str, list[str]] = {name: [] for name in self._steps}
        self._waiting: dict[str, int] = {}
        for step in plan.steps:
            upstream = [dep for dep in step.deps if dep in self._steps]
            self._waiting[step.name] = len(upstream)
            for dep in upstream:
                self._consumers[dep].append(step.name)
        self._initial = [self._steps[n] for n, count in self._waiting.items() if count == 0]
        self._unread = {name: len(consumers) for name, consumers in self._consumers.items()}
        self._outputs = frozenset(plan.outputs)

    def ready(self) -> list[Step]:
        """The steps with no upstream step: where a run starts."""
        return list(self._initial)

    def started(self, step: Step) -> list[str]:
        """Mark ``step`` started (its inputs read); return the computed values no step still to start reads.

        Drop them from ``RunContext.values``, and memory follows the values still needed,
        whatever order steps run in. Requested outputs are never among them.
        """
        released = []
        unread = self._unread
        for dep in step.deps:
            count = unread.get(dep)
            if count is not None:
                unread[dep] = count - 1
                if count == 1 and dep not in self._outputs:
                    released.append(dep)
        return released

    def done(self, name: str) -> list[Step]:
        """Mark ``name`` finished; return the steps that became ready."""
        newly = []
        for consumer in self._consumers[name]:
            self._waiting[consumer] -= 1
            if self._waiting[consumer] == 0:
                newly.append(self._steps[consumer])
        return newly
