"""Running a plan: the sequential loop, the per-node hooks and node errors.

``Lifecycle`` holds the hook callers a Driver's plugins implement, resolved once,
so a run without lifecycle plugins never touches pluggy. ``RunContext`` is one
execution's state: its values (keyed by node name) and the helpers an executor
plugin needs to behave exactly like the sequential loop.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NoReturn

from hamilton.errors import NodeExecutionError
from hamilton.node import Node
from hamilton.plan import CALL_NONE, CALL_ONE, CALL_POSITIONAL, Plan, Step

if TYPE_CHECKING:
    import pluggy


class Lifecycle:
    """The hook callers that have implementations beyond the core's, else ``None``."""

    __slots__ = (
        "after_node",
        "after_node_takes_result",
        "after_run",
        "before_node",
        "before_run",
        "build_result",
        "execute_node",
        "execute_plan",
    )

    def __init__(self, manager: pluggy.PluginManager) -> None:
        hook = manager.hook

        def implemented(caller: Any, ignore_builtin: bool = False) -> Any:
            impls = caller.get_hookimpls()
            if ignore_builtin:
                impls = [i for i in impls if i.plugin_name != "core"]
            return caller if impls else None

        self.before_run = implemented(hook.hamilton_before_run)
        self.after_run = implemented(hook.hamilton_after_run)
        self.before_node = _direct(implemented(hook.hamilton_before_node))
        self.after_node = _direct(implemented(hook.hamilton_after_node))
        # remote executors fetch every node's value back only if some after-node hook reads it
        self.after_node_takes_result = any(
            "result" in impl.argnames for impl in hook.hamilton_after_node.get_hookimpls()
        )
        self.execute_node = implemented(hook.hamilton_execute_node, ignore_builtin=True)
        self.execute_plan = implemented(hook.hamilton_execute_plan)
        self.build_result = hook.hamilton_build_result

    @property
    def per_node(self) -> bool:
        """Whether any plugin acts per node (then the loop goes through ``RunContext.run_step``)."""
        return bool(self.before_node or self.after_node or self.execute_node)


def _direct(caller: Any) -> Any:
    """Per-node notifications without pluggy's call machinery, when no impl wraps.

    Calls each impl in pluggy's order (tryfirst first, then last registered first)
    with just the arguments it names: the same calls, a fraction of the overhead.
    """
    if caller is None:
        return None
    impls = caller.get_hookimpls()
    if any(impl.wrapper or impl.hookwrapper for impl in impls):
        return caller
    order = [(impl.function, impl.argnames) for impl in reversed(impls)]

    def notify(**kwargs: Any) -> None:
        for function, argnames in order:
            function(*[kwargs[name] for name in argnames])

    return notify


class RunContext:
    """One execution: the run id, the values computed so far, and the lifecycle hooks."""

    __slots__ = ("lifecycle", "plan", "run_id", "values")

    def __init__(self, run_id: str, plan: Plan, values: dict[str, Any], lifecycle: Lifecycle) -> None:
        self.run_id = run_id
        self.plan = plan
        self.values = values
        self.lifecycle = lifecycle

    def kwargs_for(self, step: Step) -> dict[str, Any]:
        """The keyword arguments of ``step``'s callable, from the values so far."""
        values = self.values
        return {dep: values[dep] for dep in step.deps}

    def before_node(self, node: Node, kwargs: Mapping[str, Any]) -> None:
        if self.lifecycle.before_node is not None:
            self.lifecycle.before_node(run_id=self.run_id, node=node, kwargs=kwargs)

    def after_node(
        self, node: Node, kwargs: Mapping[str, Any], result: Any, error: BaseException | None, duration: float
    ) -> None:
        if self.lifecycle.after_node is not None:
            self.lifecycle.after_node(
                run_id=self.run_id, node=node, kwargs=kwargs, result=result, error=error, duration=duration
            )

    def call_node(self, node: Node, kwargs: dict[str, Any]) -> Any:
        """Compute one node through the execute-node hook chain (or directly if none)."""
        execute = self.lifecycle.execute_node
        if execute is None:
            return node.callable(**kwargs)
        return execute(node=node, kwargs=kwargs).value

    def run_step(self, step: Step) -> Any:
        """Compute ``step`` with every per-node hook, store its value, raise as a node error."""
        node = step.node
        kwargs = self.kwargs_for(step)
        self.before_node(node, kwargs)
        start = time.perf_counter()
        try:
            value = self.call_node(node, kwargs)
        except Exception as exc:
            self.after_node(node, kwargs, None, exc, time.perf_counter() - start)
            raise_node_error(step.name, exc)
        self.after_node(node, kwargs, value, None, time.perf_counter() - start)
        self.values[step.name] = value
        return value

    def outputs(self) -> dict[str, Any]:
        values = self.values
        return {name: values[name] for name in self.plan.outputs}


def run_sequential(context: RunContext) -> dict[str, Any]:
    """Run every step in order, dropping values no later step reads; return the outputs."""
    values = context.values
    if context.lifecycle.per_node:
        for step in context.plan.steps:
            context.run_step(step)
            for name in step.release:
                del values[name]
        return context.outputs()
    name = ""
    try:
        for name, fn, how, args, release in context.plan.calls:
            if how == CALL_ONE:
                values[name] = fn(values[args])
            elif how == CALL_POSITIONAL:
                values[name] = fn(*args(values))
            elif how == CALL_NONE:
                values[name] = fn()
            else:
                values[name] = fn(**{dep: values[dep] for dep in args})
            for released in release:
                del values[released]
    except Exception as exc:
        raise_node_error(name, exc)
    return context.outputs()


def raise_node_error(node_name: str, exc: Exception) -> NoReturn:
    """Raise an error naming the node, with ``exc`` as its cause (see ``node_error``)."""
    if isinstance(exc, NodeExecutionError):
        raise exc  # already named, by an executor or a nested Driver
    raise node_error(node_name, exc) from exc


def node_error(node_name: str, exc: Exception) -> Exception:
    """An error naming the node, of a type that is both ``NodeExecutionError`` and ``type(exc)``.

    So ``except ValueError`` still catches a node's ``ValueError``. A type whose
    ``__init__`` wants more than a message is built without it (its attributes copied
    from the original); one that cannot be subclassed falls back to a plain
    ``NodeExecutionError``.
    """
    message = f"Node {node_name!r} raised {type(exc).__name__}: {exc}"
    cls = _error_type(type(exc))
    try:
        error = cls(message)
    except Exception:  # an __init__ that wants more than a message
        try:
            error = cls.__new__(cls, message)
            error.args = (message,)
            error.__dict__.update(getattr(exc, "__dict__", {}))
        except Exception:  # give up on the original type, keep the message
            error = _PlainNodeError(message)
    error.node_name = node_name  # type: ignore[attr-defined]
    return error


class _PlainNodeError(NodeExecutionError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@lru_cache(maxsize=256)
def _error_type(original: type[Exception]) -> type[Exception]:
    try:
        return type(
            f"NodeExecutionError[{original.__name__}]",
            (_PlainNodeError, original),
            {"__module__": __name__, "__reduce__": _reduce_plain},
        )
    except TypeError:
        return _PlainNodeError


def _reduce_plain(self: Exception) -> tuple[Any, ...]:
    # dynamic subclasses cannot be pickled by name; send a plain one across processes
    return (_PlainNodeError, self.args)
