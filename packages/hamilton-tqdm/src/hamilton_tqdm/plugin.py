"""The entry-point plugin: offers the progress bar by name (``adapter="tqdm"``), and no hook of its own."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_adapters"]


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register("tqdm", "hamilton_tqdm.progress:ProgressBar", description="a tqdm progress bar of the nodes run")
