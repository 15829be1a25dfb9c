"""RayGraphAdapter on a real local Ray (two CPUs): same values, errors and hooks as a sequential run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import CancelledError

import pytest

ray = pytest.importorskip("ray")

from hamilton import base, driver, registry  # noqa: E402
from hamilton.errors import NodeExecutionError  # noqa: E402
from hamilton.executors import SerializationError, WorkerDiedError  # noqa: E402
from hamilton.plugins import hookimpl  # noqa: E402
from hamilton.testing import ExecutorContract, random_dag_module  # noqa: E402
from hamilton_ray import RayGraphAdapter  # noqa: E402


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
    def hamilton_after_node(self, node, result, error, duration):
        self.after[node.name] = (result, error, duration)
        self.threads.add(threading.get_ident())


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
    deadline = time.monotonic() + 30
    while not os.path.exists(where) and time.monotonic() < deadline:
        time.sleep(0.01)
    return where

def dies(start: int) -> int:
    os._exit(3)

def after_dies(dies: int) -> int:
    return dies

def sleeps(start: int) -> int:
    time.sleep(0.2)
    return start
"""


class TestRayContract(ExecutorContract):
    runs_node_wrappers = False  # tasks run whole on the cluster; wrappers are refused by name

    @pytest.fixture
    def adapter(self, ray_adapter):
        return ray_adapter


def test_uses_the_running_ray_or_starts_one(ray_adapter, dataflow_module):
    module = dataflow_module("import os\n\ndef pid(x: int) -> int:\n    return os.getpid()\n")
    assert driver.Driver({}, module, adapter=ray_adapter).raw_execute(["pid"], inputs={"x": 1})["pid"] != os.getpid()
    assert ray.is_initialized()
    if not ray_adapter.ray_was_running:
        assert ray.cluster_resources()["from_ray_init_config"] == 1
    assert registry.adapters()["ray"] is RayGraphAdapter
    with registry.adapter("ray") as second:  # a second adapter joins the running Ray, and leaves it running
        by_name = driver.Driver({}, module, adapter=second)
        assert by_name.raw_execute(["pid"], inputs={"x": 1})["pid"] != os.getpid()
    assert ray.is_initialized()


def test_random_dag_with_overrides_matches_sequential(ray_adapter):
    module = random_dag_module(21, 40, name="ray_random_21")
    outputs = [f"n{i}" for i in range(1, 40, 5)]
    overrides = {"n7": -7}
    expected = sequential(module, outputs, inputs={"seed_value": 21}, overrides=overrides)
    got = driver.Driver({}, module, adapter=ray_adapter).raw_execute(
        outputs, inputs={"seed_value": 21}, overrides=overrides
    )
    assert got == expected


def test_hooks_fire_from_the_calling_thread_with_refs_then_values(ray_adapter, dataflow_module):
    recorder = Recorder()
    dr = driver.Driver({}, dataflow_module(CHAIN), adapter=[ray_adapter, recorder])
    assert dr.raw_execute(["sleeps"], inputs={"x": 5}) == {"sleeps": 5}
    assert recorder.threads == {threading.get_ident()}
    assert recorder.before["start"] == {"x": 5}
    assert isinstance(recorder.before["sleeps"]["start"], ray.ObjectRef)
    assert recorder.after["start"][:2] == (5, None)
    result, error, duration = recorder.after["sleeps"]
    assert (result, error) == (5, None)
    assert duration >= 0.2  # measured around the function, in the worker


def test_the_node_that_raised_is_named_and_the_rest_cancelled(ray_adapter, dataflow_module, tmp_path):
    module = dataflow_module(CHAIN)
    with pytest.raises(KeyError) as local:
        sequential(module, ["last"], inputs={"x": 3})
    recorder = Recorder()
    release = tmp_path / "release"
    dr = driver.Driver({}, module, adapter=[ray_adapter, recorder])
    try:
        with pytest.raises(KeyError) as remote:
            dr.raw_execute(["last", "waits"], inputs={"x": 3, "where": str(release)})
    finally:
        release.touch()
    assert isinstance(remote.value, NodeExecutionError)
    assert str(remote.value) == str(local.value) == "Node 'boom' raised KeyError: 'missing 3'"
    assert type(remote.value.__cause__) is KeyError
    assert isinstance(recorder.after["boom"][1], KeyError)
    assert isinstance(recorder.after["waits"][1], CancelledError)


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


