"""hamilton-viz registers its visualizers through the entry point, like any plugin."""

from __future__ import annotations

from hamilton import registry
from hamilton_viz import GraphvizVisualizer, MermaidVisualizer


def test_graphviz_is_the_default_visualizer_and_mermaid_is_offered():
    default = registry.default("visualizer")
    assert default.name == "graphviz" and default.default_priority == 100
    assert default.distribution == "hamilton-viz"
    assert isinstance(default.load(), GraphvizVisualizer)
    mermaid = registry.entries("visualizer")["mermaid"]
    assert isinstance(mermaid.load(), MermaidVisualizer) and mermaid.default_priority is None


def test_listed_among_installed_plugins():
    (viz,) = [p for p in registry.plugins() if p["distribution"] == "hamilton-viz"]
    assert viz["loaded"] and viz["hooks"] == ["hamilton_register_visualizers"]
