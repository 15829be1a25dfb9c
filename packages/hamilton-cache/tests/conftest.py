from __future__ import annotations

import importlib
import itertools
import sys
import textwrap
from pathlib import Path

import pytest

_numbers = itertools.count()

# worker processes import node functions by name; on sys.path before any test can start a forkserver
IMPORTABLE = Path(__file__).parent / "importable"
if str(IMPORTABLE) not in sys.path:
    sys.path.insert(0, str(IMPORTABLE))

HEADER = """
from pathlib import Path as _Path

def _ran(name):
    with open(_Path({log!r}), "a") as log:
        log.write(name + "\\n")
"""


class Flows:
    """Real module files of node functions in a scratch folder; each node calls ``_ran(name)`` to log that it ran."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder / "calls.log"
        self.log.touch()

    def make(self, source: str, name: str | None = None):
        """Write ``source`` (with ``_ran`` defined) as a new module file and import it."""
        name = name or f"cache_flow_{next(_numbers)}"
        (self.folder / f"{name}.py").write_text(HEADER.format(log=str(self.log)) + textwrap.dedent(source))
        importlib.invalidate_caches()
        return importlib.import_module(name)

    def calls(self) -> list[str]:
        """The nodes that ran since the last call, sorted; the log starts afresh."""
        names = sorted(self.log.read_text().split())
        self.log.write_text("")
        return names


@pytest.fixture
def flows(tmp_path, monkeypatch):
    folder = tmp_path / "flows"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    made = Flows(folder)
    yield made
    for module in [
        m for m, loaded in sys.modules.items() if getattr(loaded, "__file__", "") and str(folder) in loaded.__file__
    ]:
        del sys.modules[module]


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


class WorkerLog:
    """The log the nodes of ``cache_workers`` append to, from any process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.touch()

    def calls(self) -> list[str]:
        """Names of the nodes that ran since the last call, sorted; the log starts afresh."""
        names = sorted(line.split()[0] for line in self.path.read_text().splitlines())
        self.path.write_text("")
        return names

    def pids(self) -> set[int]:
        return {int(line.split()[1]) for line in self.path.read_text().splitlines()}


@pytest.fixture
def worker_log(tmp_path):
    return WorkerLog(tmp_path / "workers.log")
