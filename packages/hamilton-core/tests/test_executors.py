"""The thread and process pool executors: same values, errors and hooks as a sequential run."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from hamilton import base, driver, registry
from hamilton.errors import NodeExecutionError
from hamilton.executors import (
    ProcessPoolGraphAdapter,
    SerializationError,
    ThreadPoolGraphAdapter,
    WorkerDiedError,
)
from hamilton.plugins import hookimpl
from hamilton.testing import ExecutorContract, random_dag_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RENDEZVOUS = """
import os, time

def _meet(mine, theirs):
    open(mine, "w").close()
    deadline = time.monotonic() + 20
    while not os.path.exists(theirs):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{theirs} never appeared: the nodes did not run at the same time")
        time.sleep(0.005)
    return os.getpid()

def left(where: str) -> int:
    return _meet(os.path.join(where, "left"), os.path.join(where, "right"))

def right(where: str) -> int:
    return _meet(os.path.join(where, "right"), os.path.join(where, "left"))
"""


def sequential(module, outputs, **kwargs):
    return driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult())).raw_execute(
        outputs, **kwargs
    )


class Recorder:
    """Lifecycle hooks, recording which thread and process they fire from."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int, int]] = []

    @hookimpl
    def hamilton_before_node(self, node, kwargs):
        self.events.append(("before", node.name, threading.get_ident(), os.getpid()))

    @hookimpl
    def hamilton_after_node(self, node, result, error):
        self.events.append(("after", node.name, threading.get_ident(), os.getpid()))


@pytest.fixture
def threads():
    with ThreadPoolGraphAdapter(max_workers=4) as adapter:
        yield adapter


@pytest.fixture
def processes():
    # a new pool per test: forked workers must see the modules the test builds
    with ProcessPoolGraphAdapter(max_workers=2) as adapter:
        yield adapter


class TestThreadContract(ExecutorContract):
    @pytest.fixture
    def adapter(self, threads):
        return threads


class TestProcessContract(ExecutorContract):
    @pytest.fixture
    def adapter(self, processes):
        return processes


# ------------------------------------------------------------------ same values


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(1, 40),
    workers=st.integers(1, 5),
    data=st.data(),
)
def test_random_dags_match_sequential_on_threads(seed, size, workers, data):
    module = random_dag_module(seed, size, name=f"random_threads_{seed}_{size}")
    names = [f"n{i}" for i in range(size)]
    outputs = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True))
    overridden = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    overrides = {name: 1000 + i for i, name in enumerate(overridden)}
    expected = sequential(module, outputs, inputs={"seed_value": seed}, overrides=overrides)
    with ThreadPoolGraphAdapter(max_workers=workers) as adapter:
        got = driver.Driver({}, module, adapter=adapter).raw_execute(
            outputs, inputs={"seed_value": seed}, overrides=overrides
        )
    assert got == expected


@pytest.mark.parametrize("seed", [3, 17])
def test_random_dags_match_sequential_on_processes(seed):
    module = random_dag_module(seed, 40, name=f"random_processes_{seed}")
    outputs = [f"n{i}" for i in range(0, 40, 7)]
    expected = sequential(module, outputs, inputs={"seed_value": seed})
    with ProcessPoolGraphAdapter(max_workers=2) as adapter:
        dr = driver.Driver({}, module, adapter=adapter)
        assert dr.raw_execute(outputs, inputs={"seed_value": seed}) == expected
        assert dr.raw_execute(outputs, inputs={"seed_value": seed + 1}) == sequential(
            module, outputs, inputs={"seed_value": seed + 1}
        )


