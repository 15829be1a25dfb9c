"""``ItemFeed``: the items of one block handed to an executor as its slots free up.

State of one feed, before any code:

- ``iterator``: the ``Parallelizable`` node's items, pulled only when a task can start,
  so at most ``max_tasks`` batches of items exist at once, whatever the iterable's length.
- ``gathered``: one list per gathered name, holding a placeholder per pulled item until
  its batch returns; each batch's values go to their items' places, so the lists end in
  item order whatever order the batches finish in.
- ``in_flight``: batches submitted and not yet back; ``chunk``: items per batch, grown
  while items are quick so that a task's cost stays small beside its work
  (``_TASK_SECONDS``), never above ``_MAX_CHUNK``.
- ``failure``: the ``ItemError`` of the lowest item index seen; once set, nothing more
  is pulled, and the batches still running are waited for.
"""

from __future__ import annotations

import concurrent.futures as cf
from typing import Any, Protocol

from hamilton.errors import PluginError
from hamilton.execution._context import RunContext
from hamilton.execution._items import ItemError, RemoteBlock, RemoteOutcome, run_batch, run_remote_batch
from hamilton.plan import Step
from hamilton.shipping import Shipper

__all__ = ["ItemFeed", "TaskRunner"]

_MAX_CHUNK = 1024
_TASK_SECONDS = {True: 0.002, False: 0.01}  # in this process / in another one: a task's cost is that much smaller
_NO_ITEM = object()


class TaskRunner(Protocol):
    """What a feed needs of an executor (``hamilton.execution.executors.TaskExecutor``)."""

    max_tasks: int
    in_process: bool

    def submit(self, fn: Any, /, *args: Any) -> cf.Future: ...

    def shipper(self) -> Shipper: ...


class ItemFeed:
    """The items of one block step, fanned out on ``executor`` (see the module docstring)."""

    __slots__ = (
        "_base",
        "block",
        "chunk",
        "context",
        "executor",
        "failure",
        "gathered",
        "in_flight",
        "iterator",
        "next_index",
        "nodes",
        "remote",
        "step",
    )

    def __init__(self, context: RunContext, step: Step, executor: TaskRunner) -> None:
        block = step.block
        assert block is not None
        values = context.values
        self.context, self.step, self.block, self.executor = context, step, block, executor
        self.iterator = iter(values[block.expand])
        self._base = {name: values[name] for name in block.reads}
        self.gathered: list[list[Any]] = [[] for _ in block.gathers]
        self.next_index = 0
        self.in_flight = 0
        self.chunk = 1
        self.failure: ItemError | None = None
        self.remote: RemoteBlock | None = None
        self.nodes: dict[str, Any] = {}
        if not executor.in_process:
            self.nodes = {s.name: s.node for s in context.plan.node_steps()}
            lifecycle = context._lifecycle
            per_node = lifecycle.before_node is not None or lifecycle.after_node is not None
            token = f"{context.run_id}:{'/'.join(block.path)}"
            self.remote = RemoteBlock.of(token, block, self._base, per_node, lifecycle.needs_kwargs, executor.shipper())

    @property
    def done(self) -> bool:
        """No more items to pull (or a failure) and no batch running."""
        return (self.iterator is None or self.failure is not None) and self.in_flight == 0

    def submit(self) -> tuple[cf.Future, int, int] | None:
        """Pull the next batch and submit it: ``(future, first index, count)``, or ``None`` if there is none."""
        if self.iterator is None or self.failure is not None:
            return None
        first, items = self.next_index, []
        while len(items) < self.chunk:
            item = self._pull(first + len(items))
            if item is _NO_ITEM:
                break
            items.append(item)
        if not items:
            return None
        self.next_index += len(items)
        for names_list in self.gathered:
            names_list.extend([None] * len(items))
        if self.remote is not None:
            future = self.executor.submit(run_remote_batch, self.remote, first, items)
        else:
            hooks = self.context if self.context._lifecycle.per_node else None
            future = self.executor.submit(run_batch, self.block, self._base, first, items, hooks)
        self.in_flight += 1
        return future, first, len(items)

    def _pull(self, index: int) -> Any:
        iterator = self.iterator
        if iterator is None:
            return _NO_ITEM
        try:
            return next(iterator)
        except StopIteration:
            self.iterator = None
        except Exception as exc:  # the Parallelizable node's own code, producing this item
            self.iterator = None
            self._failed(ItemError(self.block.expand, exc, index, self.block.expand))
        return _NO_ITEM

    def finished(self, future: cf.Future, first: int, count: int) -> None:
        """Put a returned batch's values in their places (or keep its failure); replay a remote trace."""
        self.in_flight -= 1
        try:
            outcome = future.result()
        except ItemError as failure:  # raised by an item run in this process
            self._failed(failure)
            return
        except cf.process.BrokenProcessPool as exc:
            from hamilton.executors import WorkerDiedError

            detail = f"Items {first} to {first + count - 1} of {self.block.expand!r} were running there."
            raise WorkerDiedError([s.name for s in self.block.steps] or [self.block.expand], detail=detail) from exc
        except PluginError:
            raise
        except Exception as exc:  # the batch could not travel to the worker, or its values back
            from hamilton.executors import SerializationError

            raise SerializationError(self.block.expand, exc) from exc
        if isinstance(outcome, RemoteOutcome):
            self._replay(outcome.trace)
            if outcome.failure is not None:
                self._failed(outcome.failure)
                return
            results, seconds = outcome.results, outcome.seconds
        else:
            results, seconds = outcome
        for names_list, batch_values in zip(self.gathered, results, strict=True):  # type: ignore[arg-type]
            names_list[first : first + count] = batch_values
        self._adapt(seconds / count)

    def store(self) -> None:
        """The block is done: its gathered lists become values of the run."""
        values = self.context.values
        for name, gathered_list in zip(self.block.gathers, self.gathered, strict=True):
            values[name] = gathered_list

    def _failed(self, failure: ItemError) -> None:
        if self.failure is None or failure.indices < self.failure.indices:
            self.failure = failure

    def _adapt(self, seconds_per_item: float) -> None:
        target = _TASK_SECONDS[self.executor.in_process]
        wanted = int(target / seconds_per_item) if seconds_per_item > 0 else _MAX_CHUNK
        self.chunk = max(1, min(wanted, self.chunk * 2, _MAX_CHUNK))

    def _replay(self, trace: list[Any]) -> None:
        """Fire, here, the hooks of the nodes an item ran in another process, in the order they ran."""
        context, nodes = self.context, self.nodes
        for name, item_index, kwargs, result, error, duration in trace:
            node = nodes[name]
            context.before_node(node, kwargs or {}, item_index)
            context.after_node(node, kwargs or {}, result, error, duration, item_index)
