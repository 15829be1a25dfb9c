"""Every README.md of the repository runs as written (see hamilton.testing.snippets for the conventions).

A package's README is run by that package's own tests, so the `alone` sessions check it
with nothing else installed; this file runs the others and checks that none is left out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hamilton import plugins
from hamilton.testing.snippets import run_markdown, snippets

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_FOLDERS = {".git", ".nox", ".venv", "dist", "build", "node_modules", ".site"}
READMES = sorted(path for path in ROOT.rglob("README.md") if not SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts))
PACKAGE_READMES = [path for path in READMES if path.parent.parent == ROOT / "packages"]
OTHER_READMES = [path for path in READMES if path not in PACKAGE_READMES]


@pytest.fixture
def forget_plugins_registered_in_code():
    yield
    plugins.reset()


@pytest.mark.parametrize("readme", OTHER_READMES, ids=[str(p.relative_to(ROOT)) for p in OTHER_READMES])
def test_readme_runs_as_written(readme, tmp_path, forget_plugins_registered_in_code):
    if readme == ROOT / "README.md":
        pytest.importorskip("hamilton_pandas")
        pytest.importorskip("hamilton_viz")
        if shutil.which("dot") is None:
            pytest.skip("the README draws a picture: needs Graphviz's `dot` program (apt-get install graphviz)")
    run_markdown(readme, tmp_path)


def test_the_root_readme_defines_the_data_its_first_example_uses(tmp_path):
    blocks = snippets(ROOT / "README.md")
    first_run = next(block for block in blocks if block.language == "python" and block.file is None)
    assert "data = " in first_run.code
    assert any(block.file == "spend.csv" for block in blocks)


@pytest.mark.parametrize("readme", PACKAGE_READMES, ids=[p.parent.name for p in PACKAGE_READMES])
def test_each_package_runs_its_own_readme(readme):
    tests = readme.parent / "tests"
    runners = [
        path
        for path in tests.glob("test_*.py")
        if "README.md" in (text := path.read_text(encoding="utf-8"))
        and re.search(r"\b(run_markdown|console_page)\(\s*(README|page)", text)
    ]
    has_examples = any(block.language in ("python", "pycon") for block in snippets(readme))
    assert runners or not has_examples, f"no test in {tests.relative_to(ROOT)} runs {readme.relative_to(ROOT)}"


def test_every_readme_is_found():
    assert ROOT / "README.md" in READMES
    assert len(PACKAGE_READMES) >= 7
