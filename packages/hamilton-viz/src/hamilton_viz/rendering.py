"""Where the files go, and rendering them with Graphviz's ``dot`` program.

The convention, for ``output_file_path``:

- ``"dag.png"`` (a suffix that is a Graphviz image format: png, svg, pdf, jpg...): the image is
  written there and the DOT source beside it as ``dag.dot``; the format is the suffix.
- anything else, such as the seed's ``"./my_file.dot"``: the DOT source is written there and
  the image beside it with the format appended: ``./my_file.dot.png``. The format comes from
  ``render_kwargs["format"]``, PNG by default.

The other ``render_kwargs`` (``view``, ``cleanup``, ``engine``, ``renderer``...) go to
``graphviz.Digraph.render``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import graphviz

__all__ = ["DEFAULT_FORMAT", "IMAGE_FORMATS", "INSTALL_HINT", "GraphvizNotFoundError", "output_paths", "render"]

DEFAULT_FORMAT = "png"
IMAGE_FORMATS = frozenset(graphviz.FORMATS) - {"dot", "gv", "canon", "xdot", "xdot1.2", "xdot1.4"}

INSTALL_HINT = (
    "Install the Graphviz system package: `apt-get install graphviz` (Debian, Ubuntu), "
    "`dnf install graphviz` (Fedora), `brew install graphviz` (macOS), `choco install graphviz` (Windows) "
    "or `conda install -c conda-forge graphviz`. Or draw Mermaid text, which needs no program: "
    'pass visualizer="mermaid".'
)


class GraphvizNotFoundError(graphviz.ExecutableNotFound):
    """Graphviz's ``dot`` program is not installed; the DOT source was written all the same."""

    #: how to install Graphviz on each platform (or draw Mermaid text instead)
    install_hint = INSTALL_HINT

    def __init__(self, dot_path: Path, image_path: Path) -> None:
        self.dot_path = dot_path
        self.image_path = image_path
        RuntimeError.__init__(
            self,
            f"Cannot render {image_path}: Graphviz's `dot` program is not on PATH. "
            f"The DOT source was written to {dot_path}. {self.install_hint}",
        )


def output_paths(output_file_path: str | Path, format: str | None) -> tuple[Path, Path, str]:
    """``(DOT source path, image path, format)`` for ``output_file_path``, per the module's convention."""
    path = Path(output_file_path)
    suffix = path.suffix[1:].lower()
    if suffix in IMAGE_FORMATS:
        if format is not None and format.lower() != suffix:
            raise ValueError(
                f"output_file_path {str(path)!r} names a .{suffix} image but render_kwargs asks for "
                f"format={format!r}; drop one of the two."
            )
        return path.with_suffix(".dot"), path, suffix
    format = format or DEFAULT_FORMAT
    return path, path.with_name(f"{path.name}.{format}"), format


def render(digraph: graphviz.Digraph, output_file_path: str | Path, render_kwargs: Mapping[str, Any]) -> Path:
    """Write the DOT source and render the image; return the image's path."""
    kwargs = dict(render_kwargs)
    dot_path, image_path, format = output_paths(output_file_path, kwargs.pop("format", None))
    dot_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        digraph.render(filename=dot_path, outfile=image_path, format=format, **kwargs)
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizNotFoundError(dot_path, image_path) from exc
    return image_path
