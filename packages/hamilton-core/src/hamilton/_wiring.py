"""Turning the Driver's ``adapter=`` argument into plugins on its own plugin manager.

Seed-style objects (anything with ``build_result(**outputs)``, ``base.HamiltonGraphAdapter``)
are wrapped in small hookimpl classes; plugin-style objects are registered as they
are; a string is looked up in the registry. In a list, the first is the outermost.
"""

from __future__ import annotations

from typing import Any

from hamilton import base, registry
from hamilton.execution._hooks import async_lifecycle_hooks
from hamilton.hookspecs import Computed
from hamilton.node import Node
from hamilton.plugins import PluginManager, hook_names, hookimpl, loaded_plugins
from hamilton.plugins._loading import warn_at

__all__ = [
    "AdapterExecutionPlugin",
    "AdapterTypesPlugin",
    "DefaultResultBuilderPlugin",
    "ResultBuilderPlugin",
    "plugin_manager_for",
    "plugins_for",
]


class ResultBuilderPlugin:
    """``hamilton_build_result`` through a seed-style ``build_result(**outputs)`` (a class or an object)."""

    def __init__(self, builder: Any) -> None:
        self.wrapped = builder

    @hookimpl
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed:
        return Computed(self.wrapped.build_result(**outputs))


class DefaultResultBuilderPlugin:
    """The registry's default result builder, asked last: looked up and imported only when needed.

    So an adapter that builds results makes a tie between two default builders (or a
    default that does not import) irrelevant, and no data library is imported for it.
    """

    def __init__(self) -> None:
        self.entry: registry.Entry | None = None
        self.builder: Any = None

    def load(self) -> Any:
        """The builder, imported on first use; a ``PluginError`` naming its plugin if it does not import."""
        if self.builder is None:
            self.entry = registry.default("result_builder")
            self.builder = self.entry.load()
        return self.builder

    def describe(self) -> str:
        return self.entry.origin if self.entry is not None else "the default result builder"

    @hookimpl(trylast=True)
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed:
        return Computed(self.load().build_result(**outputs))


class AdapterExecutionPlugin:
    """``hamilton_execute_node`` through a seed adapter's overridden ``execute_node``."""

    def __init__(self, adapter: base.HamiltonGraphAdapter) -> None:
        self.wrapped = adapter

    @hookimpl
    def hamilton_execute_node(self, node: Node, kwargs: dict[str, Any]) -> Computed:
        return Computed(self.wrapped.execute_node(node, kwargs))


class AdapterTypesPlugin:
    """The type hooks through a seed adapter's overridden type checks."""

    def __init__(self, adapter: base.HamiltonGraphAdapter) -> None:
        self.wrapped = adapter

    @hookimpl
    def hamilton_check_node_type_equivalence(self, node_type: Any, input_type: Any) -> bool | None:
        return True if self.wrapped.check_node_type_equivalence(node_type, input_type) else None

    @hookimpl
    def hamilton_check_input_type(self, node_type: Any, input_value: Any) -> bool | None:
        return True if self.wrapped.check_input_type(node_type, input_value) else None


def _overrides(obj: Any, name: str) -> bool:
    return getattr(type(obj), name, None) is not getattr(base.SimplePythonGraphAdapter, name)


def _by_name(name: str) -> Any:
    """A registered adapter made with no options, else a registered result builder."""
    if name in registry.entries("adapter"):
        return registry.adapter(name)
    if name in registry.entries("result_builder"):
        return registry.result_builder(name)
    raise registry.not_found(["adapter", "result_builder"], name)


def plugins_for(adapter: Any) -> list[object]:
    """The plugin objects that stand for ``adapter`` (one object, a name, or a list of them), outermost first."""
    if adapter is None:
        return []
    if isinstance(adapter, list | tuple):
        return [plugin for item in adapter for plugin in plugins_for(item)]
    if isinstance(adapter, str):
        return plugins_for(_by_name(adapter))
    found: list[object] = []
    if isinstance(adapter, base.HamiltonGraphAdapter):
        if _overrides(adapter, "execute_node"):
            found.append(AdapterExecutionPlugin(adapter))
        if _overrides(adapter, "check_node_type_equivalence") or _overrides(adapter, "check_input_type"):
            found.append(AdapterTypesPlugin(adapter))
    if hook_names(adapter):
        found.append(adapter)
    elif callable(getattr(adapter, "build_result", None)):
        found.append(ResultBuilderPlugin(adapter))
    if not found:
        raise TypeError(
            f"adapter={adapter!r} has no build_result(**outputs), is no base.HamiltonGraphAdapter, has no "
            f"hamilton_* hook methods and is not a registered name. For a dict result pass "
            f"base.SimplePythonGraphAdapter(base.DictResult())."
        )
    return found


def plugin_manager_for(adapter: Any, awaits: bool = False) -> tuple[PluginManager, DefaultResultBuilderPlugin]:
    """A Driver's plugin manager: built-ins, installed plugins, the default result builder, then ``adapter``'s.

    A sync Driver (``awaits`` false) leaves out, with a warning, an installed plugin whose
    lifecycle hooks are ``async def``: it runs without it rather than failing.
    """
    manager = PluginManager()
    for info in loaded_plugins():
        if info.plugin is None:
            continue
        if not awaits and (hooks := async_lifecycle_hooks(info.plugin)):
            warn_at(
                f"{info.description} implements {', '.join(hooks)} with async def, which only the async Driver "
                f"(hamilton.async_driver) awaits; this sync Driver runs without it.",
                f"<entry point {info.name} = {info.value}>",
                1,
            )
            continue
        manager.register(info.plugin, name=info.name, description=info.description, builtin=info.builtin)
    default = DefaultResultBuilderPlugin()
    manager.register(default, description=default.describe)
    for plugin in reversed(plugins_for(adapter)):  # registered last is called first: the first listed is outermost
        if not manager.is_registered(plugin):  # an installed plugin passed again, or one object listed twice, acts once
            manager.register(plugin)
    return manager, default
