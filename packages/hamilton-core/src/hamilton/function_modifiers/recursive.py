"""Decorators that build a DAG inside one function's nodes: ``@subdag``, ``@parameterized_subdag``, ``@with_columns``.

The inner DAG is made of modules and functions, resolved with the Driver's config
(updated by the decorator's own ``config``), its nodes named ``<namespace>.<node>``
and tagged ``hamilton.non_final_node``, so decorators above the function act on the
function's own node only. An inner node's parameter that nothing inside provides
(and no ``inputs=`` binds) reads the outer DAG's node or input of that name.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping, Sequence
from types import ModuleType
from typing import Any, NotRequired, TypedDict

from hamilton.function_modifiers.base import (
    NON_FINAL_TAG,
    InvalidDecoratorException,
    NodeCreator,
    NodeInjector,
    _where,
    final_nodes,
    function_node,
    rename_dependencies,
    resolve_nodes,
)
from hamilton.function_modifiers.calls import Identity
from hamilton.function_modifiers.columns import ColumnNotFoundError, column_type_for, operations_for_value
from hamilton.function_modifiers.dependencies import LiteralDependency, ParametrizedDependency, UpstreamDependency
from hamilton.node import Node

__all__ = ["Constant", "SubdagParams", "parameterized_subdag", "subdag", "subdag_nodes", "with_columns"]


class SubdagParams(TypedDict):
    """One variant of ``@parameterized_subdag``: what it changes of the shared ``inputs``/``config``."""

    inputs: NotRequired[dict[str, ParametrizedDependency]]
    config: NotRequired[dict[str, Any]]
    external_inputs: NotRequired[list[str]]


class Constant:
    """A node's callable returning one fixed value (picklable)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self, **_: Any) -> Any:
        return self.value


# ---------------------------------------------------------------------------- the shared machinery


def subdag_nodes(
    load_from: Sequence[ModuleType | Callable[..., Any]],
    config: Mapping[str, Any],
    namespace: str,
    inputs: Mapping[str, ParametrizedDependency] | None = None,
    own_config: Mapping[str, Any] | None = None,
    where: str = "",
    provided: Collection[str] = (),
) -> list[Node]:
    """The nodes of ``load_from`` under ``config``, namespaced, with a node per input and per ``own_config`` key.

    ``inputs`` binds inner names to outer nodes (``source``) or literals (``value``);
    ``own_config``'s keys become constant nodes too, as in the original. Dependencies on
    ``provided`` names are namespaced as well: the caller makes those nodes.
    """
    inputs, own_config = dict(inputs or {}), dict(own_config or {})
    inner = _inner_nodes(load_from, config, where)
    computed = {n.name: n for n in inner}
    for label, names in (("inputs=", inputs), ("config=", own_config)):
        clash = sorted(names.keys() & computed.keys())
        if clash:
            raise InvalidDecoratorException(
                f"{where}: {', '.join(map(repr, clash))} in {label} also name(s) a node the subdag computes "
                f"({', '.join(computed[name].source for name in clash)}), which would be defined twice in the "
                f"namespace {namespace!r}; bind only names its functions read and nothing computes."
            )
    known = {n.name for n in inner} | inputs.keys() | own_config.keys() | set(provided)
    renames = {name: f"{namespace}.{name}" for name in known}
    made = []
    for node in inner:
        moved = rename_dependencies(node, renames).copy_with(name=renames[node.name])
        moved.tags[NON_FINAL_TAG] = True
        made.append(moved)
    consumers = {dep: annotation for node in inner for dep, annotation in node.dependencies.items()}
    for key, binding in inputs.items():
        if isinstance(binding, UpstreamDependency):
            annotation = consumers.get(key, Any)
            made.append(
                _inner(f"{namespace}.{key}", annotation, Identity(binding.source), {binding.source: annotation})
            )
        else:
            literal = binding.value  # type: ignore[attr-defined]
            made.append(_inner(f"{namespace}.{key}", type(literal), Constant(literal), {}))
    made.extend(_inner(f"{namespace}.{key}", type(v), Constant(v), {}) for key, v in own_config.items())
    return made


def _inner(name: str, annotation: Any, callable: Callable[..., Any], dependencies: dict[str, Any]) -> Node:
    return Node(name, annotation, callable, dependencies, tags={NON_FINAL_TAG: True})


