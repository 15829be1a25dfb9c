"""The README's demo: every example, one after the other, in this interpreter.

python examples/run_demo.py [output folder for pictures, default ./out]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
DEMOS = [
    ("The seed's marketing example with pandas", "marketing/run.py", []),
    ("The same dataflow with polars, and as an Arrow table", "marketing_polars/run.py", []),
    ("Pictures of the marketing DAG and of one execution path", "marketing_pictures/run.py", ["OUT"]),
]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out").resolve()
    failed = []
    for title, script, args in DEMOS:
        print(f"\n{'=' * 78}\n{title}  ({script})\n{'=' * 78}", flush=True)
        start = time.perf_counter()
        argv = [str(out) if a == "OUT" else a for a in args]
        code = subprocess.run([sys.executable, str(EXAMPLES / script), *argv]).returncode
        print(f"-- {script}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {time.perf_counter() - start:.1f} s")
        if code:
            failed.append(script)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
