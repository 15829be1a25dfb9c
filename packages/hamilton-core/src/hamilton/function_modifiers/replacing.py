"""``@does``: compute a node with another function, keeping the decorated function's name, parameters and type."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeCreator, _where, function_node
from hamilton.node import Node

__all__ = ["DoesCall", "does"]


class does(NodeCreator):  # noqa: N801 - the original's spelling
    """Compute the node with ``replacing_function`` instead of the decorated function's (empty) body.

    ``@does(sum_all)`` on ``def total(a: int, b: int) -> int: pass`` makes the node
    ``total``, reading ``a`` and ``b``, computed as ``sum_all(a=..., b=...)``.
    ``argument_mapping`` renames: ``@does(_add, x="a")`` passes the parameter ``a``
    as ``_add``'s ``x``. Defaults of the decorated function are passed when a value is
    not given. The decorated function must be empty (``pass``, ``...`` or a docstring).
    """

    def __init__(self, replacing_function: Callable[..., Any], **argument_mapping: str) -> None:
        if not callable(replacing_function):
            raise InvalidDecoratorException(
                f"@does takes the function that computes the node; got {replacing_function!r}."
            )
        wrong = {k: v for k, v in argument_mapping.items() if not isinstance(v, str)}
        if wrong:
            raise InvalidDecoratorException(
                f"@does maps the replacing function's parameters to the decorated function's, by name "
                f"(@does(fn, x='a')); got {wrong!r}."
            )
        self.replacing_function = replacing_function
        self.argument_mapping = dict(argument_mapping)

    def validate(self, fn: Callable[..., Any]) -> None:
        if not _has_empty_body(fn):
            raise InvalidDecoratorException(
                f"{_where(fn)}: @does replaces the function's body with {_name(self.replacing_function)}, so the body "
                f"must be empty: only `pass`, `...` or a docstring. Move the code into the replacing function."
            )
        problem = _incompatibility(fn, self.replacing_function, self.argument_mapping)
        if problem:
            raise InvalidDecoratorException(
                f"{_where(fn)}{inspect.signature(fn)} cannot be computed by @does({_name(self.replacing_function)}"
                f"{''.join(f', {k}={v!r}' for k, v in self.argument_mapping.items())}) with signature "
                f"{inspect.signature(self.replacing_function)}: {problem}. Adjust the replacing function's "
                f"signature or the mapping."
            )

    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        node = function_node(fn)
        to_replacing = {parameter: name for name, parameter in self.argument_mapping.items()}
        defaults = {
            p.name: p.default
            for p in inspect.signature(fn).parameters.values()
            if p.default is not inspect.Parameter.empty
        }
        return [
            node.copy_with(
                callable=DoesCall(self.replacing_function, to_replacing, defaults),
                source=f"{_where(fn)} (@does {_name(self.replacing_function)})",
            )
        ]


class DoesCall:
    """The node's callable: defaults filled in, parameters renamed, then the replacing function (picklable)."""

    __slots__ = ("defaults", "fn", "to_replacing")

    def __init__(self, fn: Callable[..., Any], to_replacing: dict[str, str], defaults: dict[str, Any]) -> None:
        self.fn = fn
        self.to_replacing = to_replacing
        self.defaults = defaults

    def __call__(self, **kwargs: Any) -> Any:
        to_replacing = self.to_replacing
        given = {**self.defaults, **kwargs} if self.defaults else kwargs
        return self.fn(**{to_replacing.get(name, name): v for name, v in given.items()})


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


def _incompatibility(fn: Callable[..., Any], replacing: Callable[..., Any], mapping: Mapping[str, str]) -> str:
    """Why ``replacing`` cannot take the decorated function's parameters (renamed by ``mapping``); empty if it can."""
    own = inspect.signature(fn).parameters
    theirs = inspect.signature(replacing).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in theirs.values())
    named = {n for n, p in theirs.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    unknown_targets = sorted(set(mapping) - named) if not takes_any else []
    if unknown_targets:
        return f"the mapping names {', '.join(map(repr, unknown_targets))}, which the replacing function does not take"
    unknown_sources = sorted(set(mapping.values()) - set(own))
    if unknown_sources:
        return f"the mapping reads {', '.join(map(repr, unknown_sources))}, which the decorated function does not take"
    to_replacing = {parameter: name for name, parameter in mapping.items()}
    passed = [to_replacing.get(p, p) for p in own]
    refused = sorted(p for p in passed if p not in named and not takes_any)
    if refused:
        return f"it would be passed {', '.join(map(repr, refused))}, which it does not take"
    required = [n for n in named if theirs[n].default is inspect.Parameter.empty]
    unfed = sorted(set(required) - set(passed))
    if unfed:
        return f"nothing feeds its required parameter(s) {', '.join(map(repr, unfed))}"
    return ""


def _has_empty_body(fn: Callable[..., Any]) -> bool:
    """Whether ``fn``'s body is only ``pass``, ``...`` and/or a docstring (its bytecode is a bare ``return None``)."""
    code = getattr(fn, "__code__", None)
    return code is not None and _instructions(code) == _instructions(_empty.__code__)


def _empty() -> None:
    pass


def _instructions(code: Any) -> list[tuple[str, Any]]:
    import dis

    skipped = {"RESUME", "NOP", "CACHE", "COPY_FREE_VARS", "MAKE_CELL"}
    return [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in skipped]
