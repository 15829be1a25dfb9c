"""Command-line options the ``hamilton.testing`` pytest plugin adds."""

from __future__ import annotations

import multiprocessing

import pytest

__all__ = ["pytest_addoption", "pytest_configure"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mp-start-method",
        choices=multiprocessing.get_all_start_methods(),
        default=None,
        help="run process pools with this multiprocessing start method (fork, forkserver, spawn) "
        "instead of the platform's default, to prove tests hold under each",
    )


def pytest_configure(config: pytest.Config) -> None:
    method = config.getoption("--mp-start-method", default=None)
    if method:
        multiprocessing.set_start_method(method, force=True)
