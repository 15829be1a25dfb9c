"""``OpenTelemetryTracer``: a span for each run and for each node, through the lifecycle hooks.

- The run's span (``hamilton.run``) starts in ``hamilton_before_run``, as a child of whatever
  span is current where ``execute`` is called, and is current in that thread until the run
  ends, so spans opened around or inside a sequential run nest under it.
- Each node's span is named after the node. It starts in ``hamilton_before_node`` and ends in
  ``hamilton_after_node``, with the run's span as its parent given explicitly: on a thread
  pool, where those hooks interleave for nodes running side by side, each node span still
  hangs off its own run, never off another node.
- A node that raises has the exception recorded on its span (an ``exception`` event) and the
  span's status set to ``ERROR`` with the message; so has the run's span. Others end ``OK``.

Attributes: ``hamilton.run_id`` on every span; ``hamilton.node.name``, ``hamilton.node.type``
and one ``hamilton.node.tag.<key>`` per tag on node spans; ``hamilton.final_vars``,
``hamilton.inputs`` and ``hamilton.overrides`` (names only, never values) and
``hamilton.nodes_planned`` on the run's span.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from hamilton.plugins import hookimpl
from opentelemetry import context, trace

__all__ = ["RUN_SPAN_NAME", "OpenTelemetryTracer"]

RUN_SPAN_NAME = "hamilton.run"


class OpenTelemetryTracer:
    """Traces every run of the Drivers it is passed to (``adapter=[..., OpenTelemetryTracer()]``).

    :param tracer_name: the name to get a tracer by from the global tracer provider.
    :param tracer: a tracer to use instead (for instance from your own ``TracerProvider``).
    """

    def __init__(self, tracer_name: str | None = None, tracer: trace.Tracer | None = None) -> None:
        if tracer_name is not None and tracer is not None:
            raise ValueError("Pass tracer_name or tracer, not both: a tracer already has its name.")
        self.tracer = tracer if tracer is not None else trace.get_tracer(tracer_name or __name__)
        self._runs: dict[str, tuple[trace.Span, Any]] = {}  # run id -> (run span, token to detach)
        # (run id, node name, item index) -> open node span; a node of a Parallelizable block has one per item
        self._nodes: dict[tuple[str, str, tuple[int, ...] | None], trace.Span] = {}
        self._lock = threading.Lock()  # one tracer may serve runs in several threads

    @hookimpl
    def hamilton_before_run(
        self, run_id: str, plan: Any, final_vars: list[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any]
    ) -> None:
        span = self.tracer.start_span(
            RUN_SPAN_NAME,
            attributes={
                "hamilton.run_id": run_id,
                "hamilton.nodes_planned": len(plan.steps),
                "hamilton.final_vars": list(final_vars),
                "hamilton.inputs": sorted(inputs),
                "hamilton.overrides": sorted(overrides),
            },
            record_exception=False,
            set_status_on_exception=False,
        )
        token = context.attach(trace.set_span_in_context(span))
        with self._lock:
            self._runs[run_id] = (span, token)

    @hookimpl
    def hamilton_before_node(self, run_id: str, node: Any, item_index: tuple[int, ...] | None) -> None:
        run = self._runs.get(run_id)
        parent = trace.set_span_in_context(run[0]) if run is not None else None
        attributes: dict[str, Any] = {
            "hamilton.run_id": run_id,
            "hamilton.node.name": node.name,
            "hamilton.node.type": _type_text(node.type),
        }
        if item_index is not None:
            attributes["hamilton.item_index"] = list(item_index)
        attributes.update({f"hamilton.node.tag.{key}": _attribute(value) for key, value in node.tags.items()})
        span = self.tracer.start_span(
            node.name, context=parent, attributes=attributes, record_exception=False, set_status_on_exception=False
        )
        with self._lock:
            self._nodes[(run_id, node.name, item_index)] = span

    @hookimpl
    def hamilton_after_node(
        self, run_id: str, node: Any, error: BaseException | None, item_index: tuple[int, ...] | None
    ) -> None:
        with self._lock:
            span = self._nodes.pop((run_id, node.name, item_index), None)
        if span is not None:
            _end(span, error)

    @hookimpl
    def hamilton_after_run(self, run_id: str, error: BaseException | None) -> None:
        with self._lock:
            run = self._runs.pop(run_id, None)
            unfinished = [key for key in self._nodes if key[0] == run_id]
            stray = [self._nodes.pop(key) for key in unfinished]
        for span in stray:  # nodes a failure left running or never finished: end them, marked
            span.set_status(trace.Status(trace.StatusCode.ERROR, "the run ended before this node finished"))
            span.end()
        if run is not None:
            span, token = run
            _end(span, error)
            context.detach(token)


def _end(span: trace.Span, error: BaseException | None) -> None:
    if error is None:
        span.set_status(trace.Status(trace.StatusCode.OK))
    else:
        span.record_exception(error)
        span.set_status(trace.Status(trace.StatusCode.ERROR, f"{type(error).__name__}: {error}"))
    span.end()


def _type_text(annotation: Any) -> str:
    """``int``, ``pandas.Series``, ``list[float]``: the annotation as its reader writes it."""
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        if annotation.__module__ == "builtins":
            return annotation.__qualname__
        return f"{annotation.__module__.partition('.')[0]}.{annotation.__qualname__}"
    return repr(annotation).replace("typing.", "")


def _attribute(value: Any) -> Any:
    """A tag's value as an OpenTelemetry attribute: a str, bool, int, float, or a list of them."""
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Sequence) and all(isinstance(item, str | bool | int | float) for item in value):
        return list(value)
    return str(value)
