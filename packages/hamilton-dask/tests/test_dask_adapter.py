"""DaskGraphAdapter on a real LocalCluster: same values, errors and hooks as a sequential run."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import CancelledError

import pytest

distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
from hamilton import base, driver, registry  # noqa: E402
from hamilton.errors import NodeExecutionError  # noqa: E402
from hamilton.executors import SerializationError, WorkerDiedError  # noqa: E402
from hamilton.plugins import hookimpl  # noqa: E402
from hamilton.testing import ExecutorContract, random_dag_module  # noqa: E402
from hamilton_dask import DaskGraphAdapter  # noqa: E402


def sequential(module, outputs, **kwargs):
    return driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult())).raw_execute(
        outputs, **kwargs
    )


class Recorder:
    def __init__(self) -> None:
        self.before: dict[str, dict] = {}
        self.after: dict[str, tuple] = {}
        self.threads: set[int] = set()

    @hookimpl
    def hamilton_before_node(self, node, kwargs):
        self.before[node.name] = dict(kwargs)
        self.threads.add(threading.get_ident())

    @hookimpl
    def hamilton_after_node(self, node, result, error):
        self.after[node.name] = (result, error)
        self.threads.add(threading.get_ident())


class TestDaskContract(ExecutorContract):
    runs_node_wrappers = False  # tasks run whole on the cluster; wrappers are refused by name

    @pytest.fixture
    def adapter(self, dask_client):
        return DaskGraphAdapter(dask_client)


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_random_dags_with_overrides_match_sequential(seed, dask_client):
    module = random_dag_module(seed, 40, name=f"dask_random_{seed}")
    outputs = [f"n{i}" for i in range(seed % 5, 40, 6)]
    overrides = {f"n{seed % 9}": -seed}
    expected = sequential(module, outputs, inputs={"seed_value": seed}, overrides=overrides)
    dr = driver.Driver({}, module, adapter=DaskGraphAdapter(dask_client))
    assert dr.raw_execute(outputs, inputs={"seed_value": seed}, overrides=overrides) == expected


def test_registered_by_name_and_uses_the_current_client(dask_client, dataflow_module):
    assert registry.adapters()["dask"] is DaskGraphAdapter
    module = dataflow_module("import os\n\ndef pid(x: int) -> int:\n    return os.getpid()\n")
    result = driver.Driver({}, module, adapter="dask").raw_execute(["pid"], inputs={"x": 1})
    worker_pids = set(dask_client.run(os.getpid).values())
    assert result["pid"] in worker_pids


def test_connects_to_a_scheduler_address_and_closes_its_own_client(dask_client, dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x * 3\n")
    with DaskGraphAdapter(dask_client.scheduler.address, result_builder=base.DictResult()) as adapter:
        assert driver.Driver({}, module, adapter=adapter).execute(["a"], inputs={"x": 2}) == {"a": 6}
        own = adapter.client
        assert own is not dask_client
    assert own.status == "closed"
    assert dask_client.status == "running"


REMOTE_VALUES = """
import os

def _arrive(driver_pid):
    if os.getpid() == driver_pid:
        raise RuntimeError("a value the run did not ask for was sent to the Driver's process")
    return StaysRemote(driver_pid)

class StaysRemote:
    \"\"\"Refuses to be unpickled in the Driver's process.\"\"\"

    def __init__(self, driver_pid):
        self.driver_pid = driver_pid

    def __reduce__(self):
        return (_arrive, (self.driver_pid,))

def big(driver_pid: int) -> StaysRemote:
    return StaysRemote(driver_pid)

def small(big: StaysRemote) -> int:
    return big.driver_pid % 7
"""


def test_only_the_requested_outputs_come_back(dask_client, dataflow_module, core_plugins_only):
    dr = driver.Driver({}, dataflow_module(REMOTE_VALUES), adapter=DaskGraphAdapter(dask_client))
    assert dr.raw_execute(["small"], inputs={"driver_pid": os.getpid()}) == {"small": os.getpid() % 7}
    with pytest.raises(SerializationError, match=r"Node 'big'.*was sent to the Driver's process"):
        dr.raw_execute(["big"], inputs={"driver_pid": os.getpid()})  # the check above can fail


class CountsNodes:
    """An after-node hook that does not take ``result``: nothing needs to come back for it."""

    def __init__(self) -> None:
        self.done: list[str] = []

    @hookimpl
    def hamilton_after_node(self, node, error):
        self.done.append(node.name)


def test_hooks_that_do_not_take_results_fetch_nothing(dask_client, dataflow_module, core_plugins_only):
    counter = CountsNodes()
    dr = driver.Driver({}, dataflow_module(REMOTE_VALUES), adapter=[DaskGraphAdapter(dask_client), counter])
    assert dr.raw_execute(["small"], inputs={"driver_pid": os.getpid()}) == {"small": os.getpid() % 7}
    assert sorted(counter.done) == ["big", "small"]


def test_a_value_that_cannot_be_unpickled_here_is_named_when_hooks_fetch_it(dask_client, dataflow_module):
    recorder = Recorder()  # after-node hooks bring every value back, not only the outputs
    dr = driver.Driver(
        {}, dataflow_module(REMOTE_VALUES), adapter=[DaskGraphAdapter(dask_client, timeout=60), recorder]
    )
    with pytest.raises(SerializationError, match=r"Node 'big'.*was sent to the Driver's process"):
        dr.raw_execute(["small"], inputs={"driver_pid": os.getpid()})


def test_hooks_fire_from_the_calling_thread_with_futures_then_values(dask_client, dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x + 1\n\ndef b(a: int) -> int:\n    return a * 2\n")
    recorder = Recorder()
    result = driver.Driver({}, module, adapter=[DaskGraphAdapter(dask_client), recorder]).raw_execute(
        ["b"], inputs={"x": 1}
    )
    assert result == {"b": 4}
    assert recorder.threads == {threading.get_ident()}
    assert recorder.before["a"] == {"x": 1}
    assert isinstance(recorder.before["b"]["a"], distributed.Future)
    assert recorder.after == {"a": (2, None), "b": (4, None)}


def test_no_value_of_a_run_stays_on_the_cluster(dask_client, dataflow_module):
    module = dataflow_module(
        "def kept_a(x: int) -> int:\n    return x + 1\n\ndef kept_b(kept_a: int) -> int:\n    return kept_a * 2\n"
    )
    dr = driver.Driver({}, module, adapter=DaskGraphAdapter(dask_client))
    assert dr.raw_execute(["kept_b"], inputs={"x": 1}) == {"kept_b": 4}

    def held():
        return [key for keys in dask_client.has_what().values() for key in keys if str(key).startswith("kept_")]

    deadline = time.monotonic() + 20  # the client tells the scheduler in batches
    while held() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert held() == []


# -------------------------------------------------------------------------- errors

CHAIN = """
import os, time

