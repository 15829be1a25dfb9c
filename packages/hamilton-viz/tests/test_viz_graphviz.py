"""The graphviz visualizer through the Driver: real renders, read back."""

from __future__ import annotations

import re

import graphviz
import pytest
import viz_dataflow as flow
from hamilton import driver
from hamilton.testing import module_from_source

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _node_line(source: str, name: str) -> str:
    """The DOT statement that declares node ``name``."""
    (line,) = [line for line in source.splitlines() if line.strip().startswith(f"{name} [")]
    return line


def test_execution_picture_holds_exactly_what_execute_runs_and_runs_nothing(dr, calls, tmp_path, svg_node_names):
    dr.visualize_execution(["acquisition_cost"], str(tmp_path / "cost.png"), {}, inputs=flow.INPUTS)
    dr.visualize_execution(["acquisition_cost"], str(tmp_path / "cost.svg"), {}, inputs=flow.INPUTS)
    assert calls == []

    assert (tmp_path / "cost.png").read_bytes().startswith(PNG_SIGNATURE)
    drawn = svg_node_names(tmp_path / "cost.svg")
    assert drawn == flow.EXECUTION_OF_COST
    assert not drawn & flow.PRUNED_FROM_COST

    dr.execute(["acquisition_cost"], inputs=flow.INPUTS)
    ran = {name.split("__")[0] for name in calls}
    assert ran == {name for name in drawn if name in dr.graph.nodes}


def test_override_cuts_everything_upstream_of_it(dr, calls, tmp_path, svg_node_names):
    dr.visualize_execution(
        ["acquisition_cost"],
        str(tmp_path / "what_if.svg"),
        {},
        inputs={"raw_signups": [1, 2, 4]},
        overrides={"spend": [40.0, 80.0, 100.0]},
    )
    assert calls == []
    assert svg_node_names(tmp_path / "what_if.svg") == flow.EXECUTION_OF_COST - {"raw_spend"}
    source = (tmp_path / "what_if.dot").read_text()
    assert "raw_spend" not in source
    assert "with spend overridden" in source


def test_styles_tell_inputs_config_overrides_outputs_and_functions_apart(dr):
    digraph = dr.visualize_execution(
        ["acquisition_cost", "spend_report"],
        None,
        {},
        inputs={"raw_signups": [1], "currency": "EUR"},
        overrides={"spend": [1.0]},
    )
    source = digraph.source
    external_input = _node_line(source, "raw_signups")
    config = _node_line(source, "window")
    override = _node_line(source, "spend")
    function = _node_line(source, "signups")
    output = _node_line(source, "acquisition_cost")
    assert "dashed" in external_input and "dashed" not in function
    assert "shape=note" in config and "= 3" in config
    assert 'fillcolor="#fde0c5"' in override and "bold" in override
    assert "rounded" in function and 'fillcolor="#dbe9f6"' in function
    assert "penwidth=3" in output and "penwidth" not in function
    assert len({external_input.split(" [")[1], config.split(" [")[1], override.split(" [")[1]}) == 3
    # the value feeding a node from outside the DAG arrives on a dashed edge
    assert re.search(r'"raw_signups" -> "signups" \[style="dashed"', source)
    assert re.search(r'"signups" -> "acquisition_cost"\n', source)


def test_each_node_shows_its_type_and_the_config_branch_that_chose_it(tmp_path):
    for line, other in (("CA", "US"), ("US", "CA")):
        source = driver.Driver({**flow.CONFIG, "business_line": line}, flow).display_all_functions(None, {}).source
        rolling = _node_line(source, "avg_rolling_spend")
        assert f"when business_line=&#x27;{line}&#x27;" in rolling
        assert other not in rolling
        assert "float</font>" in rolling
        assert "list[int]</font>" in _node_line(source, "signups")


