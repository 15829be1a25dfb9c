"""The ``graphviz`` visualizer: a ``graphviz.Digraph`` of a DagView, styled by role, with a legend."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import graphviz
from hamilton import drawing

from hamilton_viz import rendering, styles

__all__ = ["LARGE_VIEW", "LEGEND_NODE", "ORIENTATIONS", "VISUALIZER", "GraphvizVisualizer", "build_digraph"]

ORIENTATIONS = ("LR", "TB", "RL", "BT")
LEGEND_NODE = "(legend)"  # parentheses never appear in a function's name
# Past this many nodes, dot's crossing minimisation dominates; fewer passes keep 1,000+ nodes in seconds.
LARGE_VIEW = 300
_LARGE_VIEW_ATTRS = {"mclimit": "0.2", "nslimit": "2", "nslimit1": "2", "remincross": "false"}

_GRAPH_ATTRS = {"fontname": "Helvetica", "fontsize": "16", "labelloc": "t", "nodesep": "0.25", "ranksep": "0.45"}
_NODE_ATTRS = {"fontname": "Helvetica", "fontsize": "12", "margin": "0.15,0.06", "penwidth": "1.2"}
_EDGE_ATTRS = {"color": "#555555", "arrowsize": "0.7"}
_EXTERNAL_EDGE = {"style": "dashed", "color": "#8c8c8c"}


class GraphvizVisualizer:
    """Draws a DagView with Graphviz: DOT source plus an image rendered by the ``dot`` program."""

    def draw(
        self,
        view: drawing.DagView,
        output_file_path: str | None,
        render_kwargs: Mapping[str, Any],
        *,
        orient: str = "LR",
        show_legend: bool = True,
        graphviz_kwargs: Mapping[str, Any] | None = None,
    ) -> graphviz.Digraph:
        """The picture of ``view``; written (see ``rendering``) unless ``output_file_path`` is ``None``.

        :param orient: the direction data flows: ``"LR"`` (default), ``"TB"``, ``"RL"`` or ``"BT"``.
        :param show_legend: add a legend of the styles the picture uses.
        :param graphviz_kwargs: keyword arguments for ``graphviz.Digraph``; its ``graph_attr``,
            ``node_attr`` and ``edge_attr`` are merged over this visualizer's.
        """
        digraph = build_digraph(view, orient=orient, show_legend=show_legend, graphviz_kwargs=graphviz_kwargs)
        if output_file_path is not None:
            rendering.render(digraph, output_file_path, render_kwargs)
        return digraph


def build_digraph(
    view: drawing.DagView,
    orient: str = "LR",
    show_legend: bool = True,
    graphviz_kwargs: Mapping[str, Any] | None = None,
) -> graphviz.Digraph:
    """The ``graphviz.Digraph`` of ``view``; renders nothing."""
    if orient not in ORIENTATIONS:
        raise ValueError(f"orient={orient!r} is not a Graphviz direction; use one of {', '.join(ORIENTATIONS)}.")
    kwargs = dict(graphviz_kwargs or {})
    graph_attr = {**_GRAPH_ATTRS, "rankdir": orient, "label": view.title}
    if len(view.nodes) > LARGE_VIEW:
        graph_attr.update(_LARGE_VIEW_ATTRS)
    digraph = graphviz.Digraph(
        name=view.title or "dag",
        graph_attr={**graph_attr, **kwargs.pop("graph_attr", {})},
        node_attr={**_NODE_ATTRS, **kwargs.pop("node_attr", {})},
        edge_attr={**_EDGE_ATTRS, **kwargs.pop("edge_attr", {})},
        **kwargs,
    )
    external = set()
    for node in view.nodes:
        digraph.node(node.name, _label(node, view.config), **_node_attrs(node))
        if node.role in (drawing.INPUT, drawing.CONFIG):
            external.add(node.name)
    plain, dashed = _edge_attrs_text(None), _edge_attrs_text(_EXTERNAL_EDGE)
    digraph.body.extend(
        f"\t{_quote(tail)} -> {_quote(head)}{dashed if tail in external else plain}\n" for tail, head in view.edges
    )
    if show_legend:
        digraph.node(LEGEND_NODE, _legend(view), shape="plain", fontsize="10")
    return digraph


def _label(node: drawing.NodeView, config: Mapping[str, Any]) -> str:
    """An HTML-like label: the name in bold, then small grey lines (type, config branch, value)."""
    lines = [f"<b>{html.escape(node.name)}</b>"]
    lines.extend(
        f'<font point-size="10" color="#444444">{html.escape(line)}</font>' for line in styles.details(node, config)
    )
    return "<" + "<br/>".join(lines) + ">"


def _node_attrs(node: drawing.NodeView) -> dict[str, str]:
    look = styles.LOOKS[node.role]
    style = ["filled"]
    if look.rounded:
        style.append("rounded")
    if look.dashed:
        style.append("dashed")
    if look.bold:
        style.append("bold")
    attrs = {"shape": look.dot_shape, "style": ",".join(style), "fillcolor": look.fill, "color": look.border}
    if node.is_output:
        attrs.update(color=styles.OUTPUT_BORDER, penwidth=str(styles.OUTPUT_PENWIDTH))
    if node.doc:
        attrs["tooltip"] = node.doc
    return attrs


def _legend(view: drawing.DagView) -> str:
    """One table node listing each style the picture uses, with a swatch of it."""
    samples = [(styles.LOOKS[role], 1) for role in styles.roles_present(view.nodes)]
    if any(node.is_output for node in view.nodes):
        output = styles.LOOKS[drawing.FUNCTION]
        samples.append((styles.Look(styles.OUTPUT_LEGEND, output.fill, styles.OUTPUT_BORDER), styles.OUTPUT_PENWIDTH))
    return styles.legend_table(
        "Legend",
        [(look.legend, look.fill, look.border, width + look.bold, _style(look)) for look, width in samples],
    )


def _style(look: styles.Look) -> str:
    return ' STYLE="dashed"' if look.dashed else ' STYLE="rounded"' if look.rounded else ""


def _quote(name: str) -> str:
    """A DOT ID for any node name, always quoted: ``graphviz.Digraph.edge`` would read ``a:b`` as a port."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _edge_attrs_text(attrs: Mapping[str, str] | None) -> str:
    if not attrs:
        return ""
    return " [" + " ".join(f"{key}={_quote(value)}" for key, value in attrs.items()) + "]"


#: the instance the plugin registers (by reference, so listing plugins imports no graphviz)
VISUALIZER = GraphvizVisualizer()
