from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")


@pytest.fixture(scope="session")
def ray_adapter():
    """A RayGraphAdapter on one local Ray of two CPUs for the whole session (started by the adapter if none runs)."""
    from hamilton import driver
    from hamilton.testing import module_from_source
    from hamilton_ray import RayGraphAdapter

    config = {
        "num_cpus": 2,
        "resources": {"from_ray_init_config": 1},
        "include_dashboard": False,
        "log_to_driver": False,
    }
    adapter = RayGraphAdapter(ray_init_config=config)
    adapter.ray_was_running = ray.is_initialized()  # another package's tests may have started Ray already
    # start Ray now, whatever test comes first: an adapter a test makes itself then joins this one
    first = module_from_source("ray_session_start", "def started() -> bool:\n    return True\n")
    assert driver.Driver({}, first, adapter=adapter).raw_execute(["started"]) == {"started": True}
    yield adapter
    adapter.shutdown()
    if not adapter.ray_was_running:
        assert not ray.is_initialized(), "a test left a Ray running that no adapter owns"
