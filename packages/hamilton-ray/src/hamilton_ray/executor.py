"""``RayTaskExecutor``: the items of ``Parallelizable`` blocks as Ray tasks.

from hamilton_ray import RayTaskExecutor

dr = (
    driver.Builder()
    .with_modules(my_functions)
    .enable_dynamic_execution(allow_experimental_mode=True)
    .with_remote_executor(RayTaskExecutor(num_cpus=4))
    .build()
)
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Mapping
from typing import Any

import ray
from hamilton.execution.executors import TaskExecutor
from hamilton.shipping import ByReference, Shipper
from ray import cloudpickle

from hamilton_ray._starting import start_ray

__all__ = ["RayTaskExecutor"]

_remote_call: Any = None


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class RayTaskExecutor(TaskExecutor):
    """Runs tasks as Ray tasks (``max_retries=0``: a task that dies fails the run at once).

    :param num_cpus: CPUs for ``ray.init`` when this executor starts Ray (all cores if ``None``).
    :param ray_init_config: more keyword arguments for ``ray.init`` (``{"address": "ray://host:10001"}``).
    :param skip_init: use the Ray already running in this process; never start or stop one.
    :param by_reference: the code of your own modules (not installed in the environment)
        travels by value, with Ray's cloudpickle; name top-level packages the workers import
        themselves, or ``True`` to send everything by reference.

    Ray starts on first use, unless it runs already; ``finalize()`` stops it if this executor
    started it. Up to two tasks per CPU of the cluster are in flight.
    """

    in_process = False

    def __init__(
        self,
        num_cpus: int | None = None,
        ray_init_config: Mapping[str, Any] | None = None,
        skip_init: bool = False,
        by_reference: ByReference = (),
    ) -> None:
        self.num_cpus = num_cpus
        self.by_reference = by_reference
        self.ray_init_config = dict(ray_init_config or {})
        self.skip_init = skip_init
        self._started_ray = False
        self.max_tasks = 2

    def init(self) -> None:
        if not self.skip_init:
            config = dict(self.ray_init_config)
            if self.num_cpus is not None:
                config.setdefault("num_cpus", self.num_cpus)
            self._started_ray = start_ray(config) or self._started_ray
        self.max_tasks = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))

    def finalize(self) -> None:
        if self._started_ray and ray.is_initialized():
            ray.shutdown()
        self._started_ray = False

    def shipper(self) -> Shipper:
        return Shipper(self.by_reference, pickler=cloudpickle, wrap=True)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        global _remote_call
        if _remote_call is None:
            _remote_call = ray.remote(max_retries=0, retry_exceptions=False)(_call)
        return _remote_call.remote(fn, *args).future()
