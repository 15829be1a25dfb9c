"""ProgressBar with real tqdm bars, written to a buffer the tests read."""

from __future__ import annotations

import io

import pytest
from hamilton import base, driver, registry
from hamilton.testing import LifecycleHookContract
from hamilton_tqdm import ProgressBar

FLOW = """
import threading

PAUSE = threading.Event()  # never set: wait() is a pause that costs no CPU


def a(x: int) -> int:
    return x + 1


def b(a: int) -> int:
    PAUSE.wait(0.2)
    return a * 2


def c(a: int) -> int:
    PAUSE.wait(0.05)
    return a * 3


def d(b: int, c: int) -> int:
    return b + c


def boom(a: int) -> int:
    raise RuntimeError("boom")


def after_boom(boom: int) -> int:
    return boom
"""

PARALLEL = """
import threading

MEETING = threading.Barrier(2, timeout=30)  # left and right must run at the same time to pass


def left(x: int) -> int:
    MEETING.wait()
    return x


def right(x: int) -> int:
    MEETING.wait()
    return -x


def both(left: int, right: int) -> int:
    return left + right
"""


def frames(buffer: io.StringIO) -> list[str]:
    """Each state the bar was drawn in (tqdm redraws a line after a carriage return)."""
    return [frame.strip() for frame in buffer.getvalue().replace("\n", "\r").split("\r") if frame.strip()]


@pytest.fixture
def out():
    return io.StringIO()


def bar(out, **options):
    return ProgressBar(desc="flow", file=out, mininterval=0, **options)


def test_done_of_planned_and_the_time_elapsed(dataflow_module, out):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), bar(out)])
    assert dr.execute(["d"], inputs={"x": 1}) == {"d": 4 + 6}
    shown = frames(out)
    assert shown[0].startswith("flow:") and "0/4" in shown[0]
    assert shown[-1].startswith("flow -> done: 100%") and "4/4 [00:0" in shown[-1]  # [elapsed<remaining
    assert any(frame.startswith("flow -> b") for frame in shown)  # the node running now


def test_the_total_is_what_the_plan_runs(dataflow_module, out):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), bar(out)])
    dr.execute(["d"], inputs={"x": 1}, overrides={"b": 0})  # b and nothing else skipped: a feeds c
    assert "3/3" in frames(out)[-1]


def test_a_failure_is_shown_where_it_happened(dataflow_module, out):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), bar(out)])
    with pytest.raises(RuntimeError, match="boom"):
        dr.execute(["after_boom"], inputs={"x": 1})
    last = frames(out)[-1]
    assert last.startswith("flow -> failed in boom:") and "2/3" in last


def test_the_slowest_nodes_are_printed_at_the_end(dataflow_module, out):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), bar(out, slowest=2)])
    dr.execute(["d"], inputs={"x": 1})
    lines = out.getvalue().splitlines()[-3:]
    assert lines[0].startswith("slowest nodes of 4 (run: ")
    assert [line.split()[0] for line in lines[1:]] == ["b", "c"]  # 0.2 s and 0.05 s of pause: no load swaps them
    assert lines[1].endswith("ms") or lines[1].endswith(" s")


def test_nodes_running_side_by_side_on_threads(dataflow_module, out):
    dr = driver.Driver({}, dataflow_module(PARALLEL), adapter=[base.DictResult(), bar(out), "threads"])
    assert dr.execute(["both"], inputs={"x": 3}) == {"both": 0}
    shown = frames(out)
    running = [frame.partition(":")[0] for frame in shown]
    assert "flow -> left, right" in running or "flow -> right, left" in running  # both at once, plan order
    assert "3/3" in shown[-1]


@pytest.mark.parametrize("start_method", [None, "spawn"])
def test_on_a_process_pool(tmp_path, monkeypatch, out, start_method):
    import importlib
    import multiprocessing

    from hamilton.executors import ProcessPoolGraphAdapter

    # a module file the workers can import, whatever their start method
    name = f"progress_flow_{start_method}"
    (tmp_path / f"{name}.py").write_text(FLOW)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(name)
    context = multiprocessing.get_context(start_method) if start_method else None
    with ProcessPoolGraphAdapter(max_workers=2, mp_context=context) as pool:
        dr = driver.Driver({}, module, adapter=[base.DictResult(), bar(out), pool])
        assert dr.execute(["d"], inputs={"x": 1}) == {"d": 10}
    assert "4/4" in frames(out)[-1]


def test_long_node_names_are_cut(dataflow_module, out):
    module = dataflow_module("def a_node_with_a_very_long_name(x: int) -> int:\n    return x\n")
    dr = driver.Driver({}, module, adapter=[base.DictResult(), bar(out, max_node_name_width=10)])
    dr.execute(["a_node_with_a_very_long_name"], inputs={"x": 1})
    assert any(frame.startswith("flow -> a_node_...:") for frame in frames(out))


def test_chosen_by_name(dataflow_module, capsys):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), "tqdm"])
    dr.execute(["c"], inputs={"x": 1})
    err = capsys.readouterr().err
    assert "Graph execution -> done: 100%" in err and "2/2" in err


def test_installed_it_adds_no_hook_to_runs_that_do_not_ask(dataflow_module, capsys):
    (listed,) = [p for p in registry.plugins() if p["name"] == "tqdm"]
    assert listed["hooks"] == ["hamilton_register_adapters"]
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=base.DictResult())
    dr.execute(["c"], inputs={"x": 1})
    assert capsys.readouterr().err == ""


def test_the_originals_import_path():
    from hamilton.plugins import h_tqdm

    assert h_tqdm.ProgressBar is ProgressBar


@pytest.mark.parametrize(("options", "message"), [({"slowest": -1}, "slowest"), ({"max_node_name_width": 2}, "width")])
def test_bad_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        ProgressBar(**options)


class TestProgressBarContract(LifecycleHookContract):
    @pytest.fixture
    def hook(self):
        return ProgressBar(file=io.StringIO(), slowest=2)


FAN_OUT = """
from hamilton.htypes import Collect, Parallelizable


def item(n: int) -> Parallelizable[int]:
    return range(n)


def squared(item: int) -> int:
    return item * item


def total(squared: Collect[int]) -> int:
    return sum(squared)
"""


@pytest.mark.parametrize("items_on", ["this thread", "threads"])
def test_nodes_of_a_parallelizable_block_count_once_per_item(dataflow_module, out, items_on):
    from hamilton.execution.executors import MultiThreadingExecutor, SynchronousLocalTaskExecutor

    remote = SynchronousLocalTaskExecutor() if items_on == "this thread" else MultiThreadingExecutor(3)
    with remote:
        dr = (
            driver.Builder()
            .with_modules(dataflow_module(FAN_OUT))
            .with_adapters(base.DictResult(), bar(out, slowest=3))
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(remote)
            .build()
        )
        assert dr.execute(["total"], inputs={"n": 5}) == {"total": 30}
    shown = [frame for frame in frames(out) if frame.startswith("flow")]
    assert "0/2" in shown[0]  # item and total: the nodes that run once
    assert shown[-1].startswith("flow -> done: 100%") and "7/7" in shown[-1]  # and squared, once per item
    assert "slowest nodes of 3" in out.getvalue()
