"""The README's example runs as written and prints the Mermaid text the README shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_readme_example_runs_and_writes_what_it_says(tmp_path):
    text = README.read_text(encoding="utf-8")
    module, script, *_ = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert module.startswith("# my_functions.py\n")
    (tmp_path / "my_functions.py").write_text(module)
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    (shown,) = re.findall(r"```mermaid\n(.*?)```", text, flags=re.DOTALL)
    assert run.stdout == shown + "\n"
    assert (tmp_path / "my_dag.dot").read_text().startswith("digraph ")
    assert (tmp_path / "my_dag.dot.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "rankdir=TB" in (tmp_path / "cost.dot").read_text()
    assert "<title>cost_per_signup</title>" in (tmp_path / "cost.svg").read_text()
    assert (tmp_path / "cost.md").read_text() == f"```mermaid\n{shown}```\n"


def test_readme_runs_as_a_page_and_draws_the_runs(tmp_path):
    from hamilton.testing.snippets import run_markdown

    namespace = run_markdown(README, tmp_path)
    assert namespace["recorder"].last_run.status("cost_per_signup") == "failed"
    assert "ran in" in (tmp_path / "run.svg").read_text()
    assert "ZeroDivisionError" in (tmp_path / "failed_run.svg").read_text()
