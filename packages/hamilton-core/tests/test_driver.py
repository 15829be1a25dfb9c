import threading
import typing

import pytest
from hamilton import base, driver
from hamilton.errors import ExecutionError, MissingInputsError, NodeExecutionError
from hamilton.plugins import hookimpl

SOURCE = """
def spend(raw_spend: list) -> int:
    '''Total spend.'''
    return sum(raw_spend)

def signups(raw_signups: list) -> int:
    return sum(raw_signups)

def cost_per_signup(spend: int, signups: int) -> float:
    return spend / signups

def scaled(cost_per_signup: float, scale: float = 1.0) -> float:
    return cost_per_signup * scale

def region_label(region: str) -> str:
    return region.upper()

def failing(spend: int) -> int:
    raise KeyError("no such key")
"""

INPUTS = {"raw_spend": [10, 20, 30], "raw_signups": [1, 2, 3]}


@pytest.fixture
def dr(dataflow_module, dict_adapter):
    return driver.Driver({"region": "us"}, dataflow_module(SOURCE), adapter=dict_adapter)


def test_execute_returns_the_requested_outputs(dr):
    assert dr.execute(["cost_per_signup", "spend"], inputs=INPUTS) == {"cost_per_signup": 10.0, "spend": 60}


def test_final_vars_may_be_functions(dr):
    fn = dr.graph.nodes["cost_per_signup"].callable
    assert dr.execute([fn], inputs=INPUTS) == {"cost_per_signup": 10.0}


def test_config_values_are_available_at_run_time(dr):
    assert dr.execute(["region_label"]) == {"region_label": "US"}


def test_optional_parameter_uses_its_default_or_an_input(dr):
    assert dr.execute(["scaled"], inputs=INPUTS) == {"scaled": 10.0}
    assert dr.execute(["scaled"], inputs={**INPUTS, "scale": 2.0}) == {"scaled": 20.0}


def test_raw_execute_returns_a_dict_without_building(dataflow_module):
    class Count(base.ResultMixin):
        @staticmethod
        def build_result(**outputs):
            return len(outputs)

    dr = driver.Driver({}, dataflow_module(SOURCE), adapter=base.SimplePythonGraphAdapter(Count()))
    assert dr.execute(["spend", "signups"], inputs=INPUTS) == 2
    assert dr.raw_execute(["spend", "signups"], inputs=INPUTS) == {"spend": 60, "signups": 6}


def test_overrides_skip_everything_upstream(dataflow_module, dict_adapter):
    calls = []
    module = dataflow_module(SOURCE)
    original = module.spend

    def counting_spend(raw_spend: list) -> int:
        calls.append(1)
        return original(raw_spend)

    counting_spend.__module__ = module.__name__
    counting_spend.__name__ = "spend"
    module.spend = counting_spend
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.execute(["cost_per_signup"], overrides={"spend": 600}, inputs={"raw_signups": [6]}) == {
        "cost_per_signup": 100.0
    }
    assert calls == []


def test_repeated_execution_with_new_inputs(dr):
    for n in range(1, 6):
        assert dr.execute(["spend"], inputs={"raw_spend": [n] * n}) == {"spend": n * n}


def test_concurrent_execution_from_threads(dr):
    errors, results = [], {}

    def work(n):
        try:
            for _ in range(200):
                got = dr.execute(["cost_per_signup"], inputs={"raw_spend": [n * 10], "raw_signups": [n]})
                assert got == {"cost_per_signup": 10.0}
            results[n] = dr.execute(["spend"], inputs={"raw_spend": [n]})
        except Exception as exc:  # collected for the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == {n: {"spend": n} for n in range(1, 9)}


def test_missing_inputs_lists_every_name_and_who_needs_it(dr):
    with pytest.raises(MissingInputsError) as caught:
        dr.execute(["cost_per_signup"])
    assert caught.value.missing == {"raw_spend": ["spend"], "raw_signups": ["signups"]}
    message = str(caught.value)
    assert "'raw_spend', needed by 'spend'" in message
    assert "'raw_signups', needed by 'signups'" in message


def test_unknown_output_suggests_close_matches(dr):
    with pytest.raises(ValueError, match=r"'cost_per_signups'.*did you mean 'cost_per_signup'"):
        dr.execute(["cost_per_signups"], inputs=INPUTS)


def test_inputs_and_config_must_be_disjoint(dr):
    with pytest.raises(ValueError, match=r"'region' given both in config and in inputs"):
        dr.execute(["region_label"], inputs={"region": "eu"})


def test_input_values_are_checked_against_annotations(dr):
    with pytest.raises(ExecutionError, match=r"input 'raw_spend' is a str, but 'spend' declares list"):
        dr.execute(["spend"], inputs={"raw_spend": "10"})


def test_failing_node_keeps_original_type_cause_and_names_the_node(dr):
    with pytest.raises(KeyError) as caught:
        dr.execute(["failing"], inputs=INPUTS)
    error = caught.value
    assert isinstance(error, NodeExecutionError)
    assert error.node_name == "failing"
    assert str(error) == "Node 'failing' raised KeyError: 'no such key'"
    assert isinstance(error.__cause__, KeyError) and error.__cause__.args == ("no such key",)


