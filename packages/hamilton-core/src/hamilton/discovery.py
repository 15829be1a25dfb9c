"""The core's function crawler: every public function defined in a module is a node."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Mapping
from types import FunctionType, ModuleType
from typing import Any

from hamilton import expansion
from hamilton import function_modifiers as fm
from hamilton.node import Node

_VARIADIC = 0x04 | 0x08  # inspect.CO_VARARGS | inspect.CO_VARKEYWORDS, without importing inspect


def active_functions(module: ModuleType, config: Mapping[str, Any]) -> Iterator[tuple[str, FunctionType, str]]:
    """``(node name, function, config branch)`` for each public function of ``module`` active under ``config``.

    Functions imported into the module (defined elsewhere), ``_private`` ones and
    aliases (``b = a``) are skipped.
    """
    module_name = module.__name__
    for attribute, value in vars(module).items():
        if (
            type(value) is not FunctionType
            or attribute[0] == "_"
            or value.__module__ != module_name
            or value.__name__ != attribute
        ):
            continue
        if not value.__dict__:  # no decorator marks: the common, fast case
            yield attribute, value, ""
            continue
        branch = fm.active_branch(value, config)
        if branch is not None:
            yield fm.node_name(value), value, branch


def has_marked_functions(module: ModuleType, attribute: str) -> bool:
    """Whether any function of ``module`` carries the decorator mark ``attribute`` (one cheap pass)."""
    return any(type(v) is FunctionType and attribute in v.__dict__ for v in vars(module).values())


def function_node(fn: FunctionType, name: str, config_branch: str = "") -> Node:
    """The node computed by calling ``fn`` with its parameters as dependencies."""
    code = fn.__code__
    marks = fn.__dict__  # decorator marks; hasattr() on a plain function costs an exception
    if code.co_flags & _VARIADIC or "__wrapped__" in marks:
        parameters, optional = _parameters_from_signature(fn)
        positional = 0
    else:
        positional = code.co_argcount
        parameters = code.co_varnames[: positional + code.co_kwonlyargcount]
        optional = _NO_DEFAULTS
        if fn.__defaults__ or fn.__kwdefaults__:
            optional = frozenset(parameters[positional - len(fn.__defaults__ or ()) : positional]).union(
                fn.__kwdefaults__ or ()
            )
    annotations = fn.__annotations__
    for annotation in annotations.values():
        if type(annotation) is str:  # postponed (from __future__ import annotations): resolve them all
            annotations = _resolved_annotations(fn)
            break
    get = annotations.get
    node = Node(name, get("return", Any), fn, {p: get(p, Any) for p in parameters}, optional=optional)
    node.doc = fn.__doc__ or ""
    node.config_branch = config_branch
    node.positional = positional
    tags = marks.get(fm.TAGS_ATTRIBUTE)
    if tags:
        node.tags = dict(tags)
    return node


_NO_DEFAULTS: frozenset[str] = frozenset()


def _parameters_from_signature(fn: Callable[..., Any]) -> tuple[tuple[str, ...], frozenset[str]]:
    import inspect  # only for decorated or variadic functions

    signature = inspect.signature(fn)
    names, optional = [], set()
    for p in signature.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(
                f"{fn.__module__}.{fn.__qualname__} takes *{p.name}: a node's parameters must be named, "
                f"each naming the node or input it depends on."
            )
        names.append(p.name)
        if p.default is not p.empty:
            optional.add(p.name)
    return tuple(names), frozenset(optional)


def _resolved_annotations(fn: FunctionType) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:
        raise TypeError(
            f"Cannot resolve the annotations of {fn.__module__}.{fn.__qualname__}: {exc}. "
            f"Import the names they use at module level."
        ) from exc


def crawl(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    """The nodes of every active public function of ``module`` (several for expanding decorators)."""
    nodes = []
    for name, fn, branch in active_functions(module, config):
        node = function_node(fn, name, branch)
        marks = fn.__dict__
        if not marks:
            nodes.append(node)
            continue
        variants = marks.get(fm.PARAMETERIZE_ATTRIBUTE)
        declared = marks.get(fm.EXTRACT_FIELDS_ATTRIBUTE)
        if variants and declared:
            raise TypeError(f"{node.source}: @parameterize and @extract_fields cannot be combined on one function.")
        nodes.extend(expansion.parameterized(node, variants) if variants else [node])
        if declared:
            nodes.extend(expansion.fields(node, declared))
    return nodes
