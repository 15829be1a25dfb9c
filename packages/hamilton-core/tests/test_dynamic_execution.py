"""Parallelizable / Collect: the results of a plain loop over the items, on every executor of the core."""

from __future__ import annotations

import multiprocessing
import random
import textwrap
import threading

import pytest
from hamilton import base, driver
from hamilton.errors import NodeExecutionError, ParallelBlockError, TypeMismatchError
from hamilton.execution.executors import (
    MultiProcessingExecutor,
    MultiThreadingExecutor,
    SynchronousLocalTaskExecutor,
)
from hamilton.executors import ProcessPoolGraphAdapter, ThreadPoolGraphAdapter
from hamilton.lifecycle import NodeExecutionHook
from hamilton.plugins import hookimpl
from hamilton.testing import TaskExecutorContract, random_fanout

START_METHODS = [m for m in ("fork", "forkserver", "spawn") if m in multiprocessing.get_all_start_methods()]

FLOW = """
from hamilton.htypes import Collect, Parallelizable

CALLS = []

def base(offset: int) -> int:
    CALLS.append("base")
    return offset * 10

def url(urls: list) -> Parallelizable[str]:
    CALLS.append("url")
    for one in urls:
        yield one

def size(url: str, base: int) -> int:
    return len(url) + base

def doubled(size: int) -> int:
    return size * 2

def total(doubled: Collect[int]) -> int:
    return sum(doubled)

def sizes(size: Collect[int]) -> list:
    return list(size)

def report(total: int, base: int) -> str:
    CALLS.append("report")
    return f"{total}/{base}"
"""


def dynamic(module, local=None, remote=None, *adapters, config=None):
    builder = (
        driver.Builder().with_modules(module).with_config(config or {}).with_adapters(base.DictResult(), *adapters)
    )
    builder = builder.enable_dynamic_execution(allow_experimental_mode=True)
    if local is not None:
        builder = builder.with_local_executor(local)
    if remote is not None:
        builder = builder.with_remote_executor(remote)
    return builder.build()


# ------------------------------------------------------------- every core executor


class TestSynchronous(TaskExecutorContract):
    @pytest.fixture
    def task_executor(self):
        return SynchronousLocalTaskExecutor()


class TestThreads(TaskExecutorContract):
    @pytest.fixture
    def task_executor(self):
        with MultiThreadingExecutor(4) as executor:
            yield executor


@pytest.mark.parametrize("start_method", START_METHODS)
class TestProcesses(TaskExecutorContract):
    @pytest.fixture
    def task_executor(self, start_method):
        with MultiProcessingExecutor(2, mp_context=multiprocessing.get_context(start_method)) as executor:
            yield executor


EXECUTORS = {
    "sync": lambda: (None, SynchronousLocalTaskExecutor()),
    "threads": lambda: (None, MultiThreadingExecutor(3)),
    "threads-both": lambda: (MultiThreadingExecutor(2), MultiThreadingExecutor(3)),
    "processes": lambda: (None, MultiProcessingExecutor(2)),
    "processes-local": lambda: (MultiProcessingExecutor(2), MultiThreadingExecutor(2)),
}


@pytest.mark.parametrize("kind", sorted(EXECUTORS))
@pytest.mark.parametrize("seed", range(6))
def test_random_fan_outs_equal_a_plain_loop_with_overrides_anywhere(kind, seed):
    fan = random_fanout(100 + seed, name=f"random_fanout_{kind.replace('-', '_')}_{seed}")
    rng = random.Random(seed)
    outputs = rng.sample(fan.nodes, k=min(4, len(fan.nodes)))
    overridden = rng.sample(fan.nodes, k=2)
    overrides = {name: ([2, 7] if name.startswith("p") else 11) for name in overridden}
    inputs = {"seed_value": seed, "n_items": 12}
    local, remote = EXECUTORS[kind]()
    try:
        got = dynamic(fan.module, local, remote).raw_execute(outputs, inputs=inputs, overrides=overrides)
    finally:
        for executor in (local, remote):
            if executor is not None:
                executor.finalize()
    assert got == fan.plain_loop(outputs, inputs, overrides)


