"""Notebooks: a Driver and the pictures display inline, and %%cell_to_module, in a real IPython shell."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("IPython")
from hamilton import base, driver
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

CELL = '''
from hamilton.function_modifiers import config


def base_value(x: int) -> int:
    """The input, as a node."""
    return x


@config.when(mode="double")
def scaled__double(base_value: int) -> int:
    return base_value * 2


@config.when(mode="triple")
def scaled__triple(base_value: int) -> int:
    return base_value * 3
'''


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A real IPython shell, its history in memory, working in a scratch folder."""
    monkeypatch.chdir(tmp_path)
    settings = Config()
    settings.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=settings)
    shell.run_line_magic("load_ext", "hamilton_viz")
    yield shell
    InteractiveShell.clear_instance()


def test_a_driver_shows_as_its_dag_in_svg(shell, dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x\n\ndef b(a: int) -> int:\n    return a\n")
    dr = driver.Driver({}, module, adapter=base.DictResult())
    data, _ = shell.display_formatter.format(dr)
    assert "<title>b</title>" in data["image/svg+xml"] and "<title>x</title>" in data["image/svg+xml"]
    assert data["text/plain"] == f"<Driver of {module.__name__}: 2 nodes, 1 input (x)>"


def test_without_a_visualizer_the_driver_says_why_there_is_no_picture(dataflow_module, core_plugins_only):
    module = dataflow_module("def a(x: int) -> int:\n    return x\n")
    bundle = driver.Driver({}, module, adapter=base.DictResult())._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]
    assert "no picture" in bundle["text/plain"] and "pip install hamilton-viz" in bundle["text/plain"]


def test_pictures_display_inline(shell, dataflow_module):
    module = dataflow_module("def a(x: int) -> int:\n    return x\n")
    dr = driver.Driver({}, module, adapter=base.DictResult())
    svg_data, _ = shell.display_formatter.format(dr.display_all_functions())
    assert "<title>a</title>" in svg_data["image/svg+xml"]
    mermaid_data, _ = shell.display_formatter.format(dr.display_all_functions(visualizer="mermaid"))
    assert mermaid_data["text/markdown"].startswith("```mermaid\n")


def test_cell_to_module_builds_a_module_and_a_driver(shell):
    shell.run_cell_magic("cell_to_module", "flow --config mode=double", CELL)
    module, dr = shell.user_ns["flow"], shell.user_ns["flow_dr"]
    assert module is sys.modules["flow"] and module.__name__ == "flow"
    assert dr.raw_execute(["scaled"], inputs={"x": 5}) == {"scaled": 10}
    assert shell.user_ns["base_value"](3) == 3  # the cell's functions are in the notebook too
    assert {v.name for v in dr.list_available_variables()} == {"base_value", "scaled", "x"}


def test_cell_to_module_executes_and_displays(shell):
    shell.user_ns["inputs"] = {"x": 4}
    shell.user_ns["settings"] = {"mode": "triple"}
    with capture_output() as captured:
        shell.run_cell_magic("cell_to_module", "flow2 -c settings --display --execute -i inputs --show_results", CELL)
    assert shell.user_ns["scaled"] == 12 and shell.user_ns["base_value"] == 4
    shown = [output.data for output in captured.outputs]
    assert "<title>scaled</title>" in shown[0]["image/svg+xml"]  # the execution's picture first
    assert [data["text/plain"] for data in shown[1:]] == ["4", "12"]


def test_cell_to_module_runs_listed_nodes_and_writes_the_file(shell, tmp_path):
    shell.user_ns["wanted"] = ["base_value"]
    shell.user_ns["inputs"] = {"x": 7}
    shell.run_cell_magic("cell_to_module", "flow3 -x wanted -i inputs -w", CELL)
    assert shell.user_ns["base_value"] == 7 and "scaled" not in shell.user_ns
    assert (tmp_path / "flow3.py").read_text() == CELL


def test_cell_to_module_reads_a_json_config(shell):
    shell.user_ns["inputs"] = {"x": 2}
    shell.run_cell_magic("cell_to_module", 'flow5 -c {"mode":"triple"} -x -i inputs', CELL)
    assert shell.user_ns["scaled"] == 6


def test_cell_to_module_names_what_is_wrong(shell):
    with pytest.raises(UsageError, match="no variable 'nowhere'"):
        shell.run_cell_magic("cell_to_module", "flow4 -i nowhere", CELL)
    with pytest.raises(UsageError, match="key=value"):
        shell.run_cell_magic("cell_to_module", "flow4 -c mode", CELL)
    with pytest.raises(UsageError, match="cannot be a module name"):
        shell.run_cell_magic("cell_to_module", "my-flow", CELL)
    with pytest.raises(UsageError, match="name of an imported module"):
        shell.run_cell_magic("cell_to_module", "json", CELL)
    shell.run_cell_magic("cell_to_module", "flow6", CELL)
    edited = CELL.replace("* 2", "* 20")  # the cell edited and run again replaces its module
    shell.run_cell_magic("cell_to_module", "flow6 -c mode=double", edited)
    assert shell.user_ns["flow6_dr"].raw_execute(["scaled"], inputs={"x": 1}) == {"scaled": 20}


def test_a_run_picture_displays_inline(shell, dataflow_module):
    from hamilton_viz import RunRecorder

    recorder = RunRecorder()
    module = dataflow_module("def a(x: int) -> int:\n    return x\n")
    dr = driver.Driver({}, module, adapter=[base.DictResult(), recorder])
    dr.execute(["a"], inputs={"x": 1})
    data, _ = shell.display_formatter.format(recorder.draw(dr))
    assert "ran in" in data["image/svg+xml"]


PACKAGE = Path(__file__).resolve().parents[1]
NOTEBOOK_PAGES = [PACKAGE / "README.md", PACKAGE.parents[1] / "docs" / "notebooks.md"]


def ipython_cells(page: Path) -> list[str]:
    return re.findall(r"^```ipython\n(.*?)^```", page.read_text(encoding="utf-8"), flags=re.M | re.S)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.name)
def test_the_pages_notebook_cells_run_in_ipython(page, shell):
    if not page.exists():
        pytest.skip(f"{page} is not in this checkout")
    cells = ipython_cells(page)
    assert cells, "the page shows no notebook cell"
    with capture_output():
        for cell in cells:
            result = shell.run_cell(cell)
            assert result.success, f"{page.name}: the cell failed:\n{cell}\n{result.error_in_exec!r}"
    executed = {"README.md": {"cost": 10.0}, "notebooks.md": {"revenue": 10.0, "margin": 4.0}}[page.name]
    assert {name: shell.user_ns[name] for name in executed} == executed


def test_the_originals_extension_path_loads_the_magic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Config()
    settings.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=settings)
    try:
        shell.run_line_magic("load_ext", "hamilton.plugins.jupyter_magic")
        shell.user_ns["inputs"] = {"x": 3}
        shell.run_cell_magic("cell_to_module", "original_path -c mode=double -x -i inputs", CELL)
        assert shell.user_ns["scaled"] == 6
    finally:
        InteractiveShell.clear_instance()
