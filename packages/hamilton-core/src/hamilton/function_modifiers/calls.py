"""The callables of decorator-made nodes: small picklable objects, so process, Dask and Ray executors can ship them.

Each is called, as every node is, with its dependencies as keywords.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["BoundCall", "FieldGetter", "Identity", "RenamedCall"]


class BoundCall:
    """Calls ``fn`` with parameters bound by a decorator: literals, renamed upstream nodes, groups.

    ``sources`` pairs each parameter with the node feeding it; ``passthrough`` names
    parameters fed by the node of the same name; ``groups`` gives a parameter a list
    (or dict) assembled from nodes and literals: ``(parameter, keys or None, items)``
    where each item is ``(True, node name)`` or ``(False, literal)``.
    """

    __slots__ = ("fixed", "fn", "groups", "passthrough", "sources")

    def __init__(
        self,
        fn: Callable[..., Any],
        fixed: dict[str, Any],
        sources: tuple[tuple[str, str], ...] = (),
        passthrough: tuple[str, ...] = (),
        groups: tuple[tuple[str, tuple[str, ...] | None, tuple[tuple[bool, Any], ...]], ...] = (),
    ) -> None:
        self.fn = fn
        self.fixed = fixed
        self.sources = sources
        self.passthrough = passthrough
        self.groups = groups

    def __call__(self, **kwargs: Any) -> Any:
        args = dict(self.fixed)
        for parameter, upstream in self.sources:
            if upstream in kwargs:
                args[parameter] = kwargs[upstream]
        for name in self.passthrough:
            if name in kwargs:
                args[name] = kwargs[name]
        for parameter, keys, items in self.groups:
            values = [kwargs[x] if is_node else x for is_node, x in items]
            args[parameter] = values if keys is None else dict(zip(keys, values, strict=True))
        return self.fn(**args)


class RenamedCall:
    """Calls ``fn`` after renaming keyword arguments (node name -> parameter name)."""

    __slots__ = ("fn", "to_parameter")

    def __init__(self, fn: Callable[..., Any], to_parameter: dict[str, str]) -> None:
        self.fn = fn
        self.to_parameter = to_parameter

    def __call__(self, **kwargs: Any) -> Any:
        to_parameter = self.to_parameter
        return self.fn(**{to_parameter.get(name, name): v for name, v in kwargs.items()})


class FieldGetter:
    """Reads one field of the dict an upstream node returned."""

    __slots__ = ("decorator", "field", "upstream")

    def __init__(self, upstream: str, field: str, decorator: str = "extract_fields") -> None:
        self.upstream = upstream
        self.field = field
        self.decorator = decorator

    def __call__(self, **kwargs: Any) -> Any:
        result = kwargs[self.upstream]
        try:
            return result[self.field]
        except (KeyError, TypeError, IndexError) as exc:
            raise KeyError(
                f"@{self.decorator}: {self.upstream!r} returned {type(result).__name__} without field "
                f"{self.field!r}; it must return a value holding every declared field."
            ) from exc


class Identity:
    """Returns the value of one upstream node unchanged."""

    __slots__ = ("upstream",)

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream

    def __call__(self, **kwargs: Any) -> Any:
        return kwargs[self.upstream]