@pytest.mark.parametrize("adapter", [ThreadPoolGraphAdapter, ProcessPoolGraphAdapter])
def test_the_pool_adapters_run_blocks_on_their_pools(adapter):
    fan = random_fanout(7, name=f"random_fanout_on_{adapter.__name__}")
    outputs = [*fan.collects, *fan.after]
    inputs = {"seed_value": 3, "n_items": 30}
    with adapter(max_workers=2) as pool:
        dr = driver.Driver({}, fan.module, adapter=[base.DictResult(), pool])
        assert dr.raw_execute(outputs, inputs=inputs) == fan.plain_loop(outputs, inputs)


# ------------------------------------------------------------------------ semantics


def test_without_the_builder_a_driver_runs_blocks_in_this_thread(dataflow_module):
    module = dataflow_module(FLOW)
    dr = driver.Driver({"offset": 1}, module, adapter=base.DictResult())
    assert dr.execute(["total", "sizes"], inputs={"urls": ["a", "bb"]}) == {"total": 46, "sizes": [11, 12]}


def test_nodes_outside_the_block_run_once_inputs_and_config_reach_the_items(dataflow_module):
    module = dataflow_module(FLOW)
    with MultiThreadingExecutor(4) as remote:
        dr = dynamic(module, None, remote, config={"offset": 2})
        result = dr.raw_execute(["report", "sizes"], inputs={"urls": ["x", "yy", "zzz"]})
    assert result == {"report": "132/20", "sizes": [21, 22, 23]}
    assert sorted(module.CALLS) == ["base", "report", "url"]


def test_overrides_inside_and_outside_the_block(dataflow_module):
    dr = driver.Driver({"offset": 1}, dataflow_module(FLOW), adapter=base.DictResult())
    urls = {"urls": ["a", "bb", "ccc"]}
    assert dr.raw_execute(["total"], inputs=urls, overrides={"base": 0}) == {"total": 12}
    # a node run per item, overridden: that value for every item
    assert dr.raw_execute(["total", "doubled"], inputs=urls, overrides={"size": 5}) == {
        "total": 30,
        "doubled": [10, 10, 10],
    }
    # the Parallelizable node overridden: its items
    assert dr.raw_execute(["sizes"], inputs=urls, overrides={"url": ["dddd"]}) == {"sizes": [14]}
    # a collect overridden: the block does not run at all
    assert dr.raw_execute(["report"], overrides={"total": 1, "base": 2}) == {"report": "1/2"}


def test_asking_for_nodes_of_the_block_gives_their_values_per_item(dataflow_module):
    dr = driver.Driver({"offset": 0}, dataflow_module(FLOW), adapter=base.DictResult())
    assert dr.raw_execute(["url", "size", "doubled"], inputs={"urls": ["ab", "c"]}) == {
        "url": ["ab", "c"],
        "size": [2, 1],
        "doubled": [4, 2],
    }


def test_an_empty_fan_out_runs_nothing_per_item(dataflow_module):
    module = dataflow_module(FLOW)
    recorder = Recorder()
    dr = driver.Driver({"offset": 0}, module, adapter=[base.DictResult(), recorder])
    assert dr.raw_execute(["total", "sizes", "doubled"], inputs={"urls": []}) == {
        "total": 0,
        "sizes": [],
        "doubled": [],
    }
    assert {name for _, name, _ in recorder.events} == {"base", "url", "total", "sizes"}


