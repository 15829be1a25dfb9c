"""Side-by-side benchmark of this implementation against sf-hamilton 1.88.0.

Runs the harness next to this file (``compare.py``, see README.md here) with two
interpreters: ours (the one running this script, with the packages installed) and the
original's, given with ``--original`` (``nox -s bench`` makes one), else a virtualenv of
its own that this script creates once under ``.nox/sf-hamilton-1.88.0``. Then the hook
cost and, unless ``--quick``, the parallel executors. Prints tables; nothing here is a test.

    python benchmarks/run.py [--quick] [--cases layered:10000,...] [--original PYTHON]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "benchmarks"
ORIGINAL = "sf-hamilton==1.88.0"
DEFAULT_CASES = "chain:1000,chain:10000,wide:10000,layered:1000,layered:10000,pandas:10000"


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


def _import_time(python: str | Path, repeats: int = 7) -> float:
    code = "import time; t = time.perf_counter(); import hamilton.driver, hamilton.base; print(time.perf_counter() - t)"
    elsewhere = tempfile.gettempdir()  # not this checkout, whose folders could shadow an installed package
    times = sorted(
        float(subprocess.check_output([python, "-c", code], cwd=elsewhere, text=True)) for _ in range(repeats)
    )
    return times[len(times) // 2] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--original", default=None, help="the interpreter of sf-hamilton 1.88.0")
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--procs", default="3", help="runs per side and case")
    parser.add_argument("--quick", action="store_true", help="layered:10000 and pandas:10000, one run each")
    args = parser.parse_args()
    original = _original_python(args.original)
    cases, procs = ("layered:10000,pandas:10000", "1") if args.quick else (args.cases, args.procs)
    print(
        f"import hamilton.driver, hamilton.base (median of 7, ms): "
        f"original {_import_time(original):.0f}, ours {_import_time(sys.executable):.0f}",
        flush=True,
    )
    subprocess.run(
        [
            sys.executable,
            HARNESS / "compare.py",
            original,
            sys.executable,
            "--labels",
            "original,ours",
            "--cases",
            cases,
            "--procs",
            procs,
            "--override",
        ],
        check=True,
    )
    print("hook cost, layered DAG of 10,000 nodes (original, then ours):", flush=True)
    hooks = ROOT / "benchmarks" / "hook_cost.py"
    subprocess.run([original, hooks], check=True, stderr=subprocess.DEVNULL)  # it warns on each raw_execute
    subprocess.run([sys.executable, hooks], check=True)
    print("decorators: Driver build per decorator, and plain nodes beside decorated ones (original, then ours):")
    decorators = ROOT / "benchmarks" / "decorators.py"
    quick = ["--functions", "300", "--nodes", "2000", "--repeats", "3"] if args.quick else []
    subprocess.run([original, decorators, *quick], check=True, stderr=subprocess.DEVNULL)  # raw_execute warns
    subprocess.run([sys.executable, decorators, *quick], check=True)
    parallel = ROOT / "benchmarks" / "parallel.py"
    if parallel.exists() and not args.quick:
        subprocess.run([sys.executable, parallel], check=True)


if __name__ == "__main__":
    main()
