"""Execution hooks: lifecycle order, stacked node wrappers, seed-style adapters."""

import time

import pluggy
import pytest
from hamilton import base, driver
from hamilton.hookspecs import Computed
from hamilton.plan import Plan
from hamilton.plugins import hookimpl

SOURCE = """
def a(x: int) -> int:
    return x + 1

def b(a: int) -> int:
    return a * 2

def flaky(a: int) -> int:
    FLAKY["calls"] += 1
    if FLAKY["calls"] < 3:
        raise ConnectionError("try again")
    return a
"""


@pytest.fixture
def module(dataflow_module):
    module = dataflow_module(SOURCE)
    module.FLAKY = {"calls": 0}
    return module


class Recorder:
    def __init__(self):
        self.events = []

    @hookimpl
    def hamilton_before_run(self, run_id, plan, final_vars):
        assert isinstance(plan, Plan)
        self.events.append(("before_run", tuple(final_vars), len(plan.steps)))

    @hookimpl
    def hamilton_before_node(self, run_id, node, kwargs):
        self.events.append(("before_node", node.name, dict(kwargs)))

    @hookimpl
    def hamilton_after_node(self, run_id, node, result, error, duration):
        self.events.append(("after_node", node.name, result, type(error).__name__ if error else None))

    @hookimpl
    def hamilton_after_run(self, run_id, results, error):
        self.events.append(("after_run", results, type(error).__name__ if error else None))


def test_hook_hamilton_before_run_and_friends_fire_in_order(module, dict_adapter):
    recorder = Recorder()
    dr = driver.Driver({}, module, adapter=[dict_adapter, recorder])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert recorder.events == [
        ("before_run", ("b",), 2),
        ("before_node", "a", {"x": 1}),
        ("after_node", "a", 2, None),
        ("before_node", "b", {"a": 2}),
        ("after_node", "b", 4, None),
        ("after_run", {"b": 4}, None),
    ]


def test_hook_hamilton_after_node_sees_the_error(module, dict_adapter):
    recorder = Recorder()
    dr = driver.Driver({}, module, adapter=[dict_adapter, recorder])
    with pytest.raises(ConnectionError):
        dr.execute(["flaky"], inputs={"x": 1})
    assert recorder.events[-2] == ("after_node", "flaky", None, "ConnectionError")
    assert recorder.events[-1][0] == "after_run" and recorder.events[-1][2] is not None


class Retry:
    """Retries the execution chain inside it: the first attempt through yield, the others through call_inner."""

    def __init__(self, attempts):
        self.attempts = attempts

    @hookimpl(wrapper=True, tryfirst=True)
    def hamilton_execute_node(self, node, call_inner):
        try:
            return (yield)
        except ConnectionError:
            for attempt in range(2, self.attempts + 1):
                try:
                    return call_inner()
                except ConnectionError:
                    if attempt == self.attempts:
                        raise


class Timing:
    def __init__(self):
        self.log = []

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node, kwargs):
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            self.log.append((node.name, time.perf_counter() - start))


class CountingExecutor:
    """A custom executor: runs the function itself and counts."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def hamilton_execute_node(self, node, kwargs):
        self.calls.append(node.name)
        return Computed(node.callable(**kwargs))


def test_hook_hamilton_execute_node_wrappers_stack(module, dict_adapter):
    retry, timing, executor = Retry(attempts=3), Timing(), CountingExecutor()
    dr = driver.Driver({}, module, adapter=[dict_adapter, executor, timing, retry])
    assert dr.execute(["flaky"], inputs={"x": 1}) == {"flaky": 2}
    # the executor ran a once and flaky three times; timing (inside retry) timed every attempt
    assert executor.calls == ["a", "flaky", "flaky", "flaky"]
    assert [name for name, _ in timing.log] == ["a", "flaky", "flaky", "flaky"]
    assert module.FLAKY["calls"] == 3


def test_retry_gives_up_after_its_attempts(module, dict_adapter):
    dr = driver.Driver({}, module, adapter=[dict_adapter, Retry(attempts=2)])
    with pytest.raises(ConnectionError) as caught:
        dr.execute(["flaky"], inputs={"x": 1})
    assert "'flaky'" in str(caught.value)
    assert module.FLAKY["calls"] == 2


def test_custom_executor_returning_none_is_not_run_twice(dataflow_module, dict_adapter):
    module = dataflow_module("def nothing(x: int) -> None:\n    CALLS.append(x)\n")
    module.CALLS = []
    executor = CountingExecutor()
    assert driver.Driver({}, module, adapter=[dict_adapter, executor]).execute(["nothing"], inputs={"x": 1}) == {
        "nothing": None
    }
    assert module.CALLS == [1]


def test_seed_adapter_subclass_wraps_execution_with_super(module):
    seen = []

    class LoggingAdapter(base.SimplePythonGraphAdapter):
        def execute_node(self, node, kwargs):
            seen.append((node.name, node.type, kwargs))
            return super().execute_node(node, kwargs) * 10

    dr = driver.Driver({}, module, adapter=LoggingAdapter(base.DictResult()))
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 400}
    assert seen == [("a", int, {"x": 1}), ("b", int, {"a": 20})]


def test_seed_graph_adapter_from_scratch(module):
    class MyAdapter(base.HamiltonGraphAdapter):
        @staticmethod
        def check_input_type(node_type, input_value):
            return True  # accept anything

        @staticmethod
        def check_node_type_equivalence(node_type, input_type):
            return node_type == input_type

        def execute_node(self, node, kwargs):
            return node.callable(**kwargs)

        @staticmethod
        def build_result(**outputs):
            return sorted(outputs.items())

    dr = driver.Driver({}, module, adapter=MyAdapter())
    assert dr.execute(["b", "a"], inputs={"x": 1}) == [("a", 2), ("b", 4)]
    with pytest.raises(TypeError):  # the adapter accepts the str input, the function then fails on it
        dr.execute(["a"], inputs={"x": "not an int"})


def test_hook_hamilton_check_node_type_equivalence_extends_the_rules(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        def number() -> str:
            return "1"

        def as_bytes(number: bytes) -> bytes:
            return number * 2
        """
    )
    with pytest.raises(ValueError, match="Type mismatch"):
        driver.Driver({}, module, adapter=dict_adapter)

    class StrIsBytes:
        @hookimpl
        def hamilton_check_node_type_equivalence(self, node_type, input_type):
            return True if (node_type, input_type) == (bytes, str) else None

    assert driver.Driver({}, module, adapter=[dict_adapter, StrIsBytes()]).execute(["as_bytes"]) == {"as_bytes": "11"}


