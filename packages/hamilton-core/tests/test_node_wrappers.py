"""The hamilton_execute_node chain: order, answering without the inner call, call_inner, contract errors."""

import pytest
from hamilton import base, driver
from hamilton.errors import NodeExecutionError, PluginError
from hamilton.executors import ProcessPoolGraphAdapter, ThreadPoolGraphAdapter
from hamilton.hookspecs import Computed
from hamilton.plugins import hookimpl
from hamilton.testing import NodeWrapperContract

SOURCE = """
def a(x: int) -> int:
    CALLS.append("a")
    return x + 1

def b(a: int) -> int:
    CALLS.append("b")
    return a * 2
"""


@pytest.fixture
def module(dataflow_module):
    module = dataflow_module(SOURCE)
    module.CALLS = []
    return module


def Named(label, log, **marks):
    """A wrapper logging entering and leaving each node under its own label, with hookimpl ``marks``."""

    class Named:
        @hookimpl(wrapper=True, **marks)
        def hamilton_execute_node(self, node):
            log.append(f"{label}>{node.name}")
            result = yield
            log.append(f"{label}<{node.name}")
            return result

    return Named()


class Memo:
    """A cache: answers a node it has seen with the same arguments before its yield."""

    def __init__(self):
        self.store = {}

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node, kwargs):
        key = (node.name, tuple(sorted(kwargs.items())))
        if key in self.store:
            return Computed(self.store[key])
        result = yield
        self.store[key] = result.value
        return result


class Retry:
    def __init__(self, attempts):
        self.attempts = attempts

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, call_inner):
        try:
            return (yield)
        except ConnectionError:
            for attempt in range(2, self.attempts + 1):
                try:
                    return call_inner()
                except ConnectionError:
                    if attempt == self.attempts:
                        raise


def test_hook_hamilton_execute_node_order_follows_the_adapter_list_and_tryfirst(module):
    log = []
    first, second = Named("first", log), Named("second", log)
    last, outermost = Named("last", log, trylast=True), Named("outermost", log, tryfirst=True)
    dr = driver.Driver({}, module, adapter=[base.DictResult(), last, first, second, outermost])
    dr.execute(["a"], inputs={"x": 1})
    assert log == [
        "outermost>a",
        "first>a",
        "second>a",
        "last>a",
        "last<a",
        "second<a",
        "first<a",
        "outermost<a",
    ]


def test_a_wrapper_answers_before_its_yield_and_nothing_inside_runs(module):
    memo, log = Memo(), []
    inside = Named("inside", log, trylast=True)
    dr = driver.Driver({}, module, adapter=[base.DictResult(), memo, inside])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert module.CALLS == ["a", "b"]  # the second run was answered by the cache
    assert log == ["inside>a", "inside<a", "inside>b", "inside<b"]


def test_call_inner_returns_a_computed_and_takes_new_kwargs(module):
    seen = []

    class Twice:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self, node, kwargs, call_inner):
            result = yield
            if node.name == "a":
                again = call_inner({"x": kwargs["x"] + 10})
                seen.append((result, again))
            return result

    assert driver.Driver({}, module, adapter=[base.DictResult(), Twice()]).execute(["a"], inputs={"x": 1}) == {"a": 2}
    assert seen == [(Computed(2), Computed(12))]


def test_a_plain_implementation_may_delegate_with_call_inner(module):
    class Doubling:
        @hookimpl
        def hamilton_execute_node(self, call_inner):
            return Computed(call_inner().value * 2)

    dr = driver.Driver({}, module, adapter=[base.DictResult(), Doubling()])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 16}  # a = (1 + 1) * 2 = 4, b = (4 * 2) * 2


@pytest.mark.parametrize("executor", [None, "threads"])
def test_retry_reruns_only_what_is_inside_it(dataflow_module, executor):
    module = dataflow_module(
        "def flaky(x: int) -> int:\n    FLAKY.append(x)\n    if len(FLAKY) < 3:\n"
        "        raise ConnectionError('again')\n    return x\n"
    )
    module.FLAKY = []
    log = []
    outside, inside = Named("outside", log), Named("inside", log)
    adapters = [base.DictResult(), outside, Retry(attempts=3), inside]
    dr = driver.Driver({}, module, adapter=[*adapters, executor] if executor else adapters)
    assert dr.execute(["flaky"], inputs={"x": 7}) == {"flaky": 7}
    assert module.FLAKY == [7, 7, 7]
    assert log == ["outside>flaky", "inside>flaky", "inside>flaky", "inside>flaky", "inside<flaky", "outside<flaky"]


