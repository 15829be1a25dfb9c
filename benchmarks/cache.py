"""What caching costs: ``Builder().with_cache()`` here and in sf-hamilton 1.88.0, side by side.

Two generated DAGs, written to a temporary folder:

- ``int``: 1,000 cheap int nodes in 10 layers of 100; node ``j`` of the first layer reads
  input ``x{j}``, node ``j`` of a later layer nodes ``j - 1``, ``j``, ``j + 1`` of the
  layer above, so that changing ``x0`` changes 100 nodes;
- ``pandas``: 50 nodes in 5 layers of 10 over pandas Series of 100,000 floats, reading
  inputs ``base{j}`` the same way (changing ``base0`` changes 25 nodes).

For each implementation (each in its own interpreter: this one, and the original in a
virtualenv made once under ``.nox/sf-hamilton-1.88.0``) and each DAG, a worker process
measures, as medians over ``--repeats`` rounds:

1. ``uncached``: ``execute`` of every sink, no cache;
2. ``first cached``: the same on an empty cache folder (``write/node`` = its excess over
   ``uncached``, per node);
3. ``all hits``: the same again, every node a hit (``hit/node`` = its time per node);
   then, in a fresh interpreter on the same folder, the first ``execute`` without and
   with the cache (both compile their plan; the cached one also opens the folder and
   versions the code);
4. ``one input changed``: ``x0`` (``base0``) changed, then executed; how many nodes ran.

    python benchmarks/cache.py [--repeats 5] [--dags int,pandas] [--original PYTHON]

Prints a table (medians; for the per-node costs also the best round, less sensitive to a
loaded machine); nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = "sf-hamilton==1.88.0"
INT_NODES, INT_LAYERS = 1000, 10
PANDAS_NODES, PANDAS_LAYERS, PANDAS_ROWS = 50, 5, 100_000


# ----------------------------------------------------------------------- the DAGs


def _layers(n: int, layers: int, prefix: str) -> list[tuple[str, list[str], int, int]]:
    """Node ``j`` of a layer reads nodes ``j - 1``, ``j`` and ``j + 1`` (wrapping) of the layer above."""
    width = n // layers
    out = []
    for layer in range(layers):
        for j in range(width):
            around = sorted({(j - 1) % width, j, (j + 1) % width})
            deps = [] if layer == 0 else [f"{prefix}{layer - 1}_{i}" for i in around]
            out.append((f"{prefix}{layer}_{j}", deps, layer, j))
    return out


def write_dags(folder: Path) -> None:
    """Write ``int_dag.py`` and ``pandas_dag.py`` into ``folder``."""
    lines = ['"""1,000 int nodes (generated)."""', ""]
    for name, deps, layer, j in _layers(INT_NODES, INT_LAYERS, "l"):
        if layer == 0:
            lines += ["", f"def {name}(x{j}: int) -> int:", f"    return x{j} + {j % 5}"]
        else:
            lines += ["", f"def {name}({', '.join(f'{d}: int' for d in deps)}) -> int:"]
            lines += [f"    return ({' + '.join(deps)}) % 1000003"]
    (folder / "int_dag.py").write_text("\n".join(lines) + "\n")
    lines = ['"""50 pandas Series nodes (generated)."""', "import pandas as pd", ""]
    for name, deps, layer, j in _layers(PANDAS_NODES, PANDAS_LAYERS, "p"):
        if layer == 0:
            lines += ["", f"def {name}(base{j}: pd.Series) -> pd.Series:", f"    return base{j} * 1.5 + {j}.0"]
        else:
            a, b, c = deps
            lines += ["", f"def {name}({a}: pd.Series, {b}: pd.Series, {c}: pd.Series) -> pd.Series:"]
            lines += [f"    return (({a} - {b}).abs() * 0.5 + {c}.where({a} > {c}, {b})).clip(-1e6, 1e6)"]
    (folder / "pandas_dag.py").write_text("\n".join(lines) + "\n")


# ----------------------------------------------------------------------- a worker


def _inputs(dag: str, changed: bool = False) -> dict:
    if dag == "int":
        width = INT_NODES // INT_LAYERS
        return {f"x{j}": j + (1000 if changed and j == 0 else 1) for j in range(width)}
    import numpy as np
    import pandas as pd

    width = PANDAS_NODES // PANDAS_LAYERS
    out = {}
    for j in range(width):
        values = np.random.default_rng(j).random(PANDAS_ROWS)
        if changed and j == 0:
            values = values + 1.0
        out[f"base{j}"] = pd.Series(values)
    return out


def _sinks(module) -> list[str]:
    import inspect

    functions = {
        name: fn for name, fn in vars(module).items() if inspect.isfunction(fn) and fn.__module__ == module.__name__
    }
    used = {p for fn in functions.values() for p in inspect.signature(fn).parameters}
    return [name for name in functions if name not in used]


def worker(dag: str, folder: str, cache: str, repeats: int, hits_only: bool) -> dict:
    """Measure one implementation on one DAG (run in the implementation's interpreter)."""
    sys.path.insert(0, folder)
    import importlib

    from hamilton import base, driver

    module = importlib.import_module(f"{dag}_dag")
    sinks = _sinks(module)
    inputs, changed = _inputs(dag), _inputs(dag, changed=True)
    nodes = sum(1 for name in vars(module) if name[:1] in "lp" and callable(getattr(module, name)))

    def build(path: str | None):
        builder = driver.Builder().with_modules(module).with_adapters(base.DictResult())
        return (builder.with_cache(path=path) if path else builder).build()

    def timed(dr, given) -> float:
        start = time.perf_counter()
        dr.execute(sinks, inputs=given)
        return time.perf_counter() - start

    def ran(dr) -> int:
        logs = dr.cache.logs(run_id=dr.cache.last_run_id, level="info")
        return sum(1 for events in logs.values() if any(e.event_type.value == "execute_node" for e in events))

    if hits_only:  # a new process on a folder filled by an earlier one: first executes, uncached then cached
        uncached_first = timed(build(None), inputs)
        dr = build(cache)
        seconds = timed(dr, inputs)
        return {"hits_new_process": seconds, "uncached_new_process": uncached_first, "ran_new_process": ran(dr)}
    uncached_driver = build(None)
    timed(uncached_driver, inputs)  # warm: imports, plan compilation
    uncached_runs = [timed(uncached_driver, inputs) for _ in range(repeats)]
    first, hits, after_change, recomputed = [], [], [], 0
    budget = time.perf_counter() + 120
    for round_ in range(repeats):
        shutil.rmtree(cache, ignore_errors=True)
        dr = build(cache)
        first.append(timed(dr, inputs))
        hits.append(timed(dr, inputs))
        after_change.append(timed(dr, changed))
        recomputed = ran(dr)
        if round_ < repeats - 1:
            shutil.rmtree(cache, ignore_errors=True)
        if time.perf_counter() > budget and round_ >= 0:
            break
    dr = build(cache)  # leave the folder filled with the unchanged inputs' results for the new-process run
    dr.execute(sinks, inputs=inputs)
    return {
        "nodes": nodes,
        "rounds": len(first),
        "uncached": statistics.median(uncached_runs),
        "uncached_best": min(uncached_runs),
        "first": statistics.median(first),
        "first_best": min(first),
        "hits": statistics.median(hits),
        "hits_best": min(hits),
        "changed": statistics.median(after_change),
        "recomputed": recomputed,
    }


# ----------------------------------------------------------------------- the table


def _original_python(explicit: str | None) -> str:
    if explicit:
        return explicit
    env = ROOT / ".nox" / "sf-hamilton-1.88.0"
    python = env / "bin" / "python"
    if not python.exists():
        print(f"creating {env} with {ORIGINAL} (once)", flush=True)
        venv.create(env, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", ORIGINAL, "pandas"], check=True)
    return str(python)


def _measure(python: str, dag: str, folder: Path, repeats: int) -> dict:
    cache = folder / f"cache-{dag}-{abs(hash(python))}"
    argv = [
        python,
        __file__,
        "--worker",
        dag,
        "--folder",
        str(folder),
        "--cache",
        str(cache),
        "--repeats",
        str(repeats),
    ]
    env = {**os.environ, "HAMILTON_TELEMETRY_ENABLED": "false"}
    result = json.loads(subprocess.run(argv, check=True, capture_output=True, text=True, cwd=folder, env=env).stdout)
    again = subprocess.run([*argv, "--hits-only"], check=True, capture_output=True, text=True, cwd=folder, env=env)
    result.update(json.loads(again.stdout))
    return result


def _rows(dag: str, result: dict) -> dict[str, str]:
    n, ms = result["nodes"], 1000
    ran = result["recomputed"]
    expected = ran * result["first"] / n + (n - ran) * result["hits"] / n
    write = (result["first"] - result["uncached"]) / n * 1e6
    write_best = (result["first_best"] - result["uncached_best"]) / n * 1e6
    return {
        "uncached run": f"{result['uncached'] * ms:.1f} ms",
        "first cached run": f"{result['first'] * ms:.1f} ms ({result['first'] / result['uncached']:.1f}x)",
        "write cost per node (best round)": f"{write:.0f} µs ({write_best:.0f} µs)",
        "all-hit run": f"{result['hits'] * ms:.1f} ms",
        "hit cost per node (best round)": f"{result['hits'] / n * 1e6:.1f} µs ({result['hits_best'] / n * 1e6:.1f} µs)",
        "first execute in a new process, uncached": f"{result['uncached_new_process'] * ms:.1f} ms",
        "first execute in a new process, all hits": f"{result['hits_new_process'] * ms:.1f} ms "
        f"({result['hits_new_process'] / n * 1e6:.1f} µs/node)",
        "run after one input changed": f"{result['changed'] * ms:.1f} ms ({result['recomputed']} of {n} nodes ran)",
        "its recomputed nodes at first-run cost, the rest at hit cost": f"{expected * ms:.1f} ms",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dags", default="int,pandas")
    parser.add_argument("--original", default=None, help="the interpreter of sf-hamilton 1.88.0")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--folder", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--hits-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.cache, args.repeats, args.hits_only)))
        return
    original = _original_python(args.original)
    with tempfile.TemporaryDirectory(prefix="hamilton-cache-bench-") as scratch:
        folder = Path(scratch)
        write_dags(folder)
        for dag in args.dags.split(","):
            ours = _measure(sys.executable, dag, folder, args.repeats)
            theirs = _measure(original, dag, folder, args.repeats)
            ours_rows, theirs_rows = _rows(dag, ours), _rows(dag, theirs)
            print(f"\n{dag} DAG ({ours['nodes']} nodes; medians of {ours['rounds']} / {theirs['rounds']} rounds)")
            print("| measure | sf-hamilton 1.88.0 | ours |\n| --- | ---: | ---: |")
            for measure in ours_rows:
                print(f"| {measure} | {theirs_rows[measure]} | {ours_rows[measure]} |", flush=True)


if __name__ == "__main__":
    main()
