"""The README's examples run as written (see hamilton.testing.snippets for the conventions)."""

from pathlib import Path

from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path):
    namespace = run_markdown(README, tmp_path)
    assert namespace["df"]["cost_per_signup"].tolist() == [10.0, 5.0]  # the @extract_columns example's
