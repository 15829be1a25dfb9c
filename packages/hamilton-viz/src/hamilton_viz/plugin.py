"""The entry-point plugin: offers the ``graphviz`` (default), ``mermaid`` and ``run`` visualizers."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_visualizers"]


@hookimpl
def hamilton_register_visualizers(register: Callable[..., None]) -> None:
    register(
        "graphviz",
        "hamilton_viz.graphviz_visualizer:VISUALIZER",
        default_priority=100,
        description="DOT source and an image rendered by Graphviz's `dot` (PNG by default)",
    )
    register("mermaid", "hamilton_viz.mermaid:VISUALIZER", description="Mermaid flowchart text, to paste into Markdown")
    register(
        "run",
        "hamilton_viz.run_picture:VISUALIZER",
        description="a finished run: each node's status and duration (RunRecorder.draw)",
    )