def _inner_nodes(load_from: Sequence[Any], config: Mapping[str, Any], where: str) -> list[Node]:
    from hamilton.discovery import crawl

    nodes: dict[str, Node] = {}
    for item in load_from:
        found = crawl(item, config) if isinstance(item, ModuleType) else resolve_nodes(item, config, item.__name__)
        for node in found:
            if node.name in nodes:
                raise InvalidDecoratorException(
                    f"{where}: the node {node.name!r} is defined twice among the functions and modules it loads "
                    f"({nodes[node.name].source} and {node.source})."
                )
            nodes[node.name] = node
    return list(nodes.values())


def _check_load_from(load_from: Sequence[Any], decorator: str) -> tuple[Any, ...]:
    if not load_from:
        raise InvalidDecoratorException(
            f"@{decorator} needs the modules or functions of its DAG first: @{decorator}(my_module, ...)."
        )
    wrong = [item for item in load_from if not isinstance(item, ModuleType) and not inspect.isfunction(item)]
    if wrong:
        raise InvalidDecoratorException(f"@{decorator} loads its DAG from modules and functions; got {wrong!r}.")
    return tuple(load_from)


def _check_inputs(inputs: Mapping[str, Any] | None, config: Mapping[str, Any] | None, decorator: str) -> dict[str, Any]:
    inputs = dict(inputs or {})
    wrong = {k: v for k, v in inputs.items() if not isinstance(v, UpstreamDependency | LiteralDependency)}
    if wrong:
        raise InvalidDecoratorException(
            f"@{decorator}: inputs are source(...) (an outer node) or value(...) (a literal); got "
            f"{', '.join(f'{k}={v!r}' for k, v in wrong.items())}. A config value goes in config= instead."
        )
    shared = sorted(inputs.keys() & dict(config or {}).keys())
    if shared:
        raise InvalidDecoratorException(
            f"@{decorator}: {', '.join(map(repr, shared))} given both in inputs= and in config=; the inner DAG "
            f"would get two values for one name. Keep each in one of them."
        )
    return inputs


def _check_names(names: Any, where: str) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str) or not isinstance(names, Collection) or not all(isinstance(n, str) for n in names):
        raise InvalidDecoratorException(f"{where} takes a list of names; got {names!r}.")
    return list(names)


def _final_node(fn: Callable[..., Any], name: str, namespace: str, where: str) -> Node:
    """The decorated function's own node: every parameter reads ``<namespace>.<parameter>``."""
    node = function_node(fn, name)
    moved = rename_dependencies(node, {p: f"{namespace}.{p}" for p in node.dependencies})
    moved.source = where
    return moved


# ---------------------------------------------------------------------------- the decorators


class subdag(NodeCreator):  # noqa: N801 - the original's spelling
    """Run a DAG (modules and functions) inside this function; the function reads its results.

    ``@subdag(features, inputs={"raw": source("clean_data")}, config={"region": "US"})``
    on ``def us_features(total: pd.Series) -> pd.Series`` makes the nodes of
    ``features`` as ``us_features.<name>`` (``namespace=`` changes the prefix), and
    ``us_features`` reading ``us_features.total``. ``final_node_name`` renames the
    function's node. ``external_inputs`` is accepted as in the original: names nothing
    inside provides always come from the outer DAG.
    """

    def __init__(
        self,
        *load_from: ModuleType | Callable[..., Any],
        inputs: dict[str, ParametrizedDependency] | None = None,
        config: dict[str, Any] | None = None,
        namespace: str | None = None,
        final_node_name: str | None = None,
        external_inputs: list[str] | None = None,
    ) -> None:
        self.load_from = _check_load_from(load_from, self.name)
        self.inputs = _check_inputs(inputs, config, self.name)
        self.config = dict(config or {})
        for label, text in (("namespace", namespace), ("final_node_name", final_node_name)):
            if text is not None and not (isinstance(text, str) and text):
                raise InvalidDecoratorException(f"@{self.name}({label}=...) takes a name; got {text!r}.")
        self.namespace = namespace
        self.final_node_name = final_node_name
        self.external_inputs = _check_names(external_inputs, f"@{self.name}(external_inputs=...)")

    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        namespace = self.namespace or fn.__name__
        where = f"{_where(fn)}: @{self.name}"
        inner = subdag_nodes(self.load_from, {**config, **self.config}, namespace, self.inputs, self.config, where)
        return [*inner, _final_node(fn, self.final_node_name or fn.__name__, namespace, where)]


