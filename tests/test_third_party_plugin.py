"""A plugin installed from its own distribution extends hamilton without touching the core."""

import pytest
from hamilton import base, driver, registry
from hamilton.testing import LifecycleHookContract, ResultBuilderContract, module_from_source

plugin = pytest.importorskip("hamilton_progress.plugin", reason="tests/third_party_plugin is not installed")


@pytest.fixture
def module():
    return module_from_source(
        "third_party_dataflow",
        "def a(x: int) -> int:\n    return x + 1\n\ndef b(a: int) -> int:\n    return a * 2\n",
    )


def test_it_is_listed_with_its_distribution():
    listing = {p["name"]: p for p in registry.plugins()}
    assert listing["progress"]["distribution"] == "hamilton-progress-example"
    assert listing["progress"]["loaded"] is True
    assert listing["progress"]["hooks"] == ["hamilton_after_node", "hamilton_register_result_builders"]


def test_its_result_builder_is_available_by_name(module):
    builder = registry.result_builders()["text_table"]
    dr = driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(builder()))
    assert dr.execute(["a", "b"], inputs={"x": 1}) == "a | 2\nb | 4"


def test_its_lifecycle_hook_runs_on_every_driver(module):
    plugin.FINISHED.clear()
    driver.Driver({}, module, adapter=base.DictResult()).execute(["b"], inputs={"x": 1})
    (run_a, name_a), (run_b, name_b) = plugin.FINISHED
    assert (name_a, name_b) == ("a", "b") and run_a == run_b


class TestItsHooksHonourTheContract(LifecycleHookContract):
    @pytest.fixture
    def hook(self):
        return plugin


class TestItsResultBuilderHonoursTheContract(ResultBuilderContract):
    registered_name = "text_table"

    @pytest.fixture
    def builder(self):
        return plugin.TextTableResult

    @pytest.fixture
    def outputs(self):
        return {"a": 2, "b": "x"}

    @pytest.fixture
    def expected(self):
        return "a | 2\nb | 'x'"
