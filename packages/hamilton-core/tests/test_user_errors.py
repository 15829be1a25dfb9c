"""Errors and warnings a user meets: each names what is wrong and how to fix it, and loses nothing."""

import errno
import pickle

import pytest
from hamilton import base, driver
from hamilton.driver import OverrideTypeWarning, UnknownOverrideWarning
from hamilton.errors import ExecutionError, NodeExecutionError
from hamilton.plugins import hookimpl

MARKETING = """
from hamilton.function_modifiers import config


def spend(spend_data: list) -> list:
    return spend_data


@config.when(business_line="CA")
def avg_rolling_spend__CA(spend: list) -> float:
    return sum(spend[-3:]) / 3


def signups(visits: int) -> int:
    return visits // 10
"""


@pytest.fixture
def marketing(dataflow_module):
    return dataflow_module(MARKETING)


def test_an_output_left_out_by_config_says_which_function_and_condition(marketing):
    dr = driver.Driver({"business_line": "US"}, marketing, adapter=base.DictResult())
    with pytest.raises(ExecutionError) as caught:
        dr.execute(["avg_rolling_spend"], inputs={"spend_data": [1, 2, 3]})
    message = str(caught.value)
    assert "'avg_rolling_spend' is not in this DAG" in message
    assert f"{marketing.__name__}.avg_rolling_spend__CA (business_line='CA')" in message
    assert "{'business_line': 'US'}" in message
    with pytest.raises(ExecutionError, match=r"business_line='CA'"):
        dr.visualize_execution(["avg_rolling_spend"], None, {})


def test_an_unknown_output_still_suggests_close_names(marketing):
    dr = driver.Driver({"business_line": "CA"}, marketing, adapter=base.DictResult())
    with pytest.raises(ExecutionError, match=r"'signup' is not a node.*did you mean 'signups'"):
        dr.execute(["signup"], inputs={"visits": 10})


def test_an_override_naming_no_node_warns_with_close_names_and_is_ignored(marketing):
    dr = driver.Driver({"business_line": "CA"}, marketing, adapter=base.DictResult())
    with pytest.warns(UnknownOverrideWarning, match=r"'spnd' \(did you mean 'spend'\?\).*ignored"):
        result = dr.execute(["signups"], inputs={"visits": 100}, overrides={"spnd": [1]})
    assert result == {"signups": 10}


def test_an_override_whose_value_does_not_fit_its_node_warns_naming_both_types(marketing):
    dr = driver.Driver({"business_line": "CA"}, marketing, adapter=base.DictResult())
    with pytest.warns(OverrideTypeWarning, match=r"override of 'signups' is a str, but the node returns int"):
        assert dr.execute(["signups"], overrides={"signups": "many"}) == {"signups": "many"}


def test_an_override_that_fits_by_a_plugin_rule_does_not_warn(marketing, recwarn):
    class StrIsInt:
        @hookimpl
        def hamilton_check_input_type(self, node_type, input_value):
            return True if node_type is int and isinstance(input_value, str) else None

    dr = driver.Driver({"business_line": "CA"}, marketing, adapter=[base.DictResult(), StrIsInt()])
    dr.execute(["signups"], overrides={"signups": "many"})
    assert not [w for w in recwarn if issubclass(w.category, OverrideTypeWarning)]


def test_config_values_are_type_checked_like_inputs(dataflow_module):
    module = dataflow_module("def doubled(a: int) -> int:\n    return a * 2\n")
    dr = driver.Driver({"a": "x"}, module, adapter=base.DictResult())
    with pytest.raises(ExecutionError, match=r"config 'a' is a str, but 'doubled' declares int"):
        dr.execute(["doubled"])
    assert driver.Driver({"a": 2}, module, adapter=base.DictResult()).execute(["doubled"]) == {"doubled": 4}


@pytest.mark.parametrize("config", ["abc", [("a", 1)], 3])
def test_a_config_that_is_not_a_mapping_says_so(dataflow_module, config):
    module = dataflow_module("def one() -> int:\n    return 1\n")
    with pytest.raises(TypeError, match=r"config must be a mapping of config keys to values"):
        driver.Driver(config, module)


class AfterNode:
    @hookimpl
    def hamilton_after_node(self, node):
        pass


@pytest.mark.parametrize("engine", ["sequential", "per-node hook", "threads", "processes"])
def test_positional_only_parameters_work_on_every_engine(dataflow_module, engine):
    module = dataflow_module(
        "def first(x: int) -> int:\n    return x\n\n"
        "def second(first: int, /, x: int) -> int:\n    return first * 10 + x\n"
    )
    extra = {"sequential": [], "per-node hook": [AfterNode()], "threads": ["threads"], "processes": ["processes"]}
    dr = driver.Driver({}, module, adapter=[base.DictResult(), *extra[engine]])
    assert dr.execute(["second"], inputs={"x": 3}) == {"second": 33}


def test_a_positional_only_node_pickles(dataflow_module):
    module = dataflow_module("def second(first: int, /) -> int:\n    return first + 1\n")
    node = driver.Driver({}, module, adapter=base.DictResult()).graph.nodes["second"]
    assert pickle.loads(pickle.dumps(node.callable))(first=1) == 2


def test_an_os_error_keeps_errno_and_filename(dataflow_module):
    module = dataflow_module("def data(path: str) -> str:\n    return open(path).read()\n")
    dr = driver.Driver({}, module, adapter=base.DictResult())
    with pytest.raises(OSError) as caught:
        dr.execute(["data"], inputs={"path": "/no/such/file.csv"})
    error = caught.value
    assert isinstance(error, FileNotFoundError) and isinstance(error, NodeExecutionError)
    assert (error.errno, error.filename) == (errno.ENOENT, "/no/such/file.csv")
    assert error.node_name == "data" and "'data'" in str(error)


def test_an_exception_whose_str_raises_keeps_its_type_and_the_node(dataflow_module):
    module = dataflow_module(
        "class Unprintable(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n\n"
        "def broken(x: int) -> int:\n    raise Unprintable()\n"
    )
    dr = driver.Driver({}, module, adapter=base.DictResult())
    with pytest.raises(module.Unprintable) as caught:
        dr.execute(["broken"], inputs={"x": 1})
    assert caught.value.node_name == "broken"
    assert str(caught.value).startswith("Node 'broken' raised Unprintable: <str() of this exception raised")
