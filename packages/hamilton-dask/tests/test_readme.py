"""The README's examples run as written, each on a LocalCluster of its own (see hamilton.testing.snippets)."""

from pathlib import Path

import pytest

pytest.importorskip("distributed")

from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path):
    namespace = run_markdown(README, tmp_path)
    assert namespace["fanned"] == {"total": 328350}
