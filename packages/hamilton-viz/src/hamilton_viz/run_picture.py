"""Pictures of a finished run: what each node did and how long it took.

``RunRecorder`` is a plugin object: pass it in the Driver's ``adapter=[...]`` and it
collects every run through the public lifecycle hooks (before run, after each node,
after run). ``recorder.draw(dr)`` then draws the last run (or any recorded one) with
Graphviz: each node's status (ran, failed, overridden so skipped, not run because the run
stopped) and its duration; the failed node is marked in red with its error, and the
slowest nodes stand out in orange, ranked.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hamilton import drawing
from hamilton.plugins import hookimpl

from hamilton_viz import styles

__all__ = ["FAILED", "NOT_RUN", "OVERRIDDEN", "RAN", "NodeRun", "RunRecord", "RunRecorder", "RunVisualizer"]

RAN, FAILED, OVERRIDDEN, NOT_RUN = "ran", "failed", "overridden", "not run"


@dataclass
class NodeRun:
    """What one node did in a run: its status, seconds spent, and its error's text if it failed."""

    status: str
    duration: float = 0.0
    error: str = ""


@dataclass
class RunRecord:
    """One run: what was asked, what each node did, and how it ended."""

    run_id: str
    final_vars: list[str]
    inputs: list[str]
    overrides: list[str]
    nodes: dict[str, NodeRun] = field(default_factory=dict)
    error: str = ""
    duration: float | None = None  # None while the run is going on

    def status(self, name: str) -> str:
        """``ran``, ``failed``, ``overridden`` or ``not run``."""
        if name in self.overrides:
            return OVERRIDDEN
        node = self.nodes.get(name)
        return node.status if node is not None else NOT_RUN

    def slowest(self, count: int = 3) -> list[str]:
        """The names of the ``count`` nodes that took longest, slowest first."""
        ranked = sorted(self.nodes.items(), key=lambda item: item[1].duration, reverse=True)
        return [name for name, _ in ranked[:count]]


class RunRecorder:
    """Records runs through the lifecycle hooks; ``draw(dr)`` pictures the last one.

    ``keep`` is how many finished runs to remember (the oldest are forgotten first).
    """

    def __init__(self, keep: int = 10) -> None:
        if keep < 1:
            raise ValueError(f"keep must be at least 1, not {keep!r}.")
        self.keep = keep
        self.runs: list[RunRecord] = []
        self._going: dict[str, RunRecord] = {}
        self._lock = threading.Lock()  # one recorder may serve Drivers executing in several threads

    @property
    def last_run(self) -> RunRecord:
        """The most recently finished run."""
        if not self.runs:
            raise LookupError("No run recorded yet: pass this recorder in adapter=[...] and execute the Driver.")
        return self.runs[-1]

    @hookimpl
    def hamilton_before_run(
        self, run_id: str, final_vars: list[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any]
    ) -> None:
        with self._lock:
            self._going[run_id] = RunRecord(run_id, list(final_vars), list(inputs), list(overrides))

    @hookimpl
    def hamilton_after_node(self, run_id: str, node: Any, error: BaseException | None, duration: float) -> None:
        record = self._going.get(run_id)
        if record is not None:
            text = "" if error is None else f"{type(error).__name__}: {error}"
            record.nodes[node.name] = NodeRun(FAILED if error is not None else RAN, duration, text)

    @hookimpl
    def hamilton_after_run(self, run_id: str, error: BaseException | None, duration: float) -> None:
        with self._lock:
            record = self._going.pop(run_id, None)
            if record is None:
                return
            record.duration = duration
            if error is not None:
                record.error = f"{type(error).__name__}: {error}"
            self.runs.append(record)
            del self.runs[: -self.keep]

    def draw(
        self,
        dr: Any,
        output_file_path: str | None = None,
        render_kwargs: Mapping[str, Any] | None = None,
        *,
        run: RunRecord | None = None,
        slowest: int = 3,
        orient: str = "LR",
    ) -> Any:
        """A ``graphviz.Digraph`` of ``run`` (the last one by default) on ``dr``'s DAG; written if a path is given.

        The file convention is ``visualize_execution``'s (``"run.png"``, ``"run.svg"``, ``"run.dot"``).
        """
        run = run if run is not None else self.last_run
        return dr.visualize_execution(
            run.final_vars,
            output_file_path,
            render_kwargs or {},
            inputs=dict.fromkeys(run.inputs),
            overrides=dict.fromkeys(run.overrides),
            visualizer="run",
            run=run,
            slowest=slowest,
            orient=orient,
        )


