"""The core's function crawler: every public function defined in a module is a node."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Mapping
from types import FunctionType, ModuleType
from typing import Any

from hamilton.node import Node

__all__ = ["crawl", "function_node", "module_functions"]

_VARIADIC = 0x04 | 0x08  # inspect.CO_VARARGS | inspect.CO_VARKEYWORDS, without importing inspect


def module_functions(module: ModuleType) -> Iterator[tuple[str, FunctionType]]:
    """``(attribute, function)`` for each public function defined in ``module``.

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
        yield attribute, value


def function_node(fn: Callable[..., Any], name: str, config_branch: str = "") -> Node:
    """The node computed by calling ``fn`` with its parameters as dependencies."""
    if type(fn) is not FunctionType:  # a callable object, a partial...: read its signature
        parameters, optional = _parameters_from_signature(fn)
        hints = _resolved_annotations(fn if hasattr(fn, "__annotations__") else type(fn).__call__)
        node = Node(name, hints.get("return", Any), fn, {p: hints.get(p, Any) for p in parameters}, optional=optional)
        node.doc = getattr(fn, "__doc__", None) or ""
        node.config_branch = config_branch
        return node
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


def _resolved_annotations(fn: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:
        raise TypeError(
            f"Cannot resolve the annotations of {fn.__module__}.{fn.__qualname__}: {exc}. "
            f"Import the names they use at module level."
        ) from exc


def crawl(module: ModuleType, config: Mapping[str, Any]) -> list[Node]:
    """The nodes of every public function of ``module``, shaped by its decorators under ``config``."""
    from hamilton.function_modifiers.base import DECORATORS_ATTRIBUTE, resolve_nodes

    nodes = []
    for name, fn in module_functions(module):
        if DECORATORS_ATTRIBUTE in fn.__dict__:
            nodes.extend(resolve_nodes(fn, config, name))
        else:  # the common case: a plain function is one node
            node = function_node(fn, name)
            node.originating_functions = (fn,)
            nodes.append(node)
    return nodes
