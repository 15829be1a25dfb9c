"""The Driver: builds the DAG from modules once, then executes parts of it on demand."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from hamilton._visualization import VisualizationMixin
from hamilton.errors import DuplicateNodeError, ExecutionError, MissingInputsError, param_type_name
from hamilton.graph import Graph
from hamilton.installing import install_hint
from hamilton.node import Node
from hamilton.plan import Plan, compile_plan
from hamilton.type_rules import value_fits

if TYPE_CHECKING:  # the engine, pluggy and the plugins load with the first Driver, not at import
    from hamilton.execution import RunContext
    from hamilton.execution._hooks import Lifecycle

__all__ = ["Builder", "Driver", "OverrideTypeWarning", "UnknownOverrideWarning", "Variable"]


class UnknownOverrideWarning(UserWarning):
    """An override names no node of the DAG: it is ignored (as the original ignores it)."""


class OverrideTypeWarning(UserWarning):
    """An override's value does not fit the type its node declares."""


_PLAN_CACHE_SIZE = 128


class Variable(NamedTuple):
    """A node or an external input, as ``list_available_variables`` describes it."""

    name: str
    type: Any
    doc: str = ""
    tags: dict[str, Any] = {}  # noqa: RUF012 - NamedTuple default, never mutated
    is_external_input: bool = False
    originating_functions: tuple[Callable[..., Any], ...] = ()

    @property
    def documentation(self) -> str:
        return self.doc


class _PlanEntry(NamedTuple):
    plan: Plan
    input_checks: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]


