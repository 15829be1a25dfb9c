"""``RayGraphAdapter``: every node a Ray task whose arguments are its upstream tasks' ObjectRefs.

State of one run, defined before any code:

- ``refs``: node name -> the ObjectRef of its value, filled in plan order while
  submitting and dropped after it: readers hold their inputs' refs, so Ray frees an
  intermediate value once the tasks reading it have run. Outputs are fetched as
  their tasks finish.
- ``status``: node name -> the ObjectRef of its task's second, tiny return (the
  seconds the function took). Held for the whole run: waiting on these never moves
  a value, and they trace a failure back to the task where it started.
- ``pending``: status ref -> ``Submitted(step, kwargs, value_ref, status_ref)`` for the
  tasks not yet seen finishing.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Mapping
from concurrent.futures import CancelledError
from typing import Any, NamedTuple

import ray
from hamilton.execution import RunContext, raise_node_error
from hamilton.executors import (
    ExecutorAdapter,
    SerializationError,
    WorkerDiedError,
    refuse_node_plugins,
)
from hamilton.plan import Plan, Step
from hamilton.plugins import hookimpl
from hamilton.shipping import ByReference, Shipper, hint
from ray import cloudpickle
from ray.exceptions import NodeDiedError, OutOfMemoryError, RayError, RayTaskError, WorkerCrashedError

from hamilton_ray._starting import start_ray
from hamilton_ray._worker import NodeCallError, call_node

__all__ = ["RayGraphAdapter", "Submitted"]

_WORKER_GONE = (WorkerCrashedError, NodeDiedError, OutOfMemoryError)
_remote_call: Any = None


class Submitted(NamedTuple):
    step: Step
    kwargs: dict[str, Any]
    value_ref: ray.ObjectRef
    status_ref: ray.ObjectRef


class RayGraphAdapter(ExecutorAdapter):
    """Runs every node as a Ray task; only the requested outputs come back.

    :param result_builder: builds what ``execute`` returns (the Driver's default if ``None``).
    :param ray_init_config: keyword arguments for ``ray.init`` when no Ray is running in
        this process yet (e.g. ``{"num_cpus": 2}`` or ``{"address": "ray://host:10001"}``);
        a running Ray (``ray.is_initialized()``) is used as it is.
    :param timeout: seconds a run may take before its unfinished tasks are cancelled and
        ``TimeoutError`` is raised (``None``: no limit).
    :param by_reference: the code of your own modules (not installed in the environment)
        travels to the workers by value, so a fresh cluster needs no copy of it nor a
        ``runtime_env``; name top-level packages here that the workers import themselves, or
        pass ``True`` to send everything by reference (see ``hamilton.shipping``).

    Tasks run with ``max_retries=0``: a worker that dies fails the run with
    ``WorkerDiedError`` at once. Hooks: ``hamilton_before_node`` fires for every node
    when the plan is submitted, its ``kwargs`` holding ``ray.ObjectRef`` objects for
    upstream values; ``hamilton_after_node`` fires as each task finishes, with the seconds its
    function took, and with its value if a hook takes ``result`` (every value then
    travels to this process; hooks that do not take it cost no transfer). After a
    failure the unfinished tasks are cancelled and get ``hamilton_after_node`` with a
    ``concurrent.futures.CancelledError``.
    """

    def __init__(
        self,
        result_builder: Any = None,
        ray_init_config: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        by_reference: ByReference = (),
    ) -> None:
        super().__init__(result_builder)
        self.ray_init_config = dict(ray_init_config or {})
        self.timeout = timeout
        self.by_reference = by_reference
        self._started_ray = False

    def _ensure_ray(self) -> None:
        if start_ray(self.ray_init_config):
            self._started_ray = True

    def shutdown(self) -> None:
        """Stop Ray if this adapter started it."""
        if self._started_ray and ray.is_initialized():
            ray.shutdown()
        self._started_ray = False

    def __enter__(self) -> RayGraphAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        refuse_node_plugins(context, "RayGraphAdapter", wrappers_too=True)
        if plan.blocks:
            raise TypeError(
                "RayGraphAdapter submits every node before any runs, but the items of a Parallelizable node are "
                "known only once it runs. Use dynamic execution: driver.Builder().with_modules(...)"
                ".enable_dynamic_execution(allow_experimental_mode=True).with_remote_executor(hamilton_ray.RayTaskExecutor())."
            )
        self._ensure_ray()
        pending, status = _submit(context, Shipper(self.by_reference, pickler=cloudpickle, wrap=True))
        fetched = _follow(context, pending, status, self.timeout)
        values = context.values
        return {name: fetched[name] if name in fetched else values[name] for name in plan.outputs}


def _remote() -> Any:
    global _remote_call
    if _remote_call is None:
        _remote_call = ray.remote(num_returns=2, max_retries=0, retry_exceptions=False)(call_node)
    return _remote_call


def _submit(context: RunContext, shipper: Shipper) -> tuple[dict[ray.ObjectRef, Submitted], dict[str, ray.ObjectRef]]:
    """Every step as a task, in plan order; returns ``pending`` and ``status``."""
    remote = _remote()
    refs: dict[str, ray.ObjectRef] = {}
    status: dict[str, ray.ObjectRef] = {}
    pending: dict[ray.ObjectRef, Submitted] = {}
    values = context.values
    for step in context.plan.steps:
        kwargs = {dep: refs[dep] if dep in refs else values[dep] for dep in step.deps}
        context.before_node(step.node, kwargs)
        try:
            fn = shipper.ship(step.node)
            value_ref, status_ref = remote.options(name=step.name).remote(fn, **kwargs)
        except (TypeError, pickle.PicklingError) as exc:  # cloudpickle, then Ray, serialize the task right here
            error = SerializationError(step.name, exc)
            context.after_node(step.node, kwargs, None, error, 0.0)
            _cancel(context, pending, f"node {step.name!r} could not be sent")
            raise error from exc
        refs[step.name], status[step.name] = value_ref, status_ref
        pending[status_ref] = Submitted(step, kwargs, value_ref, status_ref)
    return pending, status


def _follow(
    context: RunContext,
    pending: dict[ray.ObjectRef, Submitted],
    status: dict[str, ray.ObjectRef],
    timeout: float | None,
) -> dict[str, Any]:
    """Watch the tasks finish and fire after-node hooks; raise at the first failure.

    Returns the outputs' values, fetched as their tasks finish.
    """
    fetch = context.wants_results
    wanted = set(context.plan.outputs)
    fetched: dict[str, Any] = {}
    deadline = None if timeout is None else time.monotonic() + timeout
    waiting = list(pending)
    while waiting:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, waiting = ray.wait(waiting, num_returns=1, timeout=left)
        if not ready:
            names = ", ".join(repr(entry.step.name) for entry in pending.values())
            _cancel(context, pending, "the run timed out")
            raise TimeoutError(
                f"The Ray run did not finish within {timeout} s; cancelled the unfinished nodes {names}. "
                f"Check that the cluster has free CPUs, or raise RayGraphAdapter(timeout=...)."
            )
        if waiting:
            more, waiting = ray.wait(waiting, num_returns=len(waiting), timeout=0)
            ready += more
        for status_ref in ready:
            entry = pending[status_ref]
            try:
                seconds = ray.get(status_ref)
            except Exception:
                _fail(context, entry, pending, status)
            del pending[status_ref]
            name = entry.step.name
            value = _value(name, entry.value_ref) if fetch or name in wanted else None
            if name in wanted:
                fetched[name] = value
            context.after_node(entry.step.node, entry.kwargs, value, None, seconds)
    return fetched


def _value(name: str, value_ref: ray.ObjectRef) -> Any:
    """A finished node's value, brought to this process."""
    try:
        return ray.get(value_ref)
    except Exception as exc:  # it left the worker but cannot be unpickled here
        raise SerializationError(name, exc) from exc


def _fail(
    context: RunContext, entry: Submitted, pending: dict[ray.ObjectRef, Submitted], status: dict[str, ray.ObjectRef]
) -> None:
    """Raise the error of the task where the failure started, as a local run would."""
    # Ray fails every reader of a failed task too: walk up to the first that failed on its own
    while True:
        upstream = [
            pending[status[dep]]
            for dep in entry.step.deps
            if dep in status and _error_of(status[dep], entry.kwargs[dep]) is not None
        ]
        if not upstream:
            break
        entry = upstream[0]
    name = entry.step.name
    error = _error_of(entry.status_ref, entry.value_ref)
    del pending[entry.status_ref]
    cause = error.cause if isinstance(error, RayTaskError) else error
    if isinstance(cause, NodeCallError):
        error = cause.error
        error.add_note(f"Traceback in the Ray worker:\n{cause.trace}")
    context.after_node(entry.step.node, entry.kwargs, None, error, 0.0)
    _cancel(context, pending, f"node {name!r} failed")
    if isinstance(cause, NodeCallError):
        raise_node_error(name, error)  # type: ignore[arg-type]
    if isinstance(cause, _WORKER_GONE):
        raise WorkerDiedError([name], "A Ray worker", f"Ray says: {cause}") from error
    if not isinstance(cause, RayError):  # raised in the worker outside the node: (un)pickling its function or value
        raise SerializationError(name, f"{cause}{hint(str(cause), cloudpickle_at_sender=True)}") from error
    raise_node_error(name, error)


def _error_of(status_ref: ray.ObjectRef, value_ref: ray.ObjectRef) -> Exception | None:
    """What a finished task failed with, if it did (its status return is tiny: fetching it costs nothing)."""
    try:
        ray.get(status_ref)
    except Exception as exc:
        try:
            ray.get(value_ref)  # seen, so Ray does not log it as an unhandled error
        except Exception:
            pass
        return exc
    return None


def _cancel(context: RunContext, pending: dict[ray.ObjectRef, Submitted], why: str) -> None:
    """Cancel every unfinished task; each gets its after-node hook with a ``CancelledError``."""
    for step, kwargs, value_ref, _ in pending.values():
        ray.cancel(value_ref)
        context.after_node(step.node, kwargs, None, CancelledError(f"cancelled: {why}"), 0.0)
    pending.clear()
