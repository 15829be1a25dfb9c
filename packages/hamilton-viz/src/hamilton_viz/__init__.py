"""Pictures of a Hamilton dataflow: the visualizers behind ``Driver.visualize_execution`` and friends.

Installed, it registers two visualizers through the ``hamilton.plugins`` entry point:
``graphviz`` (the default; DOT source plus an image rendered by the ``dot`` program) and
``mermaid`` (Markdown-ready text, no program needed). In a notebook, ``%load_ext hamilton_viz``
adds the ``%%cell_to_module`` magic (``hamilton_viz.jupyter``), and a ``RunRecorder`` draws a finished run.
"""

from hamilton.plugins import lazy_exports

__all__ = [
    "GraphvizNotFoundError",
    "GraphvizVisualizer",
    "MermaidDiagram",
    "MermaidVisualizer",
    "RunRecord",
    "RunRecorder",
    "build_digraph",
    "load_ipython_extension",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "GraphvizNotFoundError": "rendering",
        "GraphvizVisualizer": "graphviz_visualizer",
        "MermaidDiagram": "mermaid",
        "MermaidVisualizer": "mermaid",
        "RunRecord": "run_picture",
        "RunRecorder": "run_picture",
        "build_digraph": "graphviz_visualizer",
        "load_ipython_extension": "jupyter",
    },
)