def test_legend_lists_the_styles_in_the_picture_and_can_be_hidden(dr):
    plain = dr.visualize_execution(["weekly_growth"], None, {}, inputs=flow.INPUTS).source
    assert "external input" in plain and "requested output" in plain and "computed" in plain
    assert "overridden" not in plain and "config value" not in plain
    with_override = dr.visualize_execution(["acquisition_cost"], None, {}, overrides={"spend": [1.0]}).source
    assert "overridden (value given)" in with_override and "config value" in with_override
    hidden = dr.visualize_execution(["weekly_growth"], None, {}, show_legend=False).source
    assert "Legend" not in hidden and "(legend)" not in hidden


def _svg_size(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


def test_left_to_right_by_default_and_orient_turns_it(dr):
    # raw_signups -> signups -> weekly_growth: a chain, long along the flow
    wide = _svg_size(dr.display_upstream_of("weekly_growth", show_legend=False).pipe(format="svg").decode())
    tall = _svg_size(
        dr.display_upstream_of("weekly_growth", show_legend=False, orient="TB").pipe(format="svg").decode()
    )
    assert wide[0] / wide[1] > 2 * tall[0] / tall[1]
    assert wide[0] > wide[1]
    with pytest.raises(ValueError, match=r"orient='diagonal'.*LR, TB, RL, BT"):
        dr.display_all_functions(None, {}, orient="diagonal")


def test_whole_dag_and_its_parts(dr, calls, tmp_path, svg_node_names):
    dr.display_all_functions(str(tmp_path / "all.svg"), {})
    everything = {*dr.graph.nodes, *dr.graph.external}
    assert svg_node_names(tmp_path / "all.svg") == everything

    dr.display_upstream_of("spend_report", output_file_path=str(tmp_path / "up.svg"))
    assert svg_node_names(tmp_path / "up.svg") == {"spend_report", "spend", "raw_spend", "currency"}

    dr.display_downstream_of("signups", output_file_path=str(tmp_path / "down.svg"))
    assert svg_node_names(tmp_path / "down.svg") == {"signups", "acquisition_cost", "weekly_growth"}

    dr.visualize_path_between("raw_spend", "acquisition_cost", output_file_path=str(tmp_path / "path.svg"))
    assert svg_node_names(tmp_path / "path.svg") == {"raw_spend", "spend", "avg_rolling_spend", "acquisition_cost"}
    assert calls == []


def test_returns_a_digraph_that_a_notebook_shows_inline(dr):
    digraph = dr.visualize_execution(["acquisition_cost"], None, {}, inputs=flow.INPUTS)
    assert isinstance(digraph, graphviz.Digraph)
    svg = digraph._repr_mimebundle_()["image/svg+xml"]
    assert "acquisition_cost" in svg and "spend_report" not in svg


def test_docstrings_become_tooltips(dr):
    source = dr.display_all_functions(None, {}).source
    assert 'tooltip="What one signup costs."' in _node_line(source, "acquisition_cost")


def test_graphviz_kwargs_merge_over_the_defaults(dr):
    source = dr.display_all_functions(None, {}, graphviz_kwargs={"graph_attr": {"bgcolor": "lightgrey"}}).source
    assert "bgcolor=lightgrey" in source and "rankdir=LR" in source


def test_unknown_outputs_are_refused_before_drawing(dr, tmp_path):
    with pytest.raises(Exception, match=r"acquisition_costs.*did you mean 'acquisition_cost'"):
        dr.visualize_execution(["acquisition_costs"], str(tmp_path / "x.dot"), {})
    assert list(tmp_path.iterdir()) == []


def test_names_that_are_dot_keywords_still_draw(tmp_path, svg_node_names):
    module = module_from_source(
        "hamilton_viz_dot_keywords",
        "def node(graph: int) -> int:\n    return graph\n\n"
        "def edge(node: int) -> int:\n    return node\n\n"
        "def strict(edge: int, subgraph: int) -> int:\n    return edge + subgraph\n",
    )
    driver.Driver({}, module).display_all_functions(str(tmp_path / "keywords.svg"), {})
    assert svg_node_names(tmp_path / "keywords.svg") == {"graph", "node", "edge", "strict", "subgraph"}
