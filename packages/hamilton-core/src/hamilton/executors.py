"""Thread- and process-pool executors, and the ready-queue loop they share.

State of one run of ``run_on_futures``, defined before any code:

- ``queue``: the plan's ``ReadyQueue``; ``done(name)`` hands back the steps whose
  last upstream step just finished, ``started(step)`` the values no step left to start
  reads, which are dropped from ``context.values``.
- ``ready``: a heap of ``(plan index, step)`` for steps whose inputs are all
  computed but that wait for a free slot; plan order breaks ties, so a run on one
  slot follows the sequential order.
- ``running``: future -> ``Running(plan index, step, kwargs, start time, call)``, at
  most ``slots`` at once. A step is handed to the pool only when a worker is free, so
  ``hamilton_before_node`` fires when the node really starts and a failure leaves
  nothing queued behind it. ``call`` is the step's ``NodeCall`` when the node wrappers
  run in this process around the pool (processes), else ``None``.
- ``failures``: ``(plan index, step, error)`` of steps that raised. After the first,
  nothing new starts; the running steps finish (their after-node hooks fire) and the
  first failure in plan order is raised as the sequential loop raises it.

Every hook fires from the thread that called ``execute``.
"""

from __future__ import annotations

import concurrent.futures as cf
import heapq
import os
import pickle
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from hamilton import shipping
from hamilton.errors import NodeExecutionError
from hamilton.execution import NodeCall, RunContext, raise_node_error
from hamilton.execution._fanout import ItemFeed, TaskRunner
from hamilton.execution.executors import SynchronousLocalTaskExecutor
from hamilton.hookspecs import Computed
from hamilton.plan import Plan, ReadyQueue, Step
from hamilton.plugins import hookimpl

__all__ = [
    "ExecutorAdapter",
    "ProcessPoolGraphAdapter",
    "SerializationError",
    "ThreadPoolGraphAdapter",
    "WorkerDiedError",
    "portable_error",
    "refuse_node_plugins",
    "run_on_futures",
]

Submit = Callable[[Step, dict[str, Any]], cf.Future]
Outcome = Callable[[Step, cf.Future], Any]


class Running(NamedTuple):
    index: int
    step: Step
    kwargs: dict[str, Any]
    began: float
    call: NodeCall | None


class WorkerDiedError(NodeExecutionError, RuntimeError):
    """A worker process ended (killed, ``os._exit``, out of memory, native crash) while running nodes.

    ``node_names`` are the nodes that were running on the pool when it broke; one of
    them ended the worker. ``node_name`` is the first of them.
    """

    def __init__(self, node_names: list[str], where: str = "A worker process", detail: str = "") -> None:
        self.node_names = list(dict.fromkeys(node_names))  # a node whose items ran in several tasks, once
        self.node_name = self.node_names[0]
        self.where, self.detail = where, detail
        which = (
            f"node {self.node_name!r}"
            if len(self.node_names) == 1
            else f"one of the nodes {', '.join(map(repr, self.node_names))} (all were running when it died)"
        )
        super().__init__(
            f"{where} died while running {which}: killed, os._exit(), out of memory or a crash in native "
            f"code. The run was stopped.{' ' + detail if detail else ''}"
        )


class SerializationError(NodeExecutionError, TypeError):
    """A node's function, one of its inputs or its result cannot be pickled to cross to another process."""

    def __init__(self, node_name: str, reason: BaseException | str) -> None:
        self.node_name = node_name
        super().__init__(
            f"Node {node_name!r} cannot run in another process: its function, one of its inputs or its "
            f"result cannot be pickled ({reason}). Define node functions at module level, pass picklable "
            f"values, or use the thread executor."
        )


def refuse_node_plugins(context: RunContext, executor: str, wrappers_too: bool = False) -> None:
    """Raise if ``hamilton_execute_node`` plugins are installed that cannot follow nodes to other processes.

    Plain implementations compute a node their own way where it runs: never possible
    remotely. With ``wrappers_too`` (an executor that does not run ``open_node``
    around its tasks), wrappers are refused as well.
    """
    refused = context.node_plugins
    if wrappers_too and context.has_node_wrappers:
        refused.append("node wrappers (hamilton_execute_node with wrapper=True)")
    if refused:
        raise TypeError(
            f"{executor} runs node functions in other processes, where these hamilton_execute_node plugins "
            f"cannot follow them, so they would be skipped: {', '.join(refused)}. Use the thread executor "
            f"(adapter='threads') with them, or drop them from this Driver."
        )


