"""Fixtures and contract tests for plugin authors (a pytest plugin, loaded automatically by pytest).

Fixtures: ``dataflow_module`` builds a real module from source; ``core_plugins_only``
loads no entry-point plugin but the core's for one test. Subclass a contract class in
your plugin's tests and provide its fixture; the inherited tests prove your plugin
behaves as the Driver expects::

    from hamilton.testing import ExecutorContract

    class TestMyExecutor(ExecutorContract):
        @pytest.fixture
        def adapter(self):
            return MyExecutorAdapter()
"""

from __future__ import annotations

import inspect
import itertools
import random
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hamilton import base, driver
from hamilton.errors import NodeExecutionError
from hamilton.testing.decorators import DecoratorContract as DecoratorContract


def random_dag_module(seed: int, size: int = 30, name: str = "hamilton_testing_dag") -> types.ModuleType:
    """A module of ``size`` integer functions wired at random (acyclic), built from source.

    The module is put in ``sys.modules`` so forked workers can unpickle its
    functions by reference.
    """
    rng = random.Random(seed)
    lines = []
    for i in range(size):
        deps = rng.sample(range(i), k=min(i, rng.randint(0, 3))) if i else []
        params = ", ".join(["seed_value: int"] + [f"n{d}: int" for d in deps])
        body = " + ".join([f"seed_value * {i + 1}"] + [f"n{d} % 1009" for d in deps])
        lines.append(f"def n{i}({params}) -> int:\n    return {body}\n")
    return module_from_source(name, "\n".join(lines))


def module_from_source(name: str, source: str) -> types.ModuleType:
    """A real module made from ``source``, registered in ``sys.modules`` under ``name``."""
    module = types.ModuleType(name)
    # dont_inherit: this file's `from __future__ import annotations` must not leak into the module
    exec(compile(source, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
    sys.modules[name] = module
    return module


_module_numbers = itertools.count()


@pytest.fixture
def dataflow_module(request: pytest.FixtureRequest) -> Callable[..., types.ModuleType]:
    """Build a uniquely named module from dedented source: ``dataflow_module("def a() -> int: ...")``."""

    def make(source: str, name: str | None = None) -> types.ModuleType:
        test = "".join(c if c.isalnum() else "_" for c in request.node.name)
        return module_from_source(name or f"dataflow_{test}_{next(_module_numbers)}", textwrap.dedent(source))

    return make


@pytest.fixture
def core_plugins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Load no entry-point plugin but the core's own for this test, whatever is installed."""
    from hamilton import plugins

    monkeypatch.setenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "1")
    plugins.reset()
    yield
    monkeypatch.delenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD")
    plugins.reset()


class ExecutorContract:
    """What every executor adapter must honour. Provide an ``adapter`` fixture."""

    @pytest.fixture
    def adapter(self) -> Any:
        raise NotImplementedError("override the `adapter` fixture with your executor adapter")

    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_same_values_as_sequential(self, adapter: Any, seed: int) -> None:
        module = random_dag_module(seed)
        outputs = [f"n{i}" for i in range(0, 30, 3)]
        expected = driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult())).raw_execute(
            outputs, inputs={"seed_value": 7}
        )
        got = driver.Driver({}, module, adapter=adapter).raw_execute(outputs, inputs={"seed_value": 7})
        assert got == expected

    def test_failing_node_is_named_and_keeps_its_cause(self, adapter: Any) -> None:
        module = module_from_source(
            "hamilton_testing_failing",
            "def ok(seed_value: int) -> int:\n    return seed_value\n\n"
            "def boom(ok: int) -> int:\n    raise ZeroDivisionError('boom in a node')\n",
        )
        dr = driver.Driver({}, module, adapter=adapter)
        with pytest.raises(ZeroDivisionError) as caught:
            dr.raw_execute(["boom"], inputs={"seed_value": 1})
        assert isinstance(caught.value, NodeExecutionError)
        assert "'boom'" in str(caught.value)
        assert isinstance(caught.value.__cause__, ZeroDivisionError)


class ResultBuilderContract:
    """What every result builder must honour. Provide ``builder`` and ``outputs`` fixtures."""

    @pytest.fixture
    def builder(self) -> Any:
        raise NotImplementedError("override the `builder` fixture with your result builder")

    @pytest.fixture
    def outputs(self) -> dict[str, Any]:
        raise NotImplementedError("override the `outputs` fixture with outputs your builder accepts")

    def test_build_result_is_static(self, builder: Any, outputs: dict[str, Any]) -> None:
        cls = builder if isinstance(builder, type) else type(builder)
        assert isinstance(inspect.getattr_static(cls, "build_result"), staticmethod)
        assert cls.build_result(**outputs) is not None

    def test_usable_as_driver_adapter(self, builder: Any, outputs: dict[str, Any]) -> None:
        module = types.ModuleType("hamilton_testing_outputs")
        dr = driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(builder))
        built = dr.execute(list(outputs), inputs=outputs)
        assert built is not None
