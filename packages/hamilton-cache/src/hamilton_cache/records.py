"""What the cache remembers of a run: a ``NodeRecord`` per node, a ``RunReport`` to read them, the original's events.

- ``NodeRecord``: a node's outcome: ``status`` (``"hit"``, ``"recomputed"``,
  ``"not cached"``, ``"failed"``), ``reason`` (why it was recomputed or not cached),
  its behaviour, cache key, code and data versions, whether its result was stored.
- ``RunRecord``: a run's node records and what it was asked (outputs, inputs, overrides).
- ``RunReport``: the view ``dr.cache.report()`` gives of a run.
- ``CachingEvent`` / ``CachingEventType``: the original library's event log, built
  from the records when ``dr.cache.logs()`` asks for it.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

__all__ = ["CachingEvent", "CachingEventType", "NodeRecord", "RunRecord", "RunReport", "by_node", "events_of"]

HIT, RECOMPUTED, NOT_CACHED, FAILED = "hit", "recomputed", "not cached", "failed"


class NodeRecord(NamedTuple):
    """One node's outcome in one run."""

    name: str
    status: str
    reason: str
    behavior: str
    cache_key: str | None = None
    code_version: str | None = None
    data_version: str | None = None
    stored: bool = False
    unusable: str | None = None  # why a stored result could not be used, if one was found


class RunRecord:
    """One run as the cache saw it; filled while it runs."""

    __slots__ = ("final_vars", "finished", "inputs", "nodes", "overrides", "run_id", "started")

    def __init__(self, run_id: str, final_vars: list[str], inputs: list[str], overrides: list[str]) -> None:
        self.run_id = run_id
        self.final_vars = final_vars
        self.inputs = inputs
        self.overrides = overrides
        self.nodes: dict[str, NodeRecord] = {}
        self.started = datetime.now(UTC).timestamp()
        self.finished: float | None = None


class RunReport:
    """Which nodes of a run were hits, which were recomputed and why, which were not cached.

    ``hits`` lists names; ``recomputed``, ``not_cached`` and ``failed`` map names to the
    reason; ``str(report)`` is a table, one node a line, in the order they ran.
    """

    def __init__(self, record: RunRecord) -> None:
        self.run_id = record.run_id
        self.nodes: dict[str, NodeRecord] = dict(record.nodes)
        self.hits = [name for name, node in self.nodes.items() if node.status == HIT]
        self.recomputed = {name: node.reason for name, node in self.nodes.items() if node.status == RECOMPUTED}
        self.not_cached = {name: node.reason for name, node in self.nodes.items() if node.status == NOT_CACHED}
        self.failed = {name: node.reason for name, node in self.nodes.items() if node.status == FAILED}

    def __repr__(self) -> str:
        return (
            f"<RunReport {self.run_id[:8]}: {len(self.hits)} hits, {len(self.recomputed)} recomputed, "
            f"{len(self.not_cached)} not cached, {len(self.failed)} failed>"
        )

    def __str__(self) -> str:
        width = max((len(name) for name in self.nodes), default=0)
        lines = [f"run {self.run_id}"]
        for name, node in self.nodes.items():
            lines.append(f"  {name:<{width}}  {node.status}{': ' + node.reason if node.reason else ''}")
        return "\n".join(lines)


class CachingEventType(enum.Enum):
    """The kinds of event ``dr.cache.logs()`` lists, as the original names them."""

    GET_DATA_VERSION = "get_data_version"
    SET_DATA_VERSION = "set_data_version"
    GET_CACHE_KEY = "get_cache_key"
    SET_CACHE_KEY = "set_cache_key"
    GET_RESULT = "get_result"
    SET_RESULT = "set_result"
    MISSING_RESULT = "missing_result"
    FAILED_RETRIEVAL = "failed_retrieval"
    EXECUTE_NODE = "execute_node"
    FAILED_EXECUTION = "failed_execution"
    RESOLVE_BEHAVIOR = "resolve_behavior"
    UNHASHABLE_DATA_VERSION = "unhashable_data_version"
    IS_OVERRIDE = "is_override"
    IS_INPUT = "is_input"
    IS_FINAL_VAR = "is_final_var"
    IS_DEFAULT_PARAMETER_VALUE = "is_default_parameter_value"


