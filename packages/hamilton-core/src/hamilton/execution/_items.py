"""Running the items of ``Parallelizable`` blocks (``hamilton.plan.Block``).

State structures, before any code:

- *item values*: a dict per item: a copy of the block's ``reads`` (taken once per block
  from the enclosing values), the item under the ``expand``'s name, then each step's
  value as it is computed. It is dropped once the item's gathered values are taken.
- *gathered*: one list per name of ``block.gathers``, a value per item, in item order;
  stored in the enclosing values under those names when the block is done.
- ``ItemError``: a node that raised on an item, carried outwards through nested blocks,
  each adding its item's index; the outermost turns it into the node's error.
- ``Hooks``: what fires around each node of an item: the run's ``RunContext`` when items
  run in this process, a ``Recorder`` in another process (its trace is replayed through
  the ``RunContext`` when the task comes back).
- a *batch*: consecutive items, the first one's index, for one task on an executor; its
  result is one list per gathered name, as for a whole block.

A block nested in a block runs, item by item, inside each item of the enclosing one: the
nesting of the calls here follows the nesting of the blocks the user wrote.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Iterator
from typing import Any, NoReturn, Protocol

from hamilton.errors import NodeExecutionError, PluginError, node_error
from hamilton.node import Node
from hamilton.plan import CALL_BLOCK, CALL_NONE, CALL_ONE, CALL_POSITIONAL, Block, Step
from hamilton.shipping import Shipper

__all__ = [
    "Hooks",
    "ItemError",
    "Recorder",
    "RemoteBlock",
    "raise_item_error",
    "run_batch",
    "run_block",
    "run_remote_batch",
]


class Hooks(Protocol):
    """What runs around each node of an item (a ``RunContext`` is one)."""

    def before_node(self, node: Node, kwargs: dict[str, Any], item_index: tuple[int, ...] | None = None) -> None: ...

    def after_node(
        self,
        node: Node,
        kwargs: dict[str, Any],
        result: Any,
        error: BaseException | None,
        duration: float,
        item_index: tuple[int, ...] | None = None,
    ) -> None: ...

    def call_node(self, node: Node, kwargs: dict[str, Any]) -> Any: ...


class ItemError(Exception):
    """Node ``name`` raised ``error`` on an item: ``indices`` and ``expands`` locate it, outermost first."""

    def __init__(self, name: str, error: BaseException, index: int, expand: str) -> None:
        super().__init__(name)
        self.name = name
        self.error = error
        self.indices = [index]
        self.expands = [expand]

    def within(self, index: int, expand: str) -> ItemError:
        """The same failure, seen from the enclosing block's item ``index``."""
        self.indices.insert(0, index)
        self.expands.insert(0, expand)
        return self

    def node_error(self) -> BaseException:
        """The error to raise: the node's, naming it and the item (one hamilton already named passes as is)."""
        if isinstance(self.error, NodeExecutionError | PluginError):
            return self.error
        error = node_error(self.name, self.error, tuple(self.indices), self.expands)
        error.__cause__ = self.error
        return error


def raise_item_error(failure: ItemError) -> NoReturn:
    """Raise ``failure`` as the node's error, the original as its cause."""
    raise failure.node_error() from failure.error


# ------------------------------------------------------------------ in this thread


def run_block(block: Block, values: dict[str, Any], hooks: Hooks | None, outer: tuple[int, ...] = ()) -> None:
    """Every item of ``block``, one after another; store its gathered lists in ``values``.

    Items are taken from the iterable one at a time, so a generator is never materialised.
    ``outer`` is the index of the enclosing item, for the hooks of a nested block.
    """
    base = {name: values[name] for name in block.reads}
    gathered = gather(block, iter(values[block.expand]), base, hooks, outer)
    for name, gathered_list in zip(block.gathers, gathered, strict=True):
        values[name] = gathered_list


def run_batch(
    block: Block, base: dict[str, Any], first: int, items: list[Any], hooks: Hooks | None
) -> tuple[list[list[Any]], float]:
    """A task of an executor: the items numbered from ``first``; their gathered lists and the seconds they took."""
    started = time.perf_counter()
    gathered = gather(block, iter(items), base, hooks, (), first)
    return gathered, time.perf_counter() - started


