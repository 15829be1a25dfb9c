"""``setup_logging``: log to the console, as the original's ``hamilton.log_setup`` does."""

from __future__ import annotations

import logging
import sys

__all__ = ["LOG_LEVELS", "setup_logging"]

LOG_LEVELS = {
    "CRITICAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
}


def setup_logging(log_level: int = logging.INFO) -> None:
    """Send log records to standard output at ``log_level``, unless the root logger is already set up.

    Unlike the original, numpy's floating-point warnings are left as they are: the core imports no numpy.
    """
    root = logging.getLogger("")
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(asctime)s %(name)s(%(lineno)s): %(message)s"))
    root.addHandler(handler)
    root.setLevel(log_level)
