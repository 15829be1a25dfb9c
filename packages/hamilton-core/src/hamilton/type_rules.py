"""The core's type rules: does one annotation feed another, does a value fit one.

Plugins add rules through the ``hamilton_check_node_type_equivalence`` and
``hamilton_check_input_type`` hooks; those are asked only when these say no.
"""

from __future__ import annotations

import types
import typing
from typing import Any

__all__ = ["types_compatible", "value_fits"]

_UNION_ORIGINS = (typing.Union, types.UnionType)
# PEP 484's numeric tower: an int is acceptable where a float is declared, both where a complex is
_NUMERIC_PROMOTIONS = {float: (int,), complex: (int, float)}
_ANY_LIKE = (Any, object)


def _is_wildcard(annotation: Any) -> bool:
    return annotation in _ANY_LIKE or isinstance(annotation, typing.TypeVar)


def types_compatible(provided: Any, required: Any) -> bool:
    """Whether a node returning ``provided`` may feed a parameter annotated ``required``.

    Same type, subclass, ``Any``, a member of a ``Union``/``Optional``, generics by
    origin (``list[int]`` feeds ``list``, ``list`` feeds ``list[int]``) and PEP 484's
    numeric promotions (``int`` feeds ``float``) are accepted.
    """
    if provided is required or _is_wildcard(required) or _is_wildcard(provided):
        return True
    provided_origin = typing.get_origin(provided)
    if provided_origin in _UNION_ORIGINS:
        return all(types_compatible(option, required) for option in typing.get_args(provided))
    required_origin = typing.get_origin(required)
    if required_origin in _UNION_ORIGINS:
        return any(types_compatible(provided, option) for option in typing.get_args(required))
    if required_origin is typing.Annotated:
        return types_compatible(provided, typing.get_args(required)[0])
    if provided_origin is typing.Annotated:
        return types_compatible(typing.get_args(provided)[0], required)
    if required_origin is not None or provided_origin is not None:
        return _generics_compatible(provided, required)
    if isinstance(provided, type) and isinstance(required, type):
        return issubclass(provided, required) or issubclass(provided, _NUMERIC_PROMOTIONS.get(required, ()))
    return provided == required


def _generics_compatible(provided: Any, required: Any) -> bool:
    provided_base = typing.get_origin(provided) or provided
    required_base = typing.get_origin(required) or required
    if not (isinstance(provided_base, type) and isinstance(required_base, type)):
        return provided == required
    if not issubclass(provided_base, required_base):
        return False
    provided_args, required_args = typing.get_args(provided), typing.get_args(required)
    if not provided_args or not required_args or len(provided_args) != len(required_args):
        return True
    return all(
        p is Ellipsis or r is Ellipsis or types_compatible(p, r)
        for p, r in zip(provided_args, required_args, strict=True)
    )


def value_fits(value: Any, annotation: Any) -> bool:
    """Whether ``value`` may be passed where ``annotation`` is declared.

    Checks the outer type only (``list[int]`` accepts any list); typing constructs
    it cannot judge are accepted rather than blocked.
    """
    if _is_wildcard(annotation):
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin = typing.get_origin(annotation)
    if origin is None:
        if not isinstance(annotation, type):
            return True
        return isinstance(value, annotation) or (
            annotation in _NUMERIC_PROMOTIONS and type(value) in _NUMERIC_PROMOTIONS[annotation]
        )
    if origin in _UNION_ORIGINS:
        return any(value_fits(value, option) for option in typing.get_args(annotation))
    if origin is typing.Literal:
        return value in typing.get_args(annotation)
    if origin is typing.Annotated:
        return value_fits(value, typing.get_args(annotation)[0])
    return isinstance(value, origin) if isinstance(origin, type) else True
