#!/usr/bin/env python3
"""Benchmark ANY implementation of the Hamilton Driver public API, in-process.

Uses only:  from hamilton import driver, base
            base.SimplePythonGraphAdapter(base.DictResult())   (--adapter dict)
            base.SimplePythonDataFrameGraphAdapter()           (--adapter df)
            dr = driver.Driver(config, *modules, adapter=...)
            dr.execute(outputs, inputs=..., overrides=...)
whatever ``hamilton`` the running interpreter imports (see "hamilton_file").

Measures with time.perf_counter:
  import_framework  import of hamilton.driver/base (+pandas/numpy for shape pandas)
  import_modules    import of the generated function modules
  construct         driver.Driver(...) construction
  execute           dr.execute(outputs, inputs=...)            (per repeat)
  execute_override  dr.execute(..., overrides={mid node: value}) (--override)
  raw               the same functions called directly in a precomputed
                    topological order (the floor for the work)       (per repeat)
  rss               ru_maxrss / current RSS at checkpoints (MiB)
and prints ONE JSON LINE PER MEASUREMENT (repeated phases: one line with the
median as "seconds" plus all "times"), then a final {"metric": "summary"} line.
Any failure (RecursionError, TypeError, MemoryError ...) is reported as an
"error" field of the JSON line of the phase that failed; the process then still
prints its summary and exits 0 (exit code 3 if something failed, for scripts).

Usage:
  python bench_driver.py --shape chain --n 1000 [--repeats 5] [--adapter dict|df]
        [--override] [--time-budget 60] [--min-time 0.3] [--root DIR] [--seed 0] [--layers L]
        [--k K] [--m M] [--label NAME] [--recursion-limit N]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import resource
import statistics
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_dag  # noqa: E402  (stdlib only)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
COMMON: dict = {}
FAILED = False


def rss_now_mib():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except OSError:
        return None


def rss_peak_mib():
    # Linux reports KiB, macOS bytes.
    v = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return v / 2**20 if sys.platform == "darwin" else v / 1024


def emit(metric, **fields):
    rec = dict(COMMON)
    rec["metric"] = metric
    rec.update(fields)
    print(json.dumps(rec, default=repr), flush=True)
    return rec


def err_fields(exc):
    tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
    tail = "".join(tb[-3:])
    return {
        "error": f"{type(exc).__name__}: {str(exc)[:300]}",
        "error_type": type(exc).__name__,
        "traceback_tail": tail[-1500:],
    }


def timed(fn, collect=True):
    if collect:
        gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def make_inputs(meta):
    inputs = {}
    for name, spec in meta["inputs"].items():
        if spec["kind"] == "int":
            inputs[name] = spec["value"]
        elif spec["kind"] == "series":
            import numpy as np
            import pandas as pd

            rng = np.random.default_rng(spec["seed"])
            inputs[name] = pd.Series(rng.standard_normal(spec["m"]))
        else:
            raise ValueError(spec)
    return inputs


def needed_plan(meta, mods, outputs, overrides):
    """Topologically ordered (fn, name, deps) for nodes needed for outputs."""
    deps_of = {name: deps for name, _, deps in meta["topo"]}
    need, stack = set(), list(outputs)
    while stack:
        nm = stack.pop()
        if nm in need or nm in overrides or nm not in deps_of:
            continue
        need.add(nm)
        stack.extend(deps_of[nm])
    return [(getattr(mods[m], name), name, tuple(deps)) for name, m, deps in meta["topo"] if name in need]


def run_raw(plan, inputs, overrides, outputs, adapter):
    vals = dict(inputs)
    vals.update(overrides)
    for fn, name, deps in plan:
        vals[name] = fn(*[vals[d] for d in deps])
    res = {o: vals[o] for o in outputs}
    if adapter == "df":
        import pandas as pd

        first = next(iter(res.values()))
        if isinstance(first, pd.Series):
            return pd.DataFrame(res)
        return pd.DataFrame([res])
    return res


def check_result(got, want, adapter):
    """True/False (or a string reason) whether the driver result matches raw."""
    try:
        if adapter == "df":
            import pandas as pd

            if not isinstance(got, pd.DataFrame):
                return f"not a DataFrame: {type(got).__name__}"
            if sorted(map(str, got.columns)) != sorted(map(str, want.columns)):
                return "columns differ"
            for c in want.columns:
                a, b = got[c].to_numpy(), want[c].to_numpy()
                if len(a) != len(b) or not (a == b).all():
                    return f"column {c} differs"
            return True
        if not isinstance(got, dict):
            return f"not a dict: {type(got).__name__}"
        if set(got) != set(want):
            return "keys differ"
        for k, v in want.items():
            g = got[k]
            if hasattr(v, "equals"):
                if not v.equals(g):
                    return f"{k} differs"
            elif g != v:
                return f"{k} differs"
        return True
    except Exception as e:  # pragma: no cover - diagnostics only
        return f"check failed: {type(e).__name__}: {e}"


def med(xs):
    return statistics.median(xs) if xs else None


MIN_TIME = 0.3  # keep repeating cheap phases until this much time is spent
MAX_REPS = 200


def repeat(label, fn, repeats, budget, extra=None, after_first=None):
    """Run fn `repeats` times (>=1), more (up to MAX_REPS) while less than MIN_TIME
    seconds were spent; stop early once `budget` seconds are used.  Emits one JSON
    line: seconds = median, first_s, min_s, reps, times (all repeats)."""
    global FAILED
    times, out, spent = [], None, 0.0
    i = -1
    while True:
        i += 1
        if i >= MAX_REPS or (i >= max(1, repeats) and spent >= MIN_TIME):
            break
        try:
            # gc.collect() costs ~10-30 ms with pandas loaded: only before the
            # first repeat and before repeats that are themselves >= 20 ms.
            dt, out = timed(fn, collect=(i == 0 or times[-1] >= 0.02))
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            FAILED = True
            emit(label, rep=i, seconds=None, reps=len(times), times=times, **err_fields(e), **(extra or {}))
            return times, None, err_fields(e)["error"]
        times.append(dt)
        if i == 0 and after_first is not None:
            after_first()
        spent += dt
        if spent > budget:
            break
    emit(
        label,
        seconds=med(times),
        first_s=times[0],
        min_s=min(times),
        reps=len(times),
        times=[round(t, 7) for t in times],
        **(extra or {}),
    )
    return times, out, None


def main(argv=None):
    global FAILED, MIN_TIME
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", required=True, choices=gen_dag.SHAPES)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument(
        "--adapter", choices=("dict", "df"), default=None, help="result builder; default dict, df for shape pandas"
    )
    ap.add_argument("--override", action="store_true", help="also time execute with overrides={middle node: value}")
    ap.add_argument("--time-budget", type=float, default=60.0, help="stop repeating a phase after this many seconds")
    ap.add_argument("--root", default=gen_dag.DEFAULT_ROOT)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layers", type=int, default=None)
    ap.add_argument("--k", type=int, default=None)
    ap.add_argument("--m", type=int, default=None)
    ap.add_argument("--fanin", type=int, default=50)
    ap.add_argument("--per-module", type=int, default=2000)
    ap.add_argument(
        "--min-time", type=float, default=0.3, help="repeat execute/raw beyond --repeats until this many seconds"
    )
    ap.add_argument("--label", default=os.environ.get("HAM_BENCH_LABEL", ""))
    ap.add_argument(
        "--recursion-limit", type=int, default=None, help="sys.setrecursionlimit before running (default: leave as is)"
    )
    a = ap.parse_args(argv)
    MIN_TIME = a.min_time
    adapter_kind = a.adapter or ("df" if a.shape == "pandas" else "dict")
    if a.recursion_limit:
        sys.setrecursionlimit(a.recursion_limit)

    dag_dir = gen_dag.generate(
        a.shape, a.n, a.root, seed=a.seed, layers=a.layers, k=a.k, m=a.m, fanin=a.fanin, per_module=a.per_module
    )
    with open(os.path.join(dag_dir, "meta.json")) as f:
        meta = json.load(f)
    COMMON.update(
        label=a.label,
        shape=a.shape,
        n=a.n,
        n_nodes=meta["n_nodes"],
        adapter=adapter_kind,
        python=platform.python_version(),
        executable=sys.executable,
        pid=os.getpid(),
    )
    summary = {
        "status": "ok",
        "n_outputs": len(meta["outputs"]),
        "dag_dir": dag_dir,
        "recursion_limit": sys.getrecursionlimit(),
    }

    def finish():
        summary["rss_peak_mib_end"] = rss_peak_mib()
        if FAILED and summary["status"] == "ok":
            summary["status"] = "error"
        emit("summary", **summary)
        return 3 if FAILED else 0

    emit("rss", stage="start", rss_peak_mib=rss_peak_mib(), rss_now_mib=rss_now_mib())

    # (a1) framework import ---------------------------------------------------
    try:
        t0 = time.perf_counter()
        if a.shape == "pandas" or adapter_kind == "df":
            import numpy  # noqa: F401
            import pandas  # noqa: F401
        from hamilton import base, driver

        t_fw = time.perf_counter() - t0
        import hamilton

        COMMON["hamilton_file"] = getattr(hamilton, "__file__", None)
        ver = getattr(hamilton, "__version__", None)
        if ver is None:
            try:
                from hamilton import version as _v

                ver = getattr(_v, "VERSION", None)
            except Exception:
                ver = None
        COMMON["hamilton_version"] = ".".join(map(str, ver)) if isinstance(ver, tuple) else ver
        emit("import_framework", seconds=t_fw)
        summary["import_framework_s"] = t_fw
    except BaseException as e:
        FAILED = True
        emit("import_framework", seconds=None, **err_fields(e))
        summary["status"] = "fail:import_framework"
        return finish()
    rss_fw = rss_now_mib()
    emit("rss", stage="after_import_framework", rss_peak_mib=rss_peak_mib(), rss_now_mib=rss_fw)
    summary["rss_after_framework_mib"] = rss_fw

    # (a2) module import -------------------------------------------------------
    try:
        sys.path.insert(0, dag_dir)
        t0 = time.perf_counter()
        mods = {m: importlib.import_module(m) for m in meta["modules"]}
        t_mod = time.perf_counter() - t0
        emit("import_modules", seconds=t_mod, n_modules=len(mods))
        summary["import_modules_s"] = t_mod
    except BaseException as e:
        FAILED = True
        emit("import_modules", seconds=None, **err_fields(e))
        summary["status"] = "fail:import_modules"
        return finish()

    # (a3) driver construction ---------------------------------------------------
    def make_adapter():
        if adapter_kind == "df":
            return base.SimplePythonDataFrameGraphAdapter()
        return base.SimplePythonGraphAdapter(base.DictResult())

    try:
        gc.collect()
        t0 = time.perf_counter()
        dr = driver.Driver({}, *[mods[m] for m in meta["modules"]], adapter=make_adapter())
        t_con = time.perf_counter() - t0
        emit("construct", seconds=t_con)
        summary["construct_s"] = t_con
        summary["setup_s"] = t_mod + t_con
    except BaseException as e:
        FAILED = True
        emit("construct", seconds=None, **err_fields(e))
        summary["status"] = "fail:construct"
        return finish()
    emit("rss", stage="after_construct", rss_peak_mib=rss_peak_mib(), rss_now_mib=rss_now_mib())
    summary["rss_after_construct_mib"] = rss_now_mib()

    inputs = make_inputs(meta)
    outputs = list(meta["outputs"])

    # (b) execute ------------------------------------------------------------------
    def first_done():
        summary["rss_peak_first_execute_mib"] = rss_peak_mib()

    ex_times, ex_out, ex_err = repeat(
        "execute", lambda: dr.execute(outputs, inputs=inputs), a.repeats, a.time_budget, after_first=first_done
    )
    if ex_err:
        summary["status"] = "fail:execute"
        summary["execute_error"] = ex_err
    summary["execute_s"] = med(ex_times)
    summary["execute_first_s"] = ex_times[0] if ex_times else None
    summary["execute_min_s"] = min(ex_times) if ex_times else None

    ov_out = ov = None
    if a.override:
        topo = meta["topo"]
        mid_name = topo[len(topo) // 2][0]
        ov = {mid_name: 1 if meta["kind"] == "int" else inputs[next(iter(inputs))]}
        ov_times, ov_out, ov_err = repeat(
            "execute_override",
            lambda: dr.execute(outputs, inputs=inputs, overrides=ov),
            a.repeats,
            a.time_budget,
            extra={"override_node": mid_name},
        )
        summary["execute_override_s"] = med(ov_times)
        if ov_err:
            summary["execute_override_error"] = ov_err
            if summary["status"] == "ok":
                summary["status"] = "fail:execute_override"

    # "peak" = ru_maxrss right after the FIRST execute (comparable across
    # implementations regardless of how many repeats ran); *_all_reps after all.
    peak_all = rss_peak_mib()
    peak = summary.get("rss_peak_first_execute_mib", peak_all)
    emit("rss", stage="after_execute", rss_peak_mib=peak_all, rss_now_mib=rss_now_mib())
    summary["rss_peak_mib"] = peak
    summary["rss_peak_all_reps_mib"] = peak_all
    summary["rss_delta_mib"] = peak - rss_fw if rss_fw is not None else None

    # (c) raw baseline ---------------------------------------------------------------
    try:
        plan = needed_plan(meta, mods, outputs, {})
    except BaseException as e:
        FAILED = True
        emit("raw", seconds=None, **err_fields(e))
        return finish()
    raw_times, raw_out, _raw_err = repeat(
        "raw",
        lambda: run_raw(plan, inputs, {}, outputs, adapter_kind),
        a.repeats,
        a.time_budget,
        extra={"n_called": len(plan)},
    )
    summary["raw_s"] = med(raw_times)
    summary["raw_n_called"] = len(plan)
    if a.override and ov is not None:
        plan_ov = needed_plan(meta, mods, outputs, ov)
        rt, raw_ov_out, _ = repeat(
            "raw_override",
            lambda: run_raw(plan_ov, inputs, ov, outputs, adapter_kind),
            a.repeats,
            a.time_budget,
            extra={"n_called": len(plan_ov)},
        )
        summary["raw_override_s"] = med(rt)
        if ov_out is not None and raw_ov_out is not None:
            summary["override_correct"] = check_result(ov_out, raw_ov_out, adapter_kind)

    if ex_out is not None and raw_out is not None:
        summary["correct"] = check_result(ex_out, raw_out, adapter_kind)
        if summary["correct"] is not True:
            FAILED = True
            if summary["status"] == "ok":
                summary["status"] = "wrong_result"
    if summary.get("execute_s") is not None and summary.get("raw_s") is not None:
        summary["overhead_us_per_node"] = (summary["execute_s"] - summary["raw_s"]) / meta["n_nodes"] * 1e6
        summary["execute_us_per_node"] = summary["execute_s"] / meta["n_nodes"] * 1e6
    if summary.get("construct_s") is not None:
        summary["construct_us_per_node"] = summary["construct_s"] / meta["n_nodes"] * 1e6
    return finish()


if __name__ == "__main__":
    sys.exit(main())