def test_validate_execution_reports_every_problem_at_once(dr):
    with pytest.raises(MissingInputsError) as caught:
        dr.validate_execution(["cost_per_signup", "nope", "region_label"], inputs={"raw_spend": 3, "region": "x"})
    problems = "\n".join(caught.value.problems)
    assert "'raw_signups', needed by 'signups'" in problems
    assert "'nope' is not a node" in problems
    assert "given both in config and in inputs" in problems
    assert "input 'raw_spend' is a int" in problems


def test_validate_execution_runs_nothing_and_passes_when_valid(dataflow_module, dict_adapter):
    module = dataflow_module("def boom(x: int) -> int:\n    raise RuntimeError('ran')\n")
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.validate_execution(["boom"], inputs={"x": 1}) is None


def test_list_available_variables(dr):
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend"].type is int
    assert variables["spend"].doc == "Total spend."
    assert variables["spend"].is_external_input is False
    assert variables["raw_spend"].is_external_input is True
    assert variables["raw_spend"].type is list
    assert variables["scale"].is_external_input is True
    assert "region" not in variables  # a config key, not an input


def test_adapter_may_be_a_bare_result_builder_or_none(dataflow_module):
    module = dataflow_module(SOURCE)
    assert driver.Driver({}, module, adapter=base.DictResult()).execute(["spend"], inputs=INPUTS) == {"spend": 60}
    with pytest.raises(TypeError, match=r"has no build_result\(\*\*outputs\), is no base\.HamiltonGraphAdapter"):
        driver.Driver({}, module, adapter=object())


def test_final_vars_must_be_a_list(dr):
    with pytest.raises(TypeError, match="wrap it in a list"):
        dr.execute("spend", inputs=INPUTS)


def test_union_and_any_inputs(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        import typing

        def f(a: typing.Optional[int], b: typing.Any, c: int | str) -> str:
            return f"{a}-{b}-{c}"
        """
    )
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.execute(["f"], inputs={"a": None, "b": object, "c": "x"})["f"].startswith("None-")
    with pytest.raises(ExecutionError, match="'c'"):
        dr.execute(["f"], inputs={"a": 1, "b": 1, "c": 1.5})
    assert typing.get_origin(dr.graph.nodes["f"].dependencies["a"]) is typing.Union


def test_requesting_an_input_passes_it_through_or_reports_it_missing(dr):
    assert dr.execute(["raw_spend", "spend"], inputs=INPUTS) == {"raw_spend": [10, 20, 30], "spend": 60}
    with pytest.raises(MissingInputsError, match=r"'raw_spend', needed by '\(requested as an output\)'"):
        dr.execute(["raw_spend"])


def test_an_input_named_like_a_node_overrides_it(dr):
    assert dr.execute(["cost_per_signup"], inputs={"spend": 100, "signups": 4}) == {"cost_per_signup": 25.0}


def test_forgetting_the_config_is_explained(dataflow_module):
    module = dataflow_module(SOURCE)
    with pytest.raises(TypeError, match=r"first argument is the config dict.*driver\.Driver\(\{\}, "):
        driver.Driver(module)
    with pytest.raises(TypeError, match="crawls modules"):
        driver.Driver({}, "my_functions")


class NeedsTwoArguments(Exception):
    def __init__(self, code, detail):
        super().__init__(code, detail)
        self.code = code


def test_node_error_keeps_a_rich_exception_type(dataflow_module, dict_adapter):
    module = dataflow_module("def f(x: int) -> int:\n    raise RICH(42, 'detail')\n")
    module.RICH = NeedsTwoArguments
    with pytest.raises(NeedsTwoArguments) as caught:
        driver.Driver({}, module, adapter=dict_adapter).execute(["f"], inputs={"x": 1})
    assert isinstance(caught.value, NodeExecutionError)
    assert caught.value.code == 42
    assert str(caught.value).startswith("Node 'f' raised NeedsTwoArguments")


def test_hook_hamilton_input_type_hint_completes_the_mismatch_message(dataflow_module, dict_adapter):
    module = dataflow_module("def total(values: tuple) -> int:\n    return sum(values)\n")

    class TupleHint:
        @hookimpl
        def hamilton_input_type_hint(self, node_type, input_value):
            return "convert it with tuple(...) first" if node_type is tuple else None

    dr = driver.Driver({}, module, adapter=[dict_adapter, TupleHint()])
    with pytest.raises(ExecutionError) as caught:
        dr.execute(["total"], inputs={"values": [1, 2]})
    assert (
        str(caught.value) == "input 'values' is a list, but 'total' declares tuple; convert it with tuple(...) first."
    )
    plain = driver.Driver({}, module, adapter=dict_adapter)
    with pytest.raises(ExecutionError, match=r"declares tuple\.$"):
        plain.execute(["total"], inputs={"values": [1, 2]})
