from __future__ import annotations

import pytest
from hamilton import base, plugins


@pytest.fixture
def dict_adapter():
    return base.SimplePythonGraphAdapter(base.DictResult())


@pytest.fixture
def fresh_plugins():
    """Forget loaded plugins before and after the test (for tests that fake entry points)."""
    plugins.reset()
    yield
    plugins.reset()
