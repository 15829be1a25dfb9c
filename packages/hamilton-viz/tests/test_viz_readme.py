"""The README's examples run as written (see hamilton.testing.snippets) and write what it says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_readme_runs_as_a_page_and_writes_what_it_says(tmp_path, capsys):
    if shutil.which("dot") is None:
        pytest.skip("the README renders images: needs Graphviz's `dot` program (apt-get install graphviz)")
    namespace = run_markdown(README, tmp_path)
    (shown,) = re.findall(r"```mermaid\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert str(namespace["diagram"]) == shown  # the Mermaid text the README shows is what it prints
    assert shown + "\n" in capsys.readouterr().out
    assert (tmp_path / "my_dag.dot").read_text().startswith("digraph ")
    assert (tmp_path / "my_dag.dot.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "rankdir=TB" in (tmp_path / "cost.dot").read_text()
    assert "<title>cost_per_signup</title>" in (tmp_path / "cost.svg").read_text()
    assert (tmp_path / "cost.md").read_text() == f"```mermaid\n{shown}```\n"
    assert namespace["recorder"].last_run.status("cost_per_signup") == "failed"
    assert "ran in" in (tmp_path / "run.svg").read_text()
    assert "ZeroDivisionError" in (tmp_path / "failed_run.svg").read_text()
