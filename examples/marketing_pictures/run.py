"""Pictures of the marketing dataflow: the whole DAG, and what one execution runs.

python examples/marketing_pictures/run.py [output folder]   (default: out/ at the repository root)

Writes PNG images (with their DOT source beside them) and a Markdown file with the
same execution as Mermaid text, then prints where they are. Needs hamilton-viz and the
Graphviz `dot` program (`apt-get install graphviz`, `brew install graphviz`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from hamilton import driver
from hamilton_viz import GraphvizNotFoundError

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples" / "marketing"))
import marketing_functions  # noqa: E402

# the seed's what-if: what if we increased the marketing spend?
WHAT_IF_SPEND = pd.Series([40, 80, 100, 400, 800, 1000], index=pd.date_range("2022-01-01", periods=6, freq="W"))


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    dr = driver.Driver({"business_line": "CA"}, marketing_functions)
    inputs = {"data_path": marketing_functions.DATA_PATH}
    pictures = {
        "marketing_all_functions.png": "every function of the dataflow, for business line CA",
        "marketing_acquisition_cost_CA.png": "what execute(['acquisition_cost']) runs for business line CA",
        "marketing_what_if_spend.png": "the same, with spend overridden by the seed's what-if values",
        "marketing_what_if_spend.md": "that what-if execution as Mermaid text, to paste into Markdown",
    }
    dr.display_all_functions(str(out / "marketing_all_functions.png"), {})
    dr.visualize_execution(["acquisition_cost"], str(out / "marketing_acquisition_cost_CA.png"), {}, inputs=inputs)
    what_if = {"inputs": inputs, "overrides": {"spend": WHAT_IF_SPEND}}
    dr.visualize_execution(["acquisition_cost"], str(out / "marketing_what_if_spend.png"), {}, **what_if)
    dr.visualize_execution(
        ["acquisition_cost"], str(out / "marketing_what_if_spend.md"), {}, visualizer="mermaid", **what_if
    )
    for name, what in pictures.items():
        print(f"{out / name}\n    {what}")
    return [out / name for name in pictures]


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO / "out")
    except GraphvizNotFoundError as missing_dot:
        sys.exit(str(missing_dot))