INFO_EVENTS = frozenset({CachingEventType.GET_RESULT, CachingEventType.EXECUTE_NODE})


@dataclasses.dataclass(frozen=True)
class CachingEvent:
    """One thing the cache did for a node: ``str(event)`` reads ``node::actor::event_type::msg``."""

    run_id: str
    actor: Literal["adapter", "metadata_store", "result_store"]
    event_type: CachingEventType
    node_name: str
    task_id: str | None = None
    msg: str | None = None
    value: Any = None
    timestamp: float = dataclasses.field(default_factory=lambda: datetime.now(UTC).timestamp())

    def __str__(self) -> str:
        parts = [self.node_name, *([self.task_id] if self.task_id else []), self.actor, self.event_type.value]
        if self.msg:
            parts.append(self.msg)
        return "::".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """The event as JSON-ready values."""
        return {
            "run_id": self.run_id,
            "timestamp": self.timestamp,
            "node_name": self.node_name,
            "task_id": self.task_id,
            "actor": self.actor,
            "event_type": self.event_type.value,
            "msg": self.msg,
            "value": str(self.value) if self.value else self.value,
        }


def events_of(record: RunRecord, level: Literal["debug", "info"] = "info") -> list[CachingEvent]:
    """The events of a run, in the order its nodes ran; ``"info"`` keeps results read and nodes run."""
    kinds = CachingEventType
    run_id, stamp = record.run_id, record.finished or record.started
    events: list[CachingEvent] = []

    def add(actor: Any, kind: CachingEventType, name: str, msg: str | None = None, value: Any = None) -> None:
        if level == "debug" or kind in INFO_EVENTS:
            events.append(CachingEvent(run_id, actor, kind, name, None, msg, value, stamp))

    for name in record.final_vars:
        add("adapter", kinds.IS_FINAL_VAR, name)
    for name in record.inputs:
        add("adapter", kinds.IS_INPUT, name)
    for name in record.overrides:
        add("adapter", kinds.IS_OVERRIDE, name)
    for name, node in record.nodes.items():
        add("adapter", kinds.RESOLVE_BEHAVIOR, name, value=node.behavior)
        if node.cache_key is not None:
            add("adapter", kinds.SET_CACHE_KEY, name, value=node.cache_key)
        if node.unusable is not None:
            kind = kinds.MISSING_RESULT if "missing" in node.unusable else kinds.FAILED_RETRIEVAL
            add("result_store", kind, name, node.unusable, node.data_version)
        if node.status == HIT:
            add("result_store", kinds.GET_RESULT, name, "hit", node.data_version)
        elif node.status == FAILED:
            add("adapter", kinds.EXECUTE_NODE, name)
            add("adapter", kinds.FAILED_EXECUTION, name, node.reason)
            continue
        else:
            add("adapter", kinds.EXECUTE_NODE, name, node.reason)
        if node.data_version is None and node.status != NOT_CACHED:
            add("adapter", kinds.UNHASHABLE_DATA_VERSION, name, node.reason)
        elif node.data_version is not None:
            add("adapter", kinds.SET_DATA_VERSION, name, value=node.data_version)
        if node.stored:
            add("result_store", kinds.SET_RESULT, name, value=node.data_version)
    return events


def by_node(events: list[CachingEvent]) -> Mapping[str, list[CachingEvent]]:
    """Events grouped by node name, in order."""
    grouped: dict[str, list[CachingEvent]] = {}
    for event in events:
        grouped.setdefault(event.node_name, []).append(event)
    return grouped
