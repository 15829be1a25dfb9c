"""A plan: the steps one ``execute`` needs, in dependency order, as plain data.

State structures, defined before any code (as dask's scheduler does):

- ``Step``: one node to compute; ``deps`` are the names its callable receives (each
  another step, an input, an override or a config key), ``release`` the computed
  values no later step reads, dropped once this step has run.
- ``Block``: the steps that run once per item of a ``Parallelizable`` node (its
  ``expand``), in their own order; ``reads`` are the values of the enclosing level they
  use, ``gathers`` the per-item values collected into one list each (in item order),
  stored under the same names at the enclosing level. A ``Step`` whose ``block`` is set
  stands for a whole block at the enclosing level: its ``deps`` are the ``expand`` and
  the ``reads``; it makes the ``gathers``. Blocks nest.
- ``Plan``: the steps in topological order, the requested ``outputs``, and which
  ``inputs``, ``overrides`` and ``config`` keys it reads. Sequential, thread,
  process, Dask and Ray executors all consume the same ``Plan``; ``blocks`` lists
  every block at any depth (empty for a DAG without ``Parallelizable`` nodes).
- ``Call``: a step as the sequential loop runs it, ``(name, callable, how, args,
  release)``: ``how`` is ``CALL_NONE`` (no argument), ``CALL_ONE`` (``args`` is the one
  name), ``CALL_POSITIONAL`` (``args`` is an ``itemgetter`` over the values),
  ``CALL_KEYWORDS`` (``args`` is the tuple of names) or ``CALL_BLOCK`` (``callable`` is
  the ``Block``).
- ``ReadyQueue``: predecessor counts over a plan's steps, ``graphlib``-style
  (``ready()`` / ``done(name)``), for executors that run steps as they become ready.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator, Sequence
from operator import itemgetter
from typing import Any

from hamilton.graph import Graph
from hamilton.node import Node

__all__ = ["Block", "Plan", "ReadyQueue", "Step", "compile_plan"]


class Step:
    """One node to compute, or (``block`` set) a whole ``Parallelizable`` block."""

    __slots__ = ("block", "deps", "name", "node", "release")

    def __init__(
        self,
        name: str,
        node: Node,
        deps: tuple[str, ...],
        release: tuple[str, ...],
        block: Block | None = None,
    ) -> None:
        self.name = name
        self.node = node
        self.deps = deps
        self.release = release
        self.block = block

    @property
    def makes(self) -> tuple[str, ...]:
        """The names of the values this step stores: its own, or its block's gathered lists."""
        return (self.name,) if self.block is None else self.block.gathers

    def __repr__(self) -> str:
        if self.block is not None:
            return f"Step({self.name!r}, block of {self.block.expand!r}, deps={self.deps}, release={self.release})"
        return f"Step({self.name!r}, deps={self.deps}, release={self.release})"


class Block:
    """The steps that run once per item of the ``Parallelizable`` node ``expand``.

    Per item, the values start with the ``reads`` (from the enclosing level) and the item
    itself under ``expand``'s name; ``steps`` run in order (a nested block is a step too).
    Each name in ``gathers`` is collected over the items into a list, in item order.
    ``path`` names the ``Parallelizable`` nodes from the outermost block to this one.
    """

    __slots__ = ("calls", "expand", "gathers", "path", "reads", "steps")

    def __init__(
        self,
        expand: str,
        path: tuple[str, ...],
        steps: tuple[Step, ...],
        reads: tuple[str, ...],
        gathers: tuple[str, ...],
    ) -> None:
        self.expand = expand
        self.path = path
        self.steps = steps
        self.reads = reads
        self.gathers = gathers
        self.calls = tuple(_call(step) for step in steps)

    def __repr__(self) -> str:
        return f"Block({self.expand!r}, steps={[s.name for s in self.steps]}, gathers={self.gathers})"


class Plan:
    """What one ``execute`` runs: ``steps`` in dependency order, for the ``outputs`` asked for.

    ``inputs``, ``overrides`` and ``config`` are the names of those the steps read;
    ``missing`` maps each input nobody gave to the nodes needing it, ``unknown`` each
    output that is nothing of the DAG to close names. ``blocks`` are its ``Parallelizable``
    blocks at any depth; ``calls`` is how the core's sequential loop runs the steps.
    """

    __slots__ = ("blocks", "calls", "config", "inputs", "missing", "outputs", "overrides", "steps", "unknown")

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
        blocks: tuple[Block, ...] = (),
    ) -> None:
        self.steps = steps
        self.blocks = blocks
        self.outputs = outputs
        self.inputs = inputs
        self.overrides = overrides
        self.config = config
        self.missing = missing
        self.unknown = unknown
        self.calls = calls

    def __repr__(self) -> str:
        return f"Plan(outputs={self.outputs}, steps={[s.name for s in self.steps]})"

    def node_steps(self) -> Iterator[Step]:
        """Every step that computes a node, at any depth: each block's steps follow the step standing for it."""
        pending = list(reversed(self.steps))
        while pending:
            step = pending.pop()
            if step.block is None:
                yield step
            else:
                pending.extend(reversed(step.block.steps))


