"""Your own modules on a fresh Dask cluster whose workers cannot import them: sent by value."""

from __future__ import annotations

import importlib.util

import pytest

distributed = pytest.importorskip("distributed")

from hamilton import base, driver  # noqa: E402
from hamilton.errors import NodeExecutionError  # noqa: E402
from hamilton_dask import DaskGraphAdapter  # noqa: E402

GUARD = 120  # seconds: a worker that cannot unpickle a task makes Dask wait forever; fail instead

HELPERS = {
    "dask_remote_helpers": """
    FACTOR = 3

    def scale(x):
        return x * FACTOR
    """
}

FUNCTIONS = """
import dask_remote_helpers

OFFSET = 10

def doubled(x: int) -> int:
    return 2 * x + OFFSET

def scaled(doubled: int) -> int:
    return dask_remote_helpers.scale(doubled)
"""


@pytest.fixture(scope="module")
def fresh_client():
    """A cluster started for these tests, with worker processes of their own."""
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield client


def test_a_module_only_the_driver_can_import_runs_on_the_workers(driver_only_module, fresh_client):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    assert list(fresh_client.run(importlib.util.find_spec, module.__name__).values()) == [None]  # not on the workers
    adapter = DaskGraphAdapter(fresh_client, timeout=GUARD, result_builder=base.DictResult())
    dr = driver.Driver({}, module, adapter=adapter)
    assert dr.execute(["scaled"], inputs={"x": 1}) == {"scaled": 36}  # (2 * 1 + 10) * 3


def test_by_reference_makes_the_workers_import_it(driver_only_module, fresh_client):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    everything = DaskGraphAdapter(fresh_client, timeout=GUARD, result_builder=base.DictResult(), by_reference=True)
    with pytest.raises(ModuleNotFoundError, match=r"Node 'doubled'.*could not be loaded in this worker") as caught:
        driver.Driver({}, module, adapter=everything).execute(["scaled"], inputs={"x": 1})
    assert isinstance(caught.value, NodeExecutionError)
    assert f"No module named '{module.__name__}'" in str(caught.value)
    assert "leave it out of by_reference" in str(caught.value)
    # the packages named go by reference, the rest still by value
    named = DaskGraphAdapter(
        fresh_client, timeout=GUARD, result_builder=base.DictResult(), by_reference=["dask_remote_helpers"]
    )
    with pytest.raises(ModuleNotFoundError, match=r"Node 'scaled'.*No module named 'dask_remote_helpers'"):
        driver.Driver({}, module, adapter=named).execute(["scaled"], inputs={"x": 1})
