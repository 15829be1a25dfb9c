#!/usr/bin/env python3
"""Compare two Hamilton-API implementations, each in its own interpreter.

  python compare.py PYTHON_A [PYTHON_B] [options]

For every (shape, N) case it runs bench_driver.py as a subprocess, alternating
A,B,A,B,... (--procs runs per side), parses the JSON lines, and prints a table of
per-side medians and the ratio A/B.  B is optional (then only A's numbers).
Each side imports whatever ``hamilton`` its interpreter finds; use
--pythonpath-a/--pythonpath-b to point one side at a source checkout.

Examples
  # real Hamilton vs ours (ours importable as `hamilton` in its own virtualenv):
  python compare.py .venv-ham/bin/python .venv-ours/bin/python \
      --labels hamilton,ours --shapes chain,wide,layered --sizes 100,1000,10000
  # explicit cases, raised recursion limit, all raw JSON kept:
  python compare.py A B --cases chain:50000,layered:50000 --recursion-limit 1000000 \
      --jsonl /tmp/bench.jsonl

Options (defaults): --procs 3, --repeats 5 (in-process executes per run),
--timeout 300 s per run, --max-total 900 s (no new run starts after that),
--adapter dict|df (default: dict; df for shape pandas), --override,
--bench-args "--layers 20 --k 2" (passed through to bench_driver.py),
--args-a/--args-b (per side, e.g. to compare --adapter df vs dict with A == B).
A side whose run times out is not run again on that case nor on larger N of the
same shape; a side whose first run fails (e.g. RecursionError) is not repeated
on that case.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_dag  # noqa: E402

BENCH = os.path.join(HERE, "bench_driver.py")

# (summary key, display name, scale)
METRICS = [
    ("import_framework_s", "import_framework_ms", 1e3),
    ("import_modules_s", "import_modules_ms", 1e3),
    ("construct_s", "construct_ms", 1e3),
    ("setup_s", "setup_ms(mod+construct)", 1e3),
    ("execute_s", "execute_ms", 1e3),
    ("execute_first_s", "execute_first_ms", 1e3),
    ("execute_override_s", "execute_override_ms", 1e3),
    ("raw_s", "raw_ms", 1e3),
    ("overhead_us_per_node", "overhead_us/node", 1.0),
    ("construct_us_per_node", "construct_us/node", 1.0),
    ("rss_peak_mib", "rss_peak_MiB(1st exec)", 1.0),
    ("rss_peak_all_reps_mib", "rss_peak_MiB(all reps)", 1.0),
    ("rss_delta_mib", "rss_delta_MiB", 1.0),
]


def parse_cases(a):
    if a.cases:
        out = []
        for c in a.cases.split(","):
            shape, n = c.split(":")
            out.append((shape.strip(), int(n)))
        return out
    return [(s, int(n)) for s in a.shapes.split(",") for n in a.sizes.split(",")]


def run_one(python, label, shape, n, a, pythonpath, side_args=""):
    cmd = [
        python,
        BENCH,
        "--shape",
        shape,
        "--n",
        str(n),
        "--repeats",
        str(a.repeats),
        "--root",
        a.root,
        "--label",
        label,
        "--time-budget",
        str(a.time_budget),
    ]
    if a.adapter:
        cmd += ["--adapter", a.adapter]
    if a.override:
        cmd.append("--override")
    if a.recursion_limit:
        cmd += ["--recursion-limit", str(a.recursion_limit)]
    cmd += shlex.split(a.bench_args) + shlex.split(side_args or "")
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout, cwd=tempfile.gettempdir(), env=env)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return [], {"status": "timeout", "wall_s": time.perf_counter() - t0}, out
    recs, summary = [], None
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue  # libraries may print banners to stdout
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        recs.append(rec)
        if rec.get("metric") == "summary":
            summary = rec
    if summary is None:
        summary = {"status": f"crash(rc={p.returncode})", "stderr_tail": p.stderr[-800:]}
    summary["wall_s"] = time.perf_counter() - t0
    return recs, summary, p.stderr


def status_of(summaries):
    sts = []
    for s in summaries:
        st = s.get("status", "?")
        err = s.get("execute_error") or s.get("execute_override_error")
        if err:
            st += " " + err.split(":")[0]
        if st not in sts:
            sts.append(st)
    return ";".join(sts) + f" x{len(summaries)}"


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("python_a")
    ap.add_argument("python_b", nargs="?")
    ap.add_argument("--labels", default="A,B")
    ap.add_argument("--pythonpath-a", default=None)
    ap.add_argument("--pythonpath-b", default=None)
    ap.add_argument("--shapes", default="chain,wide,layered,pandas")
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--cases", default=None, help="e.g. chain:100,wide:1000 (overrides shapes/sizes)")
    ap.add_argument("--procs", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--time-budget", type=float, default=20.0, help="per phase, inside one run (see bench_driver.py)")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--max-total", type=float, default=900.0)
    ap.add_argument("--adapter", choices=("dict", "df"), default=None)
    ap.add_argument("--override", action="store_true")
    ap.add_argument("--recursion-limit", type=int, default=None)
    ap.add_argument("--root", default=gen_dag.DEFAULT_ROOT)
    ap.add_argument("--bench-args", default="")
    ap.add_argument("--args-a", default="", help="extra bench_driver.py args for side A only")
    ap.add_argument("--args-b", default="", help="extra bench_driver.py args for side B only")
    ap.add_argument("--jsonl", default=None, help="append every JSON record here")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    labels = a.labels.split(",")
    sides = [(labels[0], a.python_a, a.pythonpath_a, a.args_a)]
    if a.python_b:
        sides.append((labels[1] if len(labels) > 1 else "B", a.python_b, a.pythonpath_b, a.args_b))
    cases = parse_cases(a)
    jf = open(a.jsonl, "a") if a.jsonl else None
    t_start = time.perf_counter()
    results = {}  # (shape, n, label) -> [summary]
    dead = {}  # (shape, label) -> smallest n that timed out

    for shape, n in cases:
        # generate once (stdlib) and byte-compile with each interpreter
        ba = shlex.split(a.bench_args)

        def opt(name, cast=int, ba=ba):
            return cast(ba[ba.index(name) + 1]) if name in ba else None

        dag_dir = gen_dag.generate(
            shape,
            n,
            a.root,
            seed=opt("--seed") or 0,
            layers=opt("--layers"),
            k=opt("--k"),
            m=opt("--m"),
            fanin=opt("--fanin") or 50,
            per_module=opt("--per-module") or 2000,
        )
        for _, py, _, _ in sides:
            subprocess.run([py, "-m", "compileall", "-q", dag_dir], capture_output=True)
        skip = set()
        for proc in range(a.procs):
            for label, py, pp, sargs in sides:
                key = (shape, n, label)
                if label in skip:
                    continue
                if (shape, label) in dead and n >= dead[(shape, label)]:
                    results.setdefault(key, []).append({"status": "skipped(timeout at smaller N)"})
                    skip.add(label)
                    continue
                if time.perf_counter() - t_start > a.max_total:
                    results.setdefault(key, []).append({"status": "skipped(budget)"})
                    skip.add(label)
                    continue
                recs, summary, _err = run_one(py, label, shape, n, a, pp, sargs)
                if jf:
                    for r in recs:
                        jf.write(json.dumps(r) + "\n")
                    if not recs:
                        jf.write(
                            json.dumps({"label": label, "shape": shape, "n": n, "metric": "summary", **summary}) + "\n"
                        )
                    jf.flush()
                results.setdefault(key, []).append(summary)
                if not a.quiet:
                    print(
                        f"# {shape:8s} N={n:<6d} {label:10s} run {proc + 1}: {summary.get('status')}"
                        f"  exec={fmt((summary.get('execute_s') or 0) * 1e3)}ms"
                        f"  wall={summary.get('wall_s', 0):.1f}s",
                        file=sys.stderr,
                        flush=True,
                    )
                if summary.get("status") == "timeout":
                    dead[(shape, label)] = min(n, dead.get((shape, label), n))
                    skip.add(label)
                elif summary.get("status") != "ok" and proc == 0:
                    skip.add(label)  # deterministic failure: don't repeat

    # ------------------------------------------------------------------ table
    la = sides[0][0]
    lb = sides[1][0] if len(sides) > 1 else None
    hdr = f"{'shape':8s} {'N':>6s} {'nodes':>6s}  {'metric':24s} {la:>12s}"
    if lb:
        hdr += f" {lb:>12s} {'A/B':>7s}"
    print(hdr)
    print("-" * len(hdr))
    for shape, n in cases:
        sa = results.get((shape, n, la), [])
        sb = results.get((shape, n, lb), []) if lb else []
        nodes = next((s.get("n_nodes") for s in sa + sb if s.get("n_nodes")), None)
        line = f"{shape:8s} {n:>6d} {nodes or '-'!s:>6s}  status: {la}={status_of(sa)}"
        if lb:
            line += f"  {lb}={status_of(sb)}"
        print(line)
        for key, name, scale in METRICS:
            va = [s[key] * scale for s in sa if s.get(key) is not None]
            vb = [s[key] * scale for s in sb if s.get(key) is not None]
            if not va and not vb:
                continue
            ma = statistics.median(va) if va else None
            mb = statistics.median(vb) if vb else None
            row = f"{'':8s} {'':>6s} {'':>6s}  {name:24s} {fmt(ma):>12s}"
            if lb:
                ratio = (ma / mb) if (ma is not None and mb not in (None, 0)) else None
                row += f" {fmt(mb):>12s} {(f'{ratio:.2f}') if ratio is not None else '-':>7s}"
            print(row)
        for s in sa + sb:
            if s.get("correct") not in (None, True):
                print(f"{'':24s} !! {s.get('label')}: result check: {s.get('correct')}")
    print(
        f"# total wall {time.perf_counter() - t_start:.0f}s; medians over runs"
        f" (each run = fresh interpreter; execute/raw = median of in-run repeats)"
    )
    if jf:
        jf.close()


if __name__ == "__main__":
    sys.exit(main())
