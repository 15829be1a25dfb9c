"""Fixtures and contract tests for plugin authors (a pytest plugin, loaded automatically by pytest).

Fixtures: ``dataflow_module`` builds a real module from source; ``driver_only_module``
writes modules only the test's own process can import (your code, as a fresh cluster's
workers see it); ``core_plugins_only``
loads no installed plugin but the core's for one test; ``fake_entry_points`` pretends
plugins are installed. The option ``--mp-start-method=spawn`` (or ``forkserver``) runs
process pools with that start method. Subclass the contract class of your kind of plugin and provide
its fixtures; the inherited tests prove your plugin behaves as the Driver expects::

    from hamilton.testing import ExecutorContract

    class TestMyExecutor(ExecutorContract):
        @pytest.fixture
        def adapter(self):
            return MyExecutorAdapter()
"""

from hamilton.testing.contracts import (
    ExecutorContract,
    LifecycleHookContract,
    NodeDiscoveryContract,
    NodeWrapperContract,
    ResultBuilderContract,
    TaskExecutorContract,
    VisualizerContract,
)
from hamilton.testing.decorators import DecoratorContract
from hamilton.testing.fixtures import (
    FakeEntryPoints,
    core_plugins_only,
    dataflow_module,
    driver_only_module,
    fake_entry_points,
)
from hamilton.testing.modules import FanOut, module_from_source, random_dag_module, random_fanout
from hamilton.testing.options import pytest_addoption, pytest_configure

__all__ = [
    "DecoratorContract",
    "ExecutorContract",
    "FakeEntryPoints",
    "FanOut",
    "LifecycleHookContract",
    "NodeDiscoveryContract",
    "NodeWrapperContract",
    "ResultBuilderContract",
    "TaskExecutorContract",
    "VisualizerContract",
    "core_plugins_only",
    "dataflow_module",
    "driver_only_module",
    "fake_entry_points",
    "module_from_source",
    "pytest_addoption",
    "pytest_configure",
    "random_dag_module",
    "random_fanout",
]
