"""Running a plan: what an executor plugin works with.

- ``RunContext``: one execution's values and the helpers that make an executor behave
  exactly like the core's sequential loop (per-node hooks, the node-wrapper chain,
  failures named).
- ``NodeCall``: one node going through the wrappers, for executors that compute it elsewhere.
- ``run_sequential``: the core's own loop, the default ``hamilton_execute_plan``.
- ``raise_node_error``: how an executor reports that a node raised.

The plan itself (``Plan``, ``Step``, ``ReadyQueue``) is in ``hamilton.plan``.
"""

from hamilton.execution._context import NodeCall, RunContext, raise_node_error
from hamilton.execution._sequential import run_sequential

__all__ = ["NodeCall", "RunContext", "raise_node_error", "run_sequential"]
