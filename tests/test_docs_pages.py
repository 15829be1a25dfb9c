"""Every page of the docs site runs as written (see hamilton.testing.snippets for the conventions)."""

from pathlib import Path

import pytest
from hamilton import plugins
from hamilton.testing.snippets import run_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def test_the_site_has_pages():
    assert DOCS / "index.md" in PAGES


@pytest.fixture
def forget_plugins_registered_in_code():
    """A page may register its example plugin (plugins.register): later tests must not see it."""
    yield
    plugins.reset()


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(page, tmp_path, forget_plugins_registered_in_code):
    run_markdown(page, tmp_path)
