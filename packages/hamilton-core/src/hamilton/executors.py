"""Thread- and process-pool executors, and the ready-queue loop every executor shares.

``run_on_futures`` drives a plan through a ``ReadyQueue``: a step is submitted as
soon as its last input is ready (no level-by-level barrier), the per-node hooks
fire from the coordinating thread, values are dropped once every reader has been
submitted, and a failure is raised exactly as the sequential loop raises it.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import pickle
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.execution import RunContext, raise_node_error
from hamilton.hookspecs import Computed
from hamilton.plan import Plan, ReadyQueue, Step
from hamilton.plugins import hookimpl

Submit = Callable[[Step, dict[str, Any]], cf.Future]


class WorkerDiedError(RuntimeError):
    """A worker process ended while computing a node."""


def run_on_futures(context: RunContext, submit: Submit) -> dict[str, Any]:
    """Run ``context.plan`` by submitting ready steps; return the outputs."""
    plan, values = context.plan, context.values
    queue = ReadyQueue(plan)
    unread = _reader_counts(plan)
    wanted = set(plan.outputs)
    pending: dict[cf.Future, tuple[Step, dict[str, Any], float]] = {}

    def start(step: Step) -> None:
        kwargs = context.kwargs_for(step)
        for dep in step.deps:
            if dep in unread:
                unread[dep] -= 1
                if unread[dep] == 0 and dep not in wanted:
                    del values[dep]
        context.before_node(step.node, kwargs)
        pending[submit(step, kwargs)] = (step, kwargs, time.perf_counter())

    for step in queue.ready():
        start(step)
    try:
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                step, kwargs, started = pending.pop(future)
                try:
                    value = future.result()
                except Exception as exc:
                    context.after_node(step.node, kwargs, None, exc, time.perf_counter() - started)
                    raise_node_error(step.name, _explain(step, exc))
                context.after_node(step.node, kwargs, value, None, time.perf_counter() - started)
                values[step.name] = value
                if unread.get(step.name) == 0 and step.name not in wanted:
                    del values[step.name]
                for ready in queue.done(step.name):
                    start(ready)
    finally:
        for future in pending:
            future.cancel()
    return context.outputs()


def _reader_counts(plan: Plan) -> dict[str, int]:
    counts = {step.name: 0 for step in plan.steps}
    for step in plan.steps:
        for dep in step.deps:
            if dep in counts:
                counts[dep] += 1
    return counts


def _explain(step: Step, exc: Exception) -> Exception:
    """Turn pool-level failures into errors that say what happened to which node."""
    if isinstance(exc, cf.process.BrokenProcessPool):
        error = WorkerDiedError(
            f"A worker process died while computing node {step.name!r} (killed, out of memory, or a crash "
            f"in native code); the run was stopped."
        )
        error.__cause__ = exc
        return error
    if isinstance(exc, pickle.PicklingError | AttributeError | TypeError) and "pickle" in str(exc).lower():
        error = TypeError(
            f"Node {step.name!r} or one of its inputs cannot be pickled to reach a worker process: {exc}. "
            f"Define node functions at module level and pass picklable values, or use the thread executor."
        )
        error.__cause__ = exc
        return error
    return exc


class _PoolAdapter:
    """What the pool adapters share: an optional result builder and a lazily started pool."""

    def __init__(self, result_builder: Any = None, max_workers: int | None = None) -> None:
        self.result_builder = result_builder
        self.max_workers = max_workers
        self._pool: cf.Executor | None = None
        self._lock = threading.Lock()

    @hookimpl
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed | None:
        if self.result_builder is None:
            return None  # the Driver's default result builder answers
        return Computed(self.result_builder.build_result(**outputs))

    def _new_pool(self) -> cf.Executor:
        raise NotImplementedError

    def pool(self) -> cf.Executor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def shutdown(self) -> None:
        """Stop the pool's workers (a new pool starts on next use)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def __enter__(self) -> _PoolAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


class ThreadPoolGraphAdapter(_PoolAdapter):
    """Runs independent nodes on a thread pool (I/O-bound or GIL-releasing work).

    Wrappers and executors of ``hamilton_execute_node`` run in the worker threads;
    before/after-node hooks fire from the thread that called ``execute``.
    """

    def _new_pool(self) -> cf.Executor:
        return cf.ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="hamilton")

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        pool = self.pool()
        return run_on_futures(context, lambda step, kwargs: pool.submit(context.call_node, step.node, kwargs))


class ProcessPoolGraphAdapter(_PoolAdapter):
    """Runs independent nodes on a pool of processes (CPU-bound pure-Python work).

    Node functions and values travel by pickle: functions must be defined at module
    level. Hooks fire in the calling process; ``hamilton_execute_node`` wrappers do
    not run in the workers.
    """

    def __init__(self, result_builder: Any = None, max_workers: int | None = None, mp_context: Any = None) -> None:
        super().__init__(result_builder, max_workers)
        self.mp_context = mp_context

    def _new_pool(self) -> cf.Executor:
        return cf.ProcessPoolExecutor(max_workers=self.max_workers or os.cpu_count(), mp_context=self.mp_context)

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        pool = self.pool()
        try:
            return run_on_futures(context, lambda step, kwargs: pool.submit(step.node.callable, **kwargs))
        except WorkerDiedError:
            self.shutdown()  # a broken pool cannot be reused
            raise
        except BaseException as exc:
            if isinstance(exc.__cause__, WorkerDiedError):
                self.shutdown()
            raise
