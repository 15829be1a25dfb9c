"""One ``execute`` of the async Driver, on the running event loop.

State of one run, before any code:

- ``queue`` / ``ready``: the plan's ``ReadyQueue`` and a heap of ``(plan index, step)``,
  as in ``hamilton.executors.run_on_futures``.
- ``running``: task -> ``Started(plan index, step, kwargs, start time)`` for the nodes
  whose function returned an awaitable. A node's function is called as soon as its
  inputs are there: a plain function runs inline and its value is stored at once, an
  ``async def`` one becomes a task, so independent ``async def`` nodes overlap.
- a value is dropped once every step reading it has started (``ReadyQueue.started``),
  unless it is an output.
- ``failures``: ``(plan index, step, error)``. After the first, nothing new starts and the
  running tasks are cancelled (their after-node hooks see a ``CancelledError``); the
  first failure in plan order is raised.

A ``Parallelizable`` block runs its items as tasks, at most ``ITEMS_AT_ONCE`` at a time,
each item's steps in order. Hooks may be ``async def``: they are awaited.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
from collections.abc import Iterator, Mapping
from time import perf_counter
from typing import Any, NamedTuple

from hamilton.driver import _is_async_node
from hamilton.errors import attach_error
from hamilton.execution._context import RunContext, raise_node_error
from hamilton.execution._hooks import Lifecycle
from hamilton.execution._items import ItemError, raise_item_error
from hamilton.node import Node
from hamilton.plan import Block, ReadyQueue, Step

__all__ = ["ITEMS_AT_ONCE", "execute_async"]

ITEMS_AT_ONCE = 64  # items of one block in flight at once: memory stays bounded on a long generator


class Started(NamedTuple):
    index: int
    step: Step
    kwargs: dict[str, Any]
    began: float


async def execute_async(
    context: RunContext,
    lifecycle: Lifecycle,
    inputs: Mapping[str, Any],
    overrides: Mapping[str, Any],
    build: bool,
) -> Any:
    """Before-run hooks, the plan on this event loop, the result (if ``build``), after-run hooks.

    The same order and error handling as the sync Driver's ``execute``.
    """
    if lifecycle.execute_plan is not None:
        raise TypeError(
            "The async Driver runs the nodes on its event loop: an executor (an adapter implementing "
            "hamilton_execute_plan, such as the thread or process adapters) does not apply to it. "
            "Drop it from the adapters, or use the sync Driver."
        )
    run_id, plan = context.run_id, context.plan
    started = perf_counter()
    outputs = None
    try:
        if lifecycle.before_run is not None:
            await lifecycle.before_run.acall(run_id, plan, list(plan.outputs), inputs, overrides)  # type: ignore[attr-defined]
        outputs = await _run(context, lifecycle)
        result = lifecycle.build_result(outputs=outputs).value if build else outputs
    except BaseException as exc:
        if lifecycle.after_run is not None:
            try:
                await lifecycle.after_run.acall(run_id, None, exc, perf_counter() - started)  # type: ignore[attr-defined]
            except Exception as hook_error:
                attach_error(exc, hook_error)
        raise
    if lifecycle.after_run is not None:
        await lifecycle.after_run.acall(run_id, outputs, None, perf_counter() - started)  # type: ignore[attr-defined]
    return result


class _Nodes:
    """Calling one node with its hooks awaited; what the plan loop and the items share."""

    def __init__(self, context: RunContext, lifecycle: Lifecycle) -> None:
        self.context = context
        self.run_id = context.run_id
        self.before = lifecycle.before_node
        self.after = lifecycle.after_node
        self.wrapped = lifecycle.chain is not None

    async def before_node(self, node: Node, kwargs: dict[str, Any], item_index: tuple[int, ...] | None) -> None:
        if self.before is not None:
            await self.before.acall(self.run_id, node, kwargs, item_index)  # type: ignore[attr-defined]

    async def after_node(
        self,
        node: Node,
        kwargs: dict[str, Any],
        result: Any,
        error: BaseException | None,
        began: float,
        item_index: tuple[int, ...] | None,
    ) -> None:
        if self.after is None:
            return
        arguments = (self.run_id, node, kwargs, result, error, perf_counter() - began, item_index)
        if error is None:
            await self.after.acall(*arguments)  # type: ignore[attr-defined]
            return
        try:
            await self.after.acall(*arguments)  # type: ignore[attr-defined]
        except Exception as hook_error:
            attach_error(error, hook_error)

    def call(self, node: Node, kwargs: dict[str, Any]) -> Any:
        """The node's value, or an awaitable of it (an ``async def`` node)."""
        if self.wrapped and _is_async_node(node):
            raise TypeError(
                f"node {node.name!r} is async def, and hamilton_execute_node plugins are installed "
                f"({', '.join(self.context.node_plugins) or 'node wrappers'}): they would see its coroutine, "
                f"not its value. Drop them from this Driver, or make the node a plain function."
            )
        return self.context.call_node(node, kwargs)

    async def run(self, node: Node, kwargs: dict[str, Any], item_index: tuple[int, ...] | None) -> Any:
        """Hooks, the call, the await: the node's value (its error raised after its after-node hook)."""
        await self.before_node(node, kwargs, item_index)
        began = perf_counter()
        try:
            value = self.call(node, kwargs)
            if inspect.isawaitable(value):
                value = await value
        except BaseException as exc:
            await self.after_node(node, kwargs, None, exc, began, item_index)
            raise
        await self.after_node(node, kwargs, value, None, began, item_index)
        return value


