"""``DaskExecutor``: the items of ``Parallelizable`` blocks as tasks on a Dask cluster.

from hamilton.execution import executors
from hamilton_dask import DaskExecutor

dr = (
    driver.Builder()
    .with_modules(my_functions)
    .enable_dynamic_execution(allow_experimental_mode=True)
    .with_remote_executor(DaskExecutor(client=client))
    .build()
)
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from typing import Any

import cloudpickle
from distributed import Client, Future
from hamilton.execution.executors import TaskExecutor
from hamilton.shipping import ByReference, Shipper

__all__ = ["DaskExecutor"]


class DaskExecutor(TaskExecutor):
    """Runs tasks on a Dask cluster: each batch of items a ``client.submit``.

    :param client: a ``distributed.Client``; ``None`` uses the current default client (a
        new local cluster of this machine's cores if there is none, closed by ``finalize()``).
    :param by_reference: the code of your own modules (not installed in the environment)
        travels by value; name top-level packages the workers import themselves, or
        ``True`` to send everything by reference.

    Workers need ``hamilton-core`` and the libraries the nodes import, as for any Dask task.
    Up to two tasks per worker thread are in flight, so a worker finds its next batch
    waiting when it finishes one.
    """

    in_process = False

    def __init__(self, *, client: Client | None = None, by_reference: ByReference = ()) -> None:
        if client is not None and not isinstance(client, Client):
            raise TypeError(f"client must be a distributed.Client or None, not {client!r}.")
        self.client = client
        self.by_reference = by_reference
        self._owned = False
        self.max_tasks = 2

    def init(self) -> None:
        if self.client is None:
            try:
                self.client = Client.current()
            except ValueError:  # no client in this process yet
                self.client, self._owned = Client(), True
        threads = sum(self.client.nthreads().values())
        self.max_tasks = max(2, 2 * threads)

    def finalize(self) -> None:
        if self._owned and self.client is not None:
            self.client.close()
            self.client, self._owned = None, False

    def shipper(self) -> Shipper:
        return Shipper(self.by_reference, pickler=cloudpickle, wrap=True)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        if self.client is None:
            self.init()
        assert self.client is not None
        future: cf.Future = cf.Future()
        dask_future = self.client.submit(fn, *args, pure=False)
        dask_future.add_done_callback(lambda done: _settle(future, done))
        future.add_done_callback(lambda settled: settled.cancelled() and dask_future.cancel())
        return future


def _settle(future: cf.Future, done: Future) -> None:
    """Runs in Dask's callback thread: the task's value (fetched here) or its error, on ``future``."""
    if future.done():
        return
    try:
        future.set_result(done.result())
    except BaseException as exc:
        future.set_exception(exc)
