"""``DecoratorContract``: what every decorator family must honour, for a package's own tests.

Subclass it and provide three fixtures: ``decorated_module`` (a module whose
functions use your decorator), ``expected_nodes`` (the names of every node its
decorated functions make) and ``expected_values`` (some outputs and their values, run
with ``inputs``)::

    class TestScaled(DecoratorContract):
        @pytest.fixture
        def decorated_module(self, dataflow_module):
            return dataflow_module('''
                from hamilton_scaled import also_scaled

                @also_scaled(by=3)
                def base(x: int) -> int:
                    return x + 1
            ''')

        @pytest.fixture
        def expected_nodes(self):
            return {"base", "base_scaled"}

        @pytest.fixture
        def expected_values(self):
            return {"base_scaled": 6}

        @pytest.fixture
        def inputs(self):
            return {"x": 1}
"""

from __future__ import annotations

import pickle
import types
from typing import Any

import pytest

from hamilton import base, driver
from hamilton.executors import ThreadPoolGraphAdapter
from hamilton.function_modifiers import base as decorator_base

__all__ = ["DecoratorContract"]


class DecoratorContract:
    """The contract of a decorator: resolved once at build, named nodes, picklable, composable."""

    @pytest.fixture
    def decorated_module(self) -> types.ModuleType:
        raise NotImplementedError("override the `decorated_module` fixture with a module using your decorator")

    @pytest.fixture
    def expected_nodes(self) -> set[str]:
        raise NotImplementedError("override the `expected_nodes` fixture with the node names it makes")

    @pytest.fixture
    def expected_values(self) -> dict[str, Any]:
        raise NotImplementedError("override the `expected_values` fixture with outputs and their values")

    @pytest.fixture
    def inputs(self) -> dict[str, Any]:
        return {}

    @pytest.fixture
    def config(self) -> dict[str, Any]:
        return {}

    def _driver(self, module: types.ModuleType, config: dict[str, Any], adapter: Any = None) -> driver.Driver:
        return driver.Driver(config, module, adapter=adapter or base.SimplePythonGraphAdapter(base.DictResult()))

    def _decorated_nodes(self, dr: driver.Driver, module: types.ModuleType) -> set[str]:
        functions = {fn for fn in vars(module).values() if decorator_base.decorators_of(fn)}
        return {n.name for n in dr.graph.nodes.values() if functions & set(n.originating_functions)}

    def test_makes_the_expected_nodes(self, decorated_module, expected_nodes, config) -> None:
        """The decorated functions make exactly the expected nodes."""
        dr = self._driver(decorated_module, config)
        assert self._decorated_nodes(dr, decorated_module) == set(expected_nodes)

    def test_computes_the_expected_values(self, decorated_module, expected_values, inputs, config) -> None:
        """Those nodes compute the expected values."""
        got = self._driver(decorated_module, config).raw_execute(list(expected_values), inputs=inputs)
        assert got == expected_values

    def test_is_resolved_once_when_the_driver_is_built(
        self, decorated_module, expected_values, inputs, config, monkeypatch
    ) -> None:
        """Decorators run when the Driver is built, never again per execute."""
        dr = self._driver(decorated_module, config)
        calls: list[str] = []
        original = decorator_base.resolve_nodes
        monkeypatch.setattr(decorator_base, "resolve_nodes", lambda *a, **k: calls.append("x") or original(*a, **k))
        dr.raw_execute(list(expected_values), inputs=inputs)
        dr.raw_execute(list(expected_values), inputs=inputs)
        assert calls == []

    def test_node_callables_pickle_for_process_executors(self, decorated_module, config) -> None:
        """Process, Dask and Ray executors send node callables to other processes."""
        dr = self._driver(decorated_module, config)
        for name in self._decorated_nodes(dr, decorated_module):
            pickle.dumps(dr.graph.nodes[name].callable)

    def test_same_values_on_a_thread_pool(self, decorated_module, expected_values, inputs, config) -> None:
        """The nodes compute the same values on a thread pool."""
        adapter = ThreadPoolGraphAdapter(max_workers=2)
        got = self._driver(decorated_module, config, adapter).raw_execute(list(expected_values), inputs=inputs)
        assert got == expected_values

    def test_every_node_names_its_function(self, decorated_module, config) -> None:
        """Each node names the function it comes from, for listings and errors."""
        dr = self._driver(decorated_module, config)
        for name in self._decorated_nodes(dr, decorated_module):
            node = dr.graph.nodes[name]
            assert node.originating_functions, f"{name} lists no originating function"
            assert node.source, f"{name} has no source"