# ------------------------------------------------------------------------- the loop


def run_on_futures(
    context: RunContext,
    submit: Submit,
    slots: int,
    outcome: Outcome | None = None,
    wrap_here: bool = False,
    items: TaskRunner | None = None,
) -> dict[str, Any]:
    """Run ``context.plan`` with at most ``slots`` steps in flight; return the outputs.

    ``submit(step, kwargs)`` starts one step and returns its future; ``outcome(step,
    future)`` turns a finished future into the node's value or raises its error
    (``future.result()`` by default). With ``wrap_here``, the node wrappers run in this
    thread around each submission (``RunContext.open_node``), so a wrapper that answers
    (a cache hit) submits nothing.

    The items of ``Parallelizable`` blocks go to ``items``, a
    ``hamilton.execution.executors.TaskExecutor`` (by default they run in this thread), in
    batches, at most ``items.max_tasks`` at once, pulled from their iterable only then.
    """
    plan, values = context.plan, context.values
    get = outcome or _result
    wrap_here = wrap_here and context.has_node_wrappers
    if plan.blocks and items is not None and not items.in_process:
        refuse_node_plugins(context, f"{type(items).__name__} (running the items of Parallelizable blocks)", True)
    runner = items if items is not None else SynchronousLocalTaskExecutor()
    order = {step.name: index for index, step in enumerate(plan.steps)}
    queue = ReadyQueue(plan)
    ready = [(order[step.name], step) for step in queue.ready()]
    heapq.heapify(ready)
    running: dict[cf.Future, Running] = {}
    feeds: list[ItemFeed] = []
    batches: dict[cf.Future, tuple[ItemFeed, int, int]] = {}
    failures: list[tuple[int, Step, Exception]] = []
    expands = {block.expand for block in plan.blocks}  # their items are pulled here: they run here

    def made(step: Step) -> None:
        for step_ready in queue.done(step.name):
            heapq.heappush(ready, (order[step_ready.name], step_ready))

    def finished(entry: Running, value: Any, error: Exception | None) -> None:
        elapsed = time.perf_counter() - entry.began
        if entry.call is not None:  # the wrappers see the value or the error, and may change it (a retry)
            try:
                value, error = entry.call.finish(value, error), None
            except Exception as exc:
                error = exc
        if error is not None:
            context.after_node(entry.step.node, entry.kwargs, None, error, elapsed)
            failures.append((entry.index, entry.step, error))
            return
        context.after_node(entry.step.node, entry.kwargs, value, None, elapsed)
        values[entry.step.name] = value
        made(entry.step)

    def read(step: Step) -> None:
        for name in queue.started(step):
            del values[name]

    def start(index: int, step: Step) -> None:
        if step.block is not None:
            try:
                feeds.append(ItemFeed(context, step, runner))  # takes the values its items read
            except Exception as exc:  # what the items read cannot be pickled for another process
                failures.append((index, step, SerializationError(step.block.expand, exc)))
            read(step)
            return
        kwargs = context.kwargs_for(step)
        read(step)
        context.before_node(step.node, kwargs)
        entry = Running(index, step, kwargs, time.perf_counter(), None)
        if step.name in expands:
            try:
                value = context.call_node(step.node, kwargs)
            except Exception as exc:
                finished(entry, None, exc)
                return
            finished(entry, value, None)
            return
        try:
            if wrap_here:
                call = context.open_node(step.node, kwargs, lambda node, again: get(step, submit(step, again)))
                entry = entry._replace(call=call)
                if call.answered:
                    finished(entry, None, None)
                    return
            future = submit(step, kwargs)
        except Exception as exc:  # e.g. its function or inputs cannot be pickled
            finished(entry, None, exc)
            return
        running[future] = entry

    def stopping() -> bool:
        return bool(failures) or any(feed.failure is not None for feed in feeds)

    def feed_items() -> bool:
        """Submit what the blocks' slots allow; close the blocks that are done. Whether one was."""
        closed = False
        for feed in list(feeds):
            while len(batches) < runner.max_tasks and not stopping():
                submitted = feed.submit()
                if submitted is None:
                    break
                batches[submitted[0]] = (feed, submitted[1], submitted[2])
            if feed.done:
                feeds.remove(feed)
                closed = True
                if feed.failure is not None:
                    failures.append((order[feed.step.name], feed.step, feed.failure.node_error()))  # type: ignore[arg-type]
                else:
                    feed.store()
                    made(feed.step)
        return closed

    try:
        while True:
            while True:
                while ready and len(running) < slots and not stopping():
                    start(*heapq.heappop(ready))
                if not feed_items():
                    break
            if not running and not batches:
                break
            done, _ = cf.wait([*running, *batches], return_when=cf.FIRST_COMPLETED)
            for future in done:
                if future in batches:
                    feed, first, count = batches.pop(future)
                    try:
                        feed.finished(future, first, count)
                    except Exception as exc:  # a hook's error, a batch that could not travel, a dead worker
                        if feed in feeds:
                            feeds.remove(feed)
                        failures.append((order[feed.step.name], feed.step, exc))
                    continue
                entry = running.pop(future)
                try:
                    value = get(entry.step, future)
                except Exception as exc:
                    finished(entry, None, exc)
                    continue
                finished(entry, value, None)
    finally:
        for future in [*running, *batches]:
            future.cancel()  # only on KeyboardInterrupt and the like: failures wait for running steps
    if failures:
        _raise_first(failures)
    return context.outputs()


