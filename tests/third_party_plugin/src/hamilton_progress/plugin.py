"""A text-table result builder and a progress log of finished nodes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hamilton.plugins import hookimpl

#: (run_id, node name) of every node finished in this process, in order
FINISHED: list[tuple[str, str]] = []


class TextTableResult:
    """The outputs as ``name | value`` lines."""

    @staticmethod
    def build_result(**outputs: Any) -> str:
        width = max((len(name) for name in outputs), default=0)
        return "\n".join(f"{name.ljust(width)} | {value!r}" for name, value in outputs.items())


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    register("text_table", TextTableResult, description="outputs as aligned text lines")


@hookimpl
def hamilton_after_node(run_id: str, node: Any, error: BaseException | None) -> None:
    if error is None:
        FINISHED.append((run_id, node.name))