def test_several_blocks_in_one_dag(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.htypes import Collect, Parallelizable

        def word(words: list) -> Parallelizable[str]:
            yield from words

        def number(limit: int) -> Parallelizable[int]:
            return range(limit)

        def shout(word: str) -> str:
            return word.upper()

        def square(number: int) -> int:
            return number * number

        def sentence(shout: Collect[str]) -> str:
            return " ".join(shout)

        def squares(square: Collect[int]) -> int:
            return sum(square)

        def both(sentence: str, squares: int) -> str:
            return f"{sentence} {squares}"
        """
    )
    for local, remote in [
        (None, SynchronousLocalTaskExecutor()),
        (MultiThreadingExecutor(2), MultiThreadingExecutor(3)),
    ]:
        dr = dynamic(module, local, remote)
        assert dr.raw_execute(["both"], inputs={"words": ["a", "b"], "limit": 4}) == {"both": "A B 14"}


NESTED = """
from hamilton.htypes import Collect, Parallelizable

def row(rows: int) -> Parallelizable[int]:
    return range(rows)

def cell(row: int, columns: int) -> Parallelizable[tuple]:
    for column in range(columns):
        yield (row, column)

def value(cell: tuple, row: int) -> int:
    if cell == (2, 1):
        raise KeyError("no value at (2, 1)")
    return cell[0] * 10 + cell[1] + row

def row_total(value: Collect[int]) -> int:
    return sum(value)

def grand_total(row_total: Collect[int]) -> int:
    return sum(row_total)
"""


@pytest.mark.parametrize("executor", ["sync", "threads", "processes"])
def test_nested_blocks_run_the_inner_block_inside_each_outer_item(dataflow_module, executor):
    module = dataflow_module(NESTED)
    remote = {"sync": SynchronousLocalTaskExecutor, "threads": lambda: MultiThreadingExecutor(2)}.get(
        executor, lambda: MultiProcessingExecutor(2)
    )()
    with remote:
        dr = dynamic(module, None, remote)
        expected = {
            "grand_total": sum(r * 10 + c + r for r in range(2) for c in range(3)),
            "value": [[r * 10 + c + r for c in range(3)] for r in range(2)],
        }
        assert dr.raw_execute(["grand_total", "value"], inputs={"rows": 2, "columns": 3}) == expected
        with pytest.raises(KeyError) as caught:
            dr.raw_execute(["grand_total"], inputs={"rows": 3, "columns": 2})
    assert caught.value.node_name == "value" and caught.value.item_index == (2, 1)
    assert "on item 1 of 'cell' within item 2 of 'row'" in str(caught.value)


def test_the_parallelizable_node_failing_while_yielding_names_the_item(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.htypes import Collect, Parallelizable

        def item(n: int) -> Parallelizable[int]:
            for i in range(n):
                if i == 3:
                    raise OSError(5, "disk gone")
                yield i

        def total(item: Collect[int]) -> int:
            return sum(item)
        """
    )
    for remote in (SynchronousLocalTaskExecutor(), MultiThreadingExecutor(2)):
        with pytest.raises(OSError) as caught:
            dynamic(module, None, remote).raw_execute(["total"], inputs={"n": 5})
        assert caught.value.errno == 5 and caught.value.item_index == (3,)
        assert "Node 'item', producing item 3, raised OSError" in str(caught.value)


# ------------------------------------------------------------------------- hooks


class Recorder:
    def __init__(self):
        self.events = []
        self._lock = threading.Lock()

    @hookimpl
    def hamilton_before_node(self, node, item_index):
        with self._lock:
            self.events.append(("before", node.name, item_index))

    @hookimpl
    def hamilton_after_node(self, node, item_index, error):
        with self._lock:
            self.events.append(("after" if error is None else "failed", node.name, item_index))


def test_hook_hamilton_before_node_and_after_node_get_the_item_index(dataflow_module):
    recorder = Recorder()
    dr = driver.Driver({"offset": 0}, dataflow_module(FLOW), adapter=[base.DictResult(), recorder])
    dr.raw_execute(["total"], inputs={"urls": ["a", "b"]})
    assert recorder.events == [
        ("before", "url", None),
        ("after", "url", None),
        ("before", "base", None),
        ("after", "base", None),
        ("before", "size", (0,)),
        ("after", "size", (0,)),
        ("before", "doubled", (0,)),
        ("after", "doubled", (0,)),
        ("before", "size", (1,)),
        ("after", "size", (1,)),
        ("before", "doubled", (1,)),
        ("after", "doubled", (1,)),
        ("before", "total", None),
        ("after", "total", None),
    ]


