"""What decorators cost: when the Driver is built, and (nothing, we expect) per undecorated node at execute.

Runs in any interpreter with a ``hamilton`` (this project's or sf-hamilton 1.88.0), on modules
made from source:

- ``build``: a Driver over ``--functions`` functions, each plain or each with one decorator
  (``@tag``, ``@config.when``, ``@parameterize`` of 2 outputs, ``@extract_fields`` of 2 fields,
  ``@check_output(range=...)``, ``@pipe_input`` and ``@pipe_output`` of 2 steps, ``@does``, a
  ``@subdag`` of 2 functions); prints the median build time and the cost per function above plain.
- ``execute``: a layered DAG of ``--nodes`` plain integer nodes, alone and next to as many decorated
  functions (checks and pipes nobody asks for); prints the best execute time of the plain outputs
  in CPU seconds (``time.process_time``) and the cost per node: decorated neighbours should add none.

    python benchmarks/decorators.py [--functions 1000] [--nodes 10000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import types

from hamilton import base, driver

HEADER = """
from hamilton.function_modifiers import (
    check_output, config, does, extract_fields, parameterize, pipe_input, pipe_output, source, step, subdag, tag, value,
)

def _plus(x: int, n: int = 1) -> int:
    return x + n

def _add_all(**values: int) -> int:
    return sum(values.values())

def _inner_a(x: int) -> int:
    return x + 1

def _inner_b(_inner_a: int) -> int:
    return _inner_a * 2
"""

# one function named f{i}, reading seed, under each decorator
DECORATED = {
    "plain": "def f{i}(seed: int) -> int:\n    return seed + {i}\n",
    "tag": "@tag(owner='team')\ndef f{i}(seed: int) -> int:\n    return seed + {i}\n",
    "config.when": "@config.when(mode='on')\ndef f{i}__on(seed: int) -> int:\n    return seed + {i}\n",
    "parameterize": (
        "@parameterize(f{i}_a=dict(k=value(1)), f{i}_b=dict(k=value(2)))\ndef f{i}(seed: int, k: int) -> int:\n"
        "    return seed + k\n"
    ),
    "extract_fields": (
        "@extract_fields({{'f{i}_a': int, 'f{i}_b': int}})\ndef f{i}(seed: int) -> dict:\n"
        "    return {{'f{i}_a': seed, 'f{i}_b': {i}}}\n"
    ),
    "check_output": "@check_output(range=(0, 10**9))\ndef f{i}(seed: int) -> int:\n    return seed + {i}\n",
    "pipe_input": "@pipe_input(step(_plus), step(_plus, n=value(2)))\ndef f{i}(seed: int) -> int:\n    return seed\n",
    "pipe_output": "@pipe_output(step(_plus), step(_plus, n=value(2)))\ndef f{i}(seed: int) -> int:\n    return seed\n",
    "does": "@does(_add_all)\ndef f{i}(seed: int, n{i}: int = 1) -> int:\n    pass\n",
    "subdag": (
        "@subdag(_inner_a, _inner_b, inputs={{'x': source('seed')}})\ndef f{i}(_inner_b: int) -> int:\n"
        "    return _inner_b\n"
    ),
}

_count = 0


def module(source: str) -> types.ModuleType:
    global _count
    _count += 1
    made = types.ModuleType(f"bench_decorators_{_count}")
    sys.modules[made.__name__] = made  # decorators may read the module of a function
    exec(compile(source, made.__name__, "exec", dont_inherit=True), made.__dict__)  # no postponed annotations
    return made


def build_times(functions: int, repeats: int) -> dict[str, float]:
    """Median seconds to build a Driver over ``functions`` functions, per decorator."""
    times = {}
    driver.Driver({}, module("def warm(x: int) -> int:\n    return x\n"))  # plugins load with the first Driver
    for name, template in DECORATED.items():
        source = HEADER + "\n".join(template.format(i=i) for i in range(functions))
        samples = []
        for _ in range(repeats):
            made = module(source)  # a fresh module: nothing cached from the previous build
            start = time.perf_counter()
            driver.Driver({"mode": "on"}, made, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
            samples.append(time.perf_counter() - start)
        times[name] = statistics.median(samples)
    return times


def layered_source(nodes: int, seed: int = 0) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    layers = max(1, round(nodes**0.5))
    per_layer = nodes // layers
    lines, previous, index = [], [], 0
    for _ in range(layers):
        current = []
        for _ in range(per_layer):
            name = f"n{index}"
            index += 1
            reads = rng.sample(previous, min(3, len(previous))) if previous else []
            params = ", ".join(f"{r}: int" for r in reads) or "seed: int"
            body = " + ".join(reads) or "seed"
            lines.append(f"def {name}({params}) -> int:\n    return ({body}) % 1000003\n")
            current.append(name)
        previous = current
    return "\n".join(lines), previous


def execute_times(nodes: int, repeats: int) -> dict[str, float]:
    """Best CPU seconds to execute a plain layered DAG, alone and beside as many decorated functions."""
    plain, outputs = layered_source(nodes)
    neighbours = "\n".join(DECORATED["check_output" if i % 2 else "pipe_output"].format(i=i) for i in range(nodes))
    drivers = {
        label: driver.Driver({}, module(source), adapter=base.SimplePythonGraphAdapter(base.DictResult()))
        for label, source in (("plain DAG", plain), ("beside decorated functions", HEADER + plain + "\n" + neighbours))
    }
    samples: dict[str, list[float]] = {label: [] for label in drivers}
    for dr in drivers.values():
        dr.raw_execute(outputs, inputs={"seed": 1})  # plans are compiled once: time the runs after
    for _ in range(repeats):  # alternate, so that a busy moment weighs on both alike
        for label, dr in drivers.items():
            start = time.process_time()
            dr.raw_execute(outputs, inputs={"seed": 1})
            samples[label].append(time.process_time() - start)
    return {label: min(times) for label, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    builds = build_times(args.functions, args.repeats)
    for name, seconds in builds.items():
        extra = (seconds - builds["plain"]) / args.functions * 1e6
        print(
            json.dumps(
                {
                    "case": f"build, {name}",
                    "ms": round(seconds * 1e3, 1),
                    "us_per_function_above_plain": round(extra, 1),
                }
            )
        )
    runs = execute_times(args.nodes, args.repeats)
    for name, seconds in runs.items():
        print(
            json.dumps(
                {
                    "case": f"execute {args.nodes} plain nodes, {name}",
                    "ms": round(seconds * 1e3, 1),
                    "us_per_node": round(seconds / args.nodes * 1e6, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
