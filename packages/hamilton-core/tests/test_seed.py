"""The seed document's snippets that need only the core, run as written."""

import abc
import importlib
import typing

import pytest
from hamilton import base, driver
from hamilton.testing import module_from_source

MY_FUNCTIONS = '''
from hamilton.function_modifiers import config

def desired_output1(base_value: int) -> int:
    return base_value + 1

def desired_output2(desired_output1: int, region: str) -> str:
    return f"{region}:{desired_output1}"

@config.when(business_line="CA")
def avg_rolling_spend__CA(spend: list) -> float:
    """Rolling average of spend in the canada region."""
    return sum(spend[-3:]) / 3

@config.when(business_line="US")
def avg_rolling_spend__US(spend: list) -> float:
    """Rolling average of spend in the US region."""
    return sum(spend[-2:]) / 2
'''


@pytest.fixture
def my_functions():
    return module_from_source("my_functions", MY_FUNCTIONS)


def test_basic_structure_with_a_dict_result(my_functions):
    # 1. Setup config.
    config = {"region": "US", "business_line": "US"}
    # 2. we need to tell hamilton where to load function definitions from
    module_name = "my_functions"
    module = importlib.import_module(module_name)
    adapter = base.SimplePythonGraphAdapter(base.DictResult())
    dr = driver.Driver(config, module, adapter=adapter)
    result = dr.execute(["desired_output1", "desired_output2"], inputs={"base_value": 41})
    assert result == {"desired_output1": 42, "desired_output2": "US:42"}


@pytest.mark.parametrize(("business_line", "expected"), [("CA", 20.0), ("US", 25.0)])
def test_config_when_chooses_the_implementation(my_functions, business_line, expected):
    adapter = base.SimplePythonGraphAdapter(base.DictResult())
    dr = driver.Driver({"business_line": business_line}, my_functions, adapter=adapter)
    assert dr.execute(["avg_rolling_spend"], inputs={"spend": [10, 20, 30]}) == {"avg_rolling_spend": expected}


def test_region_as_input_or_as_config(my_functions):
    adapter = base.SimplePythonGraphAdapter(base.DictResult())
    as_input = driver.Driver({}, my_functions, adapter=adapter)
    as_config = driver.Driver({"region": "US"}, my_functions, adapter=adapter)
    assert as_input.execute(["desired_output2"], inputs={"region": "US", "base_value": 1}) == {
        "desired_output2": "US:2"
    }
    assert as_config.execute(["desired_output2"], inputs={"base_value": 1}) == {"desired_output2": "US:2"}


def test_overrides_replace_a_transform(my_functions):
    dr = driver.Driver({"region": "US"}, my_functions, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    assert dr.execute(["desired_output2"], overrides={"desired_output1": 100}) == {"desired_output2": "US:100"}


def test_result_mixin_is_the_seed_interface():
    assert issubclass(base.HamiltonGraphAdapter, base.ResultMixin)
    assert isinstance(base.ResultMixin.__dict__["build_result"], staticmethod)
    assert getattr(base.ResultMixin.build_result, "__isabstractmethod__", False)
    assert isinstance(base.ResultMixin, abc.ABCMeta)
    hints = typing.get_type_hints(base.ResultMixin.build_result)
    assert hints["return"] is typing.Any


def test_own_result_builder_through_simple_python_graph_adapter(my_functions):
    class KeysResult(base.ResultMixin):
        @staticmethod
        def build_result(**outputs: typing.Dict[str, typing.Any]) -> typing.Any:  # noqa: UP006 - seed spelling
            return sorted(outputs)

    dr = driver.Driver({"region": "x"}, my_functions, adapter=base.SimplePythonGraphAdapter(KeysResult()))
    assert dr.execute(["desired_output2", "desired_output1"], inputs={"base_value": 0}) == [
        "desired_output1",
        "desired_output2",
    ]


def test_calling_execute_in_succession_with_inputs(my_functions):
    dr = driver.Driver({"region": "EU"}, my_functions, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    assert [dr.execute(["desired_output2"], inputs={"base_value": i})["desired_output2"] for i in range(3)] == [
        "EU:1",
        "EU:2",
        "EU:3",
    ]


def test_wrapper_driver_delegates(my_functions):
    class MyCustomDriver:
        def __init__(self, constructor_arg):
            self.constructor_arg = constructor_arg
            self.outputs = ["desired_output1"]

        def my_execute_function(self, arg1):
            """What actually calls the Hamilton"""
            dr = driver.Driver(
                self.constructor_arg, my_functions, adapter=base.SimplePythonGraphAdapter(base.DictResult())
            )
            df = dr.execute(self.outputs, inputs={"base_value": arg1})
            return self.augment(df)

        def augment(self, df):
            return {**df, "augmented": True}

    assert MyCustomDriver({}).my_execute_function(1) == {"desired_output1": 2, "augmented": True}