class BadWrapper:
    def __init__(self, how):
        self.how = how

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node):
        if self.how == "plain value":
            return 42
        result = yield
        if self.how == "twice":
            yield
        return result


@pytest.mark.parametrize(
    ("how", "says"),
    [("plain value", "returned before its yield int, not hamilton.hookspecs.Computed"), ("twice", "yielded twice")],
)
def test_a_wrapper_breaking_the_contract_is_named(module, how, says):
    dr = driver.Driver({}, module, adapter=[base.DictResult(), BadWrapper(how)])
    with pytest.raises(PluginError, match=says) as caught:
        dr.execute(["a"], inputs={"x": 1})
    assert "BadWrapper" in str(caught.value) and caught.value.node_name == "a"


def test_a_wrapper_swallowing_a_node_error_without_answering_is_named(dataflow_module):
    module = dataflow_module("def boom(x: int) -> int:\n    raise KeyError('k')\n")

    class Swallow:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self):
            try:
                yield
            except KeyError:
                pass

    dr = driver.Driver({}, module, adapter=[base.DictResult(), Swallow()])
    with pytest.raises(PluginError, match=r"swallowed the node's error without returning a Computed"):
        dr.execute(["boom"], inputs={"x": 1})


def test_an_outer_wrapper_sees_an_inner_wrapper_fail_on_entry(module):
    log = []

    class FailsOnEntry:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self):
            raise OSError("the cache directory is gone")
            yield

    class Recovering:
        @hookimpl(wrapper=True, tryfirst=True)
        def hamilton_execute_node(self, node):
            try:
                return (yield)
            except OSError as exc:
                log.append(str(exc))
                return Computed(-1)

    dr = driver.Driver({}, module, adapter=[base.DictResult(), FailsOnEntry(), Recovering()])
    assert dr.execute(["a"], inputs={"x": 1}) == {"a": -1}
    assert log == ["the cache directory is gone"]
    with pytest.raises(OSError) as caught:
        driver.Driver({}, module, adapter=[base.DictResult(), FailsOnEntry()]).execute(["a"], inputs={"x": 1})
    assert isinstance(caught.value, NodeExecutionError) and caught.value.node_name == "a"


def test_the_process_pool_runs_wrappers_here_and_a_hit_sends_nothing(module, monkeypatch):
    memo = Memo()
    with ProcessPoolGraphAdapter(max_workers=1) as pool:
        sent = []
        submit = pool._submit
        monkeypatch.setattr(pool, "_submit", lambda step, kwargs: sent.append(step.name) or submit(step, kwargs))
        dr = driver.Driver({}, module, adapter=[base.DictResult(), memo, pool])
        assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
        assert sent == ["a", "b"]
        assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
        assert sent == ["a", "b"]  # both answered by the cache, in this process
    assert module.CALLS == []  # the nodes ran in the worker process, never here


def test_the_process_pool_refuses_a_plain_implementation_by_name(module):
    class Plain:
        @hookimpl
        def hamilton_execute_node(self, node):
            return None

    dr = driver.Driver({}, module, adapter=[base.DictResult(), Plain(), ProcessPoolGraphAdapter(max_workers=1)])
    with pytest.raises(TypeError, match=r"Plain.*Use the thread executor"):
        dr.execute(["a"], inputs={"x": 1})


class TestMemoWrapperContract(NodeWrapperContract):
    answers_repeated_calls = True

    @pytest.fixture
    def wrapper(self):
        return Memo()


class TestRetryWrapperContract(NodeWrapperContract):
    @pytest.fixture
    def wrapper(self):
        return Retry(attempts=2)


class TestThreadedNamedContract(NodeWrapperContract):
    @pytest.fixture
    def wrapper(self):
        return Named("contract", [])


def test_thread_pool_runs_the_chain_in_its_threads(module):
    import threading

    threads = set()

    class Where:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self):
            threads.add(threading.current_thread().name)
            return (yield)

    dr = driver.Driver({}, module, adapter=[base.DictResult(), Where(), ThreadPoolGraphAdapter(max_workers=1)])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert threads and all(name.startswith("hamilton") for name in threads)
