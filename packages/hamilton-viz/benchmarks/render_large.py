"""How long drawing a large DAG takes: building the picture, and rendering it with `dot`.

python packages/hamilton-viz/benchmarks/render_large.py [--n 1000 2000] [--repeat 3]

The DAG is layered like benchmarks/gen_dag.py's ``layered`` shape: sqrt(n) layers, each
node reading 3 random nodes of the layer before. Prints the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import math
import random
import tempfile
import time
from functools import partial
from pathlib import Path

from hamilton import driver
from hamilton.testing import module_from_source


def layered_source(n: int, k: int = 3, seed: int = 0) -> str:
    rng = random.Random(seed)
    layers = max(1, round(math.sqrt(n)))
    sizes = [n // layers + (1 if i < n % layers else 0) for i in range(layers)]
    functions = [f"def l0_{i}(x: int) -> int:\n    return x + {i}\n" for i in range(sizes[0])]
    for layer in range(1, layers):
        for i in range(sizes[layer]):
            deps = [f"l{layer - 1}_{d}" for d in rng.sample(range(sizes[layer - 1]), min(k, sizes[layer - 1]))]
            params = ", ".join(f"{d}: int" for d in deps)
            functions.append(f"def l{layer}_{i}({params}) -> int:\n    return {' + '.join(deps)}\n")
    return "\n".join(functions)


def best(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'nodes':>6} {'edges':>6} {'digraph':>9} {'mermaid':>9} {'svg':>8} {'png':>8}")
    with tempfile.TemporaryDirectory() as out:
        for n in args.n:
            dr = driver.Driver({}, module_from_source(f"render_large_{n}", layered_source(n)))
            edges = sum(len(node.dependencies) for node in dr.graph.nodes.values())
            digraph = best(args.repeat, dr.display_all_functions)
            mermaid = best(args.repeat, partial(dr.display_all_functions, visualizer="mermaid"))
            svg = best(args.repeat, partial(dr.display_all_functions, str(Path(out) / "dag.svg")))
            png = best(args.repeat, partial(dr.display_all_functions, str(Path(out) / "dag.png")))
            print(f"{n:>6} {edges:>6} {digraph:>8.3f}s {mermaid:>8.3f}s {svg:>7.2f}s {png:>7.2f}s", flush=True)


if __name__ == "__main__":
    main()
