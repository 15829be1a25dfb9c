"""A decorator family from its own distribution works without touching the core, and honours the contract."""

import pytest
from hamilton import base, driver
from hamilton.testing import DecoratorContract

scaled = pytest.importorskip("hamilton_scaled", reason="tests/third_party_decorator is not installed")

SOURCE = """
from hamilton.function_modifiers import extract_fields, tag
from hamilton_scaled import also_scaled

@also_scaled(by=3)
def base_value(x: int) -> int:
    return x + 1

@tag(kind="bounds", target_=...)
@also_scaled(by=10, target_="high")
@extract_fields({"low": int, "high": int})
def bounds(base_value: int) -> dict:
    return {"low": base_value - 1, "high": base_value + 1}
"""


class TestAlsoScaled(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(SOURCE)

    @pytest.fixture
    def expected_nodes(self):
        return {"base_value", "base_value_scaled", "bounds", "low", "high", "high_scaled"}

    @pytest.fixture
    def expected_values(self):
        return {"base_value_scaled": 6, "high_scaled": 30, "low": 1}

    @pytest.fixture
    def inputs(self):
        return {"x": 1}


def test_it_stacks_with_the_core_decorators_in_the_documented_order(dataflow_module):
    dr = driver.Driver({}, dataflow_module(SOURCE), adapter=base.DictResult())
    variables = {v.name: v for v in dr.list_available_variables()}
    # transformers run before decorators: @tag(target_=...) sees the scaled node too
    assert variables["high_scaled"].tags == {"kind": "bounds"}
    assert variables["bounds"].tags == {"kind": "bounds"}
    assert {v.name for v in dr.what_is_upstream_of("high_scaled")} == {
        "high_scaled",
        "high",
        "bounds",
        "base_value",
        "x",
    }


def test_a_bad_argument_is_refused_when_decorating():
    from hamilton.function_modifiers import InvalidDecoratorException

    with pytest.raises(InvalidDecoratorException, match="takes a number"):
        scaled.also_scaled(by="3")


def test_config_decides_before_it_runs(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import config
        from hamilton_scaled import also_scaled

        @also_scaled(by=2)
        @config.when(region="US")
        def spend__us(x: int) -> int:
            return x
        """
    )
    assert {v.name for v in driver.Driver({"region": "US"}, module).list_available_variables()} >= {
        "spend",
        "spend_scaled",
    }
    assert "spend_scaled" not in {v.name for v in driver.Driver({"region": "EU"}, module).list_available_variables()}