def test_hook_hamilton_check_input_type_extends_the_rules(dataflow_module, dict_adapter):
    module = dataflow_module("def half(x: float) -> float:\n    return x / 2\n")
    dr = driver.Driver({}, module, adapter=dict_adapter)
    with pytest.raises(ValueError, match="input 'x' is a str"):
        dr.execute(["half"], inputs={"x": "3"})

    class NumericStrings:
        @hookimpl
        def hamilton_check_input_type(self, node_type, input_value):
            return True if node_type is float and isinstance(input_value, str) and input_value.isdigit() else None

    dr = driver.Driver({}, module, adapter=[dict_adapter, NumericStrings()])
    assert dr.validate_execution(["half"], inputs={"x": "3"}) is None
    with pytest.raises(ValueError, match="input 'x' is a str"):
        dr.validate_execution(["half"], inputs={"x": "three"})


def test_hook_hamilton_build_result_from_a_plugin(module):
    class Tuples:
        @hookimpl
        def hamilton_build_result(self, outputs):
            return Computed(tuple(outputs.values()))

    assert driver.Driver({}, module, adapter=Tuples()).execute(["a", "b"], inputs={"x": 1}) == (2, 4)


def test_one_retry_instance_serves_two_drivers_each_with_its_own_chain(dataflow_module, dict_adapter):
    retry = Retry(attempts=3)
    counters = []
    drivers = []
    for label in ("first", "second"):
        module = dataflow_module(SOURCE)
        module.FLAKY = {"calls": 0}
        counters.append(module.FLAKY)
        executor = CountingExecutor()
        drivers.append((driver.Driver({}, module, adapter=[dict_adapter, retry, executor]), executor))
    for dr, _ in drivers:
        assert dr.execute(["flaky"], inputs={"x": 1}) == {"flaky": 2}
    # each Driver's retries re-ran its own executor, never the other Driver's
    assert [executor.calls for _, executor in drivers] == [["a", "flaky", "flaky", "flaky"]] * 2
    assert counters == [{"calls": 3}, {"calls": 3}]


def test_hook_hamilton_execute_plan_replaces_the_loop(module, dict_adapter):
    class Reversed:
        """Runs the plan's steps itself, through the context's helpers."""

        def __init__(self):
            self.order = []

        @hookimpl
        def hamilton_execute_plan(self, plan, context):
            for step in plan.steps:
                self.order.append(step.name)
                context.run_step(step)
            return context.outputs()

    executor = Reversed()
    recorder = Recorder()
    dr = driver.Driver({}, module, adapter=[dict_adapter, executor, recorder])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert executor.order == ["a", "b"]
    assert [e[0] for e in recorder.events].count("after_node") == 2


def test_no_lifecycle_plugin_means_no_pluggy_call_per_node(
    dataflow_module, dict_adapter, monkeypatch, core_plugins_only
):
    source = "def n0(x: int) -> int:\n    return x\n" + "".join(
        f"def n{i}(n{i - 1}: int) -> int:\n    return n{i - 1} + 1\n" for i in range(1, 200)
    )
    dr = driver.Driver({}, dataflow_module(source), adapter=dict_adapter)
    calls = []
    original = pluggy.HookCaller.__call__

    def counting(self, *args, **kwargs):
        calls.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pluggy.HookCaller, "__call__", counting)
    assert dr.execute(["n199"], inputs={"x": 0}) == {"n199": 199}
    assert calls == []


def test_hook_hamilton_before_node_sees_the_kwargs_before_the_call(module, dict_adapter):
    seen = []

    class Before:
        @hookimpl
        def hamilton_before_node(self, node, kwargs):
            seen.append((node.name, dict(kwargs), module.FLAKY["calls"]))

    dr = driver.Driver({}, module, adapter=[dict_adapter, Before()])
    with pytest.raises(ConnectionError):
        dr.execute(["flaky"], inputs={"x": 1})
    assert seen == [("a", {"x": 1}, 0), ("flaky", {"a": 2}, 0)]


def test_hook_hamilton_after_run_gets_results_or_the_error(module, dict_adapter):
    runs = []

    class After:
        @hookimpl
        def hamilton_after_run(self, run_id, results, error, duration):
            runs.append((run_id, results, error))

    dr = driver.Driver({}, module, adapter=[dict_adapter, After()])
    dr.execute(["b"], inputs={"x": 1})
    with pytest.raises(ConnectionError):
        dr.execute(["flaky"], inputs={"x": 1})
    (first_id, results, no_error), (second_id, no_results, error) = runs
    assert results == {"b": 4} and no_error is None
    assert no_results is None and isinstance(error, ConnectionError)
    assert first_id != second_id