def compile_plan(
    graph: Graph, outputs: Sequence[str], input_names: Collection[str], override_names: Collection[str]
) -> Plan:
    """The steps needed for ``outputs``; nothing upstream of an override is planned."""
    nodes, config, scope = graph.nodes, graph.config, graph.scope
    dynamic = bool(graph.parallel)
    needed: set[str] = set()
    expanded: set[str] = set()  # Parallelizable nodes whose items some needed node runs for
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
        if dynamic and name in nodes:  # asked for per item (or a Parallelizable's items): a list
            levels = (*scope.get(name, ()), name) if name in graph.parallel else scope.get(name, ())
            stack.extend(_blocks_of(levels, expanded, provided))
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
        if name in scope:
            stack.extend(_blocks_of(scope[name], expanded, provided))
        for dep in node.dependencies:
            if dynamic and (dep, name) in graph.collects:
                levels = (*scope.get(dep, ()), dep) if dep in graph.parallel else scope[dep]
                stack.extend(_blocks_of(levels, expanded, provided))
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
    if expanded:
        fields = _plan_fields(outputs, inputs_used, override_names, config_used, missing, unknown)
        return _dynamic_plan(graph, needed, available, expanded, fields)
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


def _blocks_of(levels: tuple[str, ...], expanded: set[str], provided: Any) -> list[str]:
    """Mark the blocks of ``levels`` as needed; the ``Parallelizable`` nodes among them to plan."""
    to_plan = []
    for expand in levels:
        if expand not in expanded:
            expanded.add(expand)
            if not provided(expand):
                to_plan.append(expand)
    return to_plan


def _dynamic_plan(
    graph: Graph, needed: set[str], available: set[str], expanded: set[str], fields: dict[str, Any]
) -> Plan:
    """The plan of a DAG with ``Parallelizable`` blocks: each level's steps ordered on their own, innermost first."""
    nodes, scope, rank = graph.nodes, graph.scope, graph.rank
    outputs = fields["outputs"]
    level_of = {expand: (*scope.get(expand, ()), expand) for expand in expanded}
    gathers: dict[str, list[str]] = {expand: [] for expand in expanded}

    def gather(name: str, levels: tuple[str, ...]) -> None:
        for expand in levels:  # gathered at each level up to the one reading it
            if name not in gathers[expand]:
                gathers[expand].append(name)

    for dep, consumer in sorted(graph.collects, key=lambda edge: rank[edge[1]]):
        if consumer in needed and dep in available:
            levels = level_of[dep] if dep in graph.parallel else scope[dep]
            gather(dep, levels[len(scope.get(consumer, ())) :])
    for name in outputs:
        if name in available and (name in scope or name in graph.parallel):
            gather(name, level_of[name] if name in graph.parallel else scope[name])
    members: dict[tuple[str, ...], list[str]] = {}
    for name in needed:
        members.setdefault(scope.get(name, ()), []).append(name)
    made: dict[tuple[str, ...], list[Step]] = {}  # level -> its block steps
    blocks: list[Block] = []
    for expand in sorted(expanded, key=lambda e: -len(level_of[e])):  # innermost first
        level = level_of[expand]
        steps = _order_level(graph, members.get(level, []), made.get(level, []), available, gathers[expand], expand)
        produced = {name for step in steps for name in step.makes} | {expand}
        used = {dep for step in steps for dep in step.deps} | set(gathers[expand])  # gathered: maybe an override
        reads = sorted(used - produced, key=lambda n: (rank.get(n, -1), n))
        block = Block(expand, level, steps, tuple(reads), tuple(gathers[expand]))
        blocks.append(block)
        step = Step(f"{expand}[]", nodes[expand], (expand, *reads), (), block)
        made.setdefault(level[:-1], []).append(step)
    steps = _order_level(graph, members.get((), []), made.get((), []), available, outputs, None)
    blocks.reverse()
    return Plan(steps, calls=tuple(_call(step) for step in steps), blocks=tuple(blocks), **fields)


