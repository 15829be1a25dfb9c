"""The cache stacked with the thread and process executors and with a retry wrapper, each combination run for real."""

from __future__ import annotations

import multiprocessing
import os
import threading
import warnings

import cache_workers
import pytest
from hamilton import base, driver
from hamilton.executors import ProcessPoolGraphAdapter, ThreadPoolGraphAdapter
from hamilton.plugins import hookimpl
from hamilton_cache import CacheWarning, HamiltonCacheAdapter

EXPECTED_D = sum(range(2000)) + 6  # x = 1


class Retry:
    """A node wrapper that runs the chain inside it again after a ConnectionError (up to three attempts)."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node, kwargs, call_inner):
        try:
            return (yield)
        except ConnectionError:
            for _ in range(2):
                self.attempts.append(node.name)
                try:
                    return call_inner()
                except ConnectionError:
                    continue
            raise


@pytest.fixture(autouse=True)
def strict_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        yield


def inputs(worker_log, **more):
    return {"x": 1, "log": str(worker_log.path), **more}


def test_thread_pool_hits_in_worker_threads(worker_log, cache_dir):
    seen = set()

    class WhereItRuns:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self, node):
            seen.add(threading.current_thread().name)
            return (yield)

    with ThreadPoolGraphAdapter(max_workers=3) as threads:
        cache = HamiltonCacheAdapter(path=cache_dir)
        dr = driver.Driver({}, cache_workers, adapter=[base.DictResult(), cache, WhereItRuns(), threads])
        assert dr.execute(["d"], inputs=inputs(worker_log)) == {"d": EXPECTED_D}
        assert worker_log.calls() == ["a", "b", "c", "d"]
        assert dr.execute(["d"], inputs=inputs(worker_log)) == {"d": EXPECTED_D}
    assert worker_log.calls() == []
    assert sorted(dr.cache.report().hits) == ["a", "b", "c", "d"]
    assert seen and all(name.startswith("hamilton") for name in seen)  # the chain ran in the pool's threads


START_METHODS = [
    method for method in ("fork", "forkserver", "spawn") if method in multiprocessing.get_all_start_methods()
]


@pytest.mark.parametrize("start_method", START_METHODS)
def test_process_pool_hits_send_nothing_to_the_pool(worker_log, cache_dir, start_method):
    context = multiprocessing.get_context(start_method)
    with ProcessPoolGraphAdapter(max_workers=2, mp_context=context) as processes:
        dr = driver.Builder().with_modules(cache_workers).with_adapters(base.DictResult(), processes)
        dr = dr.with_cache(path=cache_dir).build()
        assert dr.execute(["d"], inputs=inputs(worker_log)) == {"d": EXPECTED_D}
        assert os.getpid() not in worker_log.pids()  # the nodes ran in the workers
        assert worker_log.calls() == ["a", "b", "c", "d"]
        assert dr.execute(["d"], inputs=inputs(worker_log)) == {"d": EXPECTED_D}
        assert worker_log.calls() == []
        assert dr.execute(["d"], inputs=inputs(worker_log, x=2)) == {"d": sum(range(3000)) + 9}
        assert worker_log.calls() == ["a", "b", "c", "d"]


def flaky_inputs(worker_log, tmp_path, failures):
    counter = tmp_path / "failures"
    counter.write_text(str(failures))
    return inputs(worker_log, failures=str(counter))


@pytest.mark.parametrize("cache_outside", [True, False], ids=["cache-outside-retry", "retry-outside-cache"])
def test_retry_and_cache_stack_in_either_order(worker_log, cache_dir, tmp_path, cache_outside):
    retry, cache = Retry(), HamiltonCacheAdapter(path=cache_dir)
    wrappers = [cache, retry] if cache_outside else [retry, cache]
    dr = driver.Driver({}, cache_workers, adapter=[base.DictResult(), *wrappers])
    assert dr.execute(["flaky"], inputs=flaky_inputs(worker_log, tmp_path, 2)) == {"flaky": 7}
    assert retry.attempts == ["flaky", "flaky"]
    assert worker_log.calls() == ["a", "c", "flaky", "flaky", "flaky"]
    assert dr.cache.report().recomputed["flaky"] == "no result stored for it yet"
    assert dr.execute(["flaky"], inputs=flaky_inputs(worker_log, tmp_path, 2)) == {"flaky": 7}
    assert worker_log.calls() == [] and retry.attempts == ["flaky", "flaky"]  # a hit: no attempt at all


def test_retry_with_cache_on_threads_and_processes(worker_log, cache_dir, tmp_path):
    for executor in (ThreadPoolGraphAdapter(max_workers=2), ProcessPoolGraphAdapter(max_workers=2)):
        with executor:
            retry = Retry()
            dr = driver.Builder().with_modules(cache_workers).with_adapters(base.DictResult(), retry, executor)
            dr = dr.with_cache(path=cache_dir / type(executor).__name__).build()
            assert dr.execute(["d", "flaky"], inputs=flaky_inputs(worker_log, tmp_path, 1))["flaky"] == 7
            assert retry.attempts == ["flaky"]
            worker_log.calls()
            assert dr.execute(["d", "flaky"], inputs=flaky_inputs(worker_log, tmp_path, 1)) == {
                "d": EXPECTED_D,
                "flaky": 7,
            }
            assert worker_log.calls() == [] and retry.attempts == ["flaky"]


def test_a_failure_after_retries_is_the_nodes_error(worker_log, cache_dir, tmp_path):
    retry = Retry()
    dr = driver.Builder().with_modules(cache_workers).with_adapters(base.DictResult(), retry)
    dr = dr.with_cache(path=cache_dir).build()
    with pytest.raises(ConnectionError, match="flaky: 5 failures left") as caught:
        dr.execute(["flaky"], inputs=flaky_inputs(worker_log, tmp_path, 5))
    assert "'flaky'" in str(caught.value)
    assert worker_log.calls().count("flaky") == 3
    assert dr.cache.report().failed["flaky"].startswith("ConnectionError")


def test_nodes_of_a_parallelizable_block_run_per_item_under_the_cache(dataflow_module, cache_dir):
    module = dataflow_module(
        """
        from hamilton.htypes import Collect, Parallelizable

        def item(n: int) -> Parallelizable[int]:
            yield from range(n)

        def squared(item: int) -> int:
            return item * item

        def total(squared: Collect[int]) -> int:
            return sum(squared)
        """
    )
    from hamilton.execution.executors import MultiThreadingExecutor

    with MultiThreadingExecutor(2) as threads:
        dr = (
            driver.Builder()
            .with_modules(module)
            .with_adapters(base.DictResult(), HamiltonCacheAdapter(path=cache_dir))
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(threads)
            .build()
        )
        # the Parallelizable node runs every time and is not stored; each item's nodes are cached by that item
        assert dr.execute(["total"], inputs={"n": 3}) == {"total": 5}
        assert dr.execute(["total"], inputs={"n": 4}) == {"total": 14}
        assert dr.cache.report().recomputed == {"squared": "1 of 4 items: 'item' changed", "total": "'squared' changed"}
        assert dr.execute(["total"], inputs={"n": 4}) == {"total": 14}
        assert sorted(dr.cache.report().hits) == ["squared", "total"]
