"""Where the nodes of a dynamic execution run, under the original's names.

``driver.Builder().enable_dynamic_execution(allow_experimental_mode=True)`` then
``.with_local_executor(...)`` (the nodes that run once, outside ``Parallelizable``
blocks) and ``.with_remote_executor(...)`` (the items of the blocks), each one of:

- ``SynchronousLocalTaskExecutor()``: in the calling thread, one thing after another;
- ``MultiThreadingExecutor(max_tasks)``: on a pool of ``max_tasks`` threads;
- ``MultiProcessingExecutor(max_tasks)``: on a pool of ``max_tasks`` processes;
- ``hamilton_dask.DaskExecutor(client=...)`` and ``hamilton_ray.RayTaskExecutor()``, from
  hamilton-dask and hamilton-ray.

The defaults are the original's: a synchronous local executor and
``MultiThreadingExecutor(max_tasks=10)`` for the items. A block's items are sent in
batches (one item per task while items take more than a few milliseconds, more while
they are quicker) and pulled from their iterable only when a task can start, so a
generator of a million items is never held in memory at once. Pools start on first use
and are kept for later runs: ``finalize()`` (or a ``with`` block) stops them.

An executor of your own subclasses ``TaskExecutor``: ``submit(fn, *args)`` runs
``fn(*args)`` and returns a ``concurrent.futures.Future`` of its value.
"""

from __future__ import annotations

import abc
import concurrent.futures as cf
import pickle
import threading
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.execution._context import RunContext
from hamilton.plan import Plan, Step
from hamilton.plugins import hookimpl
from hamilton.shipping import Shipper

__all__ = [
    "DynamicExecutor",
    "MultiProcessingExecutor",
    "MultiThreadingExecutor",
    "PoolExecutor",
    "SynchronousLocalTaskExecutor",
    "TaskExecutor",
]


class TaskExecutor(abc.ABC):
    """Runs tasks (``fn(*args)``) and hands back futures of their values.

    ``max_tasks`` is how many tasks may run at once (how many are given to it at once);
    ``in_process`` says whether tasks run in this process: then lifecycle hooks and node
    wrappers run inside them, where the nodes run. Tasks of an executor that runs them
    elsewhere must travel by pickle; their nodes' hooks are fired here when they come back.
    """

    max_tasks: int = 1
    in_process: bool = True

    def init(self) -> None:  # noqa: B027 - optional: most executors start on first use
        """Get ready to run tasks (called before each run that uses it; must be cheap when already started)."""

    def finalize(self) -> None:  # noqa: B027 - optional
        """Release what ``init`` or the tasks started (a pool's workers); it starts again on next use."""

    @abc.abstractmethod
    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        """Run ``fn(*args)``; a future of its value (or of its exception)."""

    def shipper(self) -> Shipper:
        """How node functions travel to this executor's workers, for one run (not asked if ``in_process``).

        Your own modules go by value (``hamilton.shipping``); override it to pickle with
        another cloudpickle (Ray's) or to send packages by reference.
        """
        return Shipper(wrap=True)

    def __enter__(self) -> TaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finalize()