@pytest.mark.parametrize("start_method", START_METHODS)
def test_hooks_of_items_run_elsewhere_fire_here_with_values(dataflow_module, start_method):
    seen = []

    class Values:
        @hookimpl
        def hamilton_after_node(self, node, kwargs, result, item_index):
            seen.append((node.name, dict(kwargs), result, item_index))

    module = dataflow_module(FLOW)
    with MultiProcessingExecutor(2, mp_context=multiprocessing.get_context(start_method)) as remote:
        dynamic(module, None, remote, Values(), config={"offset": 0}).raw_execute(["total"], inputs={"urls": ["a"]})
    assert ("size", {"url": "a", "base": 0}, 1, (0,)) in seen
    assert ("doubled", {"size": 1}, 2, (0,)) in seen


def test_lifecycle_classes_get_a_task_id_per_item(dataflow_module):
    task_ids = []

    class Tasks(NodeExecutionHook):
        def run_before_node_execution(self, *, node_name, task_id, **future_kwargs):
            task_ids.append((node_name, task_id))

        def run_after_node_execution(self, **future_kwargs):
            pass

    dr = driver.Driver({"offset": 0}, dataflow_module(FLOW), adapter=[base.DictResult(), Tasks()])
    dr.raw_execute(["doubled"], inputs={"urls": ["a", "b"]})
    assert ("doubled", "item-1") in task_ids and ("url", None) in task_ids


# ----------------------------------------------------------- bounded memory


class Counted:
    """A large item that counts how many of its kind are alive at once."""

    alive = 0
    most = 0
    lock = threading.Lock()

    def __init__(self, number: int) -> None:
        self.number = number
        with Counted.lock:
            Counted.alive += 1
            Counted.most = max(Counted.most, Counted.alive)

    def __del__(self) -> None:
        with Counted.lock:
            Counted.alive -= 1


MILLION = """
from hamilton.htypes import Collect, Parallelizable

def item(n: int, make) -> Parallelizable[object]:
    for number in range(n):
        yield make(number)

def small(item: object) -> int:
    return item.number % 3

def total(small: Collect[int]) -> int:
    return sum(small)
"""


def test_a_million_item_generator_is_never_materialised(dataflow_module):
    Counted.alive = Counted.most = 0
    dr = driver.Driver({}, dataflow_module(MILLION), adapter=base.DictResult())
    n = 1_000_000
    assert dr.raw_execute(["total"], inputs={"n": n, "make": Counted}) == {"total": sum(i % 3 for i in range(n))}
    assert Counted.most <= 2 and Counted.alive == 0


def test_on_threads_items_in_flight_stay_within_the_batches_allowed(dataflow_module):
    Counted.alive = Counted.most = 0
    with MultiThreadingExecutor(4) as remote:
        dr = dynamic(dataflow_module(MILLION), None, remote)
        n = 100_000
        assert dr.raw_execute(["total"], inputs={"n": n, "make": Counted}) == {"total": sum(i % 3 for i in range(n))}
    # the executor holds at most one batch (of at most 1,024 items) per worker running, one more a worker has
    # finished but not yet let go of, and the one being filled: never the whole generator
    assert Counted.most <= (2 * 4 + 1) * 1024 + 2 < n


# ---------------------------------------------------------------------- wiring


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (
            """
            def total(x: Collect[int]) -> int:
                return sum(x)

            def x() -> int:
                return 1
            """,
            "'x' runs once",
        ),
        (
            """
            def a(n: int) -> Parallelizable[int]:
                return range(n)

            def b(n: int) -> Parallelizable[int]:
                return range(n)

            def pair(a: int, b: int) -> int:
                return a + b
            """,
            "one Parallelizable block only",
        ),
        (
            """
            def a(n: int) -> Parallelizable[int]:
                return range(n)

            def double(a: int) -> int:
                return a * 2

            def odd(a: int, double: Collect[int]) -> int:
                return a + sum(double)
            """,
            "Read the items or their collection, not both",
        ),
    ],
)
def test_wiring_that_cannot_run_is_refused_when_the_driver_is_built(dataflow_module, source, problem):
    module = dataflow_module("from hamilton.htypes import Collect, Parallelizable\n" + textwrap.dedent(source))
    with pytest.raises(ParallelBlockError, match=problem):
        driver.Driver({}, module)


