"""The Driver's drawing methods: which part of the DAG to draw, handed to a visualizer plugin.

The visualizer is the one named by the ``visualizer=`` option, else the one named by
``render_kwargs["format"]`` when that is a visualizer's name (``"mermaid"``), else the
registry's default (``"graphviz"`` from hamilton-viz).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hamilton.errors import ExecutionError
from hamilton.installing import install_hint
from hamilton.plan import compile_plan

__all__ = ["VisualizationMixin"]

if TYPE_CHECKING:
    from hamilton.drawing import DagView
    from hamilton.graph import Graph

# hamilton.drawing is imported inside each method: it is needed only when drawing, and
# keeping it (with dataclasses and inspect) off `import hamilton.driver` keeps that import light.


class VisualizationMixin:
    """``visualize_execution``, ``display_all_functions`` and friends; they run no node.

    In Jupyter, a Driver shows as the picture of its whole DAG (``_repr_mimebundle_``);
    elsewhere, as a one-line summary.
    """

    graph: Graph
    modules: tuple[Any, ...]

    def __repr__(self) -> str:
        inputs = [name for name in self.graph.external if name not in self.graph.config]
        shown = ", ".join(inputs[:5]) + (", ..." if len(inputs) > 5 else "")
        modules = ", ".join(module.__name__ for module in self.modules) or "no module"
        return (
            f"<{type(self).__name__} of {modules}: {len(self.graph.nodes)} nodes, "
            f"{len(inputs)} input{'' if len(inputs) == 1 else 's'}{f' ({shown})' if inputs else ''}>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The picture of the whole DAG for notebooks (SVG with hamilton-viz), with the summary as text."""
        bundle: dict[str, Any] = {"text/plain": repr(self)}
        try:
            picture = self.display_all_functions()
            render = getattr(picture, "_repr_mimebundle_", None)
            if render is not None:
                bundle.update(render(include=include, exclude=exclude))
            elif hasattr(picture, "_repr_markdown_"):
                bundle["text/markdown"] = picture._repr_markdown_()
        except Exception as exc:  # no visualizer, no `dot` program: say why instead of a picture
            bundle["text/plain"] += f"\n(no picture: {exc})"
        return bundle

    def _names(self, final_vars: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def _known(self, names: Iterable[str]) -> list[str]:
        raise NotImplementedError

    def _unknown_output(self, name: str, suggestions: list[str]) -> str:
        raise NotImplementedError

    def _draw(self, view: DagView, output_file_path: str | None, render_kwargs: Any, options: dict[str, Any]) -> Any:
        from hamilton import registry  # loads plugins: only when drawing

        render_kwargs = dict(render_kwargs or {})
        name = options.pop("visualizer", None)
        if name is None and render_kwargs.get("format") in registry.visualizers():
            name = render_kwargs.pop("format")  # format="mermaid": a visualizer's name picks that visualizer
        if name is None:
            try:
                visualizer = registry.default("visualizer").load()
            except LookupError:
                raise ImportError(
                    f"Drawing the DAG needs a visualizer plugin, hamilton-viz: {install_hint('hamilton-viz')}; "
                    f"images also need the graphviz system package."
                ) from None
        else:
            visualizer = registry.lookup("visualizer", name, package_hint="hamilton-viz")
        return visualizer.draw(view, output_file_path, render_kwargs, **options)

    def visualize_execution(
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        output_file_path: str | None,
        render_kwargs: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Draw exactly the nodes ``execute`` would run for these arguments; runs nothing."""
        from hamilton import drawing

        plan = compile_plan(
            self.graph, self._names(final_vars), dict(inputs or {}).keys(), dict(overrides or {}).keys()
        )
        if plan.unknown:
            raise ExecutionError([self._unknown_output(name, close) for name, close in plan.unknown.items()])
        return self._draw(drawing.view_of_plan(self.graph, plan), output_file_path, render_kwargs, options)

    def display_all_functions(
        self, output_file_path: str | None = None, render_kwargs: Mapping[str, Any] | None = None, **options: Any
    ) -> Any:
        """Draw the whole DAG."""
        from hamilton import drawing

        view = drawing.view_of(self.graph, drawing.all_names(self.graph), title="all functions")
        return self._draw(view, output_file_path, render_kwargs, options)

    def display_upstream_of(
        self,
        *node_names: str,
        output_file_path: str | None = None,
        render_kwargs: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Draw the given nodes and everything they depend on."""
        from hamilton import drawing

        names = self.graph.upstream(self._known(node_names))
        view = drawing.view_of(self.graph, names, outputs=node_names, title="upstream of " + ", ".join(node_names))
        return self._draw(view, output_file_path, render_kwargs, options)

    def display_downstream_of(
        self,
        *node_names: str,
        output_file_path: str | None = None,
        render_kwargs: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Draw the given nodes and everything that depends on them."""
        from hamilton import drawing

        names = self.graph.downstream(self._known(node_names))
        view = drawing.view_of(self.graph, names, title="downstream of " + ", ".join(node_names))
        return self._draw(view, output_file_path, render_kwargs, options)

    def visualize_path_between(
        self,
        upstream_node_name: str,
        downstream_node_name: str,
        output_file_path: str | None = None,
        render_kwargs: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Draw the nodes on the paths from one node to another."""
        from hamilton import drawing

        self._known([upstream_node_name, downstream_node_name])
        names = drawing.path_between(self.graph, upstream_node_name, downstream_node_name)
        if not names:
            raise ValueError(f"No path leads from {upstream_node_name!r} to {downstream_node_name!r}.")
        view = drawing.view_of(
            self.graph, names, outputs=[downstream_node_name], title=f"{upstream_node_name} to {downstream_node_name}"
        )
        return self._draw(view, output_file_path, render_kwargs, options)
