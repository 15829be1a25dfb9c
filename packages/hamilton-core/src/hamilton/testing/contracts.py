"""Contract test classes: subclass the one for your kind of plugin and provide its fixtures.

Each class is a set of pytest tests; the inherited tests prove your plugin behaves as
the Driver expects. Provide the fixtures each class's docstring lists.

- ``ResultBuilderContract``: a result builder (``build_result(**outputs)``).
- ``ExecutorContract``: an executor (``hamilton_execute_plan``).
- ``TaskExecutorContract``: a task executor of dynamic execution (``with_remote_executor``).
- ``LifecycleHookContract``: a plugin of before/after run and node hooks.
- ``NodeWrapperContract``: a ``hamilton_execute_node`` wrapper (timing, retry, cache).
- ``VisualizerContract``: a visualizer (``draw(view, output_file_path, render_kwargs)``).
- ``NodeDiscoveryContract``: a ``hamilton_discover_nodes`` plugin.
- ``DecoratorContract`` (in ``hamilton.testing.decorators``): a decorator family.
"""

from __future__ import annotations

import inspect
import itertools
import pickle
import random
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hamilton import base, drawing, driver, hookspecs
from hamilton.errors import NodeExecutionError
from hamilton.executors import ThreadPoolGraphAdapter
from hamilton.plan import compile_plan
from hamilton.plugins import PluginManager, hook_names, hookimpl
from hamilton.testing.modules import module_from_source, random_dag_module, random_fanout

__all__ = [
    "ExecutorContract",
    "LifecycleHookContract",
    "NodeDiscoveryContract",
    "NodeWrapperContract",
    "ResultBuilderContract",
    "TaskExecutorContract",
    "VisualizerContract",
]

_names = itertools.count()

CHAIN = """
def doubled(x: int) -> int:
    return x * 2

def total(doubled: int, offset: int) -> int:
    return doubled + offset

def boom(doubled: int) -> int:
    raise ZeroDivisionError("boom in a node")
"""
"""A small dataflow the contracts run: ``doubled`` -> ``total`` (with config ``offset``), and ``boom``, which raises."""


def _chain_module() -> types.ModuleType:
    return module_from_source(f"hamilton_contract_{next(_names)}", CHAIN)


def _dict_driver(module: types.ModuleType, *extra: Any, config: dict[str, Any] | None = None) -> driver.Driver:
    return driver.Driver(
        {"offset": 100, **(config or {})}, module, adapter=[base.SimplePythonGraphAdapter(base.DictResult()), *extra]
    )


class _Recorder:
    """Records every lifecycle hook call, in order, as ``(hook, node name or None, error type or None)``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str | None]] = []
        self.planned: list[int] = []

    @hookimpl
    def hamilton_before_run(self, plan: Any) -> None:
        self.planned.append(len(plan.steps))
        self.calls.append(("before_run", None, None))

    @hookimpl
    def hamilton_before_node(self, node: Any) -> None:
        self.calls.append(("before_node", node.name, None))

    @hookimpl
    def hamilton_after_node(self, node: Any, error: BaseException | None) -> None:
        self.calls.append(("after_node", node.name, type(error).__name__ if error else None))

    @hookimpl
    def hamilton_after_run(self, error: BaseException | None) -> None:
        self.calls.append(("after_run", None, type(error).__name__ if error else None))

    def check_order(self) -> None:
        """Runs are bracketed by before/after run; each node's before comes before its after, once each."""
        hooks = [hook for hook, _, _ in self.calls]
        assert hooks[0] == "before_run" and hooks[-1] == "after_run", self.calls
        started: set[str] = set()
        finished: set[str] = set()
        for hook, name, _ in self.calls[1:-1]:
            if hook == "before_node":
                assert name not in started, f"before_node twice for {name}"
                started.add(name)  # type: ignore[arg-type]
            elif hook == "after_node":
                assert name in started and name not in finished, f"after_node of {name} out of order"
                finished.add(name)  # type: ignore[arg-type]