def test_result_builder_and_registered_names(dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x + 1\n")
    assert registry.adapters()["threads"] is ThreadPoolGraphAdapter
    assert registry.adapters()["processes"] is ProcessPoolGraphAdapter
    assert driver.Driver({}, module, adapter="threads").raw_execute(["a"], inputs={"x": 1}) == {"a": 2}
    assert driver.Driver({}, module, adapter="processes").raw_execute(["a"], inputs={"x": 1}) == {"a": 2}

    class Doubled(base.ResultMixin):
        @staticmethod
        def build_result(**outputs):
            return {name: value * 2 for name, value in outputs.items()}

    with ThreadPoolGraphAdapter(result_builder=Doubled()) as adapter:
        assert driver.Driver({}, module, adapter=adapter).execute(["a"], inputs={"x": 1}) == {"a": 4}


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_max_workers_must_be_positive(bad):
    with pytest.raises(ValueError, match="max_workers"):
        ThreadPoolGraphAdapter(max_workers=bad)


# -------------------------------------------------------------------- concurrency


def test_independent_nodes_run_at_the_same_time_on_threads(dataflow_module, tmp_path, threads):
    module = dataflow_module(RENDEZVOUS)
    result = driver.Driver({}, module, adapter=threads).raw_execute(["left", "right"], inputs={"where": str(tmp_path)})
    assert result["left"] == result["right"] == os.getpid()


def test_independent_nodes_run_at_the_same_time_in_processes(dataflow_module, tmp_path, processes):
    module = dataflow_module(RENDEZVOUS)
    result = driver.Driver({}, module, adapter=processes).raw_execute(
        ["left", "right"], inputs={"where": str(tmp_path)}
    )
    assert os.getpid() not in (result["left"], result["right"])
    assert result["left"] != result["right"]


def test_a_node_starts_when_its_inputs_are_ready_not_when_its_level_is(dataflow_module):
    # `slow` (level 0) waits for `child` (level 1): a level-by-level executor would deadlock here
    module = dataflow_module(
        """
        import threading

        def slow(signal: threading.Event) -> str:
            if not signal.wait(20):
                raise TimeoutError("child never ran while slow was running")
            return "slow"

        def fast(signal: threading.Event) -> str:
            return "fast"

        def child(fast: str, signal: threading.Event) -> str:
            signal.set()
            return fast + "-child"
        """
    )
    with ThreadPoolGraphAdapter(max_workers=2) as adapter:
        result = driver.Driver({}, module, adapter=adapter).raw_execute(
            ["slow", "child"], inputs={"signal": threading.Event()}
        )
    assert result == {"slow": "slow", "child": "fast-child"}


# --------------------------------------------------------------------------- hooks


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_node_hooks_fire_once_each_from_the_calling_thread(kind, dataflow_module):
    module = random_dag_module(5, 20, name=f"hooks_{kind}")
    recorder = Recorder()
    adapter = ThreadPoolGraphAdapter(max_workers=3) if kind == "threads" else ProcessPoolGraphAdapter(max_workers=2)
    with adapter:
        driver.Driver({}, module, adapter=[adapter, recorder]).raw_execute(["n19", "n10"], inputs={"seed_value": 2})
    planned = {name for _, name, _, _ in recorder.events}
    assert {(event, thread, pid) for event, _, thread, pid in recorder.events} <= {
        ("before", threading.get_ident(), os.getpid()),
        ("after", threading.get_ident(), os.getpid()),
    }
    for name in planned:
        mine = [event for event, node, _, _ in recorder.events if node == name]
        assert mine == ["before", "after"], name
    assert "n19" in planned and "n10" in planned


class CountCalls(base.SimplePythonGraphAdapter):
    """A seed-style adapter overriding execute_node."""

    def __init__(self) -> None:
        super().__init__(base.DictResult())
        self.calls: list[str] = []

    def execute_node(self, node, kwargs):
        self.calls.append(node.name)
        return node.callable(**kwargs) * 10


def test_execute_node_plugins_run_in_thread_workers(dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x\n\ndef b(a: int) -> int:\n    return a + 1\n")
    counting = CountCalls()
    with ThreadPoolGraphAdapter() as adapter:
        result = driver.Driver({}, module, adapter=[adapter, counting]).raw_execute(["b"], inputs={"x": 1})
    assert result == {"b": 110}
    assert sorted(counting.calls) == ["a", "b"]


def test_execute_node_plugins_are_refused_by_processes(dataflow_module, processes):
    module = dataflow_module("def a(x: int) -> int:\n    return x\n")
    dr = driver.Driver({}, module, adapter=[processes, CountCalls()])
    with pytest.raises(TypeError, match="hamilton_execute_node plugins") as caught:
        dr.raw_execute(["a"], inputs={"x": 1})
    assert "adapter='threads'" in str(caught.value)


# -------------------------------------------------------------------------- errors

FAILING = """
class NeedsTwo(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")

def ok(x: int) -> int:
    return x

def boom(ok: int) -> int:
    raise KeyError(f"missing {ok}")

def strange(ok: int) -> int:
    raise NeedsTwo(ok, "two")
"""


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_a_failing_node_raises_like_a_sequential_run(kind, dataflow_module):
    module = dataflow_module(FAILING)
    with pytest.raises(KeyError) as local:
        sequential(module, ["boom"], inputs={"x": 3})
    adapter = ThreadPoolGraphAdapter() if kind == "threads" else ProcessPoolGraphAdapter(max_workers=2)
    with adapter, pytest.raises(KeyError) as pooled:
        driver.Driver({}, module, adapter=adapter).raw_execute(["boom"], inputs={"x": 3})
    assert isinstance(pooled.value, NodeExecutionError)
    assert str(pooled.value) == str(local.value)
    assert type(pooled.value.__cause__) is KeyError
    assert pooled.value.__cause__.args == local.value.__cause__.args
    assert pooled.value.node_name == "boom"


def test_an_exception_that_cannot_travel_back_keeps_its_name_and_message(dataflow_module, processes):
    module = dataflow_module(FAILING)
    with pytest.raises(NodeExecutionError) as caught:
        driver.Driver({}, module, adapter=processes).raw_execute(["strange"], inputs={"x": 3})
    assert caught.value.node_name == "strange"
    assert "NeedsTwo: 3 and two" in str(caught.value)
    assert "Traceback in the worker process" in "".join(caught.value.__cause__.__notes__)


def test_after_a_failure_running_nodes_finish_and_nothing_new_starts(dataflow_module):
    module = dataflow_module(
        """
        import time

        def boom(x: int) -> int:
            raise ValueError("boom")

        def slow(x: int) -> int:
            time.sleep(0.2)
            return x

        def after_slow(slow: int) -> int:
            return slow
        """
    )
    recorder = Recorder()
    with ThreadPoolGraphAdapter(max_workers=2) as adapter, pytest.raises(ValueError, match="'boom'"):
        driver.Driver({}, module, adapter=[adapter, recorder]).raw_execute(["boom", "after_slow"], inputs={"x": 1})
    events = [(event, name) for event, name, _, _ in recorder.events]
    assert sorted(events) == [("after", "boom"), ("after", "slow"), ("before", "boom"), ("before", "slow")]


def test_an_unpicklable_input_is_named(dataflow_module, processes):
    module = dataflow_module("def uses(handle: object) -> str:\n    return repr(handle)\n")
    with pytest.raises(SerializationError, match="Node 'uses' cannot run in another process") as caught:
        driver.Driver({}, module, adapter=processes).raw_execute(["uses"], inputs={"handle": threading.Lock()})
    assert isinstance(caught.value, TypeError)
    assert "lock" in str(caught.value)


def test_an_unpicklable_result_is_named(dataflow_module, processes):
    module = dataflow_module("import threading\n\ndef makes(x: int) -> object:\n    return threading.Lock()\n")
    with pytest.raises(SerializationError, match="Node 'makes'"):
        driver.Driver({}, module, adapter=processes).raw_execute(["makes"], inputs={"x": 1})


def test_a_module_made_after_the_workers_started_travels_to_them_by_value(dataflow_module, processes):
    pytest.importorskip("cloudpickle")
    first = dataflow_module("def a(x: int) -> int:\n    return x\n")
    driver.Driver({}, first, adapter=processes).raw_execute(["a"], inputs={"x": 1})  # the pool starts now
    later = dataflow_module("def b(x: int) -> int:\n    return x + 1\n")
    assert driver.Driver({}, later, adapter=processes).raw_execute(["b"], inputs={"x": 1}) == {"b": 2}


def test_a_function_the_workers_cannot_import_is_named(dataflow_module, processes, monkeypatch):
    first = dataflow_module("def a(x: int) -> int:\n    return x\n")
    driver.Driver({}, first, adapter=processes).raw_execute(["a"], inputs={"x": 1})  # the pool starts now
    later = dataflow_module("def b(x: int) -> int:\n    return x\n")
    monkeypatch.setitem(sys.modules, "cloudpickle", None)  # not installed: functions travel by reference only
    with pytest.raises(SerializationError, match=r"Node 'b'.*No module named.*pip install cloudpickle"):
        driver.Driver({}, later, adapter=processes).raw_execute(["b"], inputs={"x": 1})


def test_a_dying_worker_fails_the_run_and_the_pool_is_replaced(dataflow_module, processes):
    module = dataflow_module(
        "import os\n\ndef fine(x: int) -> int:\n    return x\n\ndef dies(x: int) -> int:\n    os._exit(3)\n"
    )
    dr = driver.Driver({}, module, adapter=processes)
    with pytest.raises(WorkerDiedError, match="while running node 'dies'") as caught:
        dr.raw_execute(["dies"], inputs={"x": 1})
    assert caught.value.node_names == ["dies"]
    assert dr.raw_execute(["fine"], inputs={"x": 5}) == {"fine": 5}
