"""The core's function crawler: every public function defined in a module is a node."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import FunctionType, ModuleType
from typing import Any

from hamilton.node import Node

__all__ = [
    "PositionalOnly",
    "crawl",
    "excluded_by_config",
    "function_node",
    "module_functions",
]

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
    callable_ = fn if not code.co_posonlyargcount else PositionalOnly(fn, code.co_varnames[: code.co_posonlyargcount])
    node = Node(name, get("return", Any), callable_, {p: get(p, Any) for p in parameters}, optional=optional)
    node.doc = fn.__doc__ or ""
    node.config_branch = config_branch
    node.positional = positional
    return node


class PositionalOnly:
    """Calls a function whose first parameters are positional-only (``def f(a, /)``) with keyword arguments.

    Every executor, hook and wrapper calls ``node.callable(**kwargs)``; this passes those
    parameters by position. Picklable, so process executors can send it.
    """

    __slots__ = ("fn", "names")

    def __init__(self, fn: Callable[..., Any], names: tuple[str, ...]) -> None:
        self.fn = fn
        self.names = names

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        leading = [kwargs.pop(name) for name in self.names[len(args) :]]
        return self.fn(*args, *leading, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (PositionalOnly, (self.fn, self.names))


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


def excluded_by_config(modules: Iterable[ModuleType], name: str, config: Mapping[str, Any]) -> list[str]:
    """Where a node ``name`` is defined but left out under ``config``: ``"mod.fn__CA (business_line='CA')"``.

    For the error an unknown output raises; scans the modules again, so it costs nothing until then.
    """
    from hamilton.function_modifiers.base import decorators_of

    found = []
    for module in modules:
        for attribute, fn in module_functions(module):
            resolvers = [d for d in decorators_of(fn) if d.get_lifecycle_name() == "resolve"]
            if not resolvers:
                continue
            named = [r.node_name(fn) for r in resolvers if getattr(r, "node_name", None) and r.node_name(fn)]
            if (named[0] if named else attribute) != name:
                continue
            failing = [r for r in resolvers if r.resolve(fn, config) is None]
            if failing:
                conditions = "; ".join(getattr(r, "describe", lambda: "")() or f"@{r.name}" for r in failing)
                found.append(f"{fn.__module__}.{fn.__qualname__} ({conditions})")
    return found


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
