"""The README's demo (``nox -s demo`` runs examples/run_demo.py), with and without Graphviz's `dot`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("hamilton_pandas")
pytest.importorskip("hamilton_polars")
pytest.importorskip("hamilton_arrow")
pytest.importorskip("hamilton_viz")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "run_demo.py"
PICTURES = ["marketing_all_functions", "marketing_acquisition_cost_CA", "marketing_what_if_spend"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INSTALL = "apt-get install graphviz"


def _run_demo(out: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path}
    return subprocess.run(
        [sys.executable, str(DEMO), str(out)], capture_output=True, text=True, timeout=300, cwd=out.parent, env=env
    )


def _path_without_dot() -> str:
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and shutil.which("dot", path=f) is None)


def test_without_dot_the_demo_writes_every_source_says_once_what_to_install_and_succeeds(tmp_path):
    path = _path_without_dot()
    assert shutil.which("dot", path=path) is None
    run = _run_demo(tmp_path / "out", path)
    assert run.returncode == 0, run.stdout + run.stderr
    out = tmp_path / "out"
    for picture in PICTURES:
        assert (out / f"{picture}.dot").read_text().startswith("digraph ")
        assert not (out / f"{picture}.png").exists()
        assert str(out / f"{picture}.dot") in run.stdout
    assert (out / "marketing_what_if_spend.md").read_text().startswith("```mermaid\n")
    assert (run.stdout + run.stderr).count(INSTALL) == 1
    assert "Traceback" not in run.stderr
    # the other examples ran too
    assert "what if we increased the marketing spend?" in run.stdout
    assert "as an Arrow table" in run.stdout


def test_with_dot_the_demo_renders_every_picture(tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("needs Graphviz's `dot` program (CI installs it: apt-get install graphviz)")
    run = _run_demo(tmp_path / "out", os.environ["PATH"])
    assert run.returncode == 0, run.stdout + run.stderr
    out = tmp_path / "out"
    for picture in PICTURES:
        assert (out / f"{picture}.png").read_bytes().startswith(PNG_SIGNATURE)
        assert (out / f"{picture}.dot").read_text().startswith("digraph ")
    assert (out / "marketing_what_if_spend.md").read_text().startswith("```mermaid\n")
    assert INSTALL not in run.stdout + run.stderr