class parameterized_subdag(NodeCreator):  # noqa: N801
    """``@subdag`` once per variant: ``@parameterized_subdag(features, us={"config": {"region": "US"}}, ca={...})``.

    Each variant is a node named like it, over the DAG namespaced by it, with the
    shared ``inputs``/``config`` updated by its own ``SubdagParams``.
    """

    def __init__(
        self,
        *load_from: ModuleType | Callable[..., Any],
        inputs: dict[str, ParametrizedDependency] | None = None,
        config: dict[str, Any] | None = None,
        external_inputs: list[str] | None = None,
        **parameterization: SubdagParams,
    ) -> None:
        if not parameterization:
            raise InvalidDecoratorException(
                "@parameterized_subdag needs at least one variant: "
                "@parameterized_subdag(module, name={'config': {...}})."
            )
        self.variants = {}
        for variant, params in parameterization.items():
            unknown = sorted(set(params) - set(SubdagParams.__annotations__)) if isinstance(params, Mapping) else None
            if unknown is None or unknown:
                raise InvalidDecoratorException(
                    f"@parameterized_subdag: variant {variant!r} is a dict with keys among inputs, config and "
                    f"external_inputs; got {params!r}."
                )
            self.variants[variant] = subdag(
                *load_from,
                inputs={**(inputs or {}), **params.get("inputs", {})},
                config={**(config or {}), **params.get("config", {})},
                namespace=variant,
                final_node_name=variant,
                external_inputs=[*(external_inputs or ()), *params.get("external_inputs", ())],
            )

    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        return [node for made in self.variants.values() for node in made.generate_nodes(fn, config)]


