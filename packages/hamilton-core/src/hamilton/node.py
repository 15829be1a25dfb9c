"""A node of the dataflow: one named value and the callable that computes it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Node:
    """One vertex of the DAG.

    ``dependencies`` maps each parameter name (the name of the node or input it
    reads) to the annotation it declares; names in ``optional`` have defaults and
    may be left unset. ``callable`` is called with those names as keywords.
    """

    __slots__ = (
        "callable",
        "config_branch",
        "dependencies",
        "doc",
        "name",
        "optional",
        "source",
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
    ) -> None:
        self.name = name
        self.type = type
        self.callable = callable
        self.dependencies: dict[str, Any] = dict(dependencies or {})
        self.optional = frozenset(optional)
        self.doc = doc
        self.tags: dict[str, Any] = dict(tags or {})
        self.source = source or _describe(callable)
        self.config_branch = config_branch

    @property
    def input_types(self) -> dict[str, tuple[Any, str]]:
        """Each dependency with its type and ``"required"``/``"optional"``, as the original exposes."""
        return {
            name: (annotation, "optional" if name in self.optional else "required")
            for name, annotation in self.dependencies.items()
        }

    def __repr__(self) -> str:
        return f"<Node {self.name!r} from {self.source}>"


def _describe(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None) or "?"
    qualname = getattr(fn, "__qualname__", None) or repr(fn)
    return f"{module}.{qualname}"