def test_item_types_are_checked_across_the_block(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.htypes import Collect, Parallelizable

        def item(n: int) -> Parallelizable[str]:
            yield "x"

        def length(item: int) -> int:
            return item
        """
    )
    with pytest.raises(TypeMismatchError, match="'length' expects int for 'item', which returns str"):
        driver.Driver({}, module)


def test_the_builder_asks_for_dynamic_execution_before_its_executors(dataflow_module):
    with pytest.raises(ValueError, match="enable_dynamic_execution"):
        driver.Builder().with_remote_executor(MultiThreadingExecutor(2))
    with pytest.raises(TypeError, match="TaskExecutor"):
        dynamic(dataflow_module(FLOW), None, ThreadPoolGraphAdapter())


def test_a_node_of_an_item_failing_on_processes_is_named(dataflow_module):
    module = dataflow_module(FLOW)
    with MultiProcessingExecutor(2) as remote:
        dr = dynamic(module, None, remote, config={"offset": 0})
        with pytest.raises(TypeError) as caught:
            dr.raw_execute(["total"], inputs={"urls": ["a", 3, "c"]})
    assert isinstance(caught.value, NodeExecutionError) and caught.value.item_index == (1,)
    assert "Node 'size', on item 1 of 'url'" in str(caught.value)
    assert "Traceback in the worker process" in "".join(caught.value.__cause__.__notes__)


def test_inputs_read_per_item_are_checked_before_anything_runs(dataflow_module):
    from hamilton.errors import ExecutionError

    module = dataflow_module(
        """
        from hamilton.htypes import Collect, Parallelizable

        def word(words: list) -> Parallelizable[str]:
            yield from words

        def tagged(word: str, suffix: str) -> str:
            return word + suffix

        def sentence(tagged: Collect[str]) -> str:
            return " ".join(tagged)
        """
    )
    dr = driver.Driver({}, module, adapter=base.DictResult())
    with pytest.raises(ExecutionError, match="input 'suffix' is a int, but 'tagged' declares str"):
        dr.execute(["sentence"], inputs={"words": ["a"], "suffix": 1})


def test_the_picture_of_an_execution_holds_the_nodes_of_its_blocks(dataflow_module):
    from hamilton import drawing
    from hamilton.plan import compile_plan

    dr = driver.Driver({"offset": 0}, dataflow_module(FLOW), adapter=base.DictResult())
    view = drawing.view_of_plan(dr.graph, compile_plan(dr.graph, ["total"], ["urls"], []))
    assert {node.name for node in view.nodes} == {"urls", "offset", "base", "url", "size", "doubled", "total"}


def test_a_worker_dying_on_an_item_fails_the_run_and_the_next_run_gets_a_new_pool(dataflow_module):
    from hamilton.executors import WorkerDiedError

    module = dataflow_module(
        """
        import os
        from hamilton.htypes import Collect, Parallelizable

        def item(n: int, fatal: int) -> Parallelizable[int]:
            for i in range(n):
                yield -1 if i == fatal else i

        def checked(item: int) -> int:
            if item < 0:
                os._exit(3)  # a crash in native code, the OOM killer...
            return item

        def total(checked: Collect[int]) -> int:
            return sum(checked)
        """
    )
    with MultiProcessingExecutor(2) as remote:
        dr = dynamic(module, None, remote)
        with pytest.raises(WorkerDiedError) as caught:
            dr.raw_execute(["total"], inputs={"n": 6, "fatal": 2})
        assert caught.value.node_names == ["checked"] and "of 'item' were running" in str(caught.value)
        assert dr.raw_execute(["total"], inputs={"n": 6, "fatal": -5}) == {"total": 15}