class _Counting:
    """A node wrapper that counts the nodes it sees."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node: Any) -> Iterator[None]:
        self.seen.append(node.name)
        return (yield)


# ----------------------------------------------------------------------------- results


class ResultBuilderContract:
    """What a result builder must honour.

    Fixtures: ``builder`` (the class, or an object, with ``build_result(**outputs)``),
    ``outputs`` (outputs it accepts, by name) and ``expected`` (what it must build from
    them). Set ``registered_name`` if your plugin registers the builder, and override
    ``assert_same`` for results whose ``==`` is not a plain bool (DataFrames).
    """

    registered_name: str | None = None

    def assert_same(self, actual: Any, expected: Any) -> None:
        """Fail unless ``actual`` is the result ``expected`` describes."""
        assert actual == expected

    @pytest.fixture
    def builder(self) -> Any:
        raise NotImplementedError("override the `builder` fixture with your result builder")

    @pytest.fixture
    def outputs(self) -> dict[str, Any]:
        raise NotImplementedError("override the `outputs` fixture with outputs your builder accepts")

    @pytest.fixture
    def expected(self) -> Any:
        raise NotImplementedError("override the `expected` fixture with what your builder makes of `outputs`")

    def _driver(self, adapter: Any) -> driver.Driver:
        return driver.Driver({}, types.ModuleType(f"hamilton_contract_outputs_{next(_names)}"), adapter=adapter)

    def test_builds_the_expected_result(self, builder: Any, outputs: dict[str, Any], expected: Any) -> None:
        """``build_result(**outputs)`` makes the expected result."""
        self.assert_same(builder.build_result(**outputs), expected)

    def test_build_result_is_static(self, builder: Any, outputs: dict[str, Any], expected: Any) -> None:
        """As the seed says: static, so frameworks that pickle only a function can call it on the class."""
        cls = builder if isinstance(builder, type) else type(builder)
        assert isinstance(inspect.getattr_static(cls, "build_result"), staticmethod)
        self.assert_same(cls.build_result(**outputs), expected)

    def test_as_the_adapter_of_a_driver(self, builder: Any, outputs: dict[str, Any], expected: Any) -> None:
        """``Driver(..., adapter=builder).execute`` returns the built result."""
        self.assert_same(self._driver(builder).execute(list(outputs), inputs=outputs), expected)

    def test_inside_a_seed_graph_adapter(self, builder: Any, outputs: dict[str, Any], expected: Any) -> None:
        """``base.SimplePythonGraphAdapter(builder)`` builds the same result."""
        adapter = base.SimplePythonGraphAdapter(builder)
        self.assert_same(self._driver(adapter).execute(list(outputs), inputs=outputs), expected)

    def test_by_its_registered_name(self, outputs: dict[str, Any], expected: Any) -> None:
        """``adapter="<registered name>"`` builds the same result."""
        if self.registered_name is None:
            pytest.skip("registered_name is not set: the builder is not registered")
        self.assert_same(self._driver(self.registered_name).execute(list(outputs), inputs=outputs), expected)


# --------------------------------------------------------------------------- executors


class ExecutorContract:
    """What an executor (a plugin implementing ``hamilton_execute_plan``) must honour.

    Fixture: ``adapter``, a new executor adapter for each test. Set
    ``runs_node_wrappers = False`` if it refuses ``hamilton_execute_node`` wrappers
    (it must then say so, by name, before any node runs).
    """

    runs_node_wrappers = True

    @pytest.fixture
    def adapter(self) -> Any:
        raise NotImplementedError("override the `adapter` fixture with your executor adapter")

    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_same_values_as_sequential(self, adapter: Any, seed: int) -> None:
        """A random DAG gives the values the core's sequential loop gives."""
        module = random_dag_module(seed, name=f"hamilton_contract_dag_{next(_names)}")
        outputs = [f"n{i}" for i in range(0, 30, 3)]
        expected = _dict_driver(module).raw_execute(outputs, inputs={"seed_value": 7})
        got = driver.Driver({"offset": 100}, module, adapter=adapter).raw_execute(outputs, inputs={"seed_value": 7})
        assert got == expected

    def test_inputs_overrides_and_config_reach_the_nodes(self, adapter: Any) -> None:
        """Config keys, inputs and overrides are seeded as the sequential loop seeds them."""
        dr = driver.Driver({"offset": 100}, _chain_module(), adapter=adapter)
        assert dr.raw_execute(["total"], inputs={"x": 1}) == {"total": 102}
        assert dr.raw_execute(["total"], inputs={"x": 1}, overrides={"doubled": 5}) == {"total": 105}

    def test_failing_node_is_named_and_keeps_its_cause(self, adapter: Any) -> None:
        """A node's error is raised as a ``NodeExecutionError`` of its own type, naming it, the original its cause."""
        dr = driver.Driver({"offset": 100}, _chain_module(), adapter=adapter)
        with pytest.raises(ZeroDivisionError) as caught:
            dr.raw_execute(["boom"], inputs={"x": 1})
        assert isinstance(caught.value, NodeExecutionError)
        assert caught.value.node_name == "boom"
        assert isinstance(caught.value.__cause__, ZeroDivisionError)

    def test_every_node_gets_its_hooks_once_in_order(self, adapter: Any) -> None:
        """Before and after each node once, inside before/after run; the plan announced is the plan run."""
        recorder = _Recorder()
        dr = driver.Driver({"offset": 100}, _chain_module(), adapter=[adapter, recorder])
        assert dr.raw_execute(["total"], inputs={"x": 1}) == {"total": 102}
        recorder.check_order()
        after = [name for hook, name, _ in recorder.calls if hook == "after_node"]
        assert sorted(after) == ["doubled", "total"] and recorder.planned == [2]

    def test_a_failure_reaches_the_hooks(self, adapter: Any) -> None:
        """The failing node's after-node hook and the after-run hook see its error."""
        recorder = _Recorder()
        dr = driver.Driver({"offset": 100}, _chain_module(), adapter=[adapter, recorder])
        with pytest.raises(ZeroDivisionError):
            dr.raw_execute(["boom"], inputs={"x": 1})
        assert ("after_node", "boom", "ZeroDivisionError") in recorder.calls
        assert recorder.calls[-1][0] == "after_run" and recorder.calls[-1][2] is not None

    def test_node_wrappers_run_or_are_refused_by_name(self, adapter: Any) -> None:
        """Wrappers see every node, or the run is refused naming them before anything runs."""
        counting = _Counting()
        dr = driver.Driver({"offset": 100}, _chain_module(), adapter=[adapter, counting])
        if self.runs_node_wrappers:
            assert dr.raw_execute(["total"], inputs={"x": 1}) == {"total": 102}
            assert sorted(counting.seen) == ["doubled", "total"]
        else:
            with pytest.raises(TypeError, match="wrapper"):
                dr.raw_execute(["total"], inputs={"x": 1})
            assert counting.seen == []


