"""Pictures of the seed's marketing example (pandas), and the demo that writes them."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("hamilton_pandas")
pytest.importorskip("hamilton_viz")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "marketing_pictures" / "run.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXECUTION = {"data_path", "marketing_data", "spend", "signups", "avg_rolling_spend", "acquisition_cost"}


def _load_demo():
    spec = importlib.util.spec_from_file_location("marketing_pictures_run", DEMO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    return _load_demo()


def _svg_node_names(svg: str) -> set[str]:
    titles = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', svg)
    return {title for title in titles if title != "(legend)"}


def test_execution_of_acquisition_cost_runs_nothing_and_leaves_out_the_rest(demo, tmp_path):
    from hamilton import driver

    dr = driver.Driver({"business_line": "CA"}, demo.marketing_functions)
    # marketing_data would fail on this path: drawing must not run it
    missing_csv = str(tmp_path / "no-such.csv")
    dr.visualize_execution(["acquisition_cost"], str(tmp_path / "cost.svg"), {}, inputs={"data_path": missing_csv})
    drawn = _svg_node_names((tmp_path / "cost.svg").read_text())
    assert drawn == EXECUTION
    assert "spend_per_signup" not in drawn
    assert "when business_line=&#x27;CA&#x27;" in (tmp_path / "cost.dot").read_text()
    with pytest.raises(FileNotFoundError):  # as executing it does
        dr.execute(["acquisition_cost"], inputs={"data_path": missing_csv})


def test_what_if_override_is_drawn_as_an_override(demo):
    from hamilton import driver

    dr = driver.Driver({"business_line": "CA"}, demo.marketing_functions)
    source = dr.visualize_execution(["acquisition_cost"], None, {}, overrides={"spend": demo.WHAT_IF_SPEND}).source
    (spend,) = [line for line in source.splitlines() if line.strip().startswith("spend [")]
    assert 'fillcolor="#fde0c5"' in spend and "bold" in spend
    assert '"marketing_data" -> "spend"' not in source  # nothing upstream of an override
    assert '"marketing_data" -> "signups"' in source


def test_demo_writes_readable_pngs_and_says_where(tmp_path):
    out = tmp_path / "pictures"
    completed = subprocess.run(
        [sys.executable, str(DEMO), str(out)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    pngs = sorted(out.glob("*.png"))
    assert [p.name for p in pngs] == [
        "marketing_acquisition_cost_CA.png",
        "marketing_all_functions.png",
        "marketing_what_if_spend.png",
    ]
    for png in pngs:
        assert png.read_bytes().startswith(PNG_SIGNATURE)
        assert str(png) in completed.stdout
        assert png.with_suffix(".dot").read_text().startswith("digraph ")
    assert "spend_per_signup" in (out / "marketing_all_functions.dot").read_text()
    assert "spend_per_signup" not in (out / "marketing_acquisition_cost_CA.dot").read_text()
    markdown = (out / "marketing_what_if_spend.md").read_text()
    assert markdown.startswith("```mermaid\n") and "<b>acquisition_cost</b>" in markdown