# ---------------------------------------------------------------------------- drawing

_FILL = {RAN: "#d7efd7", FAILED: "#f9c5c5", NOT_RUN: "#ffffff"}
_BORDER = {RAN: "#2e7d32", FAILED: "#b00020", NOT_RUN: "#9e9e9e"}
_SLOW_FILL, _SLOW_BORDER = "#ffc98b", "#d35400"
_LEGEND = [
    (RAN, _FILL[RAN], _BORDER[RAN], ""),
    ("slowest (ranked)", _SLOW_FILL, _SLOW_BORDER, ""),
    (FAILED, _FILL[FAILED], _BORDER[FAILED], ""),
    (NOT_RUN, _FILL[NOT_RUN], _BORDER[NOT_RUN], ' STYLE="dashed"'),
]


class RunVisualizer:
    """The ``run`` visualizer: the picture of an execution, restyled with what each node did."""

    def draw(
        self,
        view: drawing.DagView,
        output_file_path: str | None,
        render_kwargs: Mapping[str, Any],
        *,
        run: RunRecord | None = None,
        slowest: int = 3,
        orient: str = "LR",
        show_legend: bool = True,
    ) -> Any:
        """The picture of ``view`` with ``run``'s statuses and durations (see the module docstring)."""
        from hamilton_viz import rendering
        from hamilton_viz.graphviz_visualizer import build_digraph

        if run is None:
            raise TypeError("The run visualizer draws a recorded run: use RunRecorder.draw(dr), or pass run=record.")
        digraph = build_digraph(view, orient=orient, show_legend=show_legend)
        ranks = {name: rank for rank, name in enumerate(run.slowest(slowest), start=1)}
        for node in view.nodes:
            if node.role == drawing.FUNCTION:
                digraph.node(node.name, **_node_attrs(node, view.config, run, ranks.get(node.name)))
            elif node.role == drawing.OVERRIDE:
                digraph.node(node.name, _label(node.name, ["overridden: not run"]))
        title = view.title + (f" (failed: {run.error})" if run.error else "")
        if run.duration is not None:
            title += f" in {_duration(run.duration)}"
        digraph.attr(label=title)
        if show_legend:
            digraph.node("(run legend)", _legend(), shape="plain", fontsize="10")
        if output_file_path is not None:
            rendering.render(digraph, output_file_path, render_kwargs)
        return digraph


def _node_attrs(node: drawing.NodeView, config: Mapping[str, Any], run: RunRecord, rank: int | None) -> dict[str, str]:
    from hamilton_viz import styles

    status = run.status(node.name)
    record = run.nodes.get(node.name)
    lines = styles.details(node, config)
    attrs = {"fillcolor": _FILL.get(status, _FILL[RAN]), "color": _BORDER.get(status, _BORDER[RAN])}
    if status == NOT_RUN:
        attrs["style"] = "filled,rounded,dashed"
        lines.append("not run")
    elif record is not None:
        lines.append(f"{status} in {_duration(record.duration)}")
    if status == FAILED and record is not None:
        lines.append(_shorten(record.error))
        attrs["penwidth"] = "3"
        attrs["tooltip"] = record.error
    elif rank is not None and status == RAN:
        lines.append(f"slowest #{rank}")
        attrs.update(fillcolor=_SLOW_FILL, color=_SLOW_BORDER, penwidth="3")
    return {"label": _label(node.name, lines), **attrs}


def _label(name: str, lines: list[str]) -> str:
    small = [f'<font point-size="10" color="#333333">{html.escape(line)}</font>' for line in lines]
    return "<" + "<br/>".join([f"<b>{html.escape(name)}</b>", *small]) + ">"


def _legend() -> str:
    return styles.legend_table("Run", [(text, fill, border, 1, style) for text, fill, border, style in _LEGEND])


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1_000_000:.0f} µs"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: the instance the plugin registers (by reference, so listing plugins imports no graphviz)
VISUALIZER = RunVisualizer()
