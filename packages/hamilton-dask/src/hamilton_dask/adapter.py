"""``DaskGraphAdapter``: the whole plan submitted at once, as Dask futures that depend on futures.

State of one run, defined before any code:

- ``futures``: node name -> its ``distributed.Future``, filled in plan order while
  submitting; a step's upstream futures go into its arguments, so the scheduler,
  not this process, decides when it runs. Only the outputs' futures outlive the
  submission, so the cluster frees an intermediate value once its readers ran.
- ``pending``: future key -> ``Submitted(step, kwargs, future, at)`` for every step
  not yet seen completing; ``kwargs`` holds the upstream futures, which is how a
  failure is traced back to the node that raised first.
- ``completions``: ``distributed.as_completed`` over every step's future; with
  after-node hooks installed each value is then brought back to this process.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Mapping
from concurrent.futures import CancelledError
from typing import Any, NamedTuple

import cloudpickle
from distributed import Client, Future, as_completed
from distributed.scheduler import KilledWorker
from hamilton.execution import RunContext, raise_node_error
from hamilton.executors import (
    ExecutorAdapter,
    SerializationError,
    WorkerDiedError,
    refuse_node_plugins,
)
from hamilton.plan import Plan, Step
from hamilton.plugins import hookimpl
from hamilton.shipping import ByReference, Shipper

from hamilton_dask._worker import UNSERIALIZABLE, call_node

__all__ = ["DaskGraphAdapter", "Submitted"]


class Submitted(NamedTuple):
    step: Step
    kwargs: dict[str, Any]
    future: Future
    at: float


class DaskGraphAdapter(ExecutorAdapter):
    """Runs every node as a task on a Dask cluster; only the requested outputs come back.

    :param client: a ``distributed.Client``, a scheduler address (``"tcp://host:8786"``),
        or ``None`` for the current default client (or, if there is none, a new local
        cluster of this machine's cores). Workers need the node functions' modules
        and ``hamilton-dask`` installed, as for any Dask task.
    :param result_builder: builds what ``execute`` returns (the Driver's default if ``None``).
    :param timeout: seconds a run may take before its unfinished nodes are cancelled and
        ``TimeoutError`` is raised (``None``: no limit).
    :param by_reference: the code of your own modules (not installed in the environment)
        travels to the workers by value, so a fresh cluster needs no copy of it; name
        top-level packages here that the workers import themselves, or pass ``True`` to
        send everything by reference (see ``hamilton.shipping``).

    Hooks: ``hamilton_before_node`` fires for every node when the plan is submitted, its
    ``kwargs`` holding ``distributed.Future`` objects for upstream values;
    ``hamilton_after_node`` fires as each node's future completes, with the seconds from
    submission to completion, and with its value if a hook takes ``result`` (every value
    then travels to this process; hooks that do not take it cost no transfer). After a
    failure the unfinished nodes are cancelled and get ``hamilton_after_node`` with a
    ``concurrent.futures.CancelledError``.
    """

    def __init__(
        self,
        client: Client | str | None = None,
        result_builder: Any = None,
        timeout: float | None = None,
        by_reference: ByReference = (),
    ) -> None:
        if client is not None and not isinstance(client, Client | str):
            raise TypeError(f"client must be a distributed.Client, a scheduler address or None, not {client!r}.")
        self._given = client
        self._client: Client | None = client if isinstance(client, Client) else None
        self._owned = False
        super().__init__(result_builder)
        self.timeout = timeout
        self.by_reference = by_reference

    @property
    def client(self) -> Client:
        """The client, connected (or its local cluster started) on first use."""
        if self._client is None:
            if isinstance(self._given, str):
                self._client, self._owned = Client(self._given), True
            else:
                try:
                    self._client = Client.current()
                except ValueError:  # no client in this process yet
                    self._client, self._owned = Client(), True
        return self._client

    def close(self) -> None:
        """Close the client (and the local cluster) if this adapter opened them."""
        if self._client is not None and self._owned:
            self._client.close()
            self._client, self._owned = None, False

    def __enter__(self) -> DaskGraphAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @hookimpl
    def hamilton_execute_plan(self, plan: Plan, context: RunContext) -> Mapping[str, Any]:
        refuse_node_plugins(context, "DaskGraphAdapter", wrappers_too=True)
        if plan.blocks:
            raise TypeError(
                "DaskGraphAdapter submits every node before any runs, but the items of a Parallelizable node are "
                "known only once it runs. Use dynamic execution: driver.Builder().with_modules(...)"
                ".enable_dynamic_execution(allow_experimental_mode=True).with_remote_executor(hamilton_dask.DaskExecutor(client=client))."
            )
        client = self.client
        pending, output_futures = _submit(client, context, Shipper(self.by_reference, pickler=cloudpickle, wrap=True))
        fetched = _follow(client, context, pending, self.timeout)
        missing = [name for name in output_futures if name not in fetched]
        try:
            fetched.update(zip(missing, client.gather([output_futures[name] for name in missing]), strict=True))
        except Exception:  # one of them cannot be unpickled here: find which, one by one
            for name in missing:
                fetched[name] = _value(name, output_futures[name])
        values = context.values
        return {name: fetched[name] if name in fetched else values[name] for name in plan.outputs}


def _submit(client: Client, context: RunContext, shipper: Shipper) -> tuple[dict[str, Submitted], dict[str, Future]]:
    """Every step as a future, in plan order; returns ``pending`` and the outputs' futures."""
    futures: dict[str, Future] = {}
    pending: dict[str, Submitted] = {}
    values = context.values
    for step in context.plan.steps:
        kwargs = {dep: futures[dep] if dep in futures else values[dep] for dep in step.deps}
        context.before_node(step.node, kwargs)
        try:
            fn = shipper.ship(step.node)
            # a dict argument, not **kwargs: a node parameter may be named like one of submit's (key, workers...)
            future = client.submit(call_node, fn, kwargs, key=f"{step.name}-{context.run_id}", pure=False)
        except (TypeError, pickle.PicklingError) as exc:  # cloudpickle, then Dask, serialize the task right here
            error = SerializationError(step.name, exc)
            context.after_node(step.node, kwargs, None, error, 0.0)
            _cancel(client, context, pending, f"node {step.name!r} could not be sent")
            raise error from exc
        futures[step.name] = future
        pending[future.key] = Submitted(step, kwargs, future, time.perf_counter())
    wanted = set(context.plan.outputs)
    return pending, {name: future for name, future in futures.items() if name in wanted}


def _follow(
    client: Client, context: RunContext, pending: dict[str, Submitted], timeout: float | None
) -> dict[str, Any]:
    """Watch the futures complete and fire after-node hooks; raise at the first failure.

    Returns the outputs' values fetched for the hooks (only with after-node hooks installed).
    """
    fetch = context.wants_results
    wanted = set(context.plan.outputs)
    fetched: dict[str, Any] = {}
    # without with_results: as_completed stalls for good on a value that fails to deserialize here
    completions = as_completed([entry.future for entry in pending.values()], loop=client.loop, timeout=timeout)
    try:
        for future in completions:
            if future.status != "finished":
                _fail(client, context, future, pending)
            step, kwargs, _, submitted = pending.pop(future.key)
            value = _value(step.name, future) if fetch else None
            if fetch and step.name in wanted:
                fetched[step.name] = value
            context.after_node(step.node, kwargs, value, None, time.perf_counter() - submitted)
    except TimeoutError:
        names = ", ".join(repr(entry.step.name) for entry in pending.values())
        _cancel(client, context, pending, "the run timed out")
        raise TimeoutError(
            f"The Dask run did not finish within {timeout} s; cancelled the unfinished nodes {names}. "
            f"Check that the cluster has workers, or raise DaskGraphAdapter(timeout=...)."
        ) from None
    return fetched


def _value(name: str, future: Future) -> Any:
    """A finished node's value, brought to this process."""
    try:
        return future.result()
    except Exception as exc:  # it left the worker but cannot be unpickled here
        raise SerializationError(name, exc) from exc


def _fail(client: Client, context: RunContext, future: Future, pending: dict[str, Submitted]) -> None:
    """Raise the error of the node that failed first upstream of ``future``, as a local run would."""
    entry = pending[future.key]
    # Dask marks every reader of a failed node as failed too: walk up to the node that raised
    while True:
        upstream = [
            pending[dep.key]
            for dep in entry.kwargs.values()
            if isinstance(dep, Future) and dep.key in pending and dep.status == "error"
        ]
        if not upstream:
            break
        entry = upstream[0]
    del pending[entry.future.key]
    name = entry.step.name
    if entry.future.status == "error":
        exc = entry.future.exception()
    else:
        exc = CancelledError(f"the Dask future of node {name!r} was cancelled outside this run")
    context.after_node(entry.step.node, entry.kwargs, None, exc, time.perf_counter() - entry.at)
    _cancel(client, context, pending, f"node {name!r} failed")
    if isinstance(exc, KilledWorker):
        raise WorkerDiedError([name], "A Dask worker", f"Dask says: {exc}") from exc
    if getattr(exc, UNSERIALIZABLE, False):
        raise SerializationError(name, exc) from exc
    raise_node_error(name, exc)


def _cancel(client: Client, context: RunContext, pending: dict[str, Submitted], why: str) -> None:
    """Cancel every unfinished node; each gets its after-node hook with a ``CancelledError``."""
    client.cancel([entry.future for entry in pending.values()])
    for step, kwargs, _, submitted in pending.values():
        error = CancelledError(f"cancelled: {why}")
        context.after_node(step.node, kwargs, None, error, time.perf_counter() - submitted)
    pending.clear()
