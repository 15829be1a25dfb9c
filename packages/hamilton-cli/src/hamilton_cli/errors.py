"""What the command line reports when something goes wrong, and with which exit code.

Exit codes, for scripts and CI:

- ``0``: done.
- ``1``: the dataflow failed: it cannot be built, a validation found problems, a node
  raised, a module failed to import (or ``diff --exit-code`` found differences).
- ``2``: the command line itself was wrong: an unknown option, a file that does not
  exist, a value that does not parse.

Errors go to stderr as one readable message, without a traceback (``hamilton
--traceback ...`` shows it); with ``--format json`` they are one JSON object.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["DATAFLOW_FAILED", "OK", "USAGE", "CommandError", "describe_error"]

OK = 0
DATAFLOW_FAILED = 1
USAGE = 2


class CommandError(Exception):
    """An error to report as a message and an exit code, not as a traceback."""

    def __init__(self, message: str, exit_code: int = DATAFLOW_FAILED, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.details = dict(details or {})
        self.json = False  # report as a JSON object (the command was asked for --format json)

    def as_json(self, error_type: str | None = None) -> str:
        """The error as one JSON object: ``{"error": {"type", "message", ...facts}}``."""
        payload = {"type": error_type or type(self.__cause__ or self).__name__, "message": self.message}
        payload.update(self.details)
        return json.dumps({"error": payload}, default=str)


def describe_error(exc: BaseException) -> CommandError:
    """A ``CommandError`` for an error the dataflow raised, with the facts it carries."""
    from hamilton.errors import ExecutionError, HamiltonError, NodeExecutionError

    details: dict[str, Any] = {}
    if isinstance(exc, NodeExecutionError):
        details["node"] = getattr(exc, "node_name", None)
        cause = exc.__cause__
        if cause is not None:
            details["cause"] = f"{type(cause).__name__}: {cause}"
    if isinstance(exc, ExecutionError):
        details["problems"] = list(exc.problems)
    missing = getattr(exc, "missing", None)
    if isinstance(missing, dict):
        details["missing"] = missing
    message = str(exc)
    if isinstance(missing, dict):
        message += "\nOn the command line, give them with --inputs NAME=VALUE or --inputs FILE.json."
    if not isinstance(exc, HamiltonError):
        message = f"{type(exc).__name__}: {exc}"
    error = CommandError(message, DATAFLOW_FAILED, details)
    error.__cause__ = exc
    return error
