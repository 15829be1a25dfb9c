from __future__ import annotations

import itertools
import textwrap

import pytest
from hamilton.testing import module_from_source

distributed = pytest.importorskip("distributed")

_counter = itertools.count()


@pytest.fixture(scope="session")
def dask_client():
    """One real LocalCluster for the session: two worker processes of one thread each."""
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture
def make_module():
    """A uniquely named in-memory module from dedented source (shipped to workers by value)."""

    def make(source: str):
        return module_from_source(f"dask_dataflow_{next(_counter)}", textwrap.dedent(source))

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