# ------------------------------------------------------------------- task executors

FANOUT = """
from collections.abc import Iterable

from hamilton.htypes import Collect, Parallelizable

def item(items: Iterable[int]) -> Parallelizable[int]:
    yield from items

def squared(item: int) -> int:
    if item == 13:
        raise ValueError("13 is unlucky")
    return item * item

def total(squared: Collect[int]) -> int:
    return sum(squared)

def count(squared: Collect[int]) -> int:
    return len(squared)
"""
"""A fan-out: ``item`` yields the input ``items``, ``squared`` runs per item (and fails on 13), two collects."""


class _ItemRecorder:
    """Records ``(hook, node name, item_index)`` from any thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self._lock = threading.Lock()

    @hookimpl
    def hamilton_before_node(self, node: Any, item_index: Any) -> None:
        with self._lock:
            self.calls.append(("before", node.name, item_index))

    @hookimpl
    def hamilton_after_node(self, node: Any, item_index: Any) -> None:
        with self._lock:
            self.calls.append(("after", node.name, item_index))


class _Pending:
    """Counts the items a generator has yielded that no after-node hook has reported yet; keeps the maximum."""

    def __init__(self) -> None:
        self.yielded = self.done = self.most = 0
        self._lock = threading.Lock()

    def items(self, count: int) -> Iterator[int]:
        for index in range(count):
            with self._lock:
                self.yielded += 1
                self.most = max(self.most, self.yielded - self.done)
            yield index % 7

    @hookimpl
    def hamilton_after_node(self, node: Any) -> None:
        if node.name == "squared":
            with self._lock:
                self.done += 1


class TaskExecutorContract:
    """What a task executor must honour as the remote executor of dynamic execution.

    Fixture: ``task_executor``, a ``hamilton.execution.executors.TaskExecutor`` for each
    test. The tests build Drivers with
    ``Builder().enable_dynamic_execution(...).with_remote_executor(task_executor)``.
    """

    @pytest.fixture
    def task_executor(self) -> Any:
        raise NotImplementedError("override the `task_executor` fixture with your TaskExecutor")

    def _driver(self, module: types.ModuleType, task_executor: Any, *adapters: Any) -> driver.Driver:
        return (
            driver.Builder()
            .with_modules(module)
            .with_adapters(base.DictResult(), *adapters)
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(task_executor)
            .build()
        )

    def _fanout(self) -> types.ModuleType:
        return module_from_source(f"hamilton_contract_fanout_{next(_names)}", FANOUT)

    @pytest.mark.parametrize("seed", [0, 1, 2, 3])
    def test_random_fan_outs_equal_a_plain_loop(self, task_executor: Any, seed: int) -> None:
        """Collected values, per-item outputs (lists) and overrides: what Python loops over the items give."""
        fan = random_fanout(seed, name=f"hamilton_contract_random_fanout_{next(_names)}")
        rng = random.Random(seed)
        outputs = [*fan.collects, *fan.after, fan.blocks[0][1][-1]]
        overrides = {rng.choice([*fan.outer, *fan.blocks[-1][1]]): 3} if seed % 2 else {}
        inputs = {"seed_value": seed, "n_items": 25}
        dr = self._driver(fan.module, task_executor)
        assert dr.raw_execute(outputs, inputs=inputs, overrides=overrides) == fan.plain_loop(outputs, inputs, overrides)

    def test_an_empty_fan_out_gives_empty_collections(self, task_executor: Any) -> None:
        dr = self._driver(self._fanout(), task_executor)
        assert dr.raw_execute(["total", "count", "squared"], inputs={"items": []}) == {
            "total": 0,
            "count": 0,
            "squared": [],
        }

    def test_a_failing_item_is_named_with_its_index(self, task_executor: Any) -> None:
        """The error names the node and the item's index; it is of the node's error type, the original its cause."""
        dr = self._driver(self._fanout(), task_executor)
        with pytest.raises(ValueError) as caught:
            dr.raw_execute(["total"], inputs={"items": [1, 2, 13, 4]})
        assert isinstance(caught.value, NodeExecutionError)
        assert caught.value.node_name == "squared" and caught.value.item_index == (2,)
        assert "'squared'" in str(caught.value) and "item 2 of 'item'" in str(caught.value)
        assert isinstance(caught.value.__cause__, ValueError)

    def test_hooks_fire_per_item_with_its_index(self, task_executor: Any) -> None:
        recorder = _ItemRecorder()
        dr = self._driver(self._fanout(), task_executor, recorder)
        assert dr.raw_execute(["total"], inputs={"items": [1, 2, 3]}) == {"total": 14}
        for hook in ("before", "after"):
            seen = sorted((name, index or ()) for h, name, index in recorder.calls if h == hook)
            assert seen == [("item", ()), ("squared", (0,)), ("squared", (1,)), ("squared", (2,)), ("total", ())]
        for name, index in {(name, index) for _, name, index in recorder.calls}:
            assert recorder.calls.index(("before", name, index)) < recorder.calls.index(("after", name, index))

    def test_items_are_pulled_only_as_tasks_start(self, task_executor: Any) -> None:
        """A long generator is never materialised: at most ``max_tasks`` batches of 1,024 items wait at once."""
        pending = _Pending()
        dr = self._driver(self._fanout(), task_executor, pending)
        count = 50_000
        assert dr.raw_execute(["count"], inputs={"items": pending.items(count)}) == {"count": count}
        assert pending.done == count
        assert pending.most <= max(1, task_executor.max_tasks) * 1024 < count

    def test_node_wrappers_run_per_item_or_are_refused_by_name(self, task_executor: Any) -> None:
        """In this process wrappers see every node of every item; elsewhere the run is refused, naming them."""
        counting = _Counting()
        dr = self._driver(self._fanout(), task_executor, counting)
        if task_executor.in_process:
            assert dr.raw_execute(["total"], inputs={"items": [1, 2]}) == {"total": 5}
            assert sorted(counting.seen) == ["item", "squared", "squared", "total"]
        else:
            with pytest.raises(TypeError, match="wrapper"):
                dr.raw_execute(["total"], inputs={"items": [1, 2]})
            assert counting.seen == []


# ---------------------------------------------------------------------- lifecycle hooks


class LifecycleHookContract:
    """What a plugin of lifecycle hooks (``hamilton_before_run`` ... ``hamilton_after_run``) must honour.

    Fixture: ``hook``, a new instance of your plugin for each test.
    """

    @pytest.fixture
    def hook(self) -> Any:
        raise NotImplementedError("override the `hook` fixture with your plugin object")

    def test_implements_only_known_hooks(self, hook: Any) -> None:
        """Every ``hamilton_*`` method is a hook of the contract, with arguments the hook has."""
        known = set(hookspecs.__all__)
        assert hook_names(hook), "the plugin implements no hook"
        assert set(hook_names(hook)) <= known, set(hook_names(hook)) - known
        manager = PluginManager()
        manager.register(hook)
        manager.check_pending()

    def test_results_are_unchanged(self, hook: Any) -> None:
        """With the plugin the outputs are the same values."""
        assert _dict_driver(_chain_module(), hook).execute(["total"], inputs={"x": 1}) == {"total": 102}

    def test_hooks_fire_in_the_documented_order(self, hook: Any) -> None:
        """With the plugin installed, runs and nodes are still bracketed by their hooks."""
        recorder = _Recorder()
        _dict_driver(_chain_module(), hook, recorder).execute(["total"], inputs={"x": 1})
        recorder.check_order()

    def test_a_failing_node_stays_the_error_raised(self, hook: Any) -> None:
        """The plugin handles a failure quietly: the node's error is raised, nothing attached to it."""
        with pytest.raises(ZeroDivisionError) as caught:
            _dict_driver(_chain_module(), hook).execute(["boom"], inputs={"x": 1})
        assert caught.value.node_name == "boom"  # type: ignore[attr-defined]
        assert not getattr(caught.value, "hamilton_also_raised", None), caught.value.hamilton_also_raised  # type: ignore[attr-defined]

    def test_one_instance_serves_two_drivers_and_many_runs(self, hook: Any) -> None:
        """No state leaks from one Driver or run into another."""
        first, second = _dict_driver(_chain_module(), hook), _dict_driver(_chain_module(), hook)
        for dr in (first, second, first):
            assert dr.execute(["total"], inputs={"x": 2}) == {"total": 104}

    def test_works_on_a_thread_pool(self, hook: Any) -> None:
        """Hooks fire from the calling thread while nodes run on a pool."""
        dr = _dict_driver(_chain_module(), ThreadPoolGraphAdapter(max_workers=2), hook)
        assert dr.execute(["total", "doubled"], inputs={"x": 1}) == {"total": 102, "doubled": 2}


