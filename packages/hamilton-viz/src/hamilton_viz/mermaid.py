"""The ``mermaid`` visualizer: Mermaid flowchart text, for Markdown (GitHub, GitLab, docs sites).

It needs no program. The text is written at ``output_file_path`` when that ends in ``.mmd``,
``.mermaid`` or ``.md`` (a ``.md`` file gets the text inside a ```` ```mermaid ```` fence),
else at ``output_file_path + ".mmd"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hamilton import drawing

from hamilton_viz import styles

__all__ = ["ORIENTATIONS", "TEXT_SUFFIXES", "VISUALIZER", "MermaidDiagram", "MermaidVisualizer", "flowchart"]

ORIENTATIONS = ("LR", "TB", "RL", "BT")
TEXT_SUFFIXES = (".mmd", ".mermaid", ".md")

# Mermaid node shapes by role: (opening, closing) around the quoted label.
_SHAPES = {
    drawing.FUNCTION: ("(", ")"),  # rounded box
    drawing.INPUT: ("[/", "/]"),  # parallelogram
    drawing.CONFIG: ("{{", "}}"),  # hexagon
    drawing.OVERRIDE: ("[[", "]]"),  # box with bars: a value put in place of a node
}
# Mermaid entity codes, so a label's text never closes the quotes or opens a tag.
_ENTITIES = str.maketrans({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"})


class MermaidDiagram:
    """Mermaid text; ``str()`` gives it, and notebooks show it as a Markdown ```` ```mermaid ```` block."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"MermaidDiagram({self.source!r})"

    def markdown(self) -> str:
        """The text in a fenced ``mermaid`` block, ready to paste into Markdown."""
        return f"```mermaid\n{self.source}```\n"

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def save(self, path: str | Path) -> Path:
        """Write the text to ``path`` (fenced when it ends in ``.md``) and return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.markdown() if path.suffix == ".md" else self.source, encoding="utf-8")
        return path


class MermaidVisualizer:
    """Draws a DagView as a Mermaid flowchart, styled like the Graphviz pictures."""

    def draw(
        self,
        view: drawing.DagView,
        output_file_path: str | None,
        render_kwargs: Mapping[str, Any],
        *,
        orient: str = "LR",
        show_legend: bool = True,
    ) -> MermaidDiagram:
        """The flowchart of ``view``; written unless ``output_file_path`` is ``None``.

        :param render_kwargs: only ``format="mermaid"`` means something here; Mermaid text needs no rendering.
        :param orient: the direction data flows: ``"LR"`` (default), ``"TB"``, ``"RL"`` or ``"BT"``.
        :param show_legend: add a legend of the styles the picture uses.
        """
        unexpected = {k: v for k, v in render_kwargs.items() if (k, v) != ("format", "mermaid")}
        if unexpected:
            raise ValueError(
                f"The mermaid visualizer writes text and renders nothing, so render_kwargs={unexpected!r} "
                f"cannot apply; pass {{}} (or use the graphviz visualizer for images)."
            )
        diagram = MermaidDiagram(flowchart(view, orient=orient, show_legend=show_legend))
        if output_file_path is not None:
            path = Path(output_file_path)
            diagram.save(path if path.suffix in TEXT_SUFFIXES else path.with_name(path.name + ".mmd"))
        return diagram


def flowchart(view: drawing.DagView, orient: str = "LR", show_legend: bool = True) -> str:
    """The Mermaid ``flowchart`` text of ``view``."""
    if orient not in ORIENTATIONS:
        raise ValueError(f"orient={orient!r} is not a Mermaid direction; use one of {', '.join(ORIENTATIONS)}.")
    ids = {node.name: f"n{i}" for i, node in enumerate(view.nodes)}
    lines = [f"flowchart {orient}"]
    if view.title:
        lines.insert(0, f"---\ntitle: {json.dumps(view.title)}\n---")
    lines.extend(f"    {ids[node.name]}{_node(node, view.config)}" for node in view.nodes)
    external = {node.name for node in view.nodes if node.role in (drawing.INPUT, drawing.CONFIG)}
    lines.extend(f"    {ids[tail]} {'-.->' if tail in external else '-->'} {ids[head]}" for tail, head in view.edges)
    if show_legend:
        lines.extend(_legend(view))
    lines.extend(_class_definitions())
    for role in styles.roles_present(view.nodes):
        members = [ids[node.name] for node in view.nodes if node.role == role]
        lines.append(f"    class {','.join(members)} {role}")
    outputs = [ids[node.name] for node in view.nodes if node.is_output]
    if outputs and show_legend:
        outputs.append("legend_output")
    if outputs:
        lines.append(f"    class {','.join(outputs)} output")
    return "\n".join(lines) + "\n"


def _node(node: drawing.NodeView, config: Mapping[str, Any]) -> str:
    opening, closing = _SHAPES[node.role]
    label = "<br/>".join([f"<b>{_text(node.name)}</b>", *(f"<i>{_text(d)}</i>" for d in styles.details(node, config))])
    return f'{opening}"{label}"{closing}'


def _legend(view: drawing.DagView) -> list[str]:
    lines = ['    subgraph legend["Legend"]', "        direction TB"]
    for role in styles.roles_present(view.nodes):
        opening, closing = _SHAPES[role]
        lines.append(f'        legend_{role}{opening}"{_text(styles.LOOKS[role].legend)}"{closing}:::{role}')
    if any(node.is_output for node in view.nodes):
        lines.append(f'        legend_output("{styles.OUTPUT_LEGEND}"):::{drawing.FUNCTION}')
    lines.append("    end")
    return lines


def _class_definitions() -> list[str]:
    lines = []
    for role, look in styles.LOOKS.items():
        style = f"fill:{look.fill},stroke:{look.border},color:#000"
        if look.dashed:
            style += ",stroke-dasharray:5 3"
        if look.bold:
            style += ",stroke-width:2px"
        lines.append(f"    classDef {role} {style}")
    lines.append(f"    classDef output stroke:{styles.OUTPUT_BORDER},stroke-width:{styles.OUTPUT_PENWIDTH}px")
    return lines


def _text(text: str) -> str:
    return text.translate(_ENTITIES)


#: the instance the plugin registers (by reference, so listing plugins imports no graphviz)
VISUALIZER = MermaidVisualizer()
