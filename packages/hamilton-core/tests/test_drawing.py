"""What the Driver's drawing methods hand a visualizer (hamilton.drawing), and how one is chosen."""

from __future__ import annotations

import collections.abc
import importlib.metadata
import typing

import pytest
from hamilton import drawing, driver
from hamilton.errors import ExecutionError
from hamilton.plan import compile_plan
from hamilton.testing import module_from_source

SOURCE = """
from hamilton.function_modifiers import config

CALLS = []

def spend(raw_spend: list) -> float:
    '''Total spend.

    Summed over the weeks given.
    '''
    CALLS.append("spend")
    return sum(raw_spend)

def signups(raw_signups: list) -> int:
    CALLS.append("signups")
    return sum(raw_signups)

@config.when(business_line="CA")
def cost__ca(spend: float, signups: int, window: int) -> float:
    CALLS.append("cost")
    return spend / signups / window

def report(cost: float, currency: str) -> str:
    CALLS.append("report")
    return f"{cost} {currency}"
"""


@pytest.fixture
def dr(dataflow_module):
    return driver.Driver({"business_line": "CA", "window": 3}, dataflow_module(SOURCE))


def _by_name(view: drawing.DagView) -> dict[str, drawing.NodeView]:
    return {node.name: node for node in view.nodes}


def test_execution_view_holds_the_plan_with_the_role_of_each_name(dr):
    plan = compile_plan(dr.graph, ["cost"], {"raw_signups"}, {"spend"})
    view = drawing.view_of_plan(dr.graph, plan)
    nodes = _by_name(view)
    roles = {name: node.role for name, node in nodes.items()}
    assert roles == {
        "spend": drawing.OVERRIDE,
        "raw_signups": drawing.INPUT,
        "window": drawing.CONFIG,
        "signups": drawing.FUNCTION,
        "cost": drawing.FUNCTION,
    }
    assert [name for name, node in nodes.items() if node.is_output] == ["cost"]
    assert sorted(view.edges) == [
        ("raw_signups", "signups"),
        ("signups", "cost"),
        ("spend", "cost"),
        ("window", "cost"),
    ]
    assert view.title == "execution of cost with spend overridden"
    assert nodes["cost"].config_branch == "business_line='CA'"
    assert nodes["cost"].type_name == "float" and nodes["raw_signups"].type_name == "list"
    assert view.config == {"business_line": "CA", "window": 3}


def test_missing_inputs_are_drawn_as_the_inputs_to_give(dr):
    view = drawing.view_of_plan(dr.graph, compile_plan(dr.graph, ["report"], (), ()))
    inputs = {node.name for node in view.nodes if node.role == drawing.INPUT}
    assert inputs == {"raw_spend", "raw_signups", "currency"}


def test_docstrings_are_dedented(dr):
    (spend,) = [n for n in drawing.view_of(dr.graph, ["spend"]).nodes]
    assert spend.doc == "Total spend.\n\nSummed over the weeks given."


class Where:
    class Thing:
        pass


@pytest.mark.parametrize(
    ("annotation", "shown"),
    [
        (int, "int"),
        (Where.Thing, "Where.Thing"),
        (typing.Optional[Where.Thing], "Where.Thing | None"),  # noqa: UP045 - the typing form is the point
        (int | None, "int | None"),
        (dict[str, list[Where.Thing]], "dict[str, list[Where.Thing]]"),
        (typing.List[int], "list[int]"),  # noqa: UP006
        (collections.abc.Callable[[int, str], float], "Callable[[int, str], float]"),
        (typing.Annotated[int, "meta"], "int"),
        (typing.Literal["a", 1.5], "Literal['a', 1.5]"),
        (typing.Any, "Any"),
        ("Forward", "Forward"),
    ],
)
def test_type_names_drop_module_paths(annotation, shown):
    assert drawing._type_name(annotation) == shown