# ----------------------------------------------------------------------- node wrappers


class NodeWrapperContract:
    """What a ``hamilton_execute_node`` wrapper must honour.

    Fixture: ``wrapper``, a new instance for each test. Set ``answers_repeated_calls``
    if it answers a repeated call without running the node (a cache).
    """

    answers_repeated_calls = False

    @pytest.fixture
    def wrapper(self) -> Any:
        raise NotImplementedError("override the `wrapper` fixture with your wrapper plugin")

    def _counted_module(self) -> types.ModuleType:
        module = module_from_source(
            f"hamilton_contract_counted_{next(_names)}",
            "def doubled(x: int) -> int:\n    CALLS.append('doubled')\n    return x * 2\n\n"
            "def total(doubled: int, offset: int) -> int:\n    CALLS.append('total')\n    return doubled + offset\n",
        )
        module.CALLS = []  # type: ignore[attr-defined]
        return module

    def test_values_are_unchanged(self, wrapper: Any) -> None:
        """Through the wrapper, every output has its value."""
        assert _dict_driver(_chain_module(), wrapper).execute(["total"], inputs={"x": 1}) == {"total": 102}

    def test_stacks_between_other_wrappers(self, wrapper: Any) -> None:
        """A wrapper outside sees every node; one inside sees every node the wrapper lets through."""
        outside, inside = _Counting(), _Counting()
        dr = _dict_driver(_chain_module(), outside, wrapper, inside)
        assert dr.execute(["total"], inputs={"x": 1}) == {"total": 102}
        assert sorted(outside.seen) == ["doubled", "total"]
        assert set(inside.seen) <= {"doubled", "total"}
        if not self.answers_repeated_calls:
            assert sorted(inside.seen) == ["doubled", "total"]

    def test_a_node_error_reaches_the_caller_named(self, wrapper: Any) -> None:
        """The node's error is raised, named, with its cause."""
        with pytest.raises(ZeroDivisionError) as caught:
            _dict_driver(_chain_module(), wrapper).execute(["boom"], inputs={"x": 1})
        assert isinstance(caught.value, NodeExecutionError) and caught.value.node_name == "boom"

    def test_answers_a_repeated_call_without_running_the_node(self, wrapper: Any) -> None:
        """A repeated call is answered by the wrapper: the node and the wrappers inside it do not run."""
        if not self.answers_repeated_calls:
            pytest.skip("answers_repeated_calls is not set: the wrapper always runs the node")
        module, inside = self._counted_module(), _Counting()
        dr = _dict_driver(module, wrapper, inside)
        first = dr.execute(["total"], inputs={"x": 1})
        calls, seen = list(module.CALLS), list(inside.seen)
        assert dr.execute(["total"], inputs={"x": 1}) == first == {"total": 102}
        assert module.CALLS == calls and inside.seen == seen

    def test_one_instance_serves_two_drivers(self, wrapper: Any) -> None:
        """Each Driver's nodes go through its own chain."""
        first, second = _dict_driver(_chain_module(), wrapper), _dict_driver(_chain_module(), wrapper)
        assert first.execute(["total"], inputs={"x": 1}) == {"total": 102}
        assert second.execute(["total"], inputs={"x": 3}) == {"total": 106}

    def test_works_on_a_thread_pool(self, wrapper: Any) -> None:
        """The chain runs in the pool's threads."""
        dr = _dict_driver(_chain_module(), ThreadPoolGraphAdapter(max_workers=2), wrapper)
        assert dr.execute(["total", "doubled"], inputs={"x": 1}) == {"total": 102, "doubled": 2}


