"""The async Driver: async def nodes overlap, plain ones run inline, hooks may be async, results as the sync Driver's."""

from __future__ import annotations

import asyncio
import threading

import pytest
from hamilton import async_driver, base, driver
from hamilton.errors import NodeExecutionError, PluginError
from hamilton.lifecycle import NodeExecutionHook
from hamilton.plugins import hookimpl

THREE = """
import asyncio
import threading

STARTED = []
FINISHED = []
ALL_STARTED = asyncio.Event()
INLINE_THREADS = []

async def _work(name, value):
    STARTED.append(name)
    if len(STARTED) == 3:
        ALL_STARTED.set()
    # waits for the two others to start: without overlap, this times out
    await asyncio.wait_for(ALL_STARTED.wait(), timeout=30)
    FINISHED.append(name)
    return value

async def first(x: int) -> int:
    return await _work("first", x + 1)

async def second(x: int) -> int:
    return await _work("second", x + 2)

async def third(x: int) -> int:
    return await _work("third", x + 3)

def total(first: int, second: int, third: int, bonus: int = 0) -> int:
    INLINE_THREADS.append(threading.get_ident())
    return first + second + third + bonus
"""


def run(coroutine):
    return asyncio.run(coroutine)


async def build(module, *adapters):
    return await async_driver.Builder().with_modules(module).with_adapters(*adapters).build()


def test_independent_async_nodes_overlap_and_plain_nodes_run_inline(dataflow_module):
    module = dataflow_module(THREE)

    async def main():
        module.ALL_STARTED = asyncio.Event()  # bound to this run's loop
        dr = await build(module)
        result = await dr.execute(["total"], inputs={"x": 1})
        return result, threading.get_ident()

    result, loop_thread = run(main())
    assert result == {"total": 9}
    assert sorted(module.STARTED) == ["first", "second", "third"]
    assert len(module.FINISHED) == 3  # every node started before any of them finished
    assert module.INLINE_THREADS == [loop_thread]


def test_raw_execute_overrides_inputs_and_config(dataflow_module):
    module = dataflow_module(
        """
        import asyncio

        async def doubled(x: int) -> int:
            await asyncio.sleep(0)
            return x * 2

        def plus(doubled: int, offset: int) -> int:
            return doubled + offset
        """
    )

    async def main():
        dr = await async_driver.Builder().with_modules(module).with_config({"offset": 100}).build()
        return (
            await dr.raw_execute(["plus", "doubled"], inputs={"x": 1}),
            await dr.raw_execute(["plus"], overrides={"doubled": 5}),
        )

    assert run(main()) == ({"plus": 102, "doubled": 2}, {"plus": 105})


FAILING = """
import asyncio

CANCELLED = []

async def slow(x: int) -> int:
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        CANCELLED.append("slow")
        raise
    return x

async def broken(x: int) -> int:
    await asyncio.sleep(0)
    raise LookupError(f"nothing for {x}")

def both(slow: int, broken: int) -> int:
    return slow + broken
"""


class Recorder:
    def __init__(self):
        self.events = []

    @hookimpl
    async def hamilton_before_run(self, final_vars):
        await asyncio.sleep(0)
        self.events.append(("before_run", tuple(final_vars)))

    @hookimpl
    async def hamilton_before_node(self, node, item_index):
        await asyncio.sleep(0)
        self.events.append(("before", node.name, item_index))

    @hookimpl
    def hamilton_after_node(self, node, result, error, item_index):
        self.events.append(("after", node.name, result, type(error).__name__ if error else None, item_index))

    @hookimpl
    async def hamilton_after_run(self, results, error):
        self.events.append(("after_run", results, type(error).__name__ if error else None))


def test_a_failing_node_is_named_the_others_cancelled_and_the_hooks_told(dataflow_module):
    module = dataflow_module(FAILING)
    recorder = Recorder()

    async def main():
        dr = await build(module, recorder)
        await dr.execute(["both"], inputs={"x": 3})

    with pytest.raises(LookupError) as caught:
        run(main())
    assert isinstance(caught.value, NodeExecutionError) and caught.value.node_name == "broken"
    assert "Node 'broken' raised LookupError: nothing for 3" in str(caught.value)
    assert isinstance(caught.value.__cause__, LookupError)
    assert module.CANCELLED == ["slow"]
    assert ("after", "broken", None, "LookupError", None) in recorder.events
    assert ("after", "slow", None, "CancelledError", None) in recorder.events
    assert recorder.events[-1] == ("after_run", None, "NodeExecutionError[LookupError]")


def test_hook_hamilton_before_node_async_hooks_are_awaited_in_order(dataflow_module):
    module = dataflow_module(
        """
        async def a(x: int) -> int:
            return x + 1

        def b(a: int) -> int:
            return a * 2
        """
    )
    recorder = Recorder()

    async def main():
        dr = await build(module, recorder)
        return await dr.execute(["b"], inputs={"x": 1})

    assert run(main()) == {"b": 4}
    assert recorder.events == [
        ("before_run", ("b",)),
        ("before", "a", None),
        ("after", "a", 2, None, None),
        ("before", "b", None),
        ("after", "b", 4, None, None),
        ("after_run", {"b": 4}, None),
    ]


def test_a_raising_async_hook_is_named(dataflow_module):
    module = dataflow_module("async def a(x: int) -> int:\n    return x\n")

    class Broken:
        @hookimpl
        async def hamilton_before_node(self, node):
            raise RuntimeError("hook broke")

    async def main():
        dr = await build(module, Broken())
        await dr.execute(["a"], inputs={"x": 1})

    with pytest.raises(RuntimeError) as caught:
        run(main())
    assert isinstance(caught.value, PluginError) and caught.value.hook == "hamilton_before_node"


