"""A node of the dataflow: one named value and the callable that computes it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


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

    @property
    def source(self) -> str:
        """Where the node comes from, e.g. ``my_module.my_function``."""
        return self._source or _describe(self.callable)

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
