"""Turning the Driver's ``adapter=`` argument into plugins on its own plugin manager.

Seed-style objects (``base.ResultMixin``, ``base.HamiltonGraphAdapter``) are
wrapped in small hookimpl classes; plugin-style objects are registered as they
are; a string is looked up in the adapter registry.
"""

from __future__ import annotations

from typing import Any

import pluggy

from hamilton import base, plugins, registry
from hamilton.hookspecs import Computed
from hamilton.node import Node
from hamilton.plugins import has_hookimpls, hookimpl


class ResultBuilderPlugin:
    """``hamilton_build_result`` through a seed-style ``build_result(**outputs)``."""

    def __init__(self, builder: Any) -> None:
        self.builder = builder

    @hookimpl
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed:
        return Computed(self.builder.build_result(**outputs))


class DefaultResultBuilderPlugin:
    """The registry's default result builder, asked only when no adapter builds the result.

    Imported on first use: a Driver whose adapter builds results never loads it (nor pandas).
    """

    def __init__(self, entry: registry.Entry) -> None:
        self.entry = entry
        self.builder: Any = None

    @hookimpl(trylast=True)
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed:
        if self.builder is None:
            self.builder = self.entry.load()
        return Computed(self.builder.build_result(**outputs))


class AdapterExecutionPlugin:
    """``hamilton_execute_node`` through a seed adapter's overridden ``execute_node``."""

    def __init__(self, adapter: base.HamiltonGraphAdapter) -> None:
        self.adapter = adapter

    @hookimpl
    def hamilton_execute_node(self, node: Node, kwargs: dict[str, Any]) -> Computed:
        return Computed(self.adapter.execute_node(node, kwargs))


class AdapterTypesPlugin:
    """The type hooks through a seed adapter's overridden type checks."""

    def __init__(self, adapter: base.HamiltonGraphAdapter) -> None:
        self.adapter = adapter

    @hookimpl
    def hamilton_check_node_type_equivalence(self, node_type: Any, input_type: Any) -> bool | None:
        return True if self.adapter.check_node_type_equivalence(node_type, input_type) else None

    @hookimpl
    def hamilton_check_input_type(self, node_type: Any, input_value: Any) -> bool | None:
        return True if self.adapter.check_input_type(node_type, input_value) else None


def _overrides(obj: Any, name: str) -> bool:
    return getattr(type(obj), name, None) is not getattr(base.SimplePythonGraphAdapter, name)


def _by_name(name: str) -> Any:
    """A registered adapter, else a registered result builder, made with no arguments."""
    adapters, builders = registry.entries("adapter"), registry.entries("result_builder")
    entry = adapters.get(name) or builders.get(name)
    if entry is not None:
        return entry.load()()
    raise ImportError(
        f"No adapter or result builder named {name!r} is installed (adapters: {', '.join(sorted(adapters))}; "
        f"result builders: {', '.join(sorted(builders))}). Install the plugin that provides it."
    )


def plugins_for(adapter: Any) -> list[object]:
    """The plugin objects that stand for ``adapter`` (one object, a name, or a list of them)."""
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
    if isinstance(adapter, base.ResultMixin) or (isinstance(adapter, type) and issubclass(adapter, base.ResultMixin)):
        found.append(ResultBuilderPlugin(adapter))
    if has_hookimpls(adapter):
        found.append(adapter)
    if not found:
        raise TypeError(
            f"adapter={adapter!r} is neither a base.ResultMixin, a base.HamiltonGraphAdapter, an object "
            f"with @hamilton.plugins.hookimpl methods, nor a registered adapter name. "
            f"For a dict result pass base.SimplePythonGraphAdapter(base.DictResult())."
        )
    return found


def plugin_manager_for(adapter: Any) -> pluggy.PluginManager:
    """A Driver's plugin manager: the entry-point plugins, ``adapter``'s plugins, the default result builder."""
    manager = plugins.manager_with_plugins(plugins_for(adapter))
    plugins.register(manager, DefaultResultBuilderPlugin(registry.default("result_builder")))
    return manager
