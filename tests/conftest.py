"""Executors for the cross-package tests: one Dask cluster and one Ray for the whole session."""

from __future__ import annotations

import pytest
from hamilton.executors import ProcessPoolGraphAdapter, ThreadPoolGraphAdapter


@pytest.fixture(scope="session")
def dask_adapter():
    """A DaskGraphAdapter on a local cluster of two worker processes."""
    distributed = pytest.importorskip("distributed")
    from hamilton_dask import DaskGraphAdapter

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield DaskGraphAdapter(client)


@pytest.fixture(scope="session")
def ray_adapter():
    """A RayGraphAdapter on a local Ray of two CPUs (joining one that already runs, and leaving it running)."""
    pytest.importorskip("ray")
    from hamilton_ray import RayGraphAdapter

    with RayGraphAdapter(
        ray_init_config={"num_cpus": 2, "include_dashboard": False, "log_to_driver": False}
    ) as adapter:
        adapter._ensure_ray()  # from the main thread, before any test starts a run from another thread
        yield adapter


@pytest.fixture(params=["threads", "processes", "dask", "ray"])
def any_executor(request):
    """Each of the four executors in turn."""
    if request.param == "threads":
        with ThreadPoolGraphAdapter(max_workers=3) as adapter:
            yield adapter
    elif request.param == "processes":
        with ProcessPoolGraphAdapter(max_workers=2) as adapter:
            yield adapter
    else:
        yield request.getfixturevalue(f"{request.param}_adapter")