class SynchronousLocalTaskExecutor(TaskExecutor):
    """Runs each task in the calling thread, as it is submitted."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class PoolExecutor(TaskExecutor):
    """A pool of ``max_tasks`` workers, started on first use and kept until ``finalize()``."""

    def __init__(self, max_tasks: int) -> None:
        if not isinstance(max_tasks, int) or isinstance(max_tasks, bool) or max_tasks < 1:
            raise ValueError(f"max_tasks must be a positive int (how many tasks run at once), not {max_tasks!r}.")
        self.max_tasks = max_tasks
        self._pool: cf.Executor | None = None
        self._lock = threading.Lock()

    @abc.abstractmethod
    def _new_pool(self) -> cf.Executor:
        """A new pool of ``max_tasks`` workers."""

    def pool(self) -> cf.Executor:
        """The pool, started on first use (and again after ``finalize``)."""
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        pool = self.pool()
        try:
            return pool.submit(fn, *args)
        except cf.BrokenExecutor:  # a worker died while the pool sat idle: start afresh
            self._discard(pool)
            return self.pool().submit(fn, *args)

    def finalize(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _discard(self, pool: cf.Executor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(max_tasks={self.max_tasks})"


class MultiThreadingExecutor(PoolExecutor):
    """Tasks on ``max_tasks`` threads: for items that wait (network, disk) or release the GIL.

    Hooks and node wrappers of an item run in the worker thread running it.
    """

    def _new_pool(self) -> cf.Executor:
        return cf.ThreadPoolExecutor(max_workers=self.max_tasks, thread_name_prefix="hamilton-task")


class MultiProcessingExecutor(PoolExecutor):
    """Tasks on ``max_tasks`` processes: for CPU-bound pure-Python items.

    Functions, items and the values they read travel by pickle. ``mp_context`` is a
    ``multiprocessing`` context (``multiprocessing.get_context("spawn")``), the
    platform's default start method if ``None``. Lifecycle hooks of an item's nodes fire
    in this process when its task comes back; node wrappers cannot follow the items into
    the workers, so a run refuses to start with them (use threads).
    """

    in_process = False

    def __init__(self, max_tasks: int, mp_context: Any = None) -> None:
        super().__init__(max_tasks)
        self.mp_context = mp_context

    def _new_pool(self) -> cf.Executor:
        return cf.ProcessPoolExecutor(max_workers=self.max_tasks, mp_context=self.mp_context)


# ------------------------------------------------------------------------ the adapter


class DynamicExecutor:
    """The executor of a Driver built with ``enable_dynamic_execution()``: a ``hamilton_execute_plan`` plugin.

    Nodes that run once go to ``local_executor``, the items of ``Parallelizable`` blocks
    to ``remote_executor``. With both synchronous the core's own loop runs the plan.
    """

    def __init__(self, local_executor: TaskExecutor | None = None, remote_executor: TaskExecutor | None = None) -> None:
        for role, executor in (("local", local_executor), ("remote", remote_executor)):
            if executor is not None and not isinstance(executor, TaskExecutor):
                raise TypeError(
                    f"The {role} executor must be a hamilton.execution.executors.TaskExecutor "
                    f"(SynchronousLocalTaskExecutor, MultiThreadingExecutor, MultiProcessingExecutor...), "
                    f"not {executor!r}."
                )
        self.local_executor = local_executor or SynchronousLocalTaskExecutor()
        self.remote_executor = remote_executor or MultiThreadingExecutor(max_tasks=10)

    def finalize(self) -> None:
        """Stop both executors' workers."""
        self.local_executor.finalize()
        self.remote_executor.finalize()

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any] | None:
        from hamilton.executors import run_on_futures

        local, remote = self.local_executor, self.remote_executor
        if isinstance(local, SynchronousLocalTaskExecutor) and (
            not plan.blocks or isinstance(remote, SynchronousLocalTaskExecutor)
        ):
            return None  # the core's own loop runs exactly this, with less bookkeeping
        local.init()
        if plan.blocks:
            remote.init()
        if local.in_process:

            def submit(step: Step, kwargs: dict[str, Any]) -> cf.Future:
                return local.submit(context.call_node, step.node, kwargs)

            return run_on_futures(context, submit, local.max_tasks, items=remote)
        from hamilton.executors import _process_outcome, refuse_node_plugins

        refuse_node_plugins(context, type(local).__name__)
        shipper = local.shipper()  # one per run: each function is pickled once
        return run_on_futures(
            context,
            lambda step, kwargs: _submit_elsewhere(local, shipper, step, kwargs),
            local.max_tasks,
            _process_outcome,
            wrap_here=True,
            items=remote,
        )


def _submit_elsewhere(executor: TaskExecutor, shipper: Shipper, step: Step, kwargs: dict[str, Any]) -> cf.Future:
    """One node on an executor in another process: its function and inputs pickled here, so a failure names it."""
    from hamilton.executors import SerializationError, _call_in_worker

    try:
        payload = pickle.dumps((shipper.ship(step.node), kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise SerializationError(step.name, exc) from exc
    return executor.submit(_call_in_worker, payload)
