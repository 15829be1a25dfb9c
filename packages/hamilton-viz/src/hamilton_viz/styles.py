"""How each role looks, shared by the Graphviz and Mermaid pictures so both read alike.

A node's role (computed, input, config, override) picks its shape and fill; a requested
output additionally gets a thick green border, whatever its role.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hamilton import drawing

__all__ = [
    "OUTPUT_BORDER",
    "OUTPUT_LEGEND",
    "OUTPUT_PENWIDTH",
    "ROLE_ORDER",
    "Look",
    "details",
    "legend_table",
    "roles_present",
]


@dataclass(frozen=True)
class Look:
    """The style of one role, and what the legend calls it."""

    legend: str
    fill: str
    border: str
    dot_shape: str = "box"
    rounded: bool = False
    dashed: bool = False
    bold: bool = False


LOOKS: dict[str, Look] = {
    drawing.FUNCTION: Look("computed", "#dbe9f6", "#2c6aa0", rounded=True),
    drawing.INPUT: Look("external input", "#ffffff", "#595959", dashed=True),
    drawing.CONFIG: Look("config value", "#fff4cc", "#a67c00", dot_shape="note"),
    drawing.OVERRIDE: Look("overridden (value given)", "#fde0c5", "#c05a00", bold=True),
}
OUTPUT_LEGEND = "requested output"
OUTPUT_BORDER = "#1b7f3b"
OUTPUT_PENWIDTH = 3
ROLE_ORDER = (drawing.INPUT, drawing.CONFIG, drawing.OVERRIDE, drawing.FUNCTION)

_SHORT_VALUE = 32


def details(node: drawing.NodeView, config: Mapping[str, Any]) -> list[str]:
    """The small lines under a node's name: its type, the config branch it came from, a config value."""
    lines = [node.type_name] if node.type_name else []
    if node.config_branch:
        lines.append(f"when {node.config_branch}")
    if node.role == drawing.CONFIG and node.name in config:
        shown = _short_value(config[node.name])
        if shown is not None:
            lines.append(f"= {shown}")
    return lines


def _short_value(value: Any) -> str | None:
    """``repr`` of a plain scalar that fits on a node; ``None`` for anything else (a DataFrame...)."""
    if value is None or isinstance(value, bool | int | float | str):
        text = repr(value)
        return text if len(text) <= _SHORT_VALUE else text[: _SHORT_VALUE - 1] + "…"
    return None


def roles_present(nodes: list[drawing.NodeView]) -> list[str]:
    """The roles of ``nodes``, in legend order."""
    present = {node.role for node in nodes}
    return [role for role in ROLE_ORDER if role in present]


def legend_table(title: str, samples: list[tuple[str, str, str, int, str]]) -> str:
    """A legend as a Graphviz HTML label: ``title``, then a swatch and its text per sample.

    Each sample is ``(text, fill, border colour, border width, style attribute)``, the style
    being ``' STYLE="dashed"'``, ``' STYLE="rounded"'`` or ``""``.
    """
    rows = [f'<TR><TD COLSPAN="2"><B>{html.escape(title)}</B></TD></TR>']
    for text, fill, border, width, style in samples:
        rows.append(
            f'<TR><TD BORDER="{width}"{style} COLOR="{border}" BGCOLOR="{fill}" WIDTH="24"> </TD>'
            f'<TD ALIGN="LEFT">{html.escape(text)}</TD></TR>'
        )
    return (
        '<<TABLE BORDER="1" STYLE="rounded" COLOR="#8c8c8c" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>>"
    )
