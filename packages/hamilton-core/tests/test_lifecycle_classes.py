"""The original's class-style lifecycle adapters, wired into the hooks."""

import pytest
from hamilton import base, driver, lifecycle
from hamilton.testing import LifecycleHookContract


@pytest.fixture
def module(dataflow_module):
    return dataflow_module(
        """
        from hamilton.function_modifiers import tag

        @tag(team="growth")
        def a(x: int) -> int:
            return x + 1

        def b(a: int) -> int:
            if a > 100:
                raise ValueError("too big")
            return a * 2
        """
    )


class Recorder(lifecycle.NodeExecutionHook, lifecycle.GraphExecutionHook):
    def __init__(self):
        self.events = []

    def run_before_graph_execution(self, *, final_vars, run_id, **future_kwargs):
        self.events.append(("graph start", final_vars))

    def run_after_graph_execution(self, *, success, results, **future_kwargs):
        self.events.append(("graph end", success, results))

    def run_before_node_execution(self, *, node_name, node_tags, node_kwargs, **future_kwargs):
        self.events.append(("start", node_name, node_tags, node_kwargs))

    def run_after_node_execution(self, *, node_name, result, success, error, **future_kwargs):
        self.events.append(("end", node_name, result, success, type(error).__name__ if error else None))


def test_node_and_graph_hooks(module, dict_adapter):
    recorder = Recorder()
    assert driver.Driver({}, module, adapter=[dict_adapter, recorder]).execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert recorder.events == [
        ("graph start", ["b"]),
        ("start", "a", {"team": "growth"}, {"x": 1}),
        ("end", "a", 2, True, None),
        ("start", "b", {}, {"a": 2}),
        ("end", "b", 4, True, None),
        ("graph end", True, {"b": 4}),
    ]


def test_failure_reaches_the_after_hooks(module, dict_adapter):
    recorder = Recorder()
    with pytest.raises(ValueError, match="'b'"):
        driver.Driver({}, module, adapter=[dict_adapter, recorder]).execute(["b"], inputs={"x": 500})
    assert recorder.events[-2] == ("end", "b", None, False, "ValueError")
    assert recorder.events[-1] == ("graph end", False, None)


def test_execution_method_and_result_builder(module):
    class Tenfold(lifecycle.NodeExecutionMethod):
        def run_to_execute_node(self, *, node_callable, node_kwargs, **future_kwargs):
            return node_callable(**node_kwargs) * 10

    class Pairs(lifecycle.ResultBuilder):
        def build_result(self, **outputs):
            return list(outputs.items())

    dr = driver.Driver({}, module, adapter=[Tenfold(), Pairs()])
    assert dr.execute(["a", "b"], inputs={"x": 1}) == [("a", 20), ("b", 400)]


def test_class_adapters_combine_with_seed_adapters(module):
    recorder = Recorder()
    dr = driver.Driver({}, module, adapter=[base.SimplePythonGraphAdapter(base.DictResult()), recorder])
    dr.execute(["a"], inputs={"x": 1})
    assert [e[0] for e in recorder.events] == ["graph start", "start", "end", "graph end"]


class TestClassStyleHooksContract(LifecycleHookContract):
    @pytest.fixture
    def hook(self):
        return Recorder()
