"""RayTaskExecutor: the items of Parallelizable blocks as tasks on a real local Ray."""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")

from hamilton import base, driver  # noqa: E402
from hamilton.testing import TaskExecutorContract, random_fanout  # noqa: E402
from hamilton_ray import RayGraphAdapter, RayTaskExecutor  # noqa: E402


class TestRayTaskExecutor(TaskExecutorContract):
    @pytest.fixture
    def task_executor(self, ray_adapter):
        return RayTaskExecutor(skip_init=True)  # the session's Ray


def test_it_joins_a_running_ray_and_leaves_it_running(ray_adapter):
    executor = RayTaskExecutor(num_cpus=2)
    executor.init()
    assert executor.max_tasks == 2 * int(ray.cluster_resources()["CPU"]) and not executor.in_process
    executor.finalize()
    assert ray.is_initialized()


def test_the_graph_adapter_points_at_the_executor_for_blocks(ray_adapter):
    fan = random_fanout(4, name="ray_adapter_refuses_blocks")
    dr = driver.Driver({}, fan.module, adapter=[base.DictResult(), RayGraphAdapter()])
    with pytest.raises(TypeError, match=r"with_remote_executor\(hamilton_ray.RayTaskExecutor"):
        dr.raw_execute(fan.collects, inputs={"seed_value": 1, "n_items": 3})


def test_the_originals_import_path():
    from hamilton.plugins import h_ray

    assert h_ray.RayTaskExecutor is RayTaskExecutor
