"""The core's own plugin, loaded from ``hamilton.plugins.BUILTIN_PLUGINS`` before any installed one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from hamilton import discovery
from hamilton.execution import RunContext, run_sequential
from hamilton.hookspecs import Computed
from hamilton.node import Node
from hamilton.plan import Plan
from hamilton.plugins import hookimpl

__all__ = [
    "hamilton_discover_nodes",
    "hamilton_execute_node",
    "hamilton_execute_plan",
    "hamilton_register_adapters",
    "hamilton_register_result_builders",
]


@hookimpl
def hamilton_discover_nodes(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    return discovery.crawl(module, config)


@hookimpl(trylast=True)
def hamilton_execute_plan(plan: Plan, context: RunContext) -> Mapping[str, Any]:
    return run_sequential(context)


@hookimpl(trylast=True)
def hamilton_execute_node(node: Node, kwargs: dict[str, Any]) -> Computed:
    return Computed(node.callable(**kwargs))


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    register("dict", "hamilton.base:DictResult", default_priority=0, description="a dict of output name to value")


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register("threads", "hamilton.executors:ThreadPoolGraphAdapter", description="independent nodes on a thread pool")
    register(
        "processes", "hamilton.executors:ProcessPoolGraphAdapter", description="independent nodes on a process pool"
    )


@hookimpl
def hamilton_register_data_adapters(register: Callable[..., None]) -> None:
    json_loader, json_saver = (
        "hamilton.io.default_data_loaders:JSONDataLoader",
        "hamilton.io.default_data_loaders:JSONDataSaver",
    )
    register("json", "builtins:dict", loader=json_loader, saver=json_saver, description="a dict as a JSON file")
    register("json", "builtins:list", loader=json_loader, saver=json_saver, description="a list as a JSON file")
    register(
        "pickle",
        "builtins:object",
        loader="hamilton.io.default_data_loaders:PickleLoader",
        saver="hamilton.io.default_data_loaders:PickleSaver",
        description="any Python object, pickled",
    )
