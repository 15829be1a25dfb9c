"""The README's examples run as written and print what it shows (see hamilton.testing.snippets)."""

from pathlib import Path

from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path):
    namespace = run_markdown(README, tmp_path)
    assert namespace["table"].num_rows == 4
