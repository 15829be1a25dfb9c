"""Notebook magics: ``%%cell_to_module`` turns a cell into a module and builds a Driver from it.

Load with ``%load_ext hamilton_viz`` (or ``%load_ext hamilton_viz.jupyter``), then::

    %%cell_to_module my_flow --display --execute
    def a() -> int:
        return 1

    def b(a: int) -> int:
        return a + 1

The cell runs once, as the module ``my_flow``; its functions and the module are put in
the notebook's namespace, and so is the Driver, as ``my_flow_dr``. Options:

- ``-c/--config``: the Driver's config: a variable holding a dict, a JSON object, or
  ``key=value,key2=value2`` (values read as JSON when they parse, else as text);
- ``-a/--adapter VAR``: a variable holding the Driver's adapter (or a list of them);
- ``-d/--display [VAR]``: show the DAG (what ``--execute`` runs, when given); ``VAR``
  holds keyword arguments for the drawing (``{"orient": "TB"}``);
- ``-x/--execute [VAR]``: run the nodes listed in ``VAR`` (every node if no ``VAR``) with
  ``-i/--inputs VAR`` and ``-o/--overrides VAR``; each result is put in the namespace under
  its node's name, and shown too with ``--show_results``;
- ``-w/--write_to_file [PATH]``: also save the cell as ``PATH`` (``NAME.py`` by default).

Only this module imports IPython, and only when a notebook loads it.
"""

from __future__ import annotations

import json
import linecache
import sys
import types
from pathlib import Path
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

__all__ = ["HamiltonMagics", "load_ipython_extension", "module_from_cell"]


def load_ipython_extension(ipython: Any) -> None:
    """Called by ``%load_ext``: registers ``%%cell_to_module``."""
    ipython.register_magics(HamiltonMagics)


def module_from_cell(name: str, source: str) -> types.ModuleType:
    """A module named ``name`` made from a cell's ``source``, registered in ``sys.modules``.

    Its text is kept in ``linecache`` so tracebacks and ``inspect.getsource`` show the cell.
    """
    if not name.isidentifier():
        raise UsageError(f"{name!r} cannot be a module name; use letters, digits and underscores.")
    filename = f"<cell_to_module {name}>"
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) != filename:
        raise UsageError(f"{name!r} is the name of an imported module; name the cell's module otherwise.")
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module
    exec(compile(source, filename, "exec", dont_inherit=True), module.__dict__)
    return module


@magics_class
class HamiltonMagics(Magics):
    """``%%cell_to_module``, as the original Hamilton's notebook extension spells it."""

    @magic_arguments()
    @argument("name", help="Name of the module this cell becomes.")
    @argument("-c", "--config", help="Config: a variable holding a dict, a JSON object, or key=value,key=value.")
    @argument("-a", "--adapter", help="A variable holding the Driver's adapter (or a list of them).")
    @argument("-d", "--display", nargs="?", const=True, help="Show the DAG; VAR holds drawing options.")
    @argument("-x", "--execute", nargs="?", const=True, help="Run the nodes listed in VAR (all if no VAR).")
    @argument("-i", "--inputs", help="A variable holding the inputs dict.")
    @argument("-o", "--overrides", help="A variable holding the overrides dict.")
    @argument("--show_results", action="store_true", help="Show each result under the cell.")
    @argument("-w", "--write_to_file", nargs="?", const=True, help="Also save the cell (NAME.py by default).")
    @cell_magic
    def cell_to_module(self, line: str, cell: str) -> None:
        """Turn this cell into a module, build a Driver from it (``NAME_dr``), and optionally draw and run it."""
        from hamilton import driver

        args = parse_argstring(self.cell_to_module, line)
        config = self._config(args.config)
        adapter = self._variable(args.adapter, "--adapter") if args.adapter else None
        inputs = self._variable(args.inputs, "--inputs") if args.inputs else {}
        overrides = self._variable(args.overrides, "--overrides") if args.overrides else {}
        drawing = self._variable(args.display, "--display") if isinstance(args.display, str) else {}
        if args.write_to_file:
            path = Path(args.write_to_file if isinstance(args.write_to_file, str) else f"{args.name}.py")
            path.write_text(cell, encoding="utf-8")
        module = module_from_cell(args.name, cell)
        self.shell.push({key: value for key, value in vars(module).items() if not key.startswith("__")})
        dr = driver.Driver(config, module, adapter=adapter)
        self.shell.push({args.name: module, f"{args.name}_dr": dr})
        final_vars: list[str] = []
        if args.execute:
            if isinstance(args.execute, str):
                final_vars = list(self._variable(args.execute, "--execute"))
            else:
                final_vars = [v.name for v in dr.list_available_variables() if not v.is_external_input]
        if args.display:
            from IPython.display import display

            if final_vars:
                picture = dr.visualize_execution(final_vars, None, {}, inputs=inputs, overrides=overrides, **drawing)
            else:
                picture = dr.display_all_functions(None, {}, **drawing)
            display(picture)
        if final_vars:
            results = dr.raw_execute(final_vars, inputs=inputs, overrides=overrides)
            self.shell.push(results)
            if args.show_results:
                from IPython.display import display

                display(*results.values())

    def _variable(self, name: str, option: str) -> Any:
        namespace = self.shell.user_ns
        if name not in namespace:
            raise UsageError(f"{option} {name}: no variable {name!r} in the notebook's namespace.")
        return namespace[name]

    def _config(self, text: str | None) -> dict[str, Any]:
        if text is None:
            return {}
        if text.isidentifier() and text in self.shell.user_ns:
            return dict(self.shell.user_ns[text])
        text = text.strip("'\"")
        if text.startswith("{"):
            try:
                return dict(json.loads(text))
            except ValueError as exc:
                raise UsageError(f"--config {text}: not a JSON object ({exc}).") from exc
        config: dict[str, Any] = {}
        for pair in text.split(","):
            key, equals, raw = pair.partition("=")
            if not equals or not key.strip().isidentifier():
                raise UsageError(f"--config {text}: write a variable name, a JSON object or key=value,key=value.")
            try:
                config[key.strip()] = json.loads(raw)
            except ValueError:
                config[key.strip()] = raw.strip()
        return config
