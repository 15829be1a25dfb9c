from __future__ import annotations

import itertools
import textwrap

import pytest
from hamilton.testing import module_from_source

ray = pytest.importorskip("ray")

_counter = itertools.count()


@pytest.fixture(scope="session")
def ray_adapter():
    """A RayGraphAdapter on one local Ray of two CPUs for the whole session (started by the adapter if none runs)."""
    from hamilton_ray import RayGraphAdapter

    config = {
        "num_cpus": 2,
        "resources": {"from_ray_init_config": 1},
        "include_dashboard": False,
        "log_to_driver": False,
    }
    adapter = RayGraphAdapter(ray_init_config=config)
    adapter.ray_was_running = ray.is_initialized()  # another package's tests may have started Ray already
    yield adapter
    adapter.shutdown()


@pytest.fixture
def make_module():
    """A uniquely named in-memory module from dedented source (shipped to workers by value)."""

    def make(source: str):
        return module_from_source(f"ray_dataflow_{next(_counter)}", textwrap.dedent(source))

    return make


@pytest.fixture
def only_core_plugins(monkeypatch):
    """No entry-point plugin but the core's (an installed one with after-node hooks changes what is fetched)."""
    from hamilton import plugins

    monkeypatch.setenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "1")
    plugins.reset()
    yield
    monkeypatch.delenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD")
    plugins.reset()