def gather(
    block: Block,
    iterator: Iterator[Any],
    base: dict[str, Any],
    hooks: Hooks | None,
    outer: tuple[int, ...] = (),
    first: int = 0,
) -> list[list[Any]]:
    """Run the items of ``iterator`` (numbered from ``first``); one list per name of ``block.gathers``.

    A failure raises ``ItemError``; an error of the iterator itself is the ``expand``'s, on
    the item it was producing. Without hooks this is the sequential loop's compiled calls,
    inline: the per-item cost is all here.
    """
    gathered: list[list[Any]] = [[] for _ in block.gathers]
    appends = [(names_list.append, name) for names_list, name in zip(gathered, block.gathers, strict=True)]
    expand, calls = block.expand, block.calls
    index, name = first - 1, expand
    try:
        for item in iterator:
            index += 1
            values = base.copy()
            values[expand] = item
            if hooks is not None:
                _run_steps_hooked(block, values, hooks, (*outer, index))
            else:
                for name, fn, how, args, release in calls:
                    if how == CALL_ONE:
                        values[name] = fn(values[args])
                    elif how == CALL_POSITIONAL:
                        values[name] = fn(*args(values))
                    elif how == CALL_NONE:
                        values[name] = fn()
                    elif how == CALL_BLOCK:
                        run_block(fn, values, None)
                    else:
                        values[name] = fn(**{dep: values[dep] for dep in args})
                    for released in release:
                        del values[released]
                name = expand  # from here to the next item, a failure is the iterator's own
            for append, gathered_name in appends:
                append(values[gathered_name])
    except ItemError as failure:  # on an item of a nested block
        raise failure.within(index, expand) from None
    except _NodeRaisedError as raised:
        raise ItemError(raised.name, raised.error, index, expand) from raised.error
    except PluginError:  # a hook's: it names itself
        raise
    except Exception as exc:
        if name == expand:  # raised while producing the next item
            index += 1
        raise ItemError(name, exc, index, expand) from exc
    return gathered


class _NodeRaisedError(Exception):
    """A node of the item being run with hooks raised ``error`` (its after-node hook has fired)."""

    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__(name)
        self.name = name
        self.error = error


def _run_steps_hooked(block: Block, values: dict[str, Any], hooks: Hooks, path: tuple[int, ...]) -> None:
    """The steps of one item, each node between its before- and after-node hooks."""
    for step in block.steps:
        if step.block is not None:
            run_block(step.block, values, hooks, path)
        else:
            node = step.node
            kwargs = {dep: values[dep] for dep in step.deps}
            hooks.before_node(node, kwargs, path)
            start = time.perf_counter()
            try:
                value = hooks.call_node(node, kwargs)
            except Exception as exc:
                hooks.after_node(node, kwargs, None, exc, time.perf_counter() - start, path)
                raise _NodeRaisedError(step.name, exc) from exc
            hooks.after_node(node, kwargs, value, None, time.perf_counter() - start, path)
            values[step.name] = value
        for released in step.release:
            del values[released]


# ------------------------------------------------------------- in another process


class Recorder:
    """``Hooks`` in a worker process: records each node's run for the calling process to replay.

    ``trace`` holds ``(node name, item index, kwargs, result, error, duration)``; the
    values only with ``keep_values`` (a hook there takes ``kwargs`` or ``result``).
    """

    def __init__(self, keep_values: bool) -> None:
        self.keep_values = keep_values
        self.trace: list[tuple[str, tuple[int, ...] | None, Any, Any, BaseException | None, float]] = []

    def before_node(self, node: Node, kwargs: dict[str, Any], item_index: tuple[int, ...] | None = None) -> None:
        pass  # fired with the after-node hook when the trace is replayed

    def after_node(
        self,
        node: Node,
        kwargs: dict[str, Any],
        result: Any,
        error: BaseException | None,
        duration: float,
        item_index: tuple[int, ...] | None = None,
    ) -> None:
        keep = self.keep_values
        self.trace.append((node.name, item_index, kwargs if keep else None, result if keep else None, error, duration))

    def call_node(self, node: Node, kwargs: dict[str, Any]) -> Any:
        return node.callable(**kwargs)


