"""The README's example runs as written (see hamilton.testing.snippets for the conventions)."""

from pathlib import Path

from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path):
    namespace = run_markdown(README, tmp_path)
    assert namespace["result"]["signups_pandera_schema_validator"].passes is False
