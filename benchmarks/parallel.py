#!/usr/bin/env python3
"""Independent nodes on many cores: wall time of each executor against serial.

The workloads of the shared harness's ``bench_parallel.py``: ``--nodes`` (16)
independent nodes off one input ``seed_in``, each doing one unit of work of about
``--seconds`` (0.05):

  sleep   time.sleep(seconds)                     I/O-like, releases the GIL
  cpu     a pure-Python loop of about seconds      holds the GIL (calibrated once, here, best of 5)
  numpy   repeated 300x300 matmuls (only if numpy is installed; BLAS threads forced to 1)

Modes (a mode whose package is missing is reported with an ``error``):

  serial    base.SimplePythonGraphAdapter(base.DictResult())
  threads4  hamilton.executors.ThreadPoolGraphAdapter(max_workers=4)
  threads   ThreadPoolGraphAdapter()                (min(32, cores + 4) threads)
  processes ProcessPoolGraphAdapter()               (one process per core)
  dask      hamilton_dask.DaskGraphAdapter on a LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
  dask_tuned the same, tuned for CPU-bound work: no profiler, no work stealing, 1 s ticks
  dask_plain the same functions through client.submit/gather on the default cluster, no Hamilton
  ray       hamilton_ray.RayGraphAdapter on ray.init(num_cpus=2)

Each mode runs ``--repeats`` times; the median (as the harness reports) and the best
run are shown, each with its speedup over serial's median and best. Pool and cluster
start-up happen before the timed runs. One JSON line per (workload, mode), then a
table on stderr. The machine is small and shared: run it when nothing else is busy
(a concurrent process on one of two cores halves any CPU-bound speedup).

  python benchmarks/parallel.py [--workloads sleep,cpu] [--modes serial,threads,...] [--repeats 3]
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from typing import Any  # noqa: E402

WORK = """
import time

SECONDS = {seconds!r}
KIND = {kind!r}
LOOPS = {loops!r}  # calibrated once, by the benchmark process: every worker does the same work
MATMULS = {matmuls!r}

if KIND == "numpy":
    import numpy as np

    MATRIX = np.random.default_rng(0).standard_normal((300, 300))


def unit(i):
    if KIND == "sleep":
        time.sleep(SECONDS)
    elif KIND == "cpu":
        x = 0
        for j in range(LOOPS):
            x += j * j
    else:
        for _ in range(MATMULS):
            MATRIX @ MATRIX
    return float(i)
"""


def calibrate(kind: str, seconds: float) -> tuple[int, int]:
    """Loop and matmul counts that take ``seconds`` here, on a quiet core (best of five)."""
    if kind == "cpu":
        per = []
        for _ in range(5):
            started = time.perf_counter()
            x = 0
            for i in range(200_000):
                x += i * i
            per.append((time.perf_counter() - started) / 200_000)
        return max(1, int(seconds / min(per))), 0
    if kind == "numpy":
        import numpy as np

        a = np.random.default_rng(0).standard_normal((300, 300))
        per = []
        for _ in range(5):
            started = time.perf_counter()
            a @ a
            per.append(time.perf_counter() - started)
        return 0, max(1, int(seconds / min(per)))
    return 0, 0


MODES = ("serial", "threads4", "threads", "processes", "dask", "dask_tuned", "dask_plain", "ray")


def write_module(folder: str, kind: str, seconds: float, nodes: int) -> str:
    """Write the workload and a module of ``nodes`` independent nodes; return the latter's name."""
    tag = f"{kind}_{int(seconds * 1000)}_{nodes}"
    loops, matmuls = calibrate(kind, seconds)
    with open(os.path.join(folder, f"par_work_{tag}.py"), "w") as f:
        f.write(WORK.format(seconds=seconds, kind=kind, loops=loops, matmuls=matmuls))
    with open(os.path.join(folder, f"par_flat_{tag}.py"), "w") as f:
        f.write(f"from par_work_{tag} import unit\n")
        for i in range(nodes):
            f.write(f"\n\ndef t{i}(seed_in: int) -> float:\n    return unit(seed_in + {i})\n")
    return f"par_flat_{tag}"


