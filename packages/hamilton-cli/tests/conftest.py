"""Fixtures: ``console_page`` runs the ```console blocks of a Markdown page as a reader would type them.

Each ``$ command`` line runs in bash in the page's scratch folder (its file blocks
written there by ``hamilton.testing.snippets.run_markdown``); the lines after it, up to
the next ``$``, are what it prints (stdout and stderr as a terminal shows them;
trailing spaces ignored).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hamilton.testing.snippets import run_markdown

CONSOLE = re.compile(r"^```console\n(.*?)^```", re.M | re.S)


def sessions(page: Path) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of every console block, in page order."""
    pairs = []
    for block in CONSOLE.findall(page.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            pairs.append((command, expected))
    return pairs


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["COLUMNS"] = "80"  # rich sizes tables to the terminal; a page shows them 80 wide
    return env


def run_page(page: Path, workdir: Path) -> None:
    """Write the page's files, run its Python examples, then check each console command's output."""
    run_markdown(page, workdir)
    env = environment()
    for command, expected in sessions(page):
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # one stream, in the order a terminal shows them
            text=True,
            timeout=120,
        )
        assert _lines(done.stdout) == _lines(expected), f"$ {command}\n--- printed:\n{done.stdout}"


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


@pytest.fixture
def console_page():
    """``console_page(page, workdir)``: check every console command of ``page`` (see the module docstring)."""
    return run_page


def run_hamilton(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed `hamilton` console script, run as a shell would run it."""
    script = Path(sys.executable).parent / "hamilton"
    assert script.exists(), "hamilton-cli installs the `hamilton` console script"
    return subprocess.run([str(script), *args], cwd=cwd, env=environment(), capture_output=True, text=True, timeout=120)


@pytest.fixture
def hamilton():
    """``hamilton(cwd, *args)``: run the `hamilton` command; a ``CompletedProcess`` with text output."""
    return run_hamilton