def _result(step: Step, future: cf.Future) -> Any:
    return future.result()


def _raise_first(failures: list[tuple[int, Step, Exception]]) -> None:
    died = sorted(
        (index, name) for index, _, exc in failures if isinstance(exc, WorkerDiedError) for name in exc.node_names
    )
    if died:
        first = next(exc for _, _, exc in failures if isinstance(exc, WorkerDiedError))
        raise WorkerDiedError([name for _, name in died], first.where, first.detail) from first.__cause__
    _, step, exc = min(failures, key=lambda failure: failure[0])
    raise_node_error(step.name, exc)


# ----------------------------------------------------------------- process workers


class _Raised:
    """A node's exception, returned (not raised) by a worker so transport faults stay distinguishable."""

    __slots__ = ("error", "trace")

    def __init__(self, error: Exception, trace: str) -> None:
        self.error = error
        self.trace = trace


class _Unloadable(str):
    """Why a worker could not unpickle a node's function or inputs."""


def _call_in_worker(payload: bytes) -> Any:
    """Runs in a worker process: the node's value, or what went wrong, returned rather than raised."""
    try:
        fn, kwargs = pickle.loads(payload)
    except Exception as exc:  # e.g. the function's module cannot be imported in the worker
        return _Unloadable(f"unpickling in the worker failed with {type(exc).__name__}: {exc}")
    try:
        return fn(**kwargs)
    except Exception as exc:
        return _Raised(*portable_error(exc))


def portable_error(exc: Exception) -> tuple[Exception, str]:
    """``exc`` ready to travel back from a worker process, and its formatted traceback.

    An exception that does not survive pickling (it would break a process pool, or reach
    the Driver as the engine's own error) is replaced by a ``RuntimeError`` naming it.
    """
    trace = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}")
    return exc, trace


def _process_outcome(step: Step, future: cf.Future) -> Any:
    try:
        value = future.result()
    except cf.process.BrokenProcessPool as exc:
        raise WorkerDiedError([step.name]) from exc
    except Exception as exc:  # the result could not be pickled on its way back
        raise SerializationError(step.name, exc) from exc
    if isinstance(value, _Raised):
        value.error.add_note(f"Traceback in the worker process:\n{value.trace}")
        raise value.error
    if isinstance(value, _Unloadable):
        raise SerializationError(step.name, value + shipping.hint(value))
    return value


# ---------------------------------------------------------------------- the adapters


class ExecutorAdapter:
    """Base of executor adapters (these, Dask, Ray): an optional result builder of their own.

    Without one, the Driver's default result builder builds what ``execute`` returns.
    """

    def __init__(self, result_builder: Any = None) -> None:
        self.result_builder = result_builder

    @hookimpl
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed | None:
        if self.result_builder is None:
            return None  # the Driver's default result builder answers
        return Computed(self.result_builder.build_result(**outputs))


