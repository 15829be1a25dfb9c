"""Decorators that turn one function into several nodes.

``@parameterize`` (and ``parameterize_values``/``parameterize_sources``) makes one
node per output; ``@extract_fields``, ``@unpack_fields`` and ``@extract_columns`` keep
the function's node and add one per field, tuple item or column; ``@inject`` binds
parameters and keeps the node's name; ``@parameterize_extract_columns`` combines the
first and the last.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeExpander, _where
from hamilton.function_modifiers.binding import bind
from hamilton.function_modifiers.calls import FieldGetter
from hamilton.function_modifiers.columns import ColumnGetter, column_type_for
from hamilton.function_modifiers.dependencies import (
    ParametrizedDependency,
    check_bindings,
    describe_binding,
    source,
    value,
)
from hamilton.node import Node

__all__ = [
    "ParameterizedExtract",
    "extract_columns",
    "extract_fields",
    "inject",
    "parameterize",
    "parameterize_extract_columns",
    "parameterize_sources",
    "parameterize_values",
    "unpack_fields",
]


class parameterize(NodeExpander):  # noqa: N801 - the original's spelling
    """Make one node per keyword instead of one for the function.

    ``@parameterize(spend_ca=dict(region=value("CA")), spend_us=dict(region=source("us_code")))``
    gives nodes ``spend_ca`` and ``spend_us``; each binds the named parameters to a
    literal (``value``), another node (``source``), a config value (``configuration``)
    or a ``group`` of these. A value may also be ``(bindings, docstring)``. The
    docstring may use ``{output_name}`` and the bound parameters as format fields.
    """

    def __init__(self, **parameterization: Mapping[str, Any] | tuple[Mapping[str, Any], str]) -> None:
        if not parameterization:
            raise InvalidDecoratorException(
                "@parameterize needs at least one output, e.g. @parameterize(out=dict(x=value(1)))."
            )
        self.variants: dict[str, tuple[dict[str, ParametrizedDependency], str | None]] = {}
        for output, spec in parameterization.items():
            bindings, doc = spec if isinstance(spec, tuple) else (spec, None)
            self.variants[output] = (check_bindings(dict(bindings), f"@{self.name}: {output}"), doc)

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        nodes = []
        for output, (bindings, doc) in self.variants.items():
            made = bind(node_, bindings, config, f"@{self.name} on {_where(fn)}, output {output!r},", name=output)
            made.doc = doc if doc is not None else _format_doc(node_.doc, output, bindings)
            made.source = f"{node_.source} (@{self.name} {output})"
            nodes.append(made)
        return nodes


def _format_doc(doc: str, output: str, bindings: Mapping[str, ParametrizedDependency]) -> str:
    try:
        return doc.format(output_name=output, **{p: describe_binding(b) for p, b in bindings.items()})
    except (KeyError, IndexError, ValueError):
        return doc


class parameterize_values(parameterize):  # noqa: N801
    """``@parameterize`` with one parameter bound to a literal per output (keys may be ``(name, doc)``)."""

    def __init__(self, parameter: str, assigned_output: Mapping[str | tuple[str, str], Any]) -> None:
        super().__init__(**_one_parameter(parameter, assigned_output, value))


class parameterize_sources(parameterize):  # noqa: N801
    """``@parameterize`` with parameters bound to other nodes: ``out=dict(param="upstream")``."""

    def __init__(self, **parameterization: Mapping[str, str]) -> None:
        super().__init__(
            **{out: {p: source(upstream) for p, upstream in binds.items()} for out, binds in parameterization.items()}
        )


def _one_parameter(parameter: str, assigned: Mapping[Any, Any], kind: Callable[[Any], Any]) -> dict[str, Any]:
    variants: dict[str, Any] = {}
    for key, literal in assigned.items():
        if isinstance(key, tuple):
            variants[key[0]] = ({parameter: kind(literal)}, key[1])
        else:
            variants[key] = {parameter: kind(literal)}
    return variants


class inject(NodeExpander):  # noqa: N801
    """Bind parameters (to ``value``, ``source``, ``group``...) and keep the function's node name.

    ``@inject(nums=group(source("a"), source("b")))`` passes ``[a, b]`` as ``nums``.
    """

    def __init__(self, **key_mapping: ParametrizedDependency) -> None:
        if not key_mapping:
            raise InvalidDecoratorException("@inject needs at least one binding, e.g. @inject(x=source('a')).")
        self.bindings = check_bindings(key_mapping, "@inject")

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        return [bind(node_, self.bindings, config, f"@inject on {_where(fn)}")]


class extract_fields(NodeExpander):  # noqa: N801
    """A function returning a dict also exposes the named fields as nodes of the given types.

    ``@extract_fields({"low": int, "high": int})``; a list of names takes ``Any`` as their type.
    """

    def __init__(self, fields: Mapping[str, Any] | Sequence[str], fill_with: Any = None) -> None:
        if not fields:
            raise InvalidDecoratorException(
                "@extract_fields needs at least one field, e.g. @extract_fields({'n': int})."
            )
        self.fields = dict(fields) if isinstance(fields, Mapping) else {name: Any for name in fields}
        wrong = [name for name in self.fields if not isinstance(name, str) or not name.isidentifier()]
        if wrong:
            raise InvalidDecoratorException(f"@extract_fields field names must be identifiers; got {wrong!r}.")

    def validate(self, fn: Callable[..., Any]) -> None:
        returns = _return_annotation(fn)
        base = typing.get_origin(returns) or returns
        if returns is not Any and not (isinstance(base, type) and issubclass(base, dict)) and not _is_typeddict(base):
            raise InvalidDecoratorException(
                f"{_where(fn)}: @extract_fields needs the function to return a dict, but it is annotated {returns!r}."
            )

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        return [
            node_,
            *(_field_node(node_, field, t, FieldGetter(node_.name, field)) for field, t in self.fields.items()),
        ]


def _is_typeddict(annotation: Any) -> bool:
    return isinstance(annotation, type) and typing.is_typeddict(annotation)


def _field_node(base: Node, name: str, annotation: Any, getter: Any, decorator: str = "extract_fields") -> Node:
    return Node(
        name,
        annotation,
        getter,
        {base.name: base.type},
        tags=base.tags,
        source=f"{base.source} (@{decorator} {name})",
        config_branch=base.config_branch,
    )


class unpack_fields(NodeExpander):  # noqa: N801
    """A function returning a tuple also exposes its items as nodes, typed from ``tuple[...]``.

    ``@unpack_fields("low", "high")`` on ``-> tuple[int, int]`` makes ``low`` and ``high``.
    """

    def __init__(self, *fields: str) -> None:
        if not fields:
            raise InvalidDecoratorException('@unpack_fields needs at least one name, e.g. @unpack_fields("a", "b").')
        self.fields = fields

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        returns = node_.type
        if typing.get_origin(returns) is not tuple:
            raise InvalidDecoratorException(
                f"@unpack_fields on {_where(fn)} needs it annotated to return tuple[...], not {returns!r}."
            )
        args = typing.get_args(returns)
        if len(args) == 2 and args[1] is Ellipsis:
            types = [args[0]] * len(self.fields)
        elif len(args) != len(self.fields):
            raise InvalidDecoratorException(
                f"@unpack_fields on {_where(fn)} names {len(self.fields)} fields but the function returns a "
                f"tuple of {len(args)} items ({returns!r})."
            )
        else:
            types = list(args)
        return [
            node_,
            *(
                _field_node(node_, name, t, FieldGetter(node_.name, index, "unpack_fields"), "unpack_fields")  # type: ignore[arg-type]
                for index, (name, t) in enumerate(zip(self.fields, types, strict=True))
            ),
        ]


class extract_columns(NodeExpander):  # noqa: N801
    """Expose the named columns of the dataframe a function returns as nodes of their own.

    Works for every dataframe type a plugin registers (pandas and polars with
    hamilton-pandas and hamilton-polars): the columns' type is the library's column
    type (``pd.Series``, ``pl.Series``). The function's own node stays. A column is a
    name, or a ``(name, doc)`` tuple whose doc becomes the column node's documentation.
    """

    def __init__(self, *columns: str | tuple[str, str], fill_with: Any = None) -> None:
        if not columns:
            raise InvalidDecoratorException(
                '@extract_columns() needs at least one column name, e.g. @extract_columns("spend").'
            )
        if isinstance(columns[0], list):
            raise InvalidDecoratorException(
                "@extract_columns takes the column names themselves; unpack the list: @extract_columns(*names)."
            )
        pairs = [column if _is_name_and_doc(column) else (column, None) for column in columns]
        wrong = [
            column for column, (name, _) in zip(columns, pairs, strict=True) if not isinstance(name, str) or not name
        ]
        if wrong:
            raise InvalidDecoratorException(
                f"@extract_columns takes column names as non-empty strings, or (name, doc) tuples of two strings; "
                f"got {wrong!r}."
            )
        names = [name for name, _ in pairs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise InvalidDecoratorException(
                f"@extract_columns names {', '.join(map(repr, repeated))} more than once; name each once."
            )
        docs = dict(pairs)
        self.columns = tuple(docs)
        self.docs = docs
        self.fill_with = fill_with

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        function = _where(fn)
        column_type = column_type_for(node_.type, function, "extract_columns")
        return [
            node_,
            *(
                Node(
                    column,
                    column_type,
                    ColumnGetter(column, node_.name, function, self.fill_with),
                    {node_.name: node_.type},
                    doc=self.docs[column] or f"Column {column!r} of the dataframe returned by {fn.__qualname__}.",
                    tags=node_.tags,
                    source=f"{function} (@extract_columns)",
                    config_branch=node_.config_branch,
                )
                for column in self.columns
            ),
        ]


def _is_name_and_doc(column: Any) -> bool:
    return isinstance(column, tuple) and len(column) == 2 and all(isinstance(part, str) for part in column)


class ParameterizedExtract(typing.NamedTuple):
    """One variant of ``@parameterize_extract_columns``: the columns it names and its bindings."""

    outputs: tuple[str, ...]
    input_mapping: dict[str, ParametrizedDependency]


class parameterize_extract_columns(NodeExpander):  # noqa: N801
    """Run the function once per ``ParameterizedExtract`` and expose each run's columns as nodes.

    The runs are nodes ``<function>__0``, ``<function>__1``...; the columns of each run's
    dataframe are renamed, in order, to that variant's ``outputs``, as the original does.
    """

    def __init__(self, *extract_config: ParameterizedExtract) -> None:
        if not extract_config:
            raise InvalidDecoratorException("@parameterize_extract_columns needs at least one ParameterizedExtract.")
        self.extracts = [
            ParameterizedExtract(tuple(e.outputs), check_bindings(e.input_mapping, "@parameterize_extract_columns"))
            for e in extract_config
        ]

    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        function = _where(fn)
        column_type = column_type_for(node_.type, function, "parameterize_extract_columns")
        nodes = []
        for index, extract in enumerate(self.extracts):
            run_name = f"{node_.name}__{index}"
            run = bind(node_, extract.input_mapping, config, f"@parameterize_extract_columns on {function}", run_name)
            run.callable = _RenameColumns(run.callable, extract.outputs, function)
            run.source = f"{function} (@parameterize_extract_columns {index})"
            nodes.append(run)
            nodes.extend(
                Node(
                    column,
                    column_type,
                    ColumnGetter(column, run_name, function),
                    {run_name: node_.type},
                    tags=node_.tags,
                    source=f"{function} (@parameterize_extract_columns)",
                )
                for column in extract.outputs
            )
        return nodes


class _RenameColumns:
    """Calls the function, then renames its dataframe's columns to the variant's outputs, in order."""

    __slots__ = ("fn", "function", "outputs")

    def __init__(self, fn: Callable[..., Any], outputs: tuple[str, ...], function: str) -> None:
        self.fn = fn
        self.outputs = outputs
        self.function = function

    def __call__(self, **kwargs: Any) -> Any:
        from hamilton.function_modifiers.columns import operations_for_value

        df = self.fn(**kwargs)
        operations = operations_for_value(df, self.function, "parameterize_extract_columns")
        names = operations.column_names(df)
        if len(names) != len(self.outputs):
            raise ValueError(
                f"@parameterize_extract_columns: {self.function} returned {len(names)} columns ({names}) but the "
                f"variant names {len(self.outputs)} ({list(self.outputs)})."
            )
        return operations.from_columns(
            {new: operations.get_column(df, old) for old, new in zip(names, self.outputs, strict=True)}
        )


def _return_annotation(fn: Callable[..., Any]) -> Any:
    returns = getattr(fn, "__annotations__", {}).get("return", Any)
    if isinstance(returns, str):
        try:
            returns = typing.get_type_hints(fn).get("return", Any)
        except Exception:
            return Any  # the crawler reports annotations it cannot resolve, naming the function
    return returns