async def _run(context: RunContext, lifecycle: Lifecycle) -> dict[str, Any]:
    plan, values = context.plan, context.values
    nodes = _Nodes(context, lifecycle)
    order = {step.name: index for index, step in enumerate(plan.steps)}
    queue = ReadyQueue(plan)
    ready = [(order[step.name], step) for step in queue.ready()]
    heapq.heapify(ready)
    running: dict[asyncio.Future[Any], Started] = {}
    failures: list[tuple[int, Step, BaseException]] = []

    def made(step: Step) -> None:
        for step_ready in queue.done(step.name):
            heapq.heappush(ready, (order[step_ready.name], step_ready))

    def read(step: Step) -> None:
        for name in queue.started(step):
            del values[name]

    async def start(index: int, step: Step) -> None:
        if step.block is not None:
            block = step.block
            base = {name: values[name] for name in block.reads}
            task = asyncio.ensure_future(_run_block(nodes, block, iter(values[block.expand]), base, values, ()))
            read(step)
            running[task] = Started(index, step, {}, perf_counter())
            return
        node = step.node
        kwargs = context.kwargs_for(step)
        read(step)
        await nodes.before_node(node, kwargs, None)
        began = perf_counter()
        try:
            value = nodes.call(node, kwargs)
        except Exception as exc:
            await nodes.after_node(node, kwargs, None, exc, began, None)
            failures.append((index, step, exc))
            return
        if inspect.isawaitable(value):
            running[asyncio.ensure_future(value)] = Started(index, step, kwargs, began)
            return
        await nodes.after_node(node, kwargs, value, None, began, None)
        values[step.name] = value
        made(step)

    async def finished(task: asyncio.Future[Any], entry: Started) -> None:
        index, step, kwargs, began = entry
        if task.cancelled():  # after another node's failure
            if step.block is None:
                cancelled = asyncio.CancelledError(f"cancelled: another node failed while {step.name!r} ran")
                await nodes.after_node(step.node, kwargs, None, cancelled, began, None)
            return
        error = task.exception()
        if step.block is not None:
            if error is not None:
                failures.append((index, step, error))
            else:
                made(step)
            return
        if error is not None:
            await nodes.after_node(step.node, kwargs, None, error, began, None)
            failures.append((index, step, error))
            return
        value = task.result()
        await nodes.after_node(step.node, kwargs, value, None, began, None)
        values[step.name] = value
        made(step)

    try:
        while True:
            while ready and not failures:
                await start(*heapq.heappop(ready))
            if not running:
                break
            if failures:
                for task in running:
                    task.cancel()
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda t: running[t].index):
                await finished(task, running.pop(task))
    finally:
        for task in running:
            task.cancel()  # the caller was cancelled: nothing of this run goes on
    if failures:
        _, step, error = min(failures, key=lambda failure: failure[0])
        if isinstance(error, ItemError):
            raise_item_error(error)
        raise_node_error(step.name, error)
    return context.outputs()


async def _run_block(
    nodes: _Nodes,
    block: Block,
    iterator: Iterator[Any],
    base: dict[str, Any],
    values: dict[str, Any],
    outer: tuple[int, ...],
) -> None:
    """The items of ``block`` as tasks, at most ``ITEMS_AT_ONCE`` at once; its gathered lists stored in ``values``."""
    gathered: list[list[Any]] = [[] for _ in block.gathers]
    running: dict[asyncio.Future[Any], int] = {}
    failure: ItemError | None = None
    index = -1
    try:
        while True:
            while failure is None and len(running) < ITEMS_AT_ONCE:
                try:
                    item = next(iterator)
                except StopIteration:
                    break
                except Exception as exc:  # the Parallelizable node's own code, producing this item
                    failure = ItemError(block.expand, exc, index + 1, block.expand)
                    break
                index += 1
                for names_list in gathered:
                    names_list.append(None)
                item_values = base.copy()
                item_values[block.expand] = item
                running[asyncio.ensure_future(_run_item(nodes, block, item_values, (*outer, index)))] = index
            if not running:
                break
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                at = running.pop(task)
                error = task.exception()
                if error is None:
                    for names_list, value in zip(gathered, task.result(), strict=True):
                        names_list[at] = value
                    continue
                if not isinstance(error, ItemError):
                    raise error
                if failure is None or error.indices < failure.indices:
                    failure = error
    finally:
        for task in running:
            task.cancel()
    if failure is not None:
        raise failure
    for name, gathered_list in zip(block.gathers, gathered, strict=True):
        values[name] = gathered_list


async def _run_item(nodes: _Nodes, block: Block, values: dict[str, Any], path: tuple[int, ...]) -> list[Any]:
    """One item's steps in order (``async def`` ones awaited); what the block gathers of it."""
    index = path[-1]
    for step in block.steps:
        if step.block is not None:
            nested = step.block
            base = {name: values[name] for name in nested.reads}
            try:
                await _run_block(nodes, nested, iter(values[nested.expand]), base, values, path)
            except ItemError as failure:
                raise failure.within(index, block.expand) from None
        else:
            try:
                values[step.name] = await nodes.run(step.node, {dep: values[dep] for dep in step.deps}, path)
            except Exception as exc:
                raise ItemError(step.name, exc, index, block.expand) from exc
        for released in step.release:
            del values[released]
    return [values[name] for name in block.gathers]
