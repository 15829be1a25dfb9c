#!/usr/bin/env python3
"""Parallel execution of independent nodes: wall time vs serial.

Generates one module with --nodes (16) independent nodes off input ``seed_in``,
each doing one unit of work, and requests all of them.  Workloads:
  sleep   time.sleep(--seconds)                (I/O-like, releases the GIL)
  cpu     pure-Python loop of ~--seconds        (holds the GIL)
  numpy   repeated 300x300 float64 matmul ~--seconds (releases the GIL;
          OPENBLAS/OMP/MKL threads forced to 1)
Modes (each reported separately; a mode whose API the implementation lacks is
reported with an "error" field, e.g. for a Driver-only re-implementation):
  serial        driver.Driver({}, mod, adapter=SimplePythonGraphAdapter(DictResult()))
  future4       Builder().with_modules(mod).with_adapters(h_threadpool.FutureAdapter(max_workers=4))
  dyn_mt4       Builder().enable_dynamic_execution(allow_experimental_mode=True)
                  .with_local_executor(SynchronousLocalTaskExecutor())
                  .with_remote_executor(MultiThreadingExecutor(4))   (default grouping)
  dyn_mt4_indiv same + .with_grouping_strategy(GroupNodesIndividually())
  dyn_par_mt4   Parallelizable[int]/Collect[...] variant of the same work,
                  dynamic execution + MultiThreadingExecutor(4)
  dyn_par_mp2   same with MultiProcessingExecutor(2)          (--with-mp)

  python bench_parallel.py [--nodes 16] [--seconds 0.05] [--workloads sleep,cpu,numpy]
                           [--repeats 3] [--with-mp]
One JSON line per (workload, mode); then a small table on stderr.
"""

from __future__ import annotations

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

WORK_SRC = """
import time
import numpy as _np

_A = _np.random.default_rng(0).standard_normal((300, 300))


def _calibrate_loops(seconds):
    t0 = time.perf_counter()
    x = 0
    for i in range(200000):
        x += i * i
    per = (time.perf_counter() - t0) / 200000
    return max(1, int(seconds / per))


def _calibrate_mm(seconds):
    t0 = time.perf_counter()
    for _ in range(5):
        _A @ _A
    per = (time.perf_counter() - t0) / 5
    return max(1, int(seconds / per))


SECONDS = {seconds!r}
KIND = {kind!r}
LOOPS = _calibrate_loops(SECONDS) if KIND == "cpu" else 0
MMS = _calibrate_mm(SECONDS) if KIND == "numpy" else 0


def unit(i):
    if KIND == "sleep":
        time.sleep(SECONDS)
    elif KIND == "cpu":
        x = 0
        for j in range(LOOPS):
            x += j * j
    else:
        b = _A
        for _ in range(MMS):
            b = _A @ _A
    return float(i)
"""


def write_modules(tmp, kind, seconds, nodes):
    tag = f"{kind}_{int(seconds * 1000)}_{nodes}"
    work = f"pw_work_{tag}"
    with open(os.path.join(tmp, work + ".py"), "w") as f:
        f.write(WORK_SRC.format(seconds=seconds, kind=kind))
    flat = f"pw_flat_{tag}"
    with open(os.path.join(tmp, flat + ".py"), "w") as f:
        f.write(f"from {work} import unit\n\n")
        for i in range(nodes):
            f.write(f"\ndef t{i}(seed_in: int) -> float:\n    return unit(seed_in + {i})\n")
    par = f"pw_par_{tag}"
    with open(os.path.join(tmp, par + ".py"), "w") as f:
        f.write(f"from {work} import unit\n")
        f.write("from hamilton.htypes import Collect, Parallelizable\n\n\n")
        f.write(
            f"def item(seed_in: int) -> Parallelizable[int]:\n"
            f"    for i in range({nodes}):\n        yield seed_in + i\n\n\n"
        )
        f.write("def done(item: int) -> float:\n    return unit(item)\n\n\n")
        f.write("def total(done: Collect[float]) -> float:\n    return sum(done)\n")
    return work, flat, par


