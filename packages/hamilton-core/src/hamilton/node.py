"""A node of the dataflow: one named value and the callable that computes it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Node"]


class Node:
    """One vertex of the DAG.

    ``dependencies`` maps each parameter name (the name of the node or input it
    reads) to the annotation it declares; names in ``optional`` have defaults and
    may be left unset. ``callable`` is called with those names as keywords; its
    first ``positional`` parameters, in ``dependencies`` order, may also be passed
    by position (the engine's fast path for plain functions).
    """

    __slots__ = (
        "_source",
        "callable",
        "config_branch",
        "dependencies",
        "doc",
        "name",
        "optional",
        "originating_functions",
        "positional",
        "tags",
        "type",
    )

    def __init__(
        self,
        name: str,
        type: Any,
        callable: Callable[..., Any],
        dependencies: Mapping[str, Any] | None = None,
        *,
        optional: frozenset[str] = frozenset(),
        doc: str = "",
        tags: Mapping[str, Any] | None = None,
        source: str = "",
        config_branch: str = "",
        positional: int = 0,
        originating_functions: tuple[Callable[..., Any], ...] = (),
    ) -> None:
        self.name = name
        self.type = type
        self.callable = callable
        self.dependencies: dict[str, Any] = dependencies if isinstance(dependencies, dict) else dict(dependencies or {})
        self.optional = optional
        self.doc = doc
        self.tags: dict[str, Any] = dict(tags) if tags else {}
        self._source = source
        self.config_branch = config_branch
        self.positional = positional
        self.originating_functions = originating_functions

    @property
    def source(self) -> str:
        """Where the node comes from, e.g. ``my_module.my_function``."""
        return self._source or _describe(self.callable)

    @source.setter
    def source(self, where: str) -> None:
        self._source = where

    @property
    def input_types(self) -> dict[str, tuple[Any, str]]:
        """Each dependency with its type and ``"required"``/``"optional"``, as the original exposes."""
        return {
            name: (annotation, "optional" if name in self.optional else "required")
            for name, annotation in self.dependencies.items()
        }

    def copy_with(self, **changes: Any) -> Node:
        """A copy of this node with some attributes replaced (``name=``, ``callable=``, ``tags=``...)."""
        copy = Node.__new__(Node)
        for slot in Node.__slots__:
            setattr(copy, slot, getattr(self, slot))
        copy.tags = dict(self.tags)
        for attribute, new in changes.items():
            if attribute not in _PUBLIC_ATTRIBUTES:
                raise TypeError(f"Node.copy_with() got {attribute!r}; it can replace {', '.join(_PUBLIC_ATTRIBUTES)}.")
            setattr(copy, "_source" if attribute == "source" else attribute, new)
        if "callable" in changes and "positional" not in changes:
            copy.positional = 0  # a new callable is called by keyword unless told otherwise
        return copy

    def __repr__(self) -> str:
        return f"<Node {self.name!r} from {self.source}>"


_PUBLIC_ATTRIBUTES = tuple(sorted({s.lstrip("_") for s in Node.__slots__}))


def _describe(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None) or "?"
    qualname = getattr(fn, "__qualname__", None) or repr(fn)
    return f"{module}.{qualname}"
