"""The built-in commands: ``run``, ``validate``, ``view``, ``list``, ``diff`` and ``plugins``."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from hamilton_cli import diffing, loading, output
from hamilton_cli.errors import DATAFLOW_FAILED, USAGE, CommandError, describe_error

__all__ = ["COMMANDS"]

MERMAID_SUFFIXES = (".mmd", ".mermaid", ".md")


# ------------------------------------------------------------------ shared options


def _modules(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("modules", nargs=-1, required=True, metavar="MODULE...")(f)


def _config(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config", "-c", "config", multiple=True, metavar="KEY=VALUE|FILE", help="Config the DAG is built with."
    )(f)


def _run_values(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--overrides",
        multiple=True,
        metavar="KEY=VALUE|FILE",
        help="Values that replace nodes (nothing upstream runs).",
    )(f)
    f = click.option("--inputs", "-i", multiple=True, metavar="KEY=VALUE|FILE", help="Run-time inputs.")(f)
    return click.option(
        "--outputs",
        "-o",
        multiple=True,
        metavar="A,B",
        help="Outputs to compute (default: every node no other node reads).",
    )(f)


def _adapters(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--adapter",
        "-a",
        "adapters",
        multiple=True,
        metavar="NAME",
        help="A registered adapter (threads, progress...).",
    )(f)


def _format(choices: Sequence[str], default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "-f",
        "format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


@contextlib.contextmanager
def _reporting(json_errors: bool) -> Iterator[None]:
    """Turn any error of the dataflow into a ``CommandError`` (a message and an exit code)."""
    try:
        yield
    except CommandError as exc:
        exc.json = json_errors
        raise
    except (click.ClickException, click.exceptions.Exit):
        raise
    except Exception as exc:
        error = describe_error(exc)
        error.json = json_errors
        raise error from exc


def _build(modules: Sequence[str], config: Sequence[str], adapters: Sequence[str] = ()) -> Any:
    from hamilton import driver

    loaded = loading.load_modules(modules)
    return driver.Driver(loading.read_values(config, "--config"), *loaded, adapter=list(adapters) or None)


def _output_names(dr: Any, outputs: Sequence[str]) -> list[str]:
    names = [name.strip() for item in outputs for name in item.split(",") if name.strip()]
    if names:
        return names
    graph = dr.graph
    return [name for name in graph.nodes if not graph.consumers.get(name)]


# -------------------------------------------------------------------------- run


@click.command()
@_modules
@_config
@_run_values
@_adapters
@_format(output.FORMATS, "table")
@click.option("--to", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file, not to stdout.")
def run(
    modules: tuple[str, ...],
    config: tuple[str, ...],
    outputs: tuple[str, ...],
    inputs: tuple[str, ...],
    overrides: tuple[str, ...],
    adapters: tuple[str, ...],
    format: str,
    to: Path | None,
) -> None:
    """Run the dataflow and print or write its outputs."""
    from rich.console import Console

    with _reporting(format == "json"):
        output.check_format(format, to)
        dr = _build(modules, config, adapters)
        names = _output_names(dr, outputs)
        values = dr.raw_execute(
            names,
            inputs=loading.read_values(inputs, "--inputs"),
            overrides=loading.read_values(overrides, "--overrides"),
        )
        output.write_outputs(values, format, to, Console(file=sys.stdout))
        if to is not None:
            click.echo(f"wrote {to}", err=True)


# --------------------------------------------------------------------- validate


@click.command()
@_modules
@_config
@_run_values
@_format(("text", "json"), "text")
def validate(
    modules: tuple[str, ...],
    config: tuple[str, ...],
    outputs: tuple[str, ...],
    inputs: tuple[str, ...],
    overrides: tuple[str, ...],
    format: str,
) -> None:
    """Check that the outputs can be computed; run nothing.

    Every problem is listed at once.

    Inputs given as values have their types checked too. Exits 1 when there are problems.
    """
    from hamilton.errors import ExecutionError, GraphError

    with _reporting(format == "json"):
        problems: list[str] = []
        missing: dict[str, list[str]] = {}
        names: list[str] = []
        try:
            dr = _build(modules, config)
            names = _output_names(dr, outputs)
            dr.validate_execution(
                names,
                inputs=loading.read_values(inputs, "--inputs"),
                overrides=loading.read_values(overrides, "--overrides"),
            )
        except ExecutionError as exc:
            problems = list(exc.problems)
            missing = dict(getattr(exc, "missing", {}))
            if missing:
                problems[0] += "\nOn the command line, give them with --inputs NAME=VALUE or --inputs FILE.json."
        except (GraphError, TypeError) as exc:  # the DAG itself cannot be built
            problems = [str(exc)]
        if format == "json":
            report = {"valid": not problems, "outputs": names, "problems": problems, "missing": missing}
            click.echo(json.dumps(report, indent=2))
        elif not problems:
            click.echo(f"valid: {', '.join(names)} can be computed.")
        if problems:
            if format != "json":
                click.echo(f"invalid: {len(problems)} problem(s)", err=True)
                for problem in problems:
                    click.echo("- " + problem.replace("\n", "\n  "), err=True)
            raise click.exceptions.Exit(DATAFLOW_FAILED)


# ------------------------------------------------------------------------- view


@click.command()
@_modules
@_config
@_run_values
@click.option(
    "--to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("dag.png"),
    show_default=True,
    help="The picture's path; its suffix picks the format (.png, .svg, .pdf; .mmd or .md for Mermaid).",
)
@click.option("--visualizer", metavar="NAME", help="A registered visualizer (graphviz, mermaid).")
@click.option("--orient", type=click.Choice(["LR", "TB", "RL", "BT"]), default="LR", show_default=True)
def view(
    modules: tuple[str, ...],
    config: tuple[str, ...],
    outputs: tuple[str, ...],
    inputs: tuple[str, ...],
    overrides: tuple[str, ...],
    to: Path,
    visualizer: str | None,
    orient: str,
) -> None:
    """Draw the dataflow (all, or what --outputs needs) to a file."""
    with _reporting(False):
        dr = _build(modules, config)
        options: dict[str, Any] = {"orient": orient}
        if visualizer is None and to.suffix in MERMAID_SUFFIXES:
            visualizer = "mermaid"
        if visualizer is not None:
            options["visualizer"] = visualizer
        to.parent.mkdir(parents=True, exist_ok=True)
        if outputs:
            dr.visualize_execution(
                _output_names(dr, outputs),
                str(to),
                {},
                inputs=loading.read_values(inputs, "--inputs"),
                overrides=loading.read_values(overrides, "--overrides"),
                **options,
            )
        else:
            dr.display_all_functions(str(to), {}, **options)
        click.echo(f"wrote {to}")


# ------------------------------------------------------------------------- list


@click.command(name="list")
@_modules
@_config
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Only nodes with this tag.")
@_format(("table", "json"), "table")
def list_nodes(modules: tuple[str, ...], config: tuple[str, ...], tags: tuple[str, ...], format: str) -> None:
    """List nodes and inputs with type, tags and doc."""
    with _reporting(format == "json"):
        dr = _build(modules, config)
        wanted = loading.read_values(tags, "--tag")
        rows = [
            {
                "name": v.name,
                "kind": "input" if v.is_external_input else "node",
                "type": _type_name(v.type),
                "tags": {k: output.to_jsonable(t) for k, t in v.tags.items()},
                "doc": v.doc,
            }
            for v in dr.list_available_variables()
            if all(str(v.tags.get(k)) == str(t) for k, t in wanted.items())
        ]
        if format == "json":
            click.echo(json.dumps(rows, indent=2))
            return
        from rich.console import Console

        cells = [
            [
                row["name"],
                row["kind"],
                row["type"],
                ", ".join(f"{k}={v}" for k, v in row["tags"].items()),
                row["doc"].partition("\n")[0],
            ]
            for row in rows
        ]
        Console(file=sys.stdout).print(output.rich_table(["name", "kind", "type", "tags", "doc"], cells))


def _type_name(annotation: Any) -> str:
    """``int``, ``pandas.Series``, ``list[float]``: the annotation as a reader writes it."""
    import typing

    from hamilton.errors import param_type_name

    if typing.get_origin(annotation) is not None:
        return repr(annotation).replace("typing.", "")
    return param_type_name(annotation)


# ------------------------------------------------------------------------- diff


@click.command()
@_modules
@_config
@click.option(
    "--base-config", multiple=True, metavar="KEY=VALUE|FILE", help="Compare with the DAG built with this config."
)
@click.option("--base-module", "base_modules", multiple=True, metavar="PATH", help="Compare with these module files.")
@click.option("--base-git", metavar="REF", help="Compare with the modules as committed at this git reference.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (like git diff --exit-code).")
@_format(("table", "json"), "table")
def diff(
    modules: tuple[str, ...],
    config: tuple[str, ...],
    base_config: tuple[str, ...],
    base_modules: tuple[str, ...],
    base_git: str | None,
    exit_code: bool,
    format: str,
) -> None:
    """Nodes added, removed or changed since a base dataflow.

    Changed means changed in code; nodes downstream of a change are listed as affected.

    The base is the same modules under --base-config, other module files (--base-module),
    or the modules as committed at --base-git REF (HEAD when no --base option is given).
    """
    from hamilton import driver

    with _reporting(format == "json"):
        if base_modules and base_git:
            raise CommandError("Pass --base-module or --base-git, not both.", USAGE)
        if not (base_config or base_modules or base_git):
            base_git = "HEAD"
        current_config = loading.read_values(config, "--config")
        current = driver.Driver(current_config, *loading.load_modules(modules))
        if base_modules:
            base_loaded = [_module_file(path) for path in base_modules]
        elif base_git:
            base_loaded = [loading.at_git_ref(spec, base_git) for spec in modules]
        else:
            base_loaded = list(current.modules)
        base_values = loading.read_values(base_config, "--base-config") if base_config else current_config
        base = driver.Driver(base_values, *base_loaded)
        found = diffing.diff_drivers(base, current)
        if format == "json":
            click.echo(json.dumps(output.to_jsonable(found.as_dict()), indent=2))
        else:
            _print_diff(found)
        if exit_code and found:
            raise click.exceptions.Exit(DATAFLOW_FAILED)


def _module_file(path: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"No module file {path!r}: the path does not exist.", USAGE)
    return loading.module_from_text(file.stem, file.read_text(encoding="utf-8"), str(file.resolve()))


def _print_diff(found: diffing.DataflowDiff) -> None:
    if not found:
        click.echo("No differences.")
        return
    from rich.console import Console

    rows = [["config", key, f"{d['base']!r} -> {d['current']!r}"] for key, d in found.as_dict()["config"].items()]
    rows += [[change.kind, change.name, "; ".join(change.details)] for change in found.nodes]
    Console(file=sys.stdout).print(output.rich_table(["change", "name", "details"], rows))


# ---------------------------------------------------------------------- plugins


@click.command()
@_format(("table", "json"), "table")
def plugins(format: str) -> None:
    """List installed plugins and the names they register.

    The JSON is what `python -m hamilton plugins` prints.
    """
    from hamilton.registry import listing

    with _reporting(format == "json"):
        found = listing()
        if format == "json":
            click.echo(json.dumps(found, indent=2))
            return
        from rich.console import Console

        console = Console(file=sys.stdout)
        rows = [[p["name"], p["distribution"], p["version"], p["error"] or "loaded"] for p in found["plugins"]]
        console.print(output.rich_table(["plugin", "distribution", "version", "status"], rows, title="plugins"))
        rows = [
            [kind.removesuffix("s").replace("_", " "), name, entry["distribution"], entry["description"]]
            for kind in ("result_builders", "adapters", "visualizers", "commands")
            for name, entry in found[kind].items()
        ]
        header = ["kind", "name", "distribution", "description"]
        console.print(output.rich_table(header, rows, title="registered names"))


COMMANDS: tuple[click.Command, ...] = (run, validate, view, list_nodes, diff, plugins)
