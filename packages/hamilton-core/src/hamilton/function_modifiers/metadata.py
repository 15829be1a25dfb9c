"""Decorators that attach metadata to nodes: ``@tag``, ``@tag_outputs``, ``@schema.output``.

Tags are listed by ``list_available_variables`` (and filtered by its ``tag_filter``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeDecorator, TargetType, _where
from hamilton.function_modifiers.caching import cache  # the original's path: hamilton.function_modifiers.metadata.cache
from hamilton.node import Node

__all__ = ["SCHEMA_OUTPUT_TAG", "SchemaOutput", "cache", "schema", "tag", "tag_outputs"]

SCHEMA_OUTPUT_TAG = "hamilton.internal.schema_output"


class tag(NodeDecorator):  # noqa: N801 - the original's spelling
    """Attach string tags (``owner="growth"``) to the function's final nodes (``target_=...``: all of them).

    Keys are dotted identifiers; values are strings or lists of distinct strings.
    Namespaces the framework manages (``hamilton``, ``data_quality``, ``gdpr``, ``ccpa``,
    ``dag``, ``module``) are refused unless ``bypass_reserved_namespaces_=True``.
    """

    RESERVED_TAG_NAMESPACES = ("hamilton", "data_quality", "gdpr", "ccpa", "dag", "module", "ray_remote")

    def __init__(
        self, *, target_: TargetType = None, bypass_reserved_namespaces_: bool = False, **tags: str | list[str]
    ) -> None:
        super().__init__(target=target_)
        self.tags = tags
        self.bypass_reserved_namespaces = bypass_reserved_namespaces_
        bad = [f"{key}={tag_value!r}" for key, tag_value in tags.items() if not self._allowed(key, tag_value)]
        if bad:
            raise InvalidDecoratorException(
                f"@{self.name}: invalid tag(s) {', '.join(bad)}. Keys are dotted identifiers outside the reserved "
                f"namespaces {', '.join(self.RESERVED_TAG_NAMESPACES)}; values are strings or lists of "
                f"distinct strings."
            )

    def _allowed(self, key: str, tag_value: Any) -> bool:
        parts = key.split(".")
        if not all(part.isidentifier() for part in parts):
            return False
        if not self.bypass_reserved_namespaces and parts[0] in self.RESERVED_TAG_NAMESPACES:
            return False
        if isinstance(tag_value, str):
            return True
        return (
            isinstance(tag_value, list)
            and bool(tag_value)
            and all(isinstance(v, str) for v in tag_value)
            and len(set(tag_value)) == len(tag_value)
        )

    def decorate_node(self, node_: Node) -> Node:
        return node_.copy_with(tags={**node_.tags, **self.tags})


class tag_outputs(NodeDecorator):  # noqa: N801
    """Tag each named output differently: ``@tag_outputs(low={"kind": "bound"}, high={...})``."""

    def __init__(self, **tag_mapping: Mapping[str, str | list[str]]) -> None:
        super().__init__(target=...)
        self.by_output = {output: tag(**dict(tags)) for output, tags in tag_mapping.items()}

    def transform_dag(self, nodes: list[Node], config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        unknown = sorted(set(self.by_output) - {n.name for n in nodes})
        if unknown:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @tag_outputs names {', '.join(map(repr, unknown))}, which the function does not "
                f"make (it makes {', '.join(repr(n.name) for n in nodes)})."
            )
        return super().transform_dag(nodes, config, fn)

    def decorate_node(self, node_: Node) -> Node:
        tagger = self.by_output.get(node_.name)
        return node_ if tagger is None else tagger.decorate_node(node_)


class SchemaOutput(tag):
    """The decorator ``schema.output`` makes: records the output's columns as a tag."""

    def __init__(self, *fields: tuple[str, str], target_: str | None = None) -> None:
        if not fields:
            raise InvalidDecoratorException('@schema.output needs at least one ("name", "type") field.')
        wrong = [f for f in fields if not (isinstance(f, tuple) and len(f) == 2 and all(isinstance(x, str) for x in f))]
        if wrong:
            raise InvalidDecoratorException(f'@schema.output takes ("name", "type") pairs of strings; got {wrong!r}.')
        super().__init__(
            target_=target_,
            bypass_reserved_namespaces_=True,
            **{SCHEMA_OUTPUT_TAG: ",".join(f"{name}={kind}" for name, kind in fields)},
        )
        self.fields = fields

    @property
    def name(self) -> str:
        return "schema.output"

    def transform_targets(self, targets: Any, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        if len(targets) != 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @schema.output describes one node, but the function makes {len(targets)} final "
                f"nodes ({', '.join(n.name for n in targets)}); name one with target_=."
            )
        return super().transform_targets(targets, config, fn)


class schema:  # noqa: N801
    """Declare the schema of a dataframe output: ``@schema.output(("spend", "float"), ("signups", "int"))``."""

    @staticmethod
    def output(*fields: tuple[str, str], target_: str | None = None) -> SchemaOutput:
        """Record the output's columns (name, type as a string); shown by pictures and listings as a tag."""
        return SchemaOutput(*fields, target_=target_)