class _PoolAdapter(ExecutorAdapter):
    """What the pool adapters share: a pool started on first use."""

    def __init__(self, result_builder: Any = None, max_workers: int | None = None) -> None:
        if max_workers is not None and (not isinstance(max_workers, int) or max_workers < 1):
            raise ValueError(f"max_workers must be a positive int or None (one per core), not {max_workers!r}.")
        super().__init__(result_builder)
        self.max_workers = max_workers
        self._pool: cf.Executor | None = None
        self._lock = threading.Lock()

    @property
    def workers(self) -> int:
        """How many nodes run at once."""
        raise NotImplementedError

    def _new_pool(self) -> cf.Executor:
        raise NotImplementedError

    def pool(self) -> cf.Executor:
        """The pool, started on first use and again after ``shutdown``."""
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def shutdown(self, wait: bool = True) -> None:
        """Stop the pool's workers (a new pool starts on next use)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> _PoolAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


class _OnPool:
    """The items of ``Parallelizable`` blocks on an adapter's own pool (see ``run_on_futures``)."""

    def __init__(self, pool: cf.Executor, max_tasks: int, in_process: bool) -> None:
        self.pool, self.max_tasks, self.in_process = pool, max_tasks, in_process

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        return self.pool.submit(fn, *args)

    def shipper(self) -> shipping.Shipper:
        return shipping.Shipper(wrap=True)


class ThreadPoolGraphAdapter(_PoolAdapter):
    """Runs independent nodes on a thread pool: for I/O-bound or GIL-releasing work.

    ``max_workers`` defaults to the thread pool's own default, ``min(32, cores + 4)``.
    ``hamilton_execute_node`` wrappers run in the worker threads; before/after-node
    hooks fire from the thread that called ``execute``.
    """

    @property
    def workers(self) -> int:
        return self.max_workers or min(32, (os.cpu_count() or 1) + 4)

    def _new_pool(self) -> cf.Executor:
        return cf.ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="hamilton")

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        pool = self.pool()
        return run_on_futures(
            context,
            lambda step, kwargs: pool.submit(context.call_node, step.node, kwargs),
            self.workers,
            items=_OnPool(pool, self.workers, in_process=True),
        )


class ProcessPoolGraphAdapter(_PoolAdapter):
    """Runs independent nodes on a pool of processes: for CPU-bound pure-Python work.

    ``max_workers`` defaults to one per core. Functions and values travel by pickle;
    the functions of your own modules travel by value when cloudpickle is installed, so
    ``spawn`` and ``forkserver`` workers need no copy of them (``hamilton.shipping``).
    A worker that dies fails the run with ``WorkerDiedError`` and the pool is replaced
    on the next run.
    ``hamilton_execute_node`` wrappers run in this process around each node's task (a
    cache hit sends nothing to the pool); plain implementations cannot follow nodes
    into the workers: the run refuses to start with them. ``mp_context`` is a ``multiprocessing`` context
    (the platform's default start method if ``None``).
    """

    def __init__(self, result_builder: Any = None, max_workers: int | None = None, mp_context: Any = None) -> None:
        super().__init__(result_builder, max_workers)
        self.mp_context = mp_context
        self._runs = threading.local()  # the run's Shipper, per calling thread: runs may overlap

    @property
    def workers(self) -> int:
        return self.max_workers or os.cpu_count() or 1

    def _new_pool(self) -> cf.Executor:
        return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=self.mp_context)

    def _submit(self, step: Step, kwargs: dict[str, Any]) -> cf.Future:
        # pickled here, not in the pool's feeder thread, so a failure names the node at once; your own
        # modules travel by value (spawn and forkserver workers may not be able to import them)
        try:
            shipper = getattr(self._runs, "shipper", None) or shipping.Shipper()
            payload = pickle.dumps((shipper.ship(step.node), kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            raise SerializationError(step.name, exc) from exc
        pool = self.pool()
        try:
            return pool.submit(_call_in_worker, payload)
        except cf.process.BrokenProcessPool:
            # a worker died while the pool sat idle (the OOM killer, a signal): start afresh
            self._discard(pool)
            return self.pool().submit(_call_in_worker, payload)

    def _discard(self, pool: cf.Executor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        refuse_node_plugins(context, type(self).__name__)
        pool = self.pool()
        items = _OnPool(pool, self.workers, in_process=False)
        try:
            self._runs.shipper = shipping.Shipper()
            return run_on_futures(context, self._submit, self.workers, _process_outcome, wrap_here=True, items=items)
        except WorkerDiedError:
            self._discard(pool)  # a broken pool cannot be reused
            raise
