"""``python -m hamilton plugins``: what is installed, as JSON (like ``datasette plugins``).

This is the core's own, light command line: it needs nothing but the core. The
``hamilton`` command, with ``run``, ``validate``, ``view``, ``diff`` and the rest, comes
with the hamilton-cli package, which owns the ``hamilton`` console script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hamilton", description="Inspect the hamilton installation.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("plugins", help="list plugins, their distributions, hooks and registered names")
    parser.parse_args(argv)
    from hamilton import registry

    found = registry.listing()
    try:
        json.dump(found, sys.stdout, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader left early (`python -m hamilton plugins | head`): stop quietly, as Unix tools do
        _silence_stdout()
        return 1
    return 0


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
