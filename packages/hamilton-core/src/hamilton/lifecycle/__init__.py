"""Class-style lifecycle adapters with the original library's method names.

Subclass one, implement its method, pass an instance in the Driver's ``adapter``
list; each base class turns its hook into the matching ``hamilton_*`` hookimpl,
so these combine with any other plugin::

    class Printer(lifecycle.NodeExecutionHook):
        def run_before_node_execution(self, *, node_name, **future_kwargs):
            print("running", node_name)

        def run_after_node_execution(self, *, node_name, success, **future_kwargs):
            print("done", node_name, success)
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any

from hamilton.hookspecs import Computed
from hamilton.node import Node
from hamilton.plugins import hookimpl

__all__ = ["GraphExecutionHook", "NodeExecutionHook", "NodeExecutionMethod", "ResultBuilder"]


class NodeExecutionHook(abc.ABC):
    """Called before and after each node."""

    @abc.abstractmethod
    def run_before_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_kwargs: dict[str, Any],
        node_return_type: type,
        task_id: str | None,
        run_id: str,
        node_input_types: dict[str, Any],
        **future_kwargs: Any,
    ) -> None:
        """A node is about to run."""

    @abc.abstractmethod
    def run_after_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_kwargs: dict[str, Any],
        node_return_type: type,
        result: Any,
        error: Exception | None,
        success: bool,
        task_id: str | None,
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """A node ran (``success`` tells whether it raised ``error``)."""

    @hookimpl
    def hamilton_before_node(
        self, run_id: str, node: Node, kwargs: Mapping[str, Any], item_index: tuple[int, ...] | None
    ) -> Any:
        return self.run_before_node_execution(
            node_name=node.name,
            node_tags=node.tags,
            node_kwargs=kwargs,
            node_return_type=node.type,
            task_id=_task_id(item_index),
            run_id=run_id,
            node_input_types=node.dependencies,
        )

    @hookimpl
    def hamilton_after_node(
        self,
        run_id: str,
        node: Node,
        kwargs: Mapping[str, Any],
        result: Any,
        error: BaseException | None,
        item_index: tuple[int, ...] | None,
    ) -> Any:
        return self.run_after_node_execution(
            node_name=node.name,
            node_tags=node.tags,
            node_kwargs=kwargs,
            node_return_type=node.type,
            result=result,
            error=error,
            success=error is None,
            task_id=_task_id(item_index),
            run_id=run_id,
        )


def _task_id(item_index: tuple[int, ...] | None) -> str | None:
    """The original's ``task_id``: ``None`` for a node that runs once, ``"item-3"`` (``"item-3.1"`` nested) per item."""
    return None if item_index is None else "item-" + ".".join(map(str, item_index))


class GraphExecutionHook(abc.ABC):
    """Called before and after a whole execution."""

    @abc.abstractmethod
    def run_before_graph_execution(
        self,
        *,
        final_vars: list[str],
        inputs: dict[str, Any],
        overrides: dict[str, Any],
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """An execution starts."""

    @abc.abstractmethod
    def run_after_graph_execution(
        self,
        *,
        success: bool,
        error: Exception | None,
        results: dict[str, Any] | None,
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """An execution ended."""

    @hookimpl
    def hamilton_before_run(
        self, run_id: str, final_vars: list[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any]
    ) -> Any:
        return self.run_before_graph_execution(
            final_vars=list(final_vars), inputs=dict(inputs), overrides=dict(overrides), run_id=run_id
        )

    @hookimpl
    def hamilton_after_run(self, run_id: str, results: Mapping[str, Any] | None, error: BaseException | None) -> Any:
        return self.run_after_graph_execution(
            success=error is None, error=error, results=None if results is None else dict(results), run_id=run_id
        )


class NodeExecutionMethod(abc.ABC):
    """Replaces how a node is called (a custom executor)."""

    @abc.abstractmethod
    def run_to_execute_node(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_callable: Any,
        node_kwargs: dict[str, Any],
        task_id: str | None,
        **future_kwargs: Any,
    ) -> Any:
        """Compute the node; usually ``node_callable(**node_kwargs)`` with something around it."""

    @hookimpl
    def hamilton_execute_node(self, node: Node, kwargs: dict[str, Any]) -> Computed:
        return Computed(
            self.run_to_execute_node(
                node_name=node.name, node_tags=node.tags, node_callable=node.callable, node_kwargs=kwargs, task_id=None
            )
        )


class ResultBuilder(abc.ABC):
    """Builds what ``execute`` returns (an instance-method twin of ``base.ResultMixin``)."""

    @abc.abstractmethod
    def build_result(self, **outputs: Any) -> Any:
        """Build the result from the requested outputs, by name."""

    @hookimpl
    def hamilton_build_result(self, outputs: dict[str, Any]) -> Computed:
        return Computed(self.build_result(**outputs))
