"""The README's example runs as written (see hamilton.testing.snippets)."""

from pathlib import Path

import pytest
from hamilton.testing.snippets import run_markdown

pytest.importorskip("ray")

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path, capsys, ray_adapter):
    # ray_adapter: the session's Ray, which the README's adapter joins (and leaves running)
    run_markdown(README, tmp_path)
    assert "{'total': 25}" in capsys.readouterr().out.splitlines()
