"""``@cache``: how a cache (``Builder().with_cache()``) treats a node, written next to the function.

The decorator only tags nodes; the cache package reads the tags. Options given to
``with_cache(...)`` for a node win over its tags.
"""

from __future__ import annotations

from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeDecorator, TargetType
from hamilton.node import Node

__all__ = ["BEHAVIORS", "BEHAVIOR_TAG", "FORMAT_TAG", "cache"]

BEHAVIOR_TAG = "cache.behavior"
FORMAT_TAG = "cache.format"
BEHAVIORS = ("default", "recompute", "ignore", "disable")


class cache(NodeDecorator):  # noqa: N801 - the original's spelling
    """Set the cache behaviour (and storage format) of the function's nodes (all of them, unless ``target_``).

    - ``behavior="default"``: reuse a stored result when code, inputs and config are unchanged;
    - ``"recompute"``: always run, store the result (a node reading a database, a random draw);
    - ``"ignore"``: always run, store nothing, and downstream nodes ignore its value in their
      keys (a client or a connection object);
    - ``"disable"``: always run, store nothing; downstream nodes are then recomputed too.

    ``format`` names the data format the result is stored in (``"parquet"``, ``"json"``...),
    as the data plugins offer it for the result's type; pickle otherwise.
    """

    BEHAVIOR_KEY = BEHAVIOR_TAG
    FORMAT_KEY = FORMAT_TAG

    def __init__(self, *, behavior: str | None = None, format: str | None = None, target_: TargetType = ...) -> None:
        super().__init__(target=target_)
        if behavior is not None and (not isinstance(behavior, str) or behavior.lower() not in BEHAVIORS):
            raise InvalidDecoratorException(
                f"@cache(behavior={behavior!r}): the behaviour is one of {', '.join(map(repr, BEHAVIORS))}."
            )
        if format is not None and (not isinstance(format, str) or not format):
            raise InvalidDecoratorException(f"@cache(format={format!r}): the format is a name such as 'parquet'.")
        self.cache_tags: dict[str, Any] = {}
        if behavior is not None:
            self.cache_tags[BEHAVIOR_TAG] = behavior.lower()
        if format is not None:
            self.cache_tags[FORMAT_TAG] = format

    def decorate_node(self, node_: Node) -> Node:
        return node_.copy_with(tags={**node_.tags, **self.cache_tags})
