"""Pictures of a Hamilton dataflow: the visualizers behind ``Driver.visualize_execution`` and friends.

Installed, it registers two visualizers through the ``hamilton.plugins`` entry point:
``graphviz`` (the default; DOT source plus an image rendered by the ``dot`` program) and
``mermaid`` (Markdown-ready text, no program needed).
"""

from hamilton_viz.graphviz_visualizer import GraphvizVisualizer, build_digraph
from hamilton_viz.mermaid import MermaidDiagram, MermaidVisualizer
from hamilton_viz.rendering import GraphvizNotFoundError

__all__ = ["GraphvizNotFoundError", "GraphvizVisualizer", "MermaidDiagram", "MermaidVisualizer", "build_digraph"]
