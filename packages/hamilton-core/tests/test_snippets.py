"""The Markdown example runner that keeps every README and docs page runnable."""

import pytest
from hamilton.testing.snippets import SnippetError, run_markdown, snippets

PAGE = """# A page

```python
# my_functions.py
def doubled(x: int) -> int:
    return 2 * x
```

<!-- file: data/numbers.csv -->
```text
x
21
```

```bash
echo "shown, not run"
```

```python
import csv

import my_functions

x = int(next(csv.DictReader(open("data/numbers.csv")))["x"])
```

```pycon
>>> my_functions.doubled(x)
42
```
"""


def test_blocks_are_found_with_their_files_and_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    found = snippets(page)
    assert [(s.language, s.file, s.line) for s in found] == [
        ("python", "my_functions.py", 4),
        ("text", "data/numbers.csv", 11),
        ("bash", None, 16),
        ("python", None, 20),
        ("pycon", None, 28),
    ]


def test_a_page_runs_in_its_own_folder_and_forgets_its_modules(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    workdir = tmp_path / "work"
    workdir.mkdir()
    namespace = run_markdown(page, workdir)
    assert namespace["x"] == 21
    assert (workdir / "my_functions.py").exists()
    import sys

    # forgotten (a my_functions imported before the page, by another test, would be given back)
    assert getattr(sys.modules.get("my_functions"), "__file__", None) != str(workdir / "my_functions.py")


def test_a_wrong_doctest_output_fails_naming_the_line(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE.replace("\n42\n", "\n41\n"))
    (tmp_path / "work").mkdir()
    with pytest.raises(SnippetError, match=r"page.md:28"):
        run_markdown(page, tmp_path / "work")


def test_a_failing_block_names_the_page_line_and_keeps_the_cause(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Intro\n\n```python\nimport math\n\nmath.sqrt(-1)\n```\n")
    with pytest.raises(SnippetError, match=r"page.md:4: the example raised ValueError") as caught:
        run_markdown(page, tmp_path)
    assert isinstance(caught.value.__cause__, ValueError)
    assert caught.value.__cause__.__traceback__.tb_next.tb_lineno == 6


def test_a_module_imported_earlier_under_the_same_name_does_not_stand_in_for_the_page_s(tmp_path):
    import sys
    import types

    earlier = types.ModuleType("my_functions")  # e.g. another test's in-memory module
    sys.modules["my_functions"] = earlier
    try:
        page = tmp_path / "page.md"
        page.write_text(PAGE)
        (tmp_path / "work").mkdir()
        assert run_markdown(page, tmp_path / "work")["x"] == 21
        assert sys.modules["my_functions"] is earlier  # given back afterwards
    finally:
        del sys.modules["my_functions"]
