"""Run the code examples of a Markdown page exactly as a reader would copy them.

The conventions, so that a page stays runnable without test-only markup:

- A ```` ```python ```` block whose first line is ``# some/path.py`` is a file: it is
  written to that path in a scratch folder, not run.
- Any other fenced block preceded by the line ``<!-- file: some/path.ext -->`` is
  written to that path too (CSV data, a ``pyproject.toml``...).
- Every other ```` ```python ```` block runs, in page order, in one namespace per
  page, with the scratch folder as working directory and first on ``sys.path``.
- A ```` ```pycon ```` block (``>>>`` prompts) runs as a doctest in that same
  namespace: its printed outputs are checked.
- Other languages (``bash``, ``toml``...) are shown, not run.
"""

from __future__ import annotations

import doctest
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

__all__ = ["Snippet", "SnippetError", "run_markdown", "snippets"]

_FENCE = re.compile(r"^(?P<fence>```|~~~)(?P<language>[\w+-]*)[^\n]*\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_FILE_HEADER = re.compile(r"# (?P<path>[\w./-]+\.py)[ \t]*\n")
_FILE_MARKER = re.compile(r"<!--\s*file:\s*(?P<path>[\w./-]+)\s*-->\s*\Z")


class Snippet(NamedTuple):
    """One fenced block: its language, code, first line in the page, and the file it is (if any)."""

    language: str
    code: str
    line: int
    file: str | None


class SnippetError(AssertionError):
    """A page's example failed; the message names the page and line, the cause is the original error."""


def snippets(path: str | Path) -> list[Snippet]:
    """The fenced blocks of a Markdown page, in order."""
    text = Path(path).read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        code = match["code"]
        line = text.count("\n", 0, match.start("code")) + 1
        header = _FILE_HEADER.match(code)
        marker = _FILE_MARKER.search(text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1])
        file = header["path"] if header and match["language"] == "python" else marker["path"] if marker else None
        found.append(Snippet(match["language"], code, line, file))
    return found


def run_markdown(path: str | Path, workdir: str | Path) -> dict[str, object]:
    """Write the page's file blocks into ``workdir``, run its examples; return their namespace.

    Modules imported from ``workdir`` are forgotten afterwards, so two pages may
    each have their own ``my_functions.py``.
    """
    path, workdir = Path(path).resolve(), Path(workdir).resolve()
    blocks = snippets(path)
    for block in blocks:
        if block.file is not None:
            target = workdir / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "__main__"}
    previous_cwd = os.getcwd()
    # a module of the same name imported earlier (another page's my_functions) must not stand in for the page's own
    shadowed = {name: sys.modules.pop(name) for name in _module_names(blocks) if name in sys.modules}
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    try:
        for block in blocks:
            if block.file is None and block.language == "python":
                _run_script(path, block, namespace)
            elif block.file is None and block.language == "pycon":
                _run_doctest(path, block, namespace)
    finally:
        os.chdir(previous_cwd)
        sys.path.remove(str(workdir))
        _forget_modules_under(workdir)
        sys.modules.update(shadowed)
    return namespace


def _module_names(blocks: list[Snippet]) -> set[str]:
    """The dotted module names of the page's ``.py`` file blocks (``pkg/mod.py`` -> ``pkg``, ``pkg.mod``)."""
    names = set()
    for block in blocks:
        if block.file is not None and block.file.endswith(".py"):
            parts = Path(block.file).with_suffix("").parts
            names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return names


def _run_script(path: Path, block: Snippet, namespace: dict[str, object]) -> None:
    # padded with blank lines so a traceback points at the page's own line numbers
    code = compile("\n" * (block.line - 1) + block.code, str(path), "exec", dont_inherit=True)
    try:
        exec(code, namespace)
    except Exception as exc:
        raise SnippetError(f"{path}:{block.line}: the example raised {type(exc).__name__}: {exc}") from exc


def _run_doctest(path: Path, block: Snippet, namespace: dict[str, object]) -> None:
    test = doctest.DocTestParser().get_doctest(block.code, namespace, path.name, str(path), block.line - 1)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append, clear_globs=False)
    if runner.failures:
        raise SnippetError(f"{path}:{block.line}: the session's output differs:\n{''.join(report)}")


def _forget_modules_under(folder: Path) -> None:
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(folder):
            del sys.modules[name]
