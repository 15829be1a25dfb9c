"""The mermaid visualizer: Markdown-ready text, no program needed."""

from __future__ import annotations

import re

import pytest
import viz_dataflow as flow
from hamilton import driver
from hamilton_viz import MermaidDiagram


def _nodes(text: str) -> dict[str, str]:
    """Mermaid node id -> the node's name (the bold first line of its label), legend left out."""
    return dict(re.findall(r'^    (n\d+)\W+"<b>([^<]*)</b>', text, flags=re.MULTILINE))


def _classes(text: str) -> dict[str, set[str]]:
    """class name -> the ids it is applied to."""
    return {name: set(ids.split(",")) for ids, name in re.findall(r"^    class (\S+) (\w+)$", text, re.MULTILINE)}


def test_execution_as_mermaid_text_holds_exactly_what_execute_runs(dr, calls, tmp_path):
    diagram = dr.visualize_execution(
        ["acquisition_cost"], str(tmp_path / "cost.mmd"), {}, inputs=flow.INPUTS, visualizer="mermaid"
    )
    assert calls == []
    assert isinstance(diagram, MermaidDiagram)
    text = (tmp_path / "cost.mmd").read_text()
    assert text == str(diagram)
    assert text.startswith('---\ntitle: "execution of acquisition_cost"\n---\nflowchart LR\n')
    names = _nodes(text)
    assert set(names.values()) == flow.EXECUTION_OF_COST
    ids = {name: node_id for node_id, name in names.items()}
    classes = _classes(text)
    assert classes["input"] == {ids["raw_spend"], ids["raw_signups"]}
    assert classes["config"] == {ids["window"]}
    assert classes["output"] == {ids["acquisition_cost"], "legend_output"}
    assert f"    {ids['raw_spend']} -.-> {ids['spend']}\n" in text  # from outside the DAG: dotted
    assert f"    {ids['spend']} --> {ids['avg_rolling_spend']}\n" in text
    assert "when business_line='CA'" in text


def test_format_mermaid_picks_the_mermaid_visualizer(dr, tmp_path):
    diagram = dr.visualize_execution(
        ["acquisition_cost"], str(tmp_path / "my_file.dot"), {"format": "mermaid"}, overrides={"spend": [1.0]}
    )
    assert isinstance(diagram, MermaidDiagram)
    text = (tmp_path / "my_file.dot.mmd").read_text()
    names = _nodes(text)
    assert set(names.values()) == flow.EXECUTION_OF_COST - {"raw_spend"}
    assert _classes(text)["override"] == {next(i for i, n in names.items() if n == "spend")}
    assert 'subgraph legend["Legend"]' in text and "overridden (value given)" in text


def test_markdown_file_gets_a_fenced_block(dr, tmp_path):
    diagram = dr.display_all_functions(str(tmp_path / "dag.md"), {}, visualizer="mermaid", orient="TB")
    text = (tmp_path / "dag.md").read_text()
    assert text == diagram.markdown() == diagram._repr_markdown_()
    assert text.startswith("```mermaid\n---\ntitle:") and text.endswith("```\n")
    assert "\nflowchart TB\n" in text
    assert set(_nodes(text).values()) == {*dr.graph.nodes, *dr.graph.external}


def test_labels_cannot_break_out_of_their_quotes(calls):
    dr = driver.Driver({**flow.CONFIG, "currency": 'say "hi" <b>#1</b>'}, flow)
    text = str(dr.display_all_functions(None, {}, visualizer="mermaid", show_legend=False))
    (line,) = [line for line in text.splitlines() if "<b>currency</b>" in line]
    assert line.count('"') == 2
    assert "#quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt;" in line


def test_render_kwargs_that_mean_rendering_are_refused(dr):
    with pytest.raises(ValueError, match=r"renders nothing, so render_kwargs=\{'format': 'png'\}"):
        dr.display_all_functions(None, {"format": "png"}, visualizer="mermaid")
    with pytest.raises(ValueError, match="orient='sideways'"):
        dr.display_all_functions(None, {}, visualizer="mermaid", orient="sideways")
