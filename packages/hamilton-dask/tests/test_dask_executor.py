"""DaskExecutor: the items of Parallelizable blocks as tasks on a real LocalCluster."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")

from hamilton import base, driver  # noqa: E402
from hamilton.testing import TaskExecutorContract, module_from_source, random_fanout  # noqa: E402
from hamilton_dask import DaskExecutor, DaskGraphAdapter  # noqa: E402


class TestDaskExecutor(TaskExecutorContract):
    @pytest.fixture
    def task_executor(self, dask_client):
        return DaskExecutor(client=dask_client)


def test_two_tasks_per_worker_thread_are_in_flight(dask_client):
    executor = DaskExecutor(client=dask_client)
    executor.init()
    assert executor.max_tasks == 2 * sum(dask_client.nthreads().values()) and not executor.in_process


def test_without_a_client_it_uses_the_current_one(dask_client):
    with dask_client.as_current():
        executor = DaskExecutor()
        executor.init()
        assert executor.client is dask_client
        executor.finalize()  # not its own: the client stays open
    assert dask_client.status == "running"


def test_the_graph_adapter_points_at_the_executor_for_blocks(dask_client):
    fan = random_fanout(3, name="dask_adapter_refuses_blocks")
    dr = driver.Driver({}, fan.module, adapter=[base.DictResult(), DaskGraphAdapter(dask_client)])
    with pytest.raises(TypeError, match=r"with_remote_executor\(hamilton_dask.DaskExecutor"):
        dr.raw_execute(fan.collects, inputs={"seed_value": 1, "n_items": 3})


def test_the_originals_import_path(dask_client):
    from hamilton.plugins import h_dask

    assert h_dask.DaskExecutor is DaskExecutor
    module = module_from_source(
        "dask_executor_original_path",
        "from hamilton.htypes import Collect, Parallelizable\n\n"
        "def item(n: int) -> Parallelizable[int]:\n    return range(n)\n\n"
        "def total(item: Collect[int]) -> int:\n    return sum(item)\n",
    )
    dr = (
        driver.Builder()
        .with_modules(module)
        .with_adapters(base.DictResult())
        .enable_dynamic_execution(allow_experimental_mode=True)
        .with_remote_executor(h_dask.DaskExecutor(client=dask_client))
        .build()
    )
    assert dr.execute(["total"], inputs={"n": 5}) == {"total": 10}
