#!/usr/bin/env python3
"""Dynamic execution (``Parallelizable`` / ``Collect``): this implementation against sf-hamilton 1.88.0.

Three workloads, each a fan-out over ``n`` items, three nodes per item and a ``Collect``:

  cheap   three one-line integer functions per item: the cost is the engine's own, per item
  sleep   one node per item sleeps 10 ms (I/O-like, releases the GIL)
  cpu     one node per item runs a pure-Python loop of about 20 ms (calibrated here, best of five)

Modes: ``loop`` (the same calls in a plain Python ``for`` loop, no hamilton), ``sync``
(``SynchronousLocalTaskExecutor`` for the items), ``threads4`` (``MultiThreadingExecutor(4)``),
``processes2`` (``MultiProcessingExecutor(2)``), ``dask`` (the package's Dask executor on a
``LocalCluster`` of two single-threaded worker processes, started with the hamilton-dask README's
settings for CPU-bound work) and ``ray`` (``num_cpus=2``). Every
(implementation, workload, mode, n) runs in a fresh interpreter: a warm-up run, then
``--repeats`` timed ``execute`` calls (pools and clusters start before the timed runs); the
median and the best are reported, with the time per item and the speedup over ``sync``.

The original runs in a virtualenv of its own (``--original PYTHON``; ``nox -s bench`` makes
it, under ``.nox/sf-hamilton-1.88.0``, and passes it). Its synchronous mode grows as about
n^2 (185 s at n=10,000), so by default it runs the cheap workload up to n=1,000 only
(``--original-sizes``); that virtualenv holds no Dask or Ray, so their modes run ours only.

  python benchmarks/dynamic.py [--workloads cheap,sleep,cpu] [--sizes 100,1000,10000,100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHEAP = """
from hamilton.htypes import Collect, Parallelizable


def item(n: int) -> Parallelizable[int]:
    for i in range(n):
        yield i


def a(item: int) -> int:
    return item + 1


def b(a: int) -> int:
    return a * 2


def c(b: int) -> int:
    return b - 3


def total(c: Collect[int]) -> int:
    return sum(c)


def _plain_loop(n):
    out = []
    for i in range(n):
        out.append(c(b(a(i))))
    return sum(out)
"""

SLOW = """
import time

from hamilton.htypes import Collect, Parallelizable

KIND = {kind!r}
LOOPS = {loops!r}


def item(n: int) -> Parallelizable[int]:
    for i in range(n):
        yield i


def work(item: int) -> int:
    if KIND == "sleep":
        time.sleep(0.010)
    else:
        x = 0
        for j in range(LOOPS):
            x += j * j
    return item


def b(work: int) -> int:
    return work * 2


def c(b: int) -> int:
    return b - 3


def total(c: Collect[int]) -> int:
    return sum(c)


def _plain_loop(n):
    out = []
    for i in range(n):
        out.append(c(b(work(i))))
    return sum(out)
"""

# the hamilton-dask README's settings for pure-Python CPU-bound tasks: no profiler, no work stealing, slow ticks
DASK_CPU_BOUND = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.scheduler.work-stealing": False,
    "distributed.worker.memory.monitor-interval": "1s",
}
DEFAULT_SIZES = {"cheap": "100,1000,10000,100000", "sleep": "80", "cpu": "24"}
DEFAULT_MODES = {"cheap": "loop,sync", "sleep": "sync,threads4", "cpu": "sync,processes2,dask,ray"}


def calibrated_loops(seconds: float = 0.020) -> int:
    per = []
    for _ in range(5):
        started = time.perf_counter()
        x = 0
        for j in range(200_000):
            x += j * j
        per.append((time.perf_counter() - started) / 200_000)
    return max(1, int(seconds / min(per)))


def original_python(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    made = ROOT / ".nox" / "sf-hamilton-1.88.0" / "bin" / "python"
    if made.exists():
        return made
    sys.exit("the original's interpreter: pass --original PYTHON (nox -s bench makes one), or --skip-original")


# ------------------------------------------------------------------ in the child


def _remote_executor(mode: str, stack: list[Any]) -> Any:
    from hamilton.execution import executors

    if mode == "sync":
        return executors.SynchronousLocalTaskExecutor()
    if mode == "threads4":
        return executors.MultiThreadingExecutor(4)
    if mode == "processes2":
        return executors.MultiProcessingExecutor(2)
    if mode == "dask":
        import dask
        from distributed import Client, LocalCluster

        with dask.config.set(DASK_CPU_BOUND):  # the workers keep the config they start with
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        stack.extend([client, cluster])
        try:
            from hamilton_dask import DaskExecutor  # this implementation
        except ImportError:
            from hamilton.plugins.h_dask import DaskExecutor  # the original
        return DaskExecutor(client=client)
    if mode == "ray":
        try:
            from hamilton_ray import RayTaskExecutor
        except ImportError:
            from hamilton.plugins.h_ray import RayTaskExecutor
        return RayTaskExecutor(num_cpus=2, ray_init_config={"include_dashboard": False, "log_to_driver": False})
    raise ValueError(f"unknown mode {mode!r}")


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement, in this interpreter: the median and best seconds of ``repeats`` runs."""
    import importlib

    module = importlib.import_module(spec["module"])
    n, repeats, mode = spec["n"], spec["repeats"], spec["mode"]
    expected = module._plain_loop(n)
    stack: list[Any] = []
    if mode == "loop":

        def run() -> Any:
            return {"total": module._plain_loop(n)}

    else:
        from hamilton import base, driver

        remote = _remote_executor(mode, stack)
        dr = (
            driver.Builder()
            .with_modules(module)
            .with_adapters(base.DictResult())
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(remote)
            .build()
        )

        def run() -> Any:
            return dr.execute(["total"], inputs={"n": n})

        dr.execute(["total"], inputs={"n": min(n, 8)})  # warm-up: pools and workers start here
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    for resource in stack:
        resource.close()
    return {"seconds": statistics.median(times), "best": min(times), "correct": result["total"] == expected}