@pytest.fixture
def recording_visualizers(monkeypatch, fresh_plugins):
    """Two visualizers offered by a fake entry-point plugin; each records what it was asked to draw."""
    module_from_source(
        "fake_recording_visualizers",
        """
from hamilton.plugins import hookimpl

class Recorder:
    def __init__(self):
        self.calls = []

    def draw(self, view, output_file_path, render_kwargs, **options):
        self.calls.append((view, output_file_path, render_kwargs, options))
        return "drawn"

PICTURES, TEXT = Recorder(), Recorder()

@hookimpl
def hamilton_register_visualizers(register):
    register("pictures", PICTURES, default_priority=5)
    register("text", TEXT)
""",
    )

    class EntryPoint:
        name, value, dist = "recording", "fake_recording_visualizers", None

        def load(self):
            return importlib.import_module(self.value)

    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group: [EntryPoint()] if group == "hamilton.plugins" else []
    )
    module = importlib.import_module("fake_recording_visualizers")
    return module.PICTURES, module.TEXT


def test_drawing_goes_to_the_default_visualizer_and_runs_nothing(dr, recording_visualizers):
    pictures, text = recording_visualizers
    result = dr.visualize_execution(
        ["report"], "./my_file.dot", {"format": "svg"}, inputs={"raw_spend": [1], "raw_signups": [1], "currency": "$"}
    )
    assert result == "drawn" and text.calls == []
    ((view, path, render_kwargs, options),) = pictures.calls
    assert path == "./my_file.dot" and render_kwargs == {"format": "svg"} and options == {}
    assert set(view.names()) == {"raw_spend", "raw_signups", "window", "currency", "spend", "signups", "cost", "report"}
    assert dr.graph.nodes["spend"].callable.__globals__["CALLS"] == []


def test_a_visualizer_is_picked_by_name_or_by_format(dr, recording_visualizers):
    pictures, text = recording_visualizers
    dr.display_all_functions("./x.dot", {}, visualizer="text", orient="TB")
    dr.display_all_functions("./y.dot", {"format": "text"})
    assert pictures.calls == []
    (_, _, kwargs_by_name, options), (_, path, kwargs_by_format, _) = text.calls
    assert options == {"orient": "TB"} and kwargs_by_name == {}
    assert path == "./y.dot" and kwargs_by_format == {}  # the format named the visualizer; it is not passed on


def test_every_drawing_method_hands_over_its_part_of_the_dag(dr, recording_visualizers):
    pictures, _ = recording_visualizers
    dr.display_all_functions()
    dr.display_upstream_of("cost")
    dr.display_downstream_of("signups")
    dr.visualize_path_between("raw_spend", "cost")
    drawn = [set(view.names()) for view, *_ in pictures.calls]
    assert drawn == [
        {*dr.graph.nodes, *dr.graph.external},
        {"cost", "spend", "signups", "raw_spend", "raw_signups", "window"},
        {"signups", "cost", "report"},
        {"raw_spend", "spend", "cost"},
    ]
    with pytest.raises(ValueError, match="No path leads from 'report' to 'spend'"):
        dr.visualize_path_between("report", "spend")
    with pytest.raises(ExecutionError, match=r"'costs'.*did you mean 'cost'"):
        dr.visualize_execution(["costs"], None, {})


def test_without_a_visualizer_the_error_names_the_package(dr, core_plugins_only):
    with pytest.raises(ImportError, match="pip install hamilton-viz"):
        dr.display_all_functions("./my_file.dot", {})
    with pytest.raises(ImportError, match=r"No visualizer named 'mermaid'.*pip install hamilton-viz"):
        dr.visualize_execution(["cost"], None, {}, visualizer="mermaid")


def test_display_graph_without_a_visualizer_warns_and_keeps_the_result(core_plugins_only, dataflow_module):
    module = dataflow_module(SOURCE)
    dr = driver.Driver({"business_line": "CA", "window": 3}, module)
    inputs = {"raw_spend": [10.0, 20.0], "raw_signups": [1, 4]}
    with pytest.warns(RuntimeWarning, match=r"display_graph=True could not draw.*pip install hamilton-viz"):
        result = dr.execute(["cost"], inputs=inputs, display_graph=True)
    assert result == {"cost": 30.0 / 5 / 3}
    assert sorted(module.CALLS) == ["cost", "signups", "spend"]
