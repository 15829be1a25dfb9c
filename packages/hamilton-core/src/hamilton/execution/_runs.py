"""One ``execute`` call from start to end, in the order the hookspecs document."""

from __future__ import annotations

from collections.abc import Mapping
from time import perf_counter
from typing import Any

from hamilton.errors import attach_error
from hamilton.execution._context import RunContext
from hamilton.execution._hooks import Lifecycle
from hamilton.execution._sequential import run_sequential

__all__ = ["execute"]


def execute(
    context: RunContext,
    lifecycle: Lifecycle,
    inputs: Mapping[str, Any],
    overrides: Mapping[str, Any],
    build: bool,
) -> Any:
    """Before-run hooks, the plan's execution, the result (if ``build``), after-run hooks.

    The after-run hooks see a failure too; one that raises then is attached to the
    failure, which stays the error raised.
    """
    run_id, plan = context.run_id, context.plan
    started = perf_counter()
    outputs = None
    try:
        if lifecycle.before_run is not None:
            lifecycle.before_run(run_id, plan, list(plan.outputs), inputs, overrides)
        outputs = _outputs(context, lifecycle)
        result = lifecycle.build_result(outputs=outputs).value if build else outputs
    except BaseException as exc:
        if lifecycle.after_run is not None:
            try:
                lifecycle.after_run(run_id, None, exc, perf_counter() - started)
            except Exception as hook_error:
                attach_error(exc, hook_error)
        raise
    if lifecycle.after_run is not None:
        lifecycle.after_run(run_id, outputs, None, perf_counter() - started)
    return result


def _outputs(context: RunContext, lifecycle: Lifecycle) -> dict[str, Any]:
    if lifecycle.execute_plan is None:
        return run_sequential(context)
    outputs = lifecycle.execute_plan(plan=context.plan, context=context)
    return run_sequential(context) if outputs is None else dict(outputs)