# ------------------------------------------------------------------ in the parent


def measure(python: Path, folder: str, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(
            [str(python), __file__, "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail[:160]}
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workloads", default="cheap,sleep,cpu")
    parser.add_argument("--sizes", default=None, help="items per run (default per workload)")
    parser.add_argument("--modes", default=None, help="modes (default per workload)")
    parser.add_argument("--original", default=None, help="the Python of a virtualenv with sf-hamilton 1.88.0")
    parser.add_argument("--original-sizes", default="100,1000", help="largest runs of the original's cheap workload")
    parser.add_argument("--skip-original", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per measurement")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))), flush=True)
        return 0
    folder = tempfile.mkdtemp(prefix="hamilton-dynamic-")
    Path(folder, "dyn_cheap.py").write_text(CHEAP)
    loops = calibrated_loops()
    Path(folder, "dyn_sleep.py").write_text(SLOW.format(kind="sleep", loops=loops))
    Path(folder, "dyn_cpu.py").write_text(SLOW.format(kind="cpu", loops=loops))
    sides = [("ours", Path(sys.executable))]
    if not args.skip_original:
        sides.append(("original", original_python(args.original)))
    original_sizes = {int(n) for n in args.original_sizes.split(",")}
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    rows = []
    for workload in args.workloads.split(","):
        sizes = [int(n) for n in (args.sizes or DEFAULT_SIZES[workload]).split(",")]
        for mode in (args.modes or DEFAULT_MODES[workload]).split(","):
            for n in sizes:
                for side, python in sides:
                    if side == "original" and (
                        mode in ("loop", "dask", "ray") or (workload == "cheap" and n not in original_sizes)
                    ):
                        continue
                    spec = {"module": f"dyn_{workload}", "n": n, "mode": mode, "repeats": args.repeats}
                    row = {"side": side, "workload": workload, "mode": mode, "n": n}
                    row.update(measure(python, folder, spec, args.timeout))
                    print(json.dumps(row), flush=True)
                    rows.append(row)
    print_table(rows)
    return 0


def print_table(rows: list[dict[str, Any]]) -> None:
    sync = {(r["side"], r["workload"], r["n"]): r for r in rows if r["mode"] == "sync" and "seconds" in r}
    print(
        f"\n{'side':8s} {'workload':8s} {'mode':10s} {'n':>7s} {'median s':>9s} {'us/item':>9s} {'vs sync':>8s}"
        f" {'best s':>8s} {'vs sync':>8s}"
    )
    for row in rows:
        head = f"{row['side']:8s} {row['workload']:8s} {row['mode']:10s} {row['n']:7d}"
        if "seconds" not in row:
            print(f"{head} ERROR {row.get('error', '')}")
            continue
        base = sync.get((row["side"], row["workload"], row["n"]))
        speedup = f"{base['seconds'] / row['seconds']:7.2f}x" if base else ""
        best = f"{base['best'] / row['best']:7.2f}x" if base else ""
        flag = "" if row["correct"] else "  WRONG RESULT"
        per_item = row["seconds"] / row["n"] * 1e6
        print(f"{head} {row['seconds']:9.3f} {per_item:9.2f} {speedup:>8s} {row['best']:8.3f} {best:>8s}{flag}")


if __name__ == "__main__":
    sys.exit(main())
