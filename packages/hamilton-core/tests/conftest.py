from __future__ import annotations

import textwrap

import pytest
from hamilton import base, plugins
from hamilton.testing import module_from_source


@pytest.fixture
def make_module(request):
    """Build a uniquely named module from dedented source."""
    counter = iter(range(10_000))

    def make(source: str, name: str | None = None):
        name = (
            name
            or f"dataflow_{request.node.name.replace('[', '_').replace(']', '_').replace('-', '_')}_{next(counter)}"
        )
        return module_from_source(name, textwrap.dedent(source))

    return make


@pytest.fixture
def dict_adapter():
    return base.SimplePythonGraphAdapter(base.DictResult())


@pytest.fixture
def fresh_plugins():
    """Forget loaded plugins before and after the test (for tests that fake entry points)."""
    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture
def core_only(monkeypatch, fresh_plugins):
    """Load no entry-point plugin but the core's own, whatever is installed."""
    monkeypatch.setenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "1")
