"""No file of the repository names a folder of the machine it was written on.

A path into a home folder (``/home/<you>/...``) or the team machine's work folder means nothing to
a reader on another machine: examples, READMEs and scripts use paths relative to the
repository or the temporary folder.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# an absolute path into a home or work folder, not part of a URL or of a longer path
ROOTS = ("home", "Users", "root", "work")
MACHINE_PATH = re.compile(r"(?<![\w.:/-])/(?:" + "|".join(ROOTS) + r")/[\w.-]+|[A-Za-z]:\\Users\\\w+")
SKIPPED_FOLDERS = {".git", ".nox", ".venv", "dist", "build", ".site", "__pycache__", ".hypothesis"}


def _repository_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in listed.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but build output
        return [p for p in ROOT.rglob("*") if p.is_file() and not SKIPPED_FOLDERS & set(p.relative_to(ROOT).parts)]


def _text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None  # a picture or another binary file
    return data.decode("utf-8", errors="replace")


def test_no_file_names_a_home_or_work_folder():
    found = []
    for path in _repository_files():
        text = _text(path) if path.exists() else None
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            found.extend(f"{path.relative_to(ROOT)}:{number}: {match}" for match in MACHINE_PATH.findall(line))
    assert not found, "paths of a developer's machine:\n" + "\n".join(found)


def test_the_pattern_finds_what_it_should():
    home = "/" + "home/alice/project/run.py"
    assert MACHINE_PATH.findall(f"python {home}") == ["/" + "home/alice"]
    assert MACHINE_PATH.search("cd " + "/" + "work/shared/bench")
    assert MACHINE_PATH.search("C:" + "\\" + "Users" + "\\" + "bob" + "\\" + "x.py")
    assert not MACHINE_PATH.search("https://example.org/" + "home/page")
    assert not MACHINE_PATH.search("packages/hamilton-core/src/hamilton/" + "work/x")
    assert not MACHINE_PATH.search("/tmp/bench.jsonl")
