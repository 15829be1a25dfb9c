"""Your own modules on Ray workers that cannot import them: sent by value, no runtime_env needed."""

from __future__ import annotations

import importlib.util

import pytest

ray = pytest.importorskip("ray")

from hamilton import base, driver  # noqa: E402
from hamilton.errors import NodeExecutionError  # noqa: E402
from hamilton_ray import RayGraphAdapter  # noqa: E402

GUARD = 120  # seconds: fail rather than wait, whatever goes wrong on the workers

HELPERS = {
    "ray_remote_helpers": """
    FACTOR = 3

    def scale(x):
        return x * FACTOR
    """
}

FUNCTIONS = """
import ray_remote_helpers

OFFSET = 10

def doubled(x: int) -> int:
    return 2 * x + OFFSET

def scaled(doubled: int) -> int:
    return ray_remote_helpers.scale(doubled)
"""


def _workers_can_import(name: str) -> bool:
    return ray.get(ray.remote(importlib.util.find_spec).remote(name)) is not None


def test_a_module_only_the_driver_can_import_runs_on_the_workers(ray_adapter, driver_only_module):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    assert not _workers_can_import(module.__name__)
    adapter = RayGraphAdapter(result_builder=base.DictResult(), timeout=GUARD)
    dr = driver.Driver({}, module, adapter=adapter)
    assert dr.execute(["scaled"], inputs={"x": 1}) == {"scaled": 36}  # (2 * 1 + 10) * 3


def test_by_reference_makes_the_workers_import_it(ray_adapter, driver_only_module):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    everything = RayGraphAdapter(result_builder=base.DictResult(), timeout=GUARD, by_reference=True)
    with pytest.raises(ModuleNotFoundError, match=r"Node 'doubled'.*could not be loaded in this worker") as caught:
        driver.Driver({}, module, adapter=everything).execute(["scaled"], inputs={"x": 1})
    assert isinstance(caught.value, NodeExecutionError)
    assert f"No module named '{module.__name__}'" in str(caught.value)
    assert "leave it out of by_reference" in str(caught.value)
    # the packages named go by reference, the rest still by value
    named = RayGraphAdapter(result_builder=base.DictResult(), timeout=GUARD, by_reference=["ray_remote_helpers"])
    with pytest.raises(ModuleNotFoundError, match=r"Node 'scaled'.*No module named 'ray_remote_helpers'"):
        driver.Driver({}, module, adapter=named).execute(["scaled"], inputs={"x": 1})
