"""The README's and the docs page's commands print what the pages show."""

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
PAGES = [PACKAGE / "README.md", PACKAGE.parents[1] / "docs" / "cli.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_commands_print_what_the_page_shows(page, tmp_path, console_page):
    if not page.exists():
        pytest.skip(f"{page} is not in this checkout")
    console_page(page, tmp_path)
