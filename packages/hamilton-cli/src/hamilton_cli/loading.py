"""What the command line reads: the dataflow's modules, and values given as ``KEY=VALUE`` or files.

A module is named by a file path (``my_functions.py``; its folder goes first on
``sys.path`` so it can import its neighbours) or by an importable name
(``my_package.features``, looked up from the current folder too). ``at_git_ref`` loads
a module file as it was committed at a git reference, for ``diff``.

Values (``--config``, ``--inputs``, ``--overrides``) are ``KEY=VALUE`` pairs, the value
read as JSON when it parses (``n=3`` is the int 3, ``flag=true`` a bool) and as a
string otherwise (``region=US``), or ``.json`` / ``.toml`` files holding a table.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import linecache
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hamilton_cli.errors import DATAFLOW_FAILED, USAGE, CommandError

__all__ = ["at_git_ref", "load_module", "load_modules", "read_values"]


def load_modules(specs: Iterable[str]) -> list[types.ModuleType]:
    """The modules named by paths or import names, imported in order."""
    return [load_module(spec) for spec in specs]


def load_module(spec: str) -> types.ModuleType:
    """One module, from a ``.py`` path or an importable name."""
    path = Path(spec)
    if path.suffix == ".py" or path.exists():
        if not path.is_file():
            raise CommandError(f"No module file {spec!r}: the path does not exist.", USAGE)
        return _import_file(path.resolve())
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(spec)
    except ModuleNotFoundError as exc:
        if exc.name and spec.startswith(exc.name):
            raise CommandError(
                f"No module {spec!r}: it is neither a .py file nor importable from {Path.cwd()}.", USAGE
            ) from exc
        raise _import_failed(spec, exc) from exc
    except Exception as exc:
        raise _import_failed(spec, exc) from exc


def _import_file(path: Path) -> types.ModuleType:
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # so the module can import the files beside it
    name = path.stem
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise CommandError(f"Cannot import {str(path)!r} as a Python module.", USAGE)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise _import_failed(str(path), exc) from exc
    return module


def _import_failed(spec: str, exc: BaseException) -> CommandError:
    return CommandError(f"Importing {spec} failed: {type(exc).__name__}: {exc}", DATAFLOW_FAILED)


def at_git_ref(spec: str, ref: str) -> types.ModuleType:
    """The module file ``spec`` as committed at git reference ``ref``, as a fresh module object.

    The module gets the same name as the file's current version; its text is kept in
    ``linecache`` so ``inspect.getsource`` reads that version, not the file on disk.
    """
    path = Path(spec).resolve() if spec.endswith(".py") else _file_of(spec)
    try:
        shown = subprocess.run(
            ["git", "show", f"{ref}:./{path.name}"], cwd=path.parent, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise CommandError("Comparing with a git version needs the `git` program on PATH.", USAGE) from exc
    if shown.returncode != 0:
        raise CommandError(f"Cannot read {path.name} at git reference {ref!r}: {shown.stderr.strip()}", USAGE)
    filename = f"{path}@{ref}"
    return module_from_text(path.stem, shown.stdout, filename)


def _file_of(name: str) -> Path:
    """The source file of the importable module ``name`` (for ``diff --base-git`` by import name)."""
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is None or not found.origin or not found.origin.endswith(".py"):
        raise CommandError(f"Cannot find the source file of module {name!r} to read its git version.", USAGE)
    return Path(found.origin)


def module_from_text(name: str, text: str, filename: str) -> types.ModuleType:
    """A module named ``name`` made from source ``text``; ``filename`` names it in tracebacks and inspect."""
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    module = types.ModuleType(name)
    module.__file__ = filename
    previous = sys.modules.get(name)
    sys.modules[name] = module  # while it runs: dataclasses and the like look their module up
    try:
        exec(compile(text, filename, "exec", dont_inherit=True), module.__dict__)
    except Exception as exc:
        raise _import_failed(filename, exc) from exc
    finally:
        if previous is None:
            del sys.modules[name]
        else:
            sys.modules[name] = previous
    return module


def read_values(items: Iterable[str], option: str) -> dict[str, Any]:
    """Merge ``KEY=VALUE`` pairs and ``.json``/``.toml`` files, later ones winning."""
    values: dict[str, Any] = {}
    for item in items:
        path = Path(item)
        if "=" not in item or path.is_file():
            values.update(_read_file(path, option))
            continue
        key, _, raw = item.partition("=")
        key = key.strip()
        if not key.isidentifier():
            raise CommandError(f"{option} {item!r}: {key!r} is not a valid name; write {option} KEY=VALUE.", USAGE)
        values[key] = _parse_value(raw)
    return values


def _parse_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _read_file(path: Path, option: str) -> dict[str, Any]:
    if not path.is_file():
        raise CommandError(f"{option} {str(path)!r} is neither KEY=VALUE nor an existing .json or .toml file.", USAGE)
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            raise CommandError(f"{option} {str(path)!r}: read .json and .toml files only.", USAGE)
    except (ValueError, OSError) as exc:
        raise CommandError(f"{option} {str(path)!r} does not parse: {exc}", USAGE) from exc
    if not isinstance(data, dict):
        raise CommandError(
            f"{option} {str(path)!r} holds a {type(data).__name__}; it must hold an object of name -> value.", USAGE
        )
    return data
