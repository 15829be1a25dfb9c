"""Where the pictures are written, and what happens without Graphviz's `dot` program."""

from __future__ import annotations

import shutil
from pathlib import Path

import graphviz
import pytest
import viz_dataflow as flow
from hamilton_viz import GraphvizNotFoundError
from hamilton_viz.rendering import output_paths

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_seed_style_path_keeps_the_dot_source_there_and_the_image_beside_it(dr, tmp_path):
    # the seed: dr.visualize_execution([...], './my_file.dot', {}) and dr.display_all_functions('./my_file.dot', ...)
    dr.visualize_execution(["acquisition_cost"], str(tmp_path / "my_file.dot"), {}, inputs=flow.INPUTS)
    assert (tmp_path / "my_file.dot").read_text().startswith("digraph ")
    assert (tmp_path / "my_file.dot.png").read_bytes().startswith(PNG_SIGNATURE)

    dr.display_all_functions(str(tmp_path / "all.dot"), {"format": "svg"})
    assert (tmp_path / "all.dot.svg").read_text().lstrip().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.dot", "all.dot.svg", "my_file.dot", "my_file.dot.png"]


def test_image_path_gets_the_image_and_a_dot_file_beside_it(dr, tmp_path):
    dr.display_all_functions(str(tmp_path / "pictures" / "dag.png"), {})
    assert (tmp_path / "pictures" / "dag.png").read_bytes().startswith(PNG_SIGNATURE)
    assert (tmp_path / "pictures" / "dag.dot").read_text().startswith("digraph ")


def test_no_path_writes_nothing(dr, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    digraph = dr.visualize_execution(["acquisition_cost"], None, {}, inputs=flow.INPUTS)
    dr.display_all_functions(None, {})
    assert list(tmp_path.iterdir()) == []
    assert "acquisition_cost" in digraph.source


def test_path_and_format_must_agree():
    assert output_paths("a/b.SVG", None) == (Path("a/b.dot"), Path("a/b.SVG"), "svg")
    assert output_paths("a/b.SVG", "svg") == (Path("a/b.dot"), Path("a/b.SVG"), "svg")
    assert output_paths("a/b.gv", "pdf") == (Path("a/b.gv"), Path("a/b.gv.pdf"), "pdf")
    with pytest.raises(ValueError, match=r"names a \.png image but render_kwargs asks for format='svg'"):
        output_paths("dag.png", "svg")


def test_missing_dot_still_writes_the_source_and_says_what_to_install(dr, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GraphvizNotFoundError) as caught:
        dr.visualize_execution(["acquisition_cost"], str(tmp_path / "my_file.dot"), {}, inputs=flow.INPUTS)
    message = str(caught.value)
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert str(tmp_path / "my_file.dot") in message
    assert 'visualizer="mermaid"' in message
    assert isinstance(caught.value, graphviz.ExecutableNotFound)  # what graphviz users already catch
    assert (tmp_path / "my_file.dot").read_text().startswith("digraph ")
    assert not (tmp_path / "my_file.dot.png").exists()
    # Mermaid needs no program
    dr.visualize_execution(["acquisition_cost"], str(tmp_path / "cost.mmd"), {}, visualizer="mermaid")
    assert (tmp_path / "cost.mmd").read_text().startswith("---")


def test_display_graph_without_dot_warns_and_keeps_the_result(dr, calls, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.chdir(tmp_path)
    with pytest.warns(RuntimeWarning, match=r"display_graph=True could not draw.*apt-get install graphviz"):
        result = dr.raw_execute(["acquisition_cost"], inputs=flow.INPUTS, display_graph=True)
    assert "acquisition_cost" in calls  # the nodes ran
    assert result == dr.raw_execute(["acquisition_cost"], inputs=flow.INPUTS)
    assert (tmp_path / "hamilton-execution.dot").read_text().startswith("digraph ")  # the source is still there


def test_display_graph_with_dot_draws_the_execution(dr, tmp_path, monkeypatch):
    if shutil.which("dot") is None:
        pytest.skip("needs Graphviz's `dot` program (apt-get install graphviz)")
    monkeypatch.chdir(tmp_path)
    dr.raw_execute(["acquisition_cost"], inputs=flow.INPUTS, display_graph=True)
    assert (tmp_path / "hamilton-execution.dot.png").read_bytes().startswith(PNG_SIGNATURE)
