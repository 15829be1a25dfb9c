"""What one lifecycle hook, and one node wrapper, cost per node: run in any interpreter with a `hamilton`.

The same layered DAG (10,000 integer nodes, each reading 3 nodes of the layer before) runs
(``raw_execute``: the outputs as a dict), plain and then with:

- ``after-node hook``: ours, a plugin implementing ``hamilton_after_node(node, duration)``; the
  original has no such plugin, so there a ``lifecycle.NodeExecutionHook`` stands in;
- ``class-style hook``: a ``lifecycle.NodeExecutionHook`` (before and after each node), the
  original's class-style API, which both implementations offer;
- ``node wrapper``: ours, a ``@hookimpl(wrapper=True)`` ``hamilton_execute_node``; the original has
  no wrapper, so there a ``lifecycle.NodeExecutionMethod`` (which replaces the call) stands in.

Prints one JSON line per case: the best of ``--repeats`` executes in CPU seconds (``time.process_time``,
so other processes on a busy machine count for less) and the cost per node above the plain run.

    python benchmarks/hook_cost.py [--nodes 10000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
import types
from typing import Any

from hamilton import driver, lifecycle


def layered_module(nodes: int, reads: int = 3, seed: int = 0) -> tuple[types.ModuleType, list[str]]:
    """A module of ``nodes`` functions in about sqrt(nodes) layers; returns it and the last layer's names."""
    rng = random.Random(seed)
    layers = max(1, round(nodes**0.5))
    per_layer = nodes // layers
    lines, previous, index = [], [], 0
    for _ in range(layers):
        current = []
        for _ in range(per_layer):
            name = f"n{index}"
            index += 1
            deps = rng.sample(previous, min(reads, len(previous))) if previous else []
            params = ", ".join(f"{d}: int" for d in deps) or "x: int"
            lines.append(f"def {name}({params}) -> int:\n    return ({' + '.join(deps) or 'x'}) % 1000003\n")
            current.append(name)
        previous = current
    module = types.ModuleType("hook_cost_dag")
    exec(compile("\n".join(lines), "<hook_cost_dag>", "exec"), module.__dict__)
    sys.modules[module.__name__] = module
    return module, previous


class NodeHook(lifecycle.NodeExecutionHook):
    def run_before_node_execution(self, **kwargs: Any) -> None:
        pass

    def run_after_node_execution(self, **kwargs: Any) -> None:
        pass


class NodeMethod(lifecycle.NodeExecutionMethod):
    def run_to_execute_node(self, *, node_callable: Any, node_kwargs: dict[str, Any], **kwargs: Any) -> Any:
        return node_callable(**node_kwargs)


def after_node_hook() -> Any:
    """Ours: a plugin with one plain after-node hook; the original's stand-in otherwise."""
    try:
        from hamilton.plugins import hookimpl
    except ImportError:
        return NodeHook()

    class AfterNode:
        @hookimpl
        def hamilton_after_node(self, node: Any, duration: float) -> None:
            pass

    return AfterNode()


def node_wrapper() -> Any:
    """Ours: a wrapper that passes the inner result on; the original's stand-in otherwise."""
    try:
        from hamilton.plugins import hookimpl
    except ImportError:
        return NodeMethod()

    class Wrapper:
        @hookimpl(wrapper=True)
        def hamilton_execute_node(self, node: Any) -> Any:
            result = yield
            return result

    return Wrapper()


def best_of(dr: Any, outputs: list[str], repeats: int) -> float:
    """The fastest of ``repeats`` runs, as a dict of outputs (``raw_execute``: no result building)."""
    dr.raw_execute(outputs, inputs={"x": 1})  # warm: plans compiled, caches filled
    times = []
    for _ in range(repeats):
        start = time.process_time()
        dr.raw_execute(outputs, inputs={"x": 1})
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * args.nodes))  # the original recurses per layer
    logging.disable(logging.WARNING)  # the original warns on every raw_execute
    module, outputs = layered_module(args.nodes)
    import hamilton

    cases = {
        "plain": [],
        "after-node hook": [after_node_hook()],
        "class-style hook": [NodeHook()],
        "node wrapper": [node_wrapper()],
    }
    plain = None
    for case, adapters in cases.items():
        builder = driver.Builder().with_modules(module)
        dr = (builder.with_adapters(*adapters) if adapters else builder).build()
        seconds = best_of(dr, outputs, args.repeats)
        plain = seconds if plain is None else plain
        print(
            json.dumps(
                {
                    "hamilton": getattr(hamilton, "__version__", "?"),
                    "case": case,
                    "nodes": args.nodes,
                    "execute_ms": round(seconds * 1000, 2),
                    "us_per_node_above_plain": round((seconds - plain) / args.nodes * 1e6, 2),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