class RemoteBlock:
    """What a worker process needs to run items of one block: sent once per task as bytes, loaded once per process.

    ``token`` tells one run's block from another's; ``payload`` is the pickled
    ``(block, base values, record, keep_values)``.
    """

    __slots__ = ("payload", "token")

    def __init__(self, token: str, payload: bytes) -> None:
        self.token = token
        self.payload = payload

    @classmethod
    def of(
        cls, token: str, block: Block, base: dict[str, Any], record: bool, keep_values: bool, shipper: Shipper
    ) -> RemoteBlock:
        """``block`` made light to travel: nodes keep their name, dependencies and function, shipped.

        Your own modules' functions travel by value (``hamilton.shipping``); a worker that
        cannot load one fails that node, on that item, naming it.
        """
        light = _light_block(block, shipper)
        return cls(token, pickle.dumps((light, base, record, keep_values), protocol=pickle.HIGHEST_PROTOCOL))


def _light_block(block: Block, shipper: Shipper) -> Block:
    """A copy of ``block`` whose nodes carry nothing a worker does not need (tags and types may not pickle)."""
    steps = []
    for step in block.steps:
        node = step.node
        fn = shipper.ship(node)
        light = Node(node.name, Any, fn, dict.fromkeys(node.dependencies, Any), positional=node.positional)
        nested = _light_block(step.block, shipper) if step.block is not None else None
        steps.append(Step(step.name, light, step.deps, step.release, nested))
    return Block(block.expand, block.path, tuple(steps), block.reads, block.gathers)


_loaded_lock = threading.Lock()
_loaded: dict[str, tuple[Block, dict[str, Any], bool, bool]] = {}  # in a worker: token -> loaded block
_LOADED_LIMIT = 8


def run_remote_batch(remote: RemoteBlock, first: int, items: list[Any]) -> RemoteOutcome:
    """Runs in a worker: the batch's gathered values and trace, or where it failed (returned, not raised)."""
    with _loaded_lock:
        loaded = _loaded.get(remote.token)
    if loaded is None:
        loaded = pickle.loads(remote.payload)
        with _loaded_lock:
            if len(_loaded) >= _LOADED_LIMIT:
                _loaded.clear()
            _loaded[remote.token] = loaded
    block, base, record, keep_values = loaded
    recorder = Recorder(keep_values) if record else None
    try:
        results, seconds = run_batch(block, base, first, items, recorder)
    except ItemError as failure:
        from hamilton.executors import portable_error

        error, trace = portable_error(failure.error)  # type: ignore[arg-type]
        error.add_note(f"Traceback in the worker process:\n{trace}")
        failure.error = error
        events = recorder.trace if recorder else []
        if events and events[-1][4] is not None:  # the failing node's own event: the same portable error
            events[-1] = (*events[-1][:4], error, events[-1][5])
        return RemoteOutcome(None, 0.0, events, failure)
    return RemoteOutcome(results, seconds, recorder.trace if recorder else [], None)


class RemoteOutcome:
    """What a worker sends back for one batch."""

    __slots__ = ("failure", "results", "seconds", "trace")

    def __init__(
        self, results: list[list[Any]] | None, seconds: float, trace: list[Any], failure: ItemError | None
    ) -> None:
        self.results = results
        self.seconds = seconds
        self.trace = trace
        self.failure = failure

    def __reduce__(self) -> tuple[Any, ...]:
        failure = self.failure
        facts = None if failure is None else (failure.name, failure.error, failure.indices, failure.expands)
        return (_outcome, (self.results, self.seconds, self.trace, facts))


def _outcome(
    results: list[list[Any]] | None, seconds: float, trace: list[Any], facts: tuple[Any, ...] | None
) -> RemoteOutcome:
    failure = None
    if facts is not None:
        name, error, indices, expands = facts
        failure = ItemError(name, error, 0, "")
        failure.indices, failure.expands = list(indices), list(expands)
    return RemoteOutcome(results, seconds, trace, failure)
