"""`hamilton run`, `validate`, `view`, `list`, `plugins` and `--version`, end to end through a subprocess."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
import textwrap

import pytest

FUNCTIONS = '''
from hamilton.function_modifiers import config, tag


def weekly_spend(spend: list[float]) -> list[float]:
    """Spend per week."""
    return spend


@tag(owner="marketing")
def total_spend(weekly_spend: list[float]) -> float:
    return sum(weekly_spend)


@config.when(region="US")
def tax__us(total_spend: float) -> float:
    return total_spend * 0.5


def fails(total_spend: float) -> float:
    raise ValueError("no budget for " + str(total_spend))
'''


@pytest.fixture
def project(tmp_path):
    (tmp_path / "my_functions.py").write_text(textwrap.dedent(FUNCTIONS))
    return tmp_path


def test_run_prints_json_of_the_outputs(project, hamilton):
    done = hamilton(
        project,
        "run",
        "my_functions.py",
        "-c",
        "region=US",
        "-i",
        "spend=[1, 2, 3]",
        "-o",
        "total_spend,tax",
        "-f",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"total_spend": 6, "tax": 3.0}
    assert done.stderr == ""


def test_run_reads_config_and_inputs_from_files(project, hamilton):
    (project / "config.toml").write_text('region = "US"\n')
    (project / "inputs.json").write_text('{"spend": [2.0, 4.0]}')
    done = hamilton(
        project,
        "run",
        "my_functions.py",
        "--config",
        "config.toml",
        "--inputs",
        "inputs.json",
        "-o",
        "tax",
        "-f",
        "json",
    )
    assert json.loads(done.stdout) == {"tax": 3.0}


def test_run_default_outputs_are_the_nodes_nobody_reads(project, hamilton):
    (project / "small.py").write_text(
        "def a(x: int) -> int:\n    return x + 1\n\ndef b(a: int) -> int:\n    return a * 10\n"
    )
    done = hamilton(project, "run", "small.py", "-i", "x=1", "-f", "json")
    assert json.loads(done.stdout) == {"b": 20}


def test_run_overrides_replace_a_node(project, hamilton):
    done = hamilton(
        project, "run", "my_functions.py", "-c", "region=US", "--overrides", "total_spend=10", "-o", "tax", "-f", "json"
    )
    assert json.loads(done.stdout) == {"tax": 5.0}


def test_run_writes_csv_with_scalars_repeated(project, hamilton):
    to = project / "out" / "result.csv"
    done = hamilton(
        project,
        "run",
        "my_functions.py",
        "-c",
        "region=US",
        "-i",
        "spend=[1, 2]",
        "-o",
        "weekly_spend,tax",
        "-f",
        "csv",
        "--to",
        str(to),
    )
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(to.read_text()))) == [["weekly_spend", "tax"], ["1", "1.5"], ["2", "1.5"]]
    assert done.stdout == ""  # the data went to the file


def test_run_table_shows_each_output(project, hamilton):
    done = hamilton(project, "run", "my_functions.py", "-c", "region=US", "-i", "spend=[1, 2]", "-o", "tax,total_spend")
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == ["tax", "total_spend"]
    assert "1.5" in rows[0] and "3" in rows[1]


def test_run_with_a_registered_adapter(project, hamilton):
    done = hamilton(
        project,
        "run",
        "my_functions.py",
        "-c",
        "region=US",
        "-i",
        "spend=[1]",
        "-o",
        "tax",
        "-f",
        "json",
        "--adapter",
        "threads",
    )
    assert json.loads(done.stdout) == {"tax": 0.5}


@pytest.mark.skipif(importlib.util.find_spec("hamilton_arrow") is None, reason="parquet goes through hamilton-arrow")
def test_run_writes_parquet(project, hamilton):
    import pyarrow.parquet as pq

    to = project / "result.parquet"
    done = hamilton(
        project,
        "run",
        "my_functions.py",
        "-c",
        "region=US",
        "-i",
        "spend=[1, 2]",
        "-o",
        "weekly_spend,tax",
        "-f",
        "parquet",
        "--to",
        str(to),
    )
    assert done.returncode == 0, done.stderr
    assert pq.read_table(to).to_pydict() == {"weekly_spend": [1, 2], "tax": [1.5, 1.5]}


@pytest.mark.skipif(importlib.util.find_spec("hamilton_arrow") is not None, reason="hamilton-arrow is installed")
def test_run_parquet_without_arrow_names_the_package(project, hamilton):
    done = hamilton(
        project, "run", "my_functions.py", "-i", "spend=[1]", "-o", "fails", "-f", "parquet", "--to", "x.pq"
    )
    assert done.returncode == 2  # refused before anything ran: `fails` would raise
    assert "hamilton-arrow" in done.stderr


def test_parquet_needs_a_file(project, hamilton):
    done = hamilton(project, "run", "my_functions.py", "-i", "spend=[1]", "-o", "fails", "-f", "parquet")
    assert done.returncode == 2
    assert "--to PATH" in done.stderr


def test_a_failing_node_is_named_without_a_traceback(project, hamilton):
    done = hamilton(project, "run", "my_functions.py", "-i", "spend=[1]", "-o", "fails")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Node 'fails' raised ValueError: no budget for 1" in done.stderr
    assert "Traceback" not in done.stderr


def test_traceback_flag_shows_it(project, hamilton):
    done = hamilton(project, "--traceback", "run", "my_functions.py", "-i", "spend=[1]", "-o", "fails")
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert 'raise ValueError("no budget for "' in done.stderr


def test_errors_as_json_name_the_node_and_cause(project, hamilton):
    done = hamilton(project, "run", "my_functions.py", "-i", "spend=[1]", "-o", "fails", "-f", "json")
    assert done.returncode == 1
    error = json.loads(done.stderr)["error"]
    assert error["node"] == "fails"
    assert error["cause"] == "ValueError: no budget for 1"


def test_missing_inputs_are_all_listed(project, hamilton):
    done = hamilton(project, "run", "my_functions.py", "-c", "region=US", "-o", "tax", "-f", "json")
    assert done.returncode == 1
    error = json.loads(done.stderr)["error"]
    assert error["missing"] == {"spend": ["weekly_spend"]}
    assert "--inputs NAME=VALUE" in error["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nowhere.py"], "No module file 'nowhere.py'"),
        (["run", "no_such_module_anywhere"], "No module 'no_such_module_anywhere'"),
        (["run", "my_functions.py", "--config", "not-a-name=1"], "'not-a-name' is not a valid name"),
        (["run", "my_functions.py", "--inputs", "missing.json"], "'missing.json' is neither KEY=VALUE"),
        (["run", "my_functions.py", "--bogus"], "--bogus"),
        (["run", "my_functions.py", "-f", "xml"], "'xml'"),
    ],
)
def test_command_line_mistakes_exit_2(project, hamilton, args, message):
    done = hamilton(project, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_module_that_fails_to_import_is_reported(project, hamilton):
    (project / "broken.py").write_text("import no_such_library_here\n")
    done = hamilton(project, "run", "broken.py")
    assert done.returncode == 1
    assert "Importing" in done.stderr and "no_such_library_here" in done.stderr


def test_modules_by_import_name(project, hamilton):
    done = hamilton(project, "run", "my_functions", "-c", "region=US", "-i", "spend=[4]", "-o", "tax", "-f", "json")
    assert json.loads(done.stdout) == {"tax": 2.0}


def test_validate_lists_every_problem_and_exits_1(project, hamilton):
    done = hamilton(
        project,
        "validate",
        "my_functions.py",
        "-c",
        "region=US",
        "-o",
        "tax,taxes,fails",
        "-i",
        "spend=3",
        "-f",
        "json",
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["valid"] is False
    assert len(report["problems"]) == 2
    assert any("did you mean 'tax'" in p for p in report["problems"])
    assert any("input 'spend' is a int" in p for p in report["problems"])


def test_validate_passes_and_runs_nothing(project, hamilton):
    done = hamilton(project, "validate", "my_functions.py", "-o", "fails", "-i", "spend=[1]")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "valid: fails can be computed.\n"


def test_validate_reports_a_dag_that_cannot_be_built(project, hamilton):
    (project / "cycle.py").write_text("def a(b: int) -> int:\n    return b\n\ndef b(a: int) -> int:\n    return a\n")
    done = hamilton(project, "validate", "cycle.py")
    assert done.returncode == 1
    assert "a -> b -> a" in done.stderr or "b -> a -> b" in done.stderr


needs_viz = pytest.mark.skipif(importlib.util.find_spec("hamilton_viz") is None, reason="needs hamilton-viz")


@needs_viz
def test_view_writes_an_svg_with_graphviz(project, hamilton):
    done = hamilton(project, "view", "my_functions.py", "-c", "region=US", "--to", "pictures/dag.svg")
    assert done.returncode == 0, done.stderr
    svg = (project / "pictures" / "dag.svg").read_text()
    assert "<svg" in svg and "<title>total_spend</title>" in svg and "<title>tax</title>" in svg


@needs_viz
def test_view_of_outputs_as_mermaid(project, hamilton):
    done = hamilton(project, "view", "my_functions.py", "-o", "total_spend", "--to", "dag.mmd")
    assert done.returncode == 0, done.stderr
    text = (project / "dag.mmd").read_text()
    assert text.startswith('---\ntitle: "execution of total_spend"') and "fails" not in text


@pytest.mark.skipif(importlib.util.find_spec("hamilton_viz") is not None, reason="hamilton-viz is installed")
def test_view_without_a_visualizer_names_the_package(project, hamilton):
    done = hamilton(project, "view", "my_functions.py")
    assert done.returncode == 1
    assert "pip install hamilton-viz" in done.stderr


def test_list_gives_type_tags_and_doc(project, hamilton):
    done = hamilton(project, "list", "my_functions.py", "-c", "region=US", "-f", "json")
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert rows["weekly_spend"] == {
        "name": "weekly_spend",
        "kind": "node",
        "type": "list[float]",
        "tags": {},
        "doc": "Spend per week.",
    }
    assert rows["total_spend"]["tags"] == {"owner": "marketing"}
    assert rows["spend"]["kind"] == "input"
    assert set(rows) == {"weekly_spend", "total_spend", "tax", "fails", "spend"}


def test_plugins_json_is_the_cores_listing(project, hamilton):
    done = hamilton(project, "plugins", "-f", "json")
    core = subprocess.run([sys.executable, "-m", "hamilton", "plugins"], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == json.loads(core.stdout)
    assert "commands" in json.loads(done.stdout)


def test_version_names_both_distributions(project, hamilton):
    done = hamilton(project, "--version")
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["hamilton-core 0.9.0.dev1", "hamilton-cli 0.9.0.dev1"]
