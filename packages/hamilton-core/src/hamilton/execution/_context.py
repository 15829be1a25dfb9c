"""``RunContext``: one execution's state and the helpers an executor needs to act like the core's loop."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from hamilton.errors import NodeExecutionError, PluginError, attach_error, node_error
from hamilton.hookspecs import Computed
from hamilton.node import Node
from hamilton.plan import Plan, Step

__all__ = ["NodeCall", "RunContext", "raise_node_error"]

if TYPE_CHECKING:
    from hamilton.execution._hooks import Lifecycle


class RunContext:
    """One execution: its id, its plan, the values computed so far, and the Driver's hooks.

    ``values`` maps names to values: it starts with the inputs, overrides and config
    keys the plan reads, and an executor stores each node's value under its name.
    """

    __slots__ = ("_lifecycle", "plan", "run_id", "values")

    def __init__(self, run_id: str, plan: Plan, values: dict[str, Any], lifecycle: Lifecycle) -> None:
        self.run_id = run_id
        self.plan = plan
        self.values = values
        self._lifecycle = lifecycle

    @property
    def wants_results(self) -> bool:
        """Whether an after-node hook takes ``result``: only then must a remote executor bring every value back."""
        return self._lifecycle.takes_result

    @property
    def node_plugins(self) -> list[str]:
        """The plugins computing nodes their own way (plain ``hamilton_execute_node`` implementations), named.

        They run where the node runs; an executor that runs nodes in other processes
        cannot honour them and should refuse to start (see ``hamilton.executors``).
        """
        return list(self._lifecycle.node_plugins)

    @property
    def has_node_wrappers(self) -> bool:
        """Whether ``hamilton_execute_node`` wrappers are installed (see ``open_node``)."""
        chain = self._lifecycle.chain
        return chain is not None and bool(chain.wrappers)

    def kwargs_for(self, step: Step) -> dict[str, Any]:
        """The keyword arguments of ``step``'s callable, from the values so far."""
        values = self.values
        return {dep: values[dep] for dep in step.deps}

    def before_node(self, node: Node, kwargs: Mapping[str, Any], item_index: tuple[int, ...] | None = None) -> None:
        """Fire ``hamilton_before_node``; a plugin that raises raises a ``PluginError``.

        ``item_index`` is the index of the ``Parallelizable`` item the node runs for, if any.
        """
        before = self._lifecycle.before_node
        if before is not None:
            before(self.run_id, node, kwargs, item_index)

    def after_node(
        self,
        node: Node,
        kwargs: Mapping[str, Any],
        result: Any,
        error: BaseException | None,
        duration: float,
        item_index: tuple[int, ...] | None = None,
    ) -> None:
        """Fire ``hamilton_after_node``.

        After a success, a plugin that raises raises a ``PluginError``. After a failure
        (``error`` set) it is attached to ``error`` instead, so the node's error is the one raised.
        """
        after = self._lifecycle.after_node
        if after is None:
            return
        if error is None:
            after(self.run_id, node, kwargs, result, None, duration, item_index)
            return
        try:
            after(self.run_id, node, kwargs, result, error, duration, item_index)
        except Exception as hook_error:
            attach_error(error, hook_error)

    def call_node(self, node: Node, kwargs: dict[str, Any]) -> Any:
        """Compute one node through the ``hamilton_execute_node`` chain (or directly if there is none)."""
        chain = self._lifecycle.chain
        if chain is None:
            return node.callable(**kwargs)
        return chain.call(node, kwargs, self.run_id)

    def open_node(self, node: Node, kwargs: dict[str, Any], compute: Callable[[Node, dict[str, Any]], Any]) -> NodeCall:
        """Start one node through the wrappers, for an executor that computes it elsewhere.

        The wrappers run here, up to their ``yield``; if one answers (a cache hit),
        ``NodeCall.answered`` is true and nothing needs computing. Otherwise compute the
        node (in a worker) and hand the value or error to ``NodeCall.finish``.
        ``compute(node, kwargs)`` must compute it synchronously: a wrapper's
        ``call_inner`` (a retry) uses it. Refuse plain implementations first
        (``node_plugins``): they cannot follow a node elsewhere.
        """
        return NodeCall(self._lifecycle, node, kwargs, self.run_id, compute)

    def run_step(self, step: Step) -> Any:
        """Compute ``step`` with every per-node hook, store its value, raise a failure as a node error.

        A block's step (``step.block`` set) runs all the block's items here, one after
        another, and stores the lists it gathers; it returns ``None``.
        """
        if step.block is not None:
            from hamilton.execution._items import ItemError, raise_item_error, run_block

            try:
                run_block(step.block, self.values, self if self._lifecycle.per_node else None)
            except ItemError as failure:
                raise_item_error(failure)
            return None
        node = step.node
        kwargs = self.kwargs_for(step)
        self.before_node(node, kwargs)
        start = time.perf_counter()
        try:
            value = self.call_node(node, kwargs)
        except Exception as exc:
            self.fail_node(node, kwargs, exc, time.perf_counter() - start)
        self.after_node(node, kwargs, value, None, time.perf_counter() - start)
        self.values[step.name] = value
        return value

    def fail_node(self, node: Node, kwargs: Mapping[str, Any] | None, exc: Exception, duration: float) -> NoReturn:
        """Report that ``node`` raised ``exc``: fire ``hamilton_after_node`` with it, then raise it as a node error."""
        self.after_node(node, kwargs or {}, None, exc, duration)
        raise_node_error(node.name, exc)

    def outputs(self) -> dict[str, Any]:
        """The requested outputs, by name, from the values."""
        values = self.values
        return {name: values[name] for name in self.plan.outputs}


class NodeCall:
    """One node on its way through the ``hamilton_execute_node`` wrappers (see ``RunContext.open_node``)."""

    __slots__ = ("_answer", "_chain", "_node", "_suspended")

    def __init__(
        self,
        lifecycle: Lifecycle,
        node: Node,
        kwargs: dict[str, Any],
        run_id: str,
        compute: Callable[[Node, dict[str, Any]], Any],
    ) -> None:
        self._chain = lifecycle.chain
        self._node = node
        self._suspended: list[tuple[Generator[Any, Any, Any], Any]] = []
        self._answer: Computed | None = None
        if self._chain is not None:
            self._suspended, self._answer = self._chain.enter(0, node, kwargs, run_id, compute)

    @property
    def answered(self) -> bool:
        """Whether a wrapper answered: ``finish()`` gives the value, nothing needs computing."""
        return self._answer is not None

    def finish(self, value: Any = None, error: BaseException | None = None) -> Any:
        """Hand the computed ``value`` (or the ``error`` computing it raised) to the wrappers; their final value.

        Raises what the wrappers raise (the node's error unless one of them recovers).
        """
        if self._chain is None:
            if error is not None:
                raise error
            return value
        if self._answer is not None:
            return self._chain.unwind(self._suspended, self._node, self._answer, None).value
        if error is not None:
            return self._chain.unwind(self._suspended, self._node, None, error).value
        return self._chain.unwind(self._suspended, self._node, Computed(value), None).value


def raise_node_error(node_name: str, exc: BaseException) -> NoReturn:
    """Raise ``exc`` as the error of node ``node_name`` (see ``hamilton.errors.node_error``).

    An error hamilton already named (a nested Driver's node, a plugin's) is raised as it is.
    """
    if isinstance(exc, NodeExecutionError | PluginError):
        raise exc
    raise node_error(node_name, exc) from exc