def test_lifecycle_classes_with_async_methods_are_awaited(dataflow_module):
    module = dataflow_module("async def a(x: int) -> int:\n    return x\n")
    seen = []

    class Tracker(NodeExecutionHook):
        async def run_before_node_execution(self, *, node_name, **future_kwargs):
            await asyncio.sleep(0)
            seen.append(("before", node_name))

        async def run_after_node_execution(self, *, node_name, success, **future_kwargs):
            seen.append(("after", node_name, success))

    async def main():
        dr = await build(module, Tracker())
        return await dr.execute(["a"], inputs={"x": 1})

    assert run(main()) == {"a": 1}
    assert seen == [("before", "a"), ("after", "a", True)]
    with pytest.raises(TypeError, match="async"):  # the sync Driver cannot await them, and says so
        driver.Driver({}, dataflow_module("def b(x: int) -> int:\n    return x\n"), adapter=Tracker()).execute(
            ["b"], inputs={"x": 1}
        )


class Doubling(base.ResultMixin):
    @staticmethod
    def build_result(**outputs):
        return {name: value * 2 for name, value in outputs.items()}


def test_results_are_built_as_the_sync_driver_builds_them(dataflow_module, core_plugins_only):
    module = dataflow_module("async def a(x: int) -> int:\n    return x\n")

    async def main():
        return (
            await (await async_driver.Builder().with_modules(module).build()).execute(["a"], inputs={"x": 2}),
            await (await build(module, Doubling())).execute(["a"], inputs={"x": 2}),
            await (await build(module, base.SimplePythonGraphAdapter(Doubling()))).execute(["a"], inputs={"x": 2}),
            await async_driver.AsyncDriver({}, module, result_builder=Doubling()).execute(["a"], inputs={"x": 2}),
            await async_driver.AsyncDriver({}, module).execute(["a"], inputs={"x": 2}),
            await (await build(module, Doubling())).raw_execute(["a"], inputs={"x": 2}),
        )

    assert run(main()) == ({"a": 2}, {"a": 4}, {"a": 4}, {"a": 4}, {"a": 2}, {"a": 2})


def test_the_sync_driver_refuses_async_nodes_when_built_pointing_at_the_async_driver(dataflow_module):
    module = dataflow_module(
        """
        async def fetched(url: str) -> str:
            return url

        def length(fetched: str) -> int:
            return len(fetched)
        """
    )
    with pytest.raises(TypeError, match="async def") as caught:
        driver.Driver({}, module)
    assert "'fetched'" in str(caught.value) and "async_driver.Builder()" in str(caught.value)
    assert "'length'" not in str(caught.value)


def test_the_sync_driver_refuses_async_hooks_naming_the_plugin(dataflow_module):
    with pytest.raises(TypeError, match=r"adapter Recorder .* implements hamilton_before_run with async def"):
        driver.Driver({}, dataflow_module("def a() -> int:\n    return 1\n"), adapter=Recorder())


def test_async_nodes_and_node_wrappers_are_refused_together(dataflow_module):
    class Wrapper:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self, node):
            return (yield)

    module = dataflow_module("async def a(x: int) -> int:\n    return x\n")

    async def main():
        await (await build(module, Wrapper())).execute(["a"], inputs={"x": 1})

    with pytest.raises(TypeError, match="would see its coroutine"):
        run(main())


def test_executors_do_not_apply_to_the_async_driver(dataflow_module):
    from hamilton.executors import ThreadPoolGraphAdapter

    async def main():
        dr = await build(dataflow_module("async def a() -> int:\n    return 1\n"), ThreadPoolGraphAdapter())
        await dr.execute(["a"])

    with pytest.raises(TypeError, match="event loop"):
        run(main())
    with pytest.raises(ValueError, match="not supported by the async Driver"):
        async_driver.Builder().enable_dynamic_execution(allow_experimental_mode=True)


FAN_OUT = """
import asyncio
from hamilton.htypes import Collect, Parallelizable

RUNNING = []
MOST = []

def prompt(prompts: list) -> Parallelizable[str]:
    yield from prompts

async def answer(prompt: str) -> str:
    RUNNING.append(prompt)
    MOST.append(len(RUNNING))
    await asyncio.sleep(0.01)
    RUNNING.remove(prompt)
    if prompt == "bad":
        raise ValueError("no answer")
    return prompt.upper()

def answers(answer: Collect[str]) -> list:
    return list(answer)
"""


def test_items_of_a_parallelizable_block_run_concurrently_in_order(dataflow_module):
    module = dataflow_module(FAN_OUT)
    recorder = Recorder()

    async def main():
        dr = await build(module, recorder)
        return await dr.execute(["answers"], inputs={"prompts": ["a", "b", "c", "d"]})

    assert run(main()) == {"answers": ["A", "B", "C", "D"]}
    assert max(module.MOST) > 1  # items overlapped
    assert {e[2] for e in recorder.events if e[:2] == ("before", "answer")} == {(0,), (1,), (2,), (3,)}


def test_a_failing_item_of_the_async_driver_is_named_with_its_index(dataflow_module):
    module = dataflow_module(FAN_OUT)

    async def main():
        dr = await build(module)
        return await dr.execute(["answers"], inputs={"prompts": ["a", "bad", "c"]})

    with pytest.raises(ValueError) as caught:
        run(main())
    assert caught.value.node_name == "answer" and caught.value.item_index == (1,)
