"""The core's sequential loop: every step in plan order, values dropped after their last reader."""

from __future__ import annotations

from time import perf_counter
from typing import Any

from hamilton.execution._context import RunContext, raise_node_error
from hamilton.execution._items import ItemError, raise_item_error, run_block
from hamilton.plan import CALL_BLOCK, CALL_NONE, CALL_ONE, CALL_POSITIONAL

__all__ = ["run_sequential"]


def run_sequential(context: RunContext) -> dict[str, Any]:
    """Run ``context.plan`` in this thread, one step after another; return the outputs."""
    if context._lifecycle.per_node:
        return _run_with_hooks(context)
    values = context.values
    name = ""
    try:
        for name, fn, how, args, release in context.plan.calls:
            if how == CALL_ONE:
                values[name] = fn(values[args])
            elif how == CALL_POSITIONAL:
                values[name] = fn(*args(values))
            elif how == CALL_NONE:
                values[name] = fn()
            elif how == CALL_BLOCK:
                run_block(fn, values, None)
            else:
                values[name] = fn(**{dep: values[dep] for dep in args})
            for released in release:
                del values[released]
    except ItemError as failure:
        raise_item_error(failure)
    except Exception as exc:
        raise_node_error(name, exc)
    return context.outputs()


def _run_with_hooks(context: RunContext) -> dict[str, Any]:
    """The same loop with per-node hooks: only the work the installed hooks need is done."""
    lifecycle = context._lifecycle
    values, run_id = context.values, context.run_id
    before, after, chain = lifecycle.before_node, lifecycle.after_node, lifecycle.chain
    timed, needs_kwargs = lifecycle.timed, lifecycle.needs_kwargs
    start = 0.0
    kwargs: dict[str, Any] | None = None
    for step, (name, fn, how, args, release) in zip(context.plan.steps, context.plan.calls, strict=True):
        if how == CALL_BLOCK:
            try:
                run_block(fn, values, context)
            except ItemError as failure:
                raise_item_error(failure)
            for released in release:
                del values[released]
            continue
        node = step.node
        if needs_kwargs:
            kwargs = {dep: values[dep] for dep in step.deps}
        if before is not None:
            before(run_id, node, kwargs, None)
        if timed:
            start = perf_counter()
        try:
            if chain is not None:
                value = chain.call(node, kwargs, run_id)  # type: ignore[arg-type]
            elif how == CALL_ONE:
                value = fn(values[args])
            elif how == CALL_POSITIONAL:
                value = fn(*args(values))
            elif how == CALL_NONE:
                value = fn()
            else:
                value = fn(**{dep: values[dep] for dep in args})
        except Exception as exc:
            context.fail_node(node, kwargs, exc, perf_counter() - start if timed else 0.0)
        if after is not None:
            after(run_id, node, kwargs, value, None, perf_counter() - start if timed else 0.0, None)
        values[name] = value
        for released in release:
            del values[released]
    return context.outputs()
