"""``@also_scaled(by=k)``: keep the function's node and add ``<name>_scaled``, its value times ``k``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeTransformer
from hamilton.node import Node

__all__ = ["also_scaled"]


class Scale:
    """The scaled node's callable (picklable, so process executors can ship it)."""

    def __init__(self, upstream: str, by: float) -> None:
        self.upstream = upstream
        self.by = by

    def __call__(self, **kwargs: Any) -> Any:
        return kwargs[self.upstream] * self.by


class also_scaled(NodeTransformer):
    """Add ``<name>_scaled`` next to each target node (by default the function's final nodes)."""

    def __init__(self, by: float, target_: Any = None) -> None:
        super().__init__(target=target_)
        if not isinstance(by, int | float):
            raise InvalidDecoratorException(f"@also_scaled(by=...) takes a number, not {by!r}.")
        self.by = by

    def transform_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        scaled = Node(
            f"{node_.name}_scaled",
            node_.type,
            Scale(node_.name, self.by),
            {node_.name: node_.type},
            doc=f"{node_.name} times {self.by}.",
            tags=node_.tags,
        )
        return [node_, scaled]