def build(mode, flat_mod, par_mod):
    from hamilton import base, driver

    if mode == "serial":
        return driver.Driver({}, flat_mod, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    if mode == "future4":
        from hamilton.plugins import h_threadpool

        return driver.Builder().with_modules(flat_mod).with_adapters(h_threadpool.FutureAdapter(max_workers=4)).build()
    from hamilton.execution import executors, grouping

    if mode in ("dyn_mt4", "dyn_mt4_indiv"):
        b = (
            driver.Builder()
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_modules(flat_mod)
            .with_local_executor(executors.SynchronousLocalTaskExecutor())
            .with_remote_executor(executors.MultiThreadingExecutor(4))
        )
        if mode == "dyn_mt4_indiv":
            b = b.with_grouping_strategy(grouping.GroupNodesIndividually())
        return b.build()
    if mode in ("dyn_par_mt4", "dyn_par_mp2"):
        remote = executors.MultiThreadingExecutor(4) if mode == "dyn_par_mt4" else executors.MultiProcessingExecutor(2)
        return (
            driver.Builder()
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_modules(par_mod)
            .with_local_executor(executors.SynchronousLocalTaskExecutor())
            .with_remote_executor(remote)
            .build()
        )
    raise ValueError(mode)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=0.05)
    ap.add_argument("--workloads", default="sleep,cpu,numpy")
    ap.add_argument("--modes", default="serial,future4,dyn_mt4,dyn_mt4_indiv,dyn_par_mt4")
    ap.add_argument("--with-mp", action="store_true", help="add dyn_par_mp2")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--label", default="")
    a = ap.parse_args(argv)
    modes = a.modes.split(",") + (["dyn_par_mp2"] if a.with_mp else [])
    tmp = tempfile.mkdtemp(prefix="ham-par-")
    sys.path.insert(0, tmp)
    rows = []
    for kind in a.workloads.split(","):
        _work, flat, par = write_modules(tmp, kind, a.seconds, a.nodes)
        flat_mod = importlib.import_module(flat)
        try:
            par_mod = importlib.import_module(par)
        except Exception as e:  # implementation without hamilton.htypes
            par_mod, par_err = None, f"{type(e).__name__}: {e}"
        else:
            par_err = None
        outputs = [f"t{i}" for i in range(a.nodes)]
        for mode in modes:
            rec = {
                "label": a.label,
                "workload": kind,
                "mode": mode,
                "nodes": a.nodes,
                "unit_s": a.seconds,
                "serial_floor_s": a.nodes * a.seconds,
            }
            try:
                if mode.startswith("dyn_par") and par_mod is None:
                    raise RuntimeError(par_err)
                dr = build(mode, flat_mod, par_mod)
                want = ["total"] if mode.startswith("dyn_par") else outputs
                times = []
                for _ in range(a.repeats):
                    t0 = time.perf_counter()
                    res = dr.execute(want, inputs={"seed_in": 0})
                    times.append(time.perf_counter() - t0)
                expect = float(sum(range(a.nodes)))
                got = res["total"] if mode.startswith("dyn_par") else sum(res[o] for o in outputs)
                rec.update(seconds=statistics.median(times), times=times, correct=(got == expect))
            except BaseException as e:
                if isinstance(e, KeyboardInterrupt):
                    raise
                rec.update(
                    seconds=None,
                    error=f"{type(e).__name__}: {str(e)[:200]}",
                    traceback_tail="".join(traceback.format_exception(e)[-2:])[-800:],
                )
            print(json.dumps(rec), flush=True)
            rows.append(rec)
    base_by_kind = {r["workload"]: r["seconds"] for r in rows if r["mode"] == "serial"}
    print(f"{'workload':8s} {'mode':14s} {'wall_s':>8s} {'speedup':>8s}", file=sys.stderr)
    for r in rows:
        s, b = r.get("seconds"), base_by_kind.get(r["workload"])
        sp = f"{b / s:.2f}x" if s and b else "-"
        print(
            f"{r['workload']:8s} {r['mode']:14s} {(f'{s:.3f}') if s else 'ERR':>8s} {sp:>8s}"
            + (f"  {r['error'][:70]}" if r.get("error") else ""),
            file=sys.stderr,
        )


if __name__ == "__main__":
    sys.exit(main())
