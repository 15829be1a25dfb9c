"""Pytest fixtures for dataflow and plugin tests (registered by the ``hamilton.testing`` pytest plugin)."""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hamilton.testing.modules import module_from_source

__all__ = ["FakeEntryPoints", "core_plugins_only", "dataflow_module", "driver_only_module", "fake_entry_points"]

_module_numbers = itertools.count()


@pytest.fixture
def dataflow_module(request: pytest.FixtureRequest) -> Callable[..., types.ModuleType]:
    """Build a uniquely named module from dedented source: ``dataflow_module("def a() -> int: ...")``."""

    def make(source: str, name: str | None = None) -> types.ModuleType:
        test = "".join(c if c.isalnum() else "_" for c in request.node.name)
        return module_from_source(name or f"dataflow_{test}_{next(_module_numbers)}", textwrap.dedent(source))

    return make


@pytest.fixture
def driver_only_module(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., types.ModuleType]]:
    """Write modules to files and import them in this process only: ``make(source, **helpers)``.

    ``helpers`` are further modules (name -> source) the main one may import. The folder
    is on ``sys.path`` only while they are imported, so no other process (a worker of a
    process pool, a fresh Dask or Ray cluster) can import them by name, as your own code
    on a fresh cluster. Returns the main module; every module is forgotten after the test.
    """
    made: list[str] = []

    def make(source: str, **helpers: str) -> types.ModuleType:
        folder = tmp_path_factory.mktemp("driver_only")
        test = "".join(c if c.isalnum() else "_" for c in request.node.name)
        name = f"driver_only_{test}_{next(_module_numbers)}"
        for module_name, module_source in {**helpers, name: source}.items():
            (folder / f"{module_name}.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
        sys.path.insert(0, str(folder))
        try:
            module = importlib.import_module(name)
        finally:
            sys.path.remove(str(folder))
        made.extend([*helpers, name])
        return module

    yield make
    for name in made:
        sys.modules.pop(name, None)


@pytest.fixture
def core_plugins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Load no entry-point plugin but the core's own for this test, whatever is installed."""
    from hamilton import plugins

    monkeypatch.setenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "1")
    plugins.reset()
    yield
    monkeypatch.delenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD")
    plugins.reset()


class _Distribution:
    def __init__(self, name: str, version: str, requires: list[str]) -> None:
        self.name, self.version, self.requires = name, version, requires


class _EntryPoint:
    def __init__(self, name: str, value: str, dist: _Distribution, error: BaseException | None) -> None:
        self.name, self.value, self.dist, self._error = name, value, dist, error

    def load(self) -> Any:
        if self._error is not None:
            raise self._error
        module, _, attribute = self.value.partition(":")
        loaded = importlib.import_module(module)
        return getattr(loaded, attribute) if attribute else loaded


class FakeEntryPoints:
    """The ``hamilton.plugins`` entry points a test pretends are installed (see ``fake_entry_points``)."""

    def __init__(self) -> None:
        self.entry_points: list[_EntryPoint] = []

    def add(
        self,
        name: str,
        value: str,
        distribution: str = "hamilton-example",
        version: str = "1.0",
        error: BaseException | None = None,
        requires: list[str] | None = None,
    ) -> None:
        """Pretend ``distribution`` installs the plugin ``name = value``; loading it raises ``error`` if given.

        :param requires: the distribution's requirements (``'lib>=1; extra == "x"'`` marks an optional one).
        """
        self.entry_points.append(_EntryPoint(name, value, _Distribution(distribution, version, requires or []), error))


@pytest.fixture
def fake_entry_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEntryPoints]:
    """Replace the installed plugins with fakes: ``fake_entry_points.add("lists", "my_module")``.

    Plugins are loaded afresh before and after the test.
    """
    from hamilton import plugins

    fakes = FakeEntryPoints()
    real = importlib.metadata.entry_points

    def entry_points(**selection: Any) -> Any:
        if selection.get("group") == "hamilton.plugins":
            return list(fakes.entry_points)
        return real(**selection)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    plugins.reset()
    yield fakes
    plugins.reset()