def start(x: int) -> int:
    return x

def boom(start: int) -> int:
    raise KeyError(f"missing {start}")

def after_boom(boom: int) -> int:
    return boom

def last(after_boom: int) -> int:
    return after_boom

def waits(where: str) -> str:
    # finishes once the test lets it (a file appears), so no worker stays busy afterwards
    deadline = time.monotonic() + 30
    while not os.path.exists(where) and time.monotonic() < deadline:
        time.sleep(0.01)
    return where

def dies(start: int) -> int:
    os._exit(3)

def after_dies(dies: int) -> int:
    return dies
"""


def test_the_node_that_raised_is_named_not_its_readers(dask_client, dataflow_module, tmp_path):
    module = dataflow_module(CHAIN)
    with pytest.raises(KeyError) as local:
        sequential(module, ["last"], inputs={"x": 3})
    recorder = Recorder()
    release = tmp_path / "release"
    dr = driver.Driver({}, module, adapter=[DaskGraphAdapter(dask_client), recorder])
    try:
        with pytest.raises(KeyError) as remote:
            dr.raw_execute(["last", "waits"], inputs={"x": 3, "where": str(release)})
    finally:
        release.touch()
    assert isinstance(remote.value, NodeExecutionError)
    assert str(remote.value) == str(local.value) == "Node 'boom' raised KeyError: 'missing 3'"
    assert remote.value.node_name == "boom"
    assert type(remote.value.__cause__) is KeyError
    assert isinstance(recorder.after["boom"][1], KeyError)
    assert isinstance(recorder.after["waits"][1], CancelledError)


def test_an_unpicklable_input_is_named(dask_client, dataflow_module):
    module = dataflow_module("def uses(handle: object) -> str:\n    return repr(handle)\n")
    dr = driver.Driver({}, module, adapter=DaskGraphAdapter(dask_client))
    with pytest.raises(SerializationError, match="Node 'uses'") as caught:
        dr.raw_execute(["uses"], inputs={"handle": threading.Lock()})
    assert isinstance(caught.value, TypeError)


def test_an_unpicklable_value_fails_instead_of_stalling(dask_client, dataflow_module):
    # without the worker-side check, a reader on another worker waits for this value forever
    module = dataflow_module(
        "import threading\n\ndef makes(x: int) -> object:\n    return threading.Lock()\n\n"
        "def reads(makes: object) -> str:\n    return type(makes).__name__\n"
    )
    dr = driver.Driver({}, module, adapter=DaskGraphAdapter(dask_client, timeout=60))
    with pytest.raises(SerializationError, match=r"Node 'makes'.*_thread\.lock"):
        dr.raw_execute(["reads"], inputs={"x": 1})


def test_a_timeout_cancels_the_run_and_names_what_was_unfinished(dask_client, dataflow_module, tmp_path):
    module = dataflow_module(CHAIN)
    release = tmp_path / "release"
    dr = driver.Driver({}, module, adapter=DaskGraphAdapter(dask_client, timeout=0.5))
    try:
        with pytest.raises(TimeoutError, match=r"within 0\.5 s.*'waits'"):
            dr.raw_execute(["waits"], inputs={"where": str(release)})
    finally:
        release.touch()


def test_execute_node_plugins_are_refused(dask_client, dataflow_module):
    class Wrapping(base.SimplePythonGraphAdapter):
        def execute_node(self, node, kwargs):
            return node.callable(**kwargs)

    module = dataflow_module("def a(x: int) -> int:\n    return x\n")
    dr = driver.Driver({}, module, adapter=[DaskGraphAdapter(dask_client), Wrapping()])
    with pytest.raises(TypeError, match="hamilton_execute_node plugins"):
        dr.raw_execute(["a"], inputs={"x": 1})


def test_a_dying_worker_fails_the_run_with_the_node_named(dataflow_module):
    # its own cluster: Dask gives up on a task at the first worker death only if told so
    module = dataflow_module(CHAIN)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        dr = driver.Driver({}, module, adapter=DaskGraphAdapter(client))
        with pytest.raises(WorkerDiedError, match="A Dask worker died while running node 'dies'") as caught:
            dr.raw_execute(["after_dies"], inputs={"x": 1})
        assert caught.value.node_names == ["dies"]
        client.wait_for_workers(1, timeout=30)
        assert dr.raw_execute(["start"], inputs={"x": 4}) == {"start": 4}