def adapter_for(mode: str, stack: ExitStack) -> Any:
    """The Driver's adapter for ``mode``; anything started is stopped when ``stack`` closes."""
    from hamilton import base

    if mode == "serial":
        return base.SimplePythonGraphAdapter(base.DictResult())
    if mode in ("threads", "threads4"):
        from hamilton.executors import ThreadPoolGraphAdapter

        return stack.enter_context(ThreadPoolGraphAdapter(max_workers=4 if mode == "threads4" else None))
    if mode == "processes":
        from hamilton.executors import ProcessPoolGraphAdapter

        return stack.enter_context(ProcessPoolGraphAdapter())
    if mode in ("dask", "dask_tuned"):
        from hamilton_dask import DaskGraphAdapter

        return DaskGraphAdapter(local_dask_client(stack, tuned=mode == "dask_tuned"))
    if mode == "ray":
        from hamilton_ray import RayGraphAdapter

        return stack.enter_context(
            RayGraphAdapter(ray_init_config={"num_cpus": 2, "include_dashboard": False, "log_to_driver": False})
        )
    raise ValueError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")


# Dask's per-worker background work that pure-Python tasks pay for through the GIL: the
# statistical profiler's samples and the event loop's tick (every 10 and 20 ms by default)
DASK_CPU_BOUND_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.scheduler.work-stealing": False,  # equal tasks: stealing only moves work around
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_dask_client(stack: ExitStack, tuned: bool = False) -> Any:
    """A client of a new LocalCluster: two worker processes of one thread each."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(DASK_CPU_BOUND_CONFIG if tuned else {}):  # workers take the config they start with
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    return stack.enter_context(Client(stack.enter_context(cluster)))


def plain_dask(module: Any, stack: ExitStack) -> Callable[[list[str]], dict[str, Any]]:
    """The same functions through client.submit and gather, without Hamilton: Dask's own ceiling."""
    client = local_dask_client(stack)

    def run(outputs: list[str]) -> dict[str, Any]:
        futures = [client.submit(getattr(module, name), 0, pure=False) for name in outputs]
        return dict(zip(outputs, client.gather(futures), strict=True))

    return run


def measure(mode: str, module: Any, outputs: list[str], repeats: int) -> dict[str, Any]:
    from hamilton import driver

    with ExitStack() as stack:
        if mode == "dask_plain":
            execute = plain_dask(module, stack)
        else:
            dr = driver.Driver({}, module, adapter=adapter_for(mode, stack))

            def execute(outputs: list[str]) -> dict[str, Any]:
                return dr.raw_execute(outputs, inputs={"seed_in": 0})

        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = execute(outputs)
            times.append(time.perf_counter() - started)
    correct = sum(result[name] for name in outputs) == float(sum(range(len(outputs))))
    return {"seconds": statistics.median(times), "best": min(times), "times": times, "correct": correct}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=0.05)
    parser.add_argument("--workloads", default="sleep,cpu")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="hamilton-parallel-")
    sys.path.insert(0, folder)
    # worker processes started by Ray's raylet do not inherit sys.path, only the environment
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))
    rows = []
    for kind in args.workloads.split(","):
        module = importlib.import_module(write_module(folder, kind, args.seconds, args.nodes))
        outputs = [f"t{i}" for i in range(args.nodes)]
        for mode in args.modes.split(","):
            row: dict[str, Any] = {"workload": kind, "mode": mode, "nodes": args.nodes, "unit_s": args.seconds}
            try:
                row.update(measure(mode, module, outputs, args.repeats))
            except Exception as exc:  # a missing package, or a mode that failed: reported, not fatal
                row.update(seconds=None, error=f"{type(exc).__name__}: {str(exc)[:200]}")
            print(json.dumps(row), flush=True)
            rows.append(row)
    print_table(rows, lambda line: print(line, file=sys.stderr))
    return 0


def print_table(rows: list[dict[str, Any]], emit: Callable[[str], None]) -> None:
    serial = {row["workload"]: row for row in rows if row["mode"] == "serial" and row.get("seconds")}
    emit(f"{'workload':8s} {'mode':10s} {'median_s':>8s} {'speedup':>8s} {'best_s':>8s} {'speedup':>8s}")
    for row in rows:
        base = serial.get(row["workload"])
        if not row.get("seconds") or base is None:
            emit(f"{row['workload']:8s} {row['mode']:10s} {'ERR':>8s}  {row.get('error', '')[:90]}")
            continue
        median, best = row["seconds"], row["best"]
        emit(
            f"{row['workload']:8s} {row['mode']:10s} {median:8.3f} {base['seconds'] / median:7.2f}x "
            f"{best:8.3f} {base['best'] / best:7.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