# ------------------------------------------------------------------------- visualizers


class VisualizerContract:
    """What a visualizer must honour.

    Fixture: ``visualizer``, an object with ``draw(view, output_file_path, render_kwargs,
    **options)``. Set ``registered_name`` if your plugin registers it; override
    ``drawn_text`` if what it writes or returns is not text naming the nodes (an image).
    """

    registered_name: str | None = None

    @pytest.fixture
    def visualizer(self) -> Any:
        raise NotImplementedError("override the `visualizer` fixture with your visualizer")

    def drawn_text(self, returned: Any, path: Path) -> str:
        """The text of a drawing, to check that it names every node: the value returned, else the file."""
        if isinstance(returned, str):
            return returned
        return path.read_text(encoding="utf-8", errors="replace")

    def test_draws_every_node_of_the_dag(self, visualizer: Any, tmp_path: Path) -> None:
        """The whole DAG: every node and input is named in the drawing, which is written where asked."""
        dr = _dict_driver(_chain_module())
        view = drawing.view_of(dr.graph, drawing.all_names(dr.graph), title="all functions")
        path = tmp_path / "dag.out"
        returned = visualizer.draw(view, str(path), {})
        text = self.drawn_text(returned, path)
        for name in ("x", "offset", "doubled", "total", "boom"):
            assert name in text, f"{name!r} is not in the drawing"

    def test_draws_an_execution_with_an_override(self, visualizer: Any, tmp_path: Path) -> None:
        """What ``visualize_execution`` hands over: only the planned nodes."""
        dr = _dict_driver(_chain_module())
        view = drawing.view_of_plan(dr.graph, compile_plan(dr.graph, ["total"], ["x"], ["doubled"]))
        assert {n.name for n in view.nodes} == {"doubled", "offset", "total"}
        path = tmp_path / "execution.out"
        text = self.drawn_text(visualizer.draw(view, str(path), {}), path)
        assert "total" in text and "boom" not in text

    def test_by_its_registered_name(self, tmp_path: Path) -> None:
        """``display_all_functions(..., visualizer="<name>")`` uses it."""
        if self.registered_name is None:
            pytest.skip("registered_name is not set: the visualizer is not registered")
        path = tmp_path / "named.out"
        returned = _dict_driver(_chain_module()).display_all_functions(str(path), {}, visualizer=self.registered_name)
        assert "total" in self.drawn_text(returned, path)


