"""The ``hamilton`` command: its group, global options, and the commands plugins add.

Built-in commands live in ``hamilton_cli.commands``. A plugin adds one through the
``hamilton_register_commands`` hook; it is listed in ``hamilton --help`` and imported
only when it runs. Every error becomes a message on stderr and an exit code (see
``hamilton_cli.errors``); ``--traceback`` shows the traceback as well.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from typing import Any

import click

from hamilton_cli import commands
from hamilton_cli.errors import DATAFLOW_FAILED, CommandError

__all__ = ["cli", "main"]

_BUILTIN = {command.name: command for command in commands.COMMANDS}


class _HamiltonGroup(click.Group):
    """The built-in commands, then those plugins register (a built-in name stays built-in)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*_BUILTIN, *sorted(set(_plugin_entries()) - set(_BUILTIN))]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = _BUILTIN.get(cmd_name)
        if command is not None:
            return command
        entry = _plugin_entries().get(cmd_name)
        if entry is None:
            return None
        return _load_plugin_command(entry)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # plugin commands are described by their registration, so help imports none of them
        entries = _plugin_entries()
        rows = [(name, command.get_short_help_str(60)) for name, command in _BUILTIN.items()]
        rows += [
            (name, f"{entries[name].description} [{entries[name].distribution}]".strip())
            for name in sorted(set(entries) - set(_BUILTIN))
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _plugin_entries() -> dict[str, Any]:
    from hamilton import registry

    return registry.entries("command")


def _load_plugin_command(entry: Any) -> click.Command:
    where = f"the command {entry.name!r} of plugin {entry.plugin!r} (distribution {entry.distribution})"
    try:
        command = entry.load()
    except Exception as exc:
        raise CommandError(f"Cannot load {where}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(command, click.Command) and type(command).__name__ == "Typer":
        import typer.main  # a typer app: typer builds on click

        command = typer.main.get_command(command)
    if not isinstance(command, click.Command):
        raise CommandError(f"Cannot use {where}: it is a {type(command).__name__}, not a click.Command.")
    return command


def _versions(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    for distribution in ("hamilton-core", "hamilton-cli"):
        try:
            click.echo(f"{distribution} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            click.echo(f"{distribution} (not installed)")
    ctx.exit()


@click.group(cls=_HamiltonGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_versions, help="Show versions and exit."
)
@click.option("--traceback", is_flag=True, help="On an error, show the full traceback too.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Run, validate, view, list and diff a Hamilton dataflow.

    MODULE arguments are .py files or importable module names. Exit codes: 0 done,
    1 the dataflow failed (or diff --exit-code found differences), 2 the command line was wrong.
    """
    ctx.obj = {"traceback": traceback}


def main(argv: list[str] | None = None) -> int:
    """Run the ``hamilton`` command; return its exit code."""
    show_traceback = "--traceback" in (sys.argv[1:] if argv is None else argv)
    try:
        # outside standalone mode click returns an Exit's code (and a command's return value, always None here)
        code = cli.main(args=argv, prog_name="hamilton", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        # the reader left early (`hamilton list ... | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return DATAFLOW_FAILED
    except click.Abort:
        click.echo("Aborted.", err=True)
        return DATAFLOW_FAILED
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except CommandError as exc:
        if show_traceback:
            import traceback

            traceback.print_exception(exc.__cause__ or exc, file=sys.stderr)
        if exc.json:
            click.echo(exc.as_json(), err=True)
        else:
            click.echo(f"hamilton: error: {exc.message}", err=True)
        return exc.exit_code
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