def test_only_the_requested_outputs_come_back(ray_adapter, dataflow_module, core_plugins_only):
    dr = driver.Driver({}, dataflow_module(REMOTE_VALUES), adapter=ray_adapter)
    assert dr.raw_execute(["small"], inputs={"driver_pid": os.getpid()}) == {"small": os.getpid() % 7}
    with pytest.raises(SerializationError, match=r"Node 'big'.*was sent to the Driver's process"):
        dr.raw_execute(["big"], inputs={"driver_pid": os.getpid()})  # the check above can fail


def test_unpicklable_input_and_value_are_named(ray_adapter, dataflow_module):
    module = dataflow_module(
        "import threading\n\ndef uses(handle: object) -> str:\n    return repr(handle)\n\n"
        "def makes(x: int) -> object:\n    return threading.Lock()\n\ndef reads(makes: object) -> str:\n"
        "    return repr(makes)\n"
    )
    dr = driver.Driver({}, module, adapter=ray_adapter)
    with pytest.raises(SerializationError, match="Node 'uses'"):
        dr.raw_execute(["uses"], inputs={"handle": threading.Lock()})
    with pytest.raises(SerializationError, match="Node 'makes'"):
        dr.raw_execute(["reads"], inputs={"x": 1})


def test_a_dying_worker_fails_the_run_with_the_node_named(ray_adapter, dataflow_module):
    dr = driver.Driver({}, dataflow_module(CHAIN), adapter=ray_adapter)
    with pytest.raises(WorkerDiedError, match="A Ray worker died while running node 'dies'") as caught:
        dr.raw_execute(["after_dies"], inputs={"x": 1})
    assert caught.value.node_names == ["dies"]
    assert dr.raw_execute(["start"], inputs={"x": 4}) == {"start": 4}


def test_a_timeout_cancels_the_run(dataflow_module, ray_adapter, tmp_path):
    module = dataflow_module(CHAIN)
    release = tmp_path / "release"
    dr = driver.Driver({}, module, adapter=RayGraphAdapter(timeout=0.5))
    try:
        with pytest.raises(TimeoutError, match=r"within 0\.5 s.*'waits'"):
            dr.raw_execute(["waits"], inputs={"where": str(release)})
    finally:
        release.touch()


def test_execute_node_plugins_are_refused(ray_adapter, dataflow_module):
    class Wrapping(base.SimplePythonGraphAdapter):
        def execute_node(self, node, kwargs):
            return node.callable(**kwargs)

    dr = driver.Driver({}, dataflow_module("def a(x: int) -> int:\n    return x\n"), adapter=[ray_adapter, Wrapping()])
    with pytest.raises(TypeError, match="hamilton_execute_node plugins"):
        dr.raw_execute(["a"], inputs={"x": 1})


def test_ray_started_by_a_run_in_another_thread_outlives_that_thread(tmp_path):
    """Ray's processes die with the thread that starts them: a run from a short-lived thread must not take Ray along."""
    script = textwrap.dedent(
        """
        import threading, time
        from hamilton import base, driver
        from hamilton.testing import module_from_source
        from hamilton_ray import RayGraphAdapter

        module = module_from_source("threaded_flow", "def doubled(x: int) -> int:\\n    return 2 * x\\n")
        adapter = RayGraphAdapter(
            result_builder=base.DictResult(), ray_init_config={"num_cpus": 1, "include_dashboard": False}, timeout=60
        )
        dr = driver.Driver({}, module, adapter=adapter)
        results = []
        thread = threading.Thread(target=lambda: results.append(dr.execute(["doubled"], inputs={"x": 1})))
        thread.start()
        thread.join()
        time.sleep(2)  # long enough for Ray's processes to notice their starting thread is gone
        results.append(dr.execute(["doubled"], inputs={"x": 2}))
        print(results)
        adapter.shutdown()
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "[{'doubled': 2}, {'doubled': 4}]"