class with_columns(NodeInjector):  # noqa: N801
    """Add columns to a dataframe parameter, each computed by a function of other columns.

    ``@with_columns(features, columns_to_pass=["spend", "signups"], select=["spend_per_signup"])``
    on ``def final(raw: pd.DataFrame) -> pd.DataFrame`` feeds ``final`` with ``raw`` plus
    the selected columns (all of ``features``'s nodes without ``select``), computed by
    ``features`` from ``raw``'s columns. The nodes are ``final.<name>`` (``namespace=``
    changes the prefix); ``final.<column>`` for each column passed that is used, and
    ``final._append`` for the dataframe with the new columns. ``on_input="raw"`` instead
    passes the whole dataframe to functions taking ``raw``. Works for every dataframe
    type a data plugin registers (pandas, polars).
    """

    def __init__(
        self,
        *load_from: ModuleType | Callable[..., Any],
        columns_to_pass: list[str] | None = None,
        pass_dataframe_as: str | None = None,
        on_input: str | None = None,
        select: list[str] | None = None,
        namespace: str | None = None,
        config_required: list[str] | None = None,
    ) -> None:
        self.load_from = _check_load_from(load_from, self.name)
        if pass_dataframe_as is not None:
            raise InvalidDecoratorException(
                "@with_columns(pass_dataframe_as=...) is not supported for pandas and polars (nor by the original); "
                "use on_input= to hand the dataframe itself to the functions."
            )
        if (columns_to_pass is None) == (on_input is None):
            raise InvalidDecoratorException(
                "@with_columns takes one of columns_to_pass= (the columns the functions read, taken from the first "
                "parameter's dataframe) and on_input= (the parameter whose dataframe the functions read whole)."
            )
        if on_input is not None and not (isinstance(on_input, str) and on_input):
            raise InvalidDecoratorException(f"@with_columns(on_input=...) takes a parameter name; got {on_input!r}.")
        if namespace is not None and not (isinstance(namespace, str) and namespace):
            raise InvalidDecoratorException(f"@with_columns(namespace=...) takes a name; got {namespace!r}.")
        self.columns_to_pass = _check_names(columns_to_pass, "@with_columns(columns_to_pass=...)")
        self.on_input = on_input
        self.select = None if select is None else _check_names(select, "@with_columns(select=...)")
        self.namespace = namespace
        self.config_required = None if config_required is None else _check_names(config_required, "config_required")

    def required_config(self) -> list[str] | None:
        return self.config_required

    def validate(self, fn: Callable[..., Any]) -> None:
        parameters = list(inspect.signature(fn).parameters)
        if not parameters:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @with_columns adds columns to a dataframe parameter; it takes none."
            )
        if self.on_input is not None and self.on_input not in parameters:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @with_columns(on_input={self.on_input!r}) names no parameter of the function "
                f"(its parameters: {', '.join(parameters)})."
            )

    def transform_dag(self, nodes: list[Node], config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        finals = final_nodes(nodes)
        named = finals[0].name if len(finals) == 1 else fn.__name__
        return self.apply_injection(nodes, lambda params: self._columns(params, config, fn, named))

    def inject_nodes(
        self, params: dict[str, Any], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> tuple[list[Node], dict[str, str]]:
        return self._columns(params, config, fn, fn.__name__)

    def _columns(
        self, params: dict[str, Any], config: Mapping[str, Any], fn: Callable[..., Any], named: str
    ) -> tuple[list[Node], dict[str, str]]:
        where = f"{_where(fn)}: @with_columns"
        frame = self.on_input or next(iter(inspect.signature(fn).parameters))
        if frame not in params:
            raise InvalidDecoratorException(f"{where}: the dataframe parameter {frame!r} is fed by another decorator.")
        frame_type = params[frame]
        column_type = column_type_for(frame_type, _where(fn), "with_columns")  # names a non-dataframe annotation
        namespace = self.namespace or named
        visible = config if self.config_required is None else {k: config[k] for k in self.config_required}
        inner = subdag_nodes(self.load_from, visible, namespace, where=where, provided=self.columns_to_pass)
        produced = {n.name.removeprefix(f"{namespace}.") for n in inner}
        clash = sorted(produced & set(self.columns_to_pass))
        if clash:
            raise InvalidDecoratorException(
                f"{where}: {', '.join(map(repr, clash))} is both a column passed and a function's name; to change an "
                f"existing column, use on_input= and read the dataframe whole."
            )
        selected = [n.name.removeprefix(f"{namespace}.") for n in inner] if self.select is None else self.select
        unknown = [name for name in selected if name not in produced]
        if unknown:
            raise InvalidDecoratorException(
                f"{where}: select names {', '.join(map(repr, unknown))}, which its functions do not make "
                f"(they make: {', '.join(sorted(produced))})."
            )
        inner = _upstream_of([f"{namespace}.{name}" for name in selected], inner)  # as the original: no unused node
        read = {dep for n in inner for dep in n.dependencies}
        columns = [
            Node(
                f"{namespace}.{column}",
                column_type,
                PassedColumn(column, frame, _where(fn)),
                {frame: frame_type},
                source=f"{where} (column {column!r})",
            )
            for column in self.columns_to_pass
            if f"{namespace}.{column}" in read  # as the original: only the columns some function reads
        ]
        types = {n.name: n.type for n in inner}
        append = Node(
            f"{namespace}._append",
            frame_type,
            AppendColumns(frame, {f"{namespace}.{name}": name for name in selected}, _where(fn)),
            {frame: frame_type, **{f"{namespace}.{name}": types[f"{namespace}.{name}"] for name in selected}},
            source=f"{where} (the dataframe with its new columns)",
        )
        return [*columns, *inner, append], {frame: append.name}


def _upstream_of(names: list[str], nodes: list[Node]) -> list[Node]:
    """``nodes`` that ``names`` need, in their order (a walk with a stack, no recursion)."""
    by_name = {n.name: n for n in nodes}
    needed: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in needed or name not in by_name:
            continue
        needed.add(name)
        stack.extend(by_name[name].dependencies)
    return [n for n in nodes if n.name in needed]


class PassedColumn:
    """A column node of ``@with_columns(columns_to_pass=...)``: one column of the dataframe parameter (picklable)."""

    __slots__ = ("column", "frame", "function")

    def __init__(self, column: str, frame: str, function: str) -> None:
        self.column = column
        self.frame = frame
        self.function = function

    def __call__(self, **kwargs: Any) -> Any:
        df = kwargs[self.frame]
        operations = operations_for_value(df, self.function, "with_columns")
        try:
            return operations.get_column(df, self.column, self.function)
        except ColumnNotFoundError as exc:
            shown = ", ".join(map(repr, exc.available[:20])) + (", ..." if len(exc.available) > 20 else "")
            raise ColumnNotFoundError(
                f"Column {self.column!r} is not in the dataframe {self.frame!r} that {self.function} takes (its "
                f"columns: {shown or 'none'}); @with_columns(columns_to_pass=...) names it.",
                self.column,
                self.function,
                exc.available,
            ) from None


class AppendColumns:
    """``@with_columns``'s ``_append`` node: the dataframe with the selected nodes as columns (picklable)."""

    __slots__ = ("columns", "frame", "function")

    def __init__(self, frame: str, columns: dict[str, str], function: str) -> None:
        self.frame = frame
        self.columns = columns  # node name -> column name
        self.function = function

    def __call__(self, **kwargs: Any) -> Any:
        df = kwargs[self.frame]
        operations = operations_for_value(df, self.function, "with_columns")
        return operations.with_columns(df, {column: kwargs[node] for node, column in self.columns.items()})
