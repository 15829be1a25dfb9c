"""The graphviz and Mermaid visualizers honour the visualizer contract; the run recorder the lifecycle one."""

import pytest
from hamilton.testing import LifecycleHookContract, VisualizerContract
from hamilton_viz import RunRecorder, graphviz_visualizer, mermaid


class TestGraphvizContract(VisualizerContract):
    registered_name = "graphviz"

    def drawn_text(self, returned, path):
        return returned.source  # a graphviz.Digraph: its DOT source names the nodes

    @pytest.fixture
    def visualizer(self):
        return graphviz_visualizer.VISUALIZER


class TestMermaidContract(VisualizerContract):
    registered_name = "mermaid"

    def drawn_text(self, returned, path):
        return path.with_name(path.name + ".mmd").read_text()  # a file without a text suffix gets .mmd

    @pytest.fixture
    def visualizer(self):
        return mermaid.VISUALIZER


class TestRunRecorderContract(LifecycleHookContract):
    @pytest.fixture
    def hook(self):
        return RunRecorder()