def _order_level(
    graph: Graph,
    names: list[str],
    block_steps: list[Step],
    available: set[str],
    kept: Sequence[str],
    expand: str | None,
) -> tuple[Step, ...]:
    """One level's node steps and block steps in dependency order, with the values each one releases.

    ``kept`` are never released (the outputs, or what the block being built gathers);
    ``expand`` names the item of that block, there from the start.
    """
    nodes, rank = graph.nodes, graph.rank
    deps_of: dict[str, tuple[str, ...]] = {
        name: tuple(d for d in nodes[name].dependencies if d in available) for name in names
    }
    blocks = {step.name: step for step in block_steps}
    gathered_by = {name: step.name for step in block_steps for name in step.makes}
    key = {name: (rank[name], name) for name in names}
    for step in block_steps:
        deps_of[step.name] = step.deps
        key[step.name] = (rank[step.node.name], step.name)
    waiting: dict[str, int] = {}
    readers: dict[str, list[str]] = {name: [] for name in deps_of}
    for name, deps in deps_of.items():
        upstream = set()
        for dep in deps:
            # a block's own expand is read as the items, not as the list the block gathers of them
            maker = gathered_by.get(dep) if gathered_by.get(dep) != name else None
            if maker is None and dep in key:
                maker = dep
            if maker is not None:
                upstream.add(maker)
        waiting[name] = len(upstream)
        for maker in upstream:
            readers[maker].append(name)
    ready = [key[name] for name, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    ordered: list[str] = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(name)
        for reader in readers[name]:
            waiting[reader] -= 1
            if waiting[reader] == 0:
                heapq.heappush(ready, key[reader])
    # a value made at this level is released after its last reader here, unless kept
    made_here = set(names) | set(gathered_by) | ({expand} if expand is not None else set())
    last_reader: dict[str, int | None] = {}
    for index, name in enumerate(ordered):
        for dep in deps_of[name]:
            if dep in made_here:
                last_reader[dep] = index
        if name in blocks and blocks[name].node.name in blocks[name].makes:
            last_reader[blocks[name].node.name] = None  # from here on the list of its items, read later
    releases: list[list[str]] = [[] for _ in ordered]
    wanted = set(kept)
    for dep, index in last_reader.items():
        if index is not None and dep not in wanted:
            releases[index].append(dep)
    result = []
    for name, release in zip(ordered, releases, strict=True):
        if name in blocks:
            step = blocks[name]
            step.release = tuple(release)
        else:
            step = Step(name, nodes[name], deps_of[name], tuple(release))
        result.append(step)
    return tuple(result)


def _close_matches(name: str, candidates: list[str]) -> list[str]:
    import difflib  # only when a name is unknown

    return difflib.get_close_matches(name, candidates, n=3)


CALL_NONE, CALL_ONE, CALL_POSITIONAL, CALL_KEYWORDS, CALL_BLOCK = range(5)


def _call(step: Step) -> tuple[Any, ...]:
    if step.block is not None:
        return (step.name, step.block, CALL_BLOCK, None, step.release)
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
    A block's step counts as one step: the steps reading what it gathers wait for all its items.
    """

    __slots__ = ("_consumers", "_initial", "_outputs", "_steps", "_unread", "_waiting")

    def __init__(self, plan: Plan) -> None:
        self._steps = {step.name: step for step in plan.steps}
        self._consumers: dict[str, list[str]] = {name: [] for name in self._steps}
        self._waiting: dict[str, int] = {}
        # a block's own expand is read as its items; by anyone else, as the list the block gathers of them
        gathered_by = {name: step.name for step in plan.steps if step.block is not None for name in step.makes}
        self._unread = {name: 0 for step in plan.steps for name in step.makes}
        for step in plan.steps:
            if gathered_by:
                makers = (gathered_by[d] if gathered_by.get(d, step.name) != step.name else d for d in step.deps)
                upstream = [name for name in dict.fromkeys(makers) if name in self._steps]
            else:
                upstream = [dep for dep in step.deps if dep in self._steps]
            self._waiting[step.name] = len(upstream)
            for dep in upstream:
                self._consumers[dep].append(step.name)
            for dep in step.deps:
                if dep in self._unread:
                    self._unread[dep] += 1
        self._initial = [self._steps[n] for n, count in self._waiting.items() if count == 0]
        self._outputs = frozenset(plan.outputs)

    def ready(self) -> list[Step]:
        """The steps with no upstream step: where a run starts."""
        return list(self._initial)

    def started(self, step: Step) -> list[str]:
        """Mark ``step`` started (its inputs read); return the computed values no step still to start reads.

        Drop them from ``RunContext.values``, and memory follows the values still needed,
        whatever order steps run in. Requested outputs are never among them. (A block's
        step reads its inputs when it starts: take what its items need before dropping them.)
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