class Driver(VisualizationMixin):
    """Crawls ``modules`` into a DAG (shaped by ``config``) and executes what is asked of it.

    ``adapter`` is a seed-style result builder or graph adapter, an object with
    ``@hamilton.plugins.hookimpl`` methods, a registered adapter or result builder name
    (``"threads"``, ``"polars"``), or a list of these. Without one, results come from the default result builder:
    a dict with the core alone, a pandas DataFrame with hamilton-pandas installed.

    ``async def`` functions need ``hamilton.async_driver``: this Driver refuses them when built.
    """

    _awaits = False  # the async Driver sets it: it awaits async def nodes

    def __init__(
        self,
        config: Mapping[str, Any] | None,
        *modules: ModuleType,
        adapter: Any = None,
        allow_module_overrides: bool = False,
    ) -> None:
        if isinstance(config, ModuleType):
            raise TypeError(
                f"Driver's first argument is the config dict, got the module {config.__name__!r}: "
                f"write driver.Driver({{}}, {config.__name__}, ...)."
            )
        for module in modules:
            if not isinstance(module, ModuleType):
                raise TypeError(f"Driver crawls modules; {module!r} is a {type(module).__name__}.")
        if config is not None and not isinstance(config, Mapping):
            raise TypeError(
                f"Driver's config must be a mapping of config keys to values (a dict), not the "
                f"{type(config).__name__} {config!r:.80}: write driver.Driver({{}}, module, ...) for no config."
            )
        self.config: dict[str, Any] = dict(config or {})
        self.modules = modules
        self.adapter = adapter
        from hamilton import _wiring  # pluggy and the plugins load with the first Driver, not at import
        from hamilton.execution._hooks import Lifecycle

        validators = _static_validators(adapter)
        self._manager, self._default_result = _wiring.plugin_manager_for(
            _without(adapter, validators), awaits=self._awaits
        )
        self._lifecycle = Lifecycle(self._manager, awaits=self._awaits)
        per_module = self._discover(modules)
        self.graph = Graph.from_nodes(
            _later_modules_win(per_module) if allow_module_overrides else _flat(per_module), self.config
        )
        if not self._awaits:
            _refuse_async_nodes(self.graph)
        hook = self._manager.hook
        self._check_types(self.graph)
        if validators:
            from hamilton.graph_types import HamiltonGraph
            from hamilton.lifecycle.api import validate_statically

            validate_statically(validators, HamiltonGraph.from_graph(self.graph))
        self._check_input = hook.hamilton_check_input_type if hook.hamilton_check_input_type.get_hookimpls() else None
        self._plans: dict[tuple[Any, ...], _PlanEntry] = {}
        self._plans_lock = threading.Lock()

    def _discover(self, modules: Sequence[ModuleType]) -> list[list[Any]]:
        """Every plugin's nodes, module by module; a plugin that raises is named (the core's errors pass as is)."""
        from hamilton.execution._hooks import named_error

        caller = self._manager.hook.hamilton_discover_nodes
        per_module = []
        for module in modules:
            try:
                contributions = caller(module=module, config=self.config)
            except Exception as exc:
                raise named_error(caller, "hamilton_discover_nodes", exc, self._manager) from exc
            per_module.append([node for contributed in contributions for node in contributed or ()])
        return per_module

    @property
    def cache(self) -> Any:
        """The cache this Driver runs with (``Builder().with_cache()``, from hamilton-cache), to inspect its runs.

        ``dr.cache.report()`` says which nodes of the last run were hits and why the others
        were recomputed; ``dr.cache.logs()`` lists the events as the original library does.
        """
        cache_type = _cache_type()
        items = self.adapter if isinstance(self.adapter, list | tuple) else [self.adapter]
        for item in items:
            if cache_type is not None and isinstance(item, cache_type):
                return item
        raise AttributeError(
            "This Driver has no cache: build it with driver.Builder().with_modules(...).with_cache() "
            f"(the cache comes with the hamilton-cache package: {install_hint('hamilton-cache')})."
        )

    @property
    def plugin_manager(self) -> Any:
        """This Driver's plugin manager (installed plugins plus its adapters).

        A plugin registered on it later takes part in the next ``execute``; node discovery
        and the type checks ran when the Driver was built.
        """
        return self._manager

    # ------------------------------------------------------------------ execution

    def execute(
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> Any:
        """Compute ``final_vars`` and build the result (a DataFrame, a dict... per the adapter)."""
        return self._run(final_vars, overrides, display_graph, inputs, build=True)

    def raw_execute(
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Compute ``final_vars`` and return them as a dict, with no result building."""
        return self._run(final_vars, overrides, display_graph, inputs, build=False)

    def _run(
        self, final_vars: Any, overrides: Any, display_graph: bool, inputs: Any, build: bool, graph: Graph | None = None
    ) -> Any:
        from hamilton.execution._runs import execute

        context, lifecycle, inputs, overrides = self._start(final_vars, overrides, display_graph, inputs, build, graph)
        return execute(context, lifecycle, inputs, overrides, build)

    def _start(
        self,
        final_vars: Any,
        overrides: Any,
        display_graph: bool,
        inputs: Any,
        build: bool,
        graph: Graph | None = None,
    ) -> tuple[RunContext, Lifecycle, dict[str, Any], dict[str, Any]]:
        """Everything before the first node runs: the plan, its checks, the run's values and hooks."""
        inputs = dict(inputs or {})
        overrides = dict(overrides or {})
        entry = self._entry(self._names(final_vars), inputs, overrides, graph)
        plan = entry.plan
        problems = self._problems(entry, inputs)
        if plan.missing:
            raise MissingInputsError(plan.missing, problems)
        if problems:
            raise ExecutionError(problems)
        if overrides:
            self._warn_about_overrides(plan, overrides)
        if display_graph:
            try:
                self.visualize_execution(
                    list(plan.outputs), "./hamilton-execution.dot", {}, inputs=inputs, overrides=overrides
                )
            except Exception as exc:  # a picture must never cost the result
                warnings.warn(
                    f"display_graph=True could not draw this execution, so the run goes on without the "
                    f"picture: {type(exc).__name__}: {exc}",
                    RuntimeWarning,
                    stacklevel=4,
                )
        from hamilton.execution import RunContext
        from hamilton.execution._hooks import Lifecycle

        config = self.config
        values = {name: config[name] for name in plan.config}
        values.update(inputs)
        values.update(overrides)
        lifecycle = self._lifecycle
        if lifecycle.generation != self._manager.generation:  # a plugin was registered since the last run
            lifecycle = self._lifecycle = Lifecycle(self._manager, awaits=self._awaits)
        if build and lifecycle.result_plugins == [self._default_result]:
            self._default_result.load()  # a default builder that cannot be imported fails before any node runs
        return RunContext(os.urandom(16).hex(), plan, values, lifecycle), lifecycle, inputs, overrides

    def _names(self, final_vars: Any) -> tuple[str, ...]:
        if isinstance(final_vars, str) or callable(final_vars):
            raise TypeError(f"final_vars must be a list of names or functions, not {final_vars!r}; wrap it in a list.")
        names = []
        for var in final_vars:
            if isinstance(var, str):
                names.append(var)
            elif callable(var):
                names.append(self._name_of_function(var))
            else:
                raise TypeError(f"final_vars holds {var!r}; pass node names (str) or the functions themselves.")
        return tuple(dict.fromkeys(names))

    def _name_of_function(self, fn: Callable[..., Any]) -> str:
        for node in self.graph.nodes.values():
            if node.callable is fn:
                return node.name
        made = [node.name for node in self.graph.nodes.values() if fn in node.originating_functions]
        if fn.__name__ in made:
            return fn.__name__
        if len(made) == 1:
            return made[0]
        if made:
            raise ValueError(
                f"{fn.__qualname__} makes several nodes ({', '.join(made)}); ask for them by name instead."
            )
        return fn.__name__

    def _entry(
        self,
        names: tuple[str, ...],
        inputs: Mapping[str, Any],
        overrides: Mapping[str, Any],
        graph: Graph | None = None,
    ) -> _PlanEntry:
        if graph is not None:  # a graph of one call (materialize): planned for it alone
            plan = compile_plan(graph, names, inputs.keys(), overrides.keys())
            return _PlanEntry(plan, self._input_checks(plan, graph))
        key = (names, frozenset(inputs), frozenset(overrides))
        entry = self._plans.get(key)
        if entry is None:
            plan = compile_plan(self.graph, names, inputs.keys(), overrides.keys())
            entry = _PlanEntry(plan, self._input_checks(plan, self.graph))
            with self._plans_lock:
                if len(self._plans) >= _PLAN_CACHE_SIZE:
                    del self._plans[next(iter(self._plans))]
                self._plans[key] = entry
        return entry

    def _input_checks(self, plan: Plan, graph: Graph) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
        """The inputs and config keys the plan reads, each with the planned nodes reading it and their annotations."""
        planned = {step.name for step in plan.node_steps()}
        checks = []
        for name in sorted(plan.inputs | plan.config):
            consumers = tuple((c, a) for c, a in graph.external.get(name, ()) if c in planned)
            if consumers:
                checks.append((name, consumers))
        return tuple(checks)

    def _problems(self, entry: _PlanEntry, inputs: Mapping[str, Any]) -> list[str]:
        """Unknown outputs, config/input clashes and inputs or config values whose types do not fit, as lines."""
        problems = [self._unknown_output(name, suggestions) for name, suggestions in entry.plan.unknown.items()]
        clash = sorted(inputs.keys() & self.config.keys())
        if clash:
            problems.append(
                f"{', '.join(map(repr, clash))} given both in config and in inputs; they must be disjoint, "
                f"since the DAG was built from the config. Drop them from one of the two."
            )
        for name, consumers in entry.input_checks:
            given, value = ("input", inputs[name]) if name in inputs else ("config", self.config[name])
            for consumer, annotation in consumers:
                if not self._fits(value, annotation):
                    hint = self._manager.hook.hamilton_input_type_hint(node_type=annotation, input_value=value)
                    problems.append(
                        f"{given} {name!r} is a {param_type_name(type(value))}, but {consumer!r} declares "
                        f"{param_type_name(annotation)}{f'; {hint}' if hint else ''}."
                    )
        return problems

    def _fits(self, value: Any, annotation: Any) -> bool:
        """The input type rules: the core's, then the plugins'."""
        if value_fits(value, annotation):
            return True
        return bool(self._check_input is not None and self._check_input(node_type=annotation, input_value=value))

    def _unknown_output(self, name: str, suggestions: list[str]) -> str:
        from hamilton.discovery import excluded_by_config  # only when an output is unknown

        excluded = excluded_by_config(self.modules, name, self.config)
        if excluded:
            return (
                f"{name!r} is not in this DAG: it is defined by {' and by '.join(excluded)}, which this "
                f"Driver's config {self.config!r} leaves out. Build the Driver with a config that selects one."
            )
        did_you_mean = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else "."
        return f"{name!r} is not a node, an input or a config key of this DAG{did_you_mean}"

    def _warn_about_overrides(self, plan: Plan, overrides: Mapping[str, Any]) -> None:
        """Warn of overrides naming no node, and of values not fitting their node's type (the original ignores both)."""
        graph = self.graph
        unknown = sorted(name for name in overrides if name not in graph.nodes and name not in graph.external)
        if unknown:
            import difflib

            described = []
            for name in unknown:
                close = difflib.get_close_matches(name, [*graph.nodes, *graph.external], n=3)
                described.append(f"{name!r}" + (f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""))
            warnings.warn(
                f"overrides name {', '.join(described)}, which this DAG has no node for: ignored.",
                UnknownOverrideWarning,
                stacklevel=5,
            )
        for name in sorted(plan.overrides):
            node = graph.nodes.get(name)
            if node is not None and not self._fits(overrides[name], node.type):
                warnings.warn(
                    f"the override of {name!r} is a {param_type_name(type(overrides[name]))}, but the node "
                    f"returns {param_type_name(node.type)}; the nodes reading it may fail.",
                    OverrideTypeWarning,
                    stacklevel=5,
                )

    def validate_execution(
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> None:
        """Raise one error listing every problem ``execute`` would hit, running nothing."""
        inputs = dict(inputs or {})
        entry = self._entry(self._names(final_vars), inputs, dict(overrides or {}))
        problems = self._problems(entry, inputs)
        if entry.plan.missing:
            raise MissingInputsError(entry.plan.missing, problems)
        if problems:
            raise ExecutionError(problems)

    def materialize(
        self,
        *materializers: Any,
        additional_vars: Sequence[str | Callable[..., Any]] | None = None,
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Run what the materializers need, save with ``to.<format>(...)``, load with ``from_.<format>(...)``.

        Returns ``(metadata, results)``: each saver's metadata by its ``id``, and the
        ``additional_vars`` by name (``hamilton.io.materialization`` explains the rest).
        """
        graph, savers, names = self._materialization(materializers, additional_vars)
        outputs = self._run(names, overrides, False, inputs, build=False, graph=graph)
        saved = {saver.id for saver in savers}
        return (
            {name: outputs[name] for name in names if name in saved},
            {name: outputs[name] for name in names if name not in saved},
        )

    def validate_materialization(
        self,
        *materializers: Any,
        additional_vars: Sequence[str | Callable[..., Any]] | None = None,
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> None:
        """Raise one error listing every problem ``materialize`` would hit with these arguments, running nothing."""
        graph, _, names = self._materialization(materializers, additional_vars)
        inputs = dict(inputs or {})
        entry = self._entry(names, inputs, dict(overrides or {}), graph)
        problems = self._problems(entry, inputs)
        if entry.plan.missing:
            raise MissingInputsError(entry.plan.missing, problems)
        if problems:
            raise ExecutionError(problems)

    def _materialization(
        self, materializers: Sequence[Any], additional_vars: Sequence[Any] | None
    ) -> tuple[Graph, list[Any], tuple[str, ...]]:
        from hamilton.io.materialization import materialized_graph, split

        savers, loaders = split(materializers)
        extra = self._names(list(additional_vars or ()))
        if not savers and not extra:
            raise ValueError("Nothing to materialize: pass to.<format>(...) savers, or additional_vars to compute.")
        graph = materialized_graph(self.graph, savers, loaders)
        self._check_types(graph)
        return graph, savers, tuple(dict.fromkeys([*extra, *(saver.id for saver in savers)]))

    def _check_types(self, graph: Graph) -> None:
        equivalence = self._manager.hook.hamilton_check_node_type_equivalence
        graph.check_types(
            (lambda required, provided: equivalence(node_type=required, input_type=provided))
            if equivalence.get_hookimpls()
            else None
        )

    def _add_materializers(self, materializers: Sequence[Any]) -> None:
        """Make the materializers' nodes part of this Driver's DAG (``Builder.with_materializers``)."""
        from hamilton.io.materialization import materialized_graph, split

        savers, loaders = split(materializers)
        graph = materialized_graph(self.graph, savers, loaders)
        self._check_types(graph)
        with self._plans_lock:
            self.graph = graph
            self._plans.clear()

    # ------------------------------------------------------------------ introspection

    def list_available_variables(self, *, tag_filter: Mapping[str, Any] | None = None) -> list[Variable]:
        """Every node and every external input of the DAG, or those whose tags match ``tag_filter``.

        In ``tag_filter`` each tag must match: a value matches equal tag values (or a list
        tag holding it), a list of values matches any of them, ``None`` matches any node
        that has the tag at all.
        """
        variables = self._variables([*self.graph.nodes, *self._external_inputs()])
        if not tag_filter:
            return variables
        return [v for v in variables if _tags_match(v.tags, tag_filter)]

    def _external_inputs(self) -> list[str]:
        return [name for name in self.graph.external if name not in self.config]

    def _variables(self, names: Iterable[str]) -> list[Variable]:
        from inspect import cleandoc

        variables = []
        for name in names:
            node = self.graph.nodes.get(name)
            if node is not None:
                variables.append(
                    Variable(name, node.type, cleandoc(node.doc), dict(node.tags), False, node.originating_functions)
                )
            elif name in self.graph.external:
                consumer, annotation = self._first_consumer(name)
                variables.append(
                    Variable(
                        name, annotation, is_external_input=True, originating_functions=consumer.originating_functions
                    )
                )
        return variables

    def _first_consumer(self, name: str) -> tuple[Any, Any]:
        """The node an input is reported with, as the original does: the first made, crawling functions by name."""
        nodes = self.graph.nodes

        def crawl_order(consumer: tuple[int, tuple[str, Any]]) -> tuple[str, int]:
            functions = nodes[consumer[1][0]].originating_functions
            return (functions[-1].__name__ if functions else "", consumer[0])

        _, (node, annotation) = min(enumerate(self.graph.external[name]), key=crawl_order)
        return nodes[node], annotation

    def _known(self, names: Iterable[str]) -> list[str]:
        names = list(names)
        unknown = [n for n in names if n not in self.graph.nodes and n not in self.graph.external]
        if unknown:
            raise ValueError(
                f"Unknown node(s) {', '.join(map(repr, unknown))}; list them with dr.list_available_variables()."
            )
        return names

    def _ordered(self, names: set[str]) -> list[Variable]:
        return self._variables(sorted(names, key=lambda n: (self.graph.rank.get(n, -1), n)))

    def what_is_upstream_of(self, *node_names: str) -> list[Variable]:
        """The given nodes and everything they depend on."""
        return self._ordered(self.graph.upstream(self._known(node_names)))

    def what_is_downstream_of(self, *node_names: str) -> list[Variable]:
        """The given nodes and everything that depends on them."""
        return self._ordered(self.graph.downstream(self._known(node_names)))

    def what_is_the_path_between(self, upstream_node_name: str, downstream_node_name: str) -> list[Variable]:
        """The nodes on every path from ``upstream_node_name`` to ``downstream_node_name`` (both included).

        Empty when the second does not depend on the first.
        """
        upstream, downstream = self._known([upstream_node_name, downstream_node_name])
        on_path = self.graph.downstream([upstream]) & self.graph.upstream([downstream])
        return self._ordered(on_path)


_ASYNC_CODE = 0x80 | 0x200  # inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def _is_async(fn: Any) -> bool:
    code = getattr(fn, "__code__", None)
    if code is not None:
        return bool(code.co_flags & _ASYNC_CODE)
    import inspect  # a partial, a callable object: rare

    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(type(fn).__call__)


def _is_async_node(node: Node) -> bool:
    """Whether ``node`` computes its value with an ``async def`` function (itself, or the one it was made from)."""
    return _is_async(node.callable) or any(_is_async(fn) for fn in node.originating_functions)


def _refuse_async_nodes(graph: Graph) -> None:
    """The sync Driver cannot await: name the ``async def`` nodes and point at the async Driver."""
    found = [node for node in graph.nodes.values() if _is_async_node(node)]
    if found:
        names = ", ".join(f"{node.name!r} ({node.source})" for node in found)
        raise TypeError(
            f"{len(found)} node(s) are async def functions, which this Driver cannot await: {names}. "
            f"Build an async Driver for them: `from hamilton import async_driver` and "
            f"`dr = await async_driver.Builder().with_modules(...).build()`, then `await dr.execute([...])`."
        )


def _flat(per_module: list[list[Any]]) -> list[Any]:
    return [node for nodes in per_module for node in nodes]


def _later_modules_win(per_module: list[list[Any]]) -> list[Any]:
    """A node defined again by a later module replaces the earlier one (twice in one module stays an error)."""
    by_name: dict[str, Any] = {}
    for nodes in per_module:
        own: dict[str, Any] = {}
        for node in nodes:
            if node.name in own:
                raise DuplicateNodeError(node.name, [own[node.name].source, node.source])
            own[node.name] = node
        by_name.update(own)
    return list(by_name.values())


def _static_validators(adapter: Any) -> list[Any]:
    from hamilton.lifecycle.api import StaticValidator

    items = adapter if isinstance(adapter, list | tuple) else [adapter]
    return [item for item in items if isinstance(item, StaticValidator)]


def _without(adapter: Any, validators: list[Any]) -> Any:
    """``adapter`` less the static validators, which act at build time rather than as plugins."""
    from hamilton.plugins import hook_names

    pure = [v for v in validators if not hook_names(v)]  # one that is also a lifecycle hook stays a plugin
    if not pure:
        return adapter
    rest = [item for item in adapter if item not in pure] if isinstance(adapter, list | tuple) else []
    return rest or None


def _cache_type() -> type | None:
    """The class registered as the adapter ``cache`` (hamilton-cache), if installed."""
    from hamilton import registry

    entry = registry.entries("adapter").get("cache")
    if entry is None:
        return None
    found = entry.load()
    return found if isinstance(found, type) else None


def _tags_match(tags: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    for key, expected in wanted.items():
        if key not in tags:
            return False
        if expected is None:
            continue
        have = tags[key] if isinstance(tags[key], list) else [tags[key]]
        accepted = expected if isinstance(expected, list | tuple | set) else [expected]
        if not any(value in have for value in accepted):
            return False
    return True


class Builder:
    """Fluent construction of a Driver, as in later versions of the original API.

    >>> dr = driver.Builder().with_modules(my_functions).with_config({"region": "US"}).build()  # doctest: +SKIP
    """

    def __init__(self) -> None:
        self._config: dict[str, Any] = {}
        self._modules: list[ModuleType] = []
        self._adapters: list[Any] = []
        self._cache: Any = None
        self._materializers: list[Any] = []
        self._allow_module_overrides = False
        self._dynamic = False
        self._local_executor: Any = None
        self._remote_executor: Any = None

    def with_modules(self, *modules: ModuleType) -> Builder:
        """Add modules to crawl."""
        self._modules.extend(modules)
        return self

    def with_config(self, config: Mapping[str, Any]) -> Builder:
        """Add config (later calls update earlier ones)."""
        self._config.update(config)
        return self

    def with_adapters(self, *adapters: Any) -> Builder:
        """Add adapters: result builders, graph adapters, plugin objects or registered names."""
        self._adapters.extend(adapters)
        return self

    def with_adapter(self, adapter: Any) -> Builder:
        """Add one adapter."""
        return self.with_adapters(adapter)

    def with_cache(
        self,
        path: str | os.PathLike[str] = ".hamilton_cache",
        *,
        default: bool | Sequence[str] | None = None,
        recompute: bool | Sequence[str] | None = None,
        ignore: bool | Sequence[str] | None = None,
        disable: bool | Sequence[str] | None = None,
        default_behavior: str | None = None,
        default_loader_behavior: str | None = None,
        default_saver_behavior: str | None = None,
        log_to_file: bool = False,
        **options: Any,
    ) -> Builder:
        """Cache results in the folder ``path``: a node whose code, inputs and config did not change does not run again.

        The cache is the adapter registered as ``cache`` (the hamilton-cache package), placed
        outermost, so a hit skips every other node wrapper. ``default``, ``recompute``,
        ``ignore`` and ``disable`` take node names (or ``True`` for every node) and set
        their behaviour; ``default_behavior`` sets it for the others (``"default"``,
        ``"recompute"``, ``"ignore"`` or ``"disable"``), ``default_loader_behavior`` and
        ``default_saver_behavior`` for the nodes that load and save data. The built
        Driver's ``cache`` attribute inspects its runs. A cache folder must be trusted like
        code: results are unpickled from it.
        """
        if self._cache is not None:
            raise ValueError("with_cache() was already called on this Builder; call it once, with every option.")
        from hamilton import registry

        factory = registry.lookup("adapter", "cache", package_hint="hamilton-cache")
        behaviors = {
            "default": default,
            "recompute": recompute,
            "ignore": ignore,
            "disable": disable,
            "default_behavior": default_behavior,
            "default_loader_behavior": default_loader_behavior,
            "default_saver_behavior": default_saver_behavior,
        }
        given = {name: value for name, value in behaviors.items() if value is not None}
        self._cache = factory(path=path, log_to_file=log_to_file, **given, **options)
        return self

    def with_materializers(self, *materializers: Any) -> Builder:
        """Add the nodes of ``to.<format>(...)`` and ``from_.<format>(...)`` to the DAG (execute may ask for them)."""
        from hamilton.io.materialization import split

        split(materializers)  # a list passed whole, or something else, fails here
        self._materializers.extend(materializers)
        return self

    def allow_module_overrides(self) -> Builder:
        """Let a function of a later module replace a same-named one of an earlier module."""
        self._allow_module_overrides = True
        return self

    def enable_dynamic_execution(self, *, allow_experimental_mode: bool = False) -> Builder:
        """Run the nodes on the executors given by ``with_local_executor`` and ``with_remote_executor``.

        ``Parallelizable`` blocks run without it too (sequentially); this chooses where
        they run. ``allow_experimental_mode`` is accepted for the original's code: dynamic
        execution is not experimental here.
        """
        self._dynamic = True
        return self

    def with_local_executor(self, local_executor: Any) -> Builder:
        """Where nodes that run once go (a ``hamilton.execution.executors.TaskExecutor``; synchronous by default)."""
        self._require_dynamic("with_local_executor")
        self._local_executor = local_executor
        return self

    def with_remote_executor(self, remote_executor: Any) -> Builder:
        """Where the items of ``Parallelizable`` blocks go (``MultiThreadingExecutor(max_tasks=10)`` by default)."""
        self._require_dynamic("with_remote_executor")
        self._remote_executor = remote_executor
        return self

    def _require_dynamic(self, method: str) -> None:
        if not self._dynamic:
            raise ValueError(
                f"Builder().{method}() chooses an executor of dynamic execution: call "
                f".enable_dynamic_execution(allow_experimental_mode=True) first."
            )

    def _all_adapters(self) -> list[Any]:
        adapters = [self._cache, *self._adapters] if self._cache is not None else list(self._adapters)
        if self._dynamic:
            from hamilton.execution.executors import DynamicExecutor

            adapters.append(DynamicExecutor(self._local_executor, self._remote_executor))
        return adapters

    def build(self) -> Driver:
        """The Driver for everything given so far."""
        built = Driver(
            self._config,
            *self._modules,
            adapter=self._all_adapters() or None,
            allow_module_overrides=self._allow_module_overrides,
        )
        if self._materializers:
            built._add_materializers(self._materializers)
        return built