# ------------------------------------------------------------------------ node discovery


class NodeDiscoveryContract:
    """What a ``hamilton_discover_nodes`` plugin must honour.

    Fixtures: ``plugin`` (the plugin object), ``module`` (a module it finds nodes in),
    ``expected_nodes`` (the names of the nodes it adds), ``expected_values`` (some of
    their outputs and values) and ``inputs`` (for those).
    """

    @pytest.fixture
    def plugin(self) -> Any:
        raise NotImplementedError("override the `plugin` fixture with your discovery plugin")

    @pytest.fixture
    def module(self) -> types.ModuleType:
        raise NotImplementedError("override the `module` fixture with a module your plugin finds nodes in")

    @pytest.fixture
    def expected_nodes(self) -> set[str]:
        raise NotImplementedError("override the `expected_nodes` fixture")

    @pytest.fixture
    def expected_values(self) -> dict[str, Any]:
        raise NotImplementedError("override the `expected_values` fixture")

    @pytest.fixture
    def inputs(self) -> dict[str, Any]:
        return {}

    def _contributed(self, plugin: Any, module: types.ModuleType) -> list[Any]:
        return list(plugin.hamilton_discover_nodes(module=module, config={}) or [])

    def test_adds_the_expected_nodes(self, plugin: Any, module: types.ModuleType, expected_nodes: set[str]) -> None:
        """Its nodes are in the Driver's graph."""
        assert {n.name for n in self._contributed(plugin, module)} == set(expected_nodes)
        dr = _dict_driver(module, plugin)
        assert set(expected_nodes) <= set(dr.graph.nodes)

    def test_finds_nothing_in_a_module_without_its_nodes(self, plugin: Any) -> None:
        """A plain module gets no nodes from it (and costs it nothing)."""
        assert self._contributed(plugin, _chain_module()) == []

    def test_nodes_compute_the_expected_values(
        self, plugin: Any, module: types.ModuleType, expected_values: dict[str, Any], inputs: dict[str, Any]
    ) -> None:
        """Its nodes run like any other."""
        assert _dict_driver(module, plugin).raw_execute(list(expected_values), inputs=inputs) == expected_values

    def test_node_callables_pickle_for_process_executors(self, plugin: Any, module: types.ModuleType) -> None:
        """Process, Dask and Ray executors send node callables to other processes."""
        for node in self._contributed(plugin, module):
            pickle.dumps(node.callable)

    def test_nodes_describe_themselves(self, plugin: Any, module: types.ModuleType) -> None:
        """Each node has a type and says where it comes from, for listings and errors."""
        for node in self._contributed(plugin, module):
            assert node.type is not None and node.source, node
