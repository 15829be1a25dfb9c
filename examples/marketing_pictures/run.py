"""Pictures of the marketing dataflow: the whole DAG, and what one execution runs.

python examples/marketing_pictures/run.py [output folder]   (default: out/ at the repository root)

Writes PNG images (with their DOT source beside them) and a Markdown file with the
same execution as Mermaid text, then prints where they are. Needs hamilton-viz; the images
need the Graphviz `dot` program (`apt-get install graphviz`, `brew install graphviz`).
Without `dot` it still writes every DOT source and the Mermaid file, says once what to
install, and succeeds.
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
    """Draw every picture into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    dr = driver.Driver({"business_line": "CA"}, marketing_functions)
    inputs = {"data_path": marketing_functions.DATA_PATH}
    what_if = {"inputs": inputs, "overrides": {"spend": WHAT_IF_SPEND}}
    pictures = [
        (
            "marketing_all_functions.png",
            "every function of the dataflow, for business line CA",
            lambda path: dr.display_all_functions(path, {}),
        ),
        (
            "marketing_acquisition_cost_CA.png",
            "what execute(['acquisition_cost']) runs for business line CA",
            lambda path: dr.visualize_execution(["acquisition_cost"], path, {}, inputs=inputs),
        ),
        (
            "marketing_what_if_spend.png",
            "the same, with spend overridden by the seed's what-if values",
            lambda path: dr.visualize_execution(["acquisition_cost"], path, {}, **what_if),
        ),
        (
            "marketing_what_if_spend.md",
            "that what-if execution as Mermaid text, to paste into Markdown",
            lambda path: dr.visualize_execution(["acquisition_cost"], path, {}, visualizer="mermaid", **what_if),
        ),
    ]
    written, missing_dot = [], None
    for name, what, draw in pictures:
        try:
            draw(str(out / name))
        except GraphvizNotFoundError as error:  # the DOT source is written all the same
            missing_dot = error
            written.append(error.dot_path)
            print(f"{error.dot_path}\n    {what} (DOT source only: no `dot` to render {error.image_path.name})")
        else:
            written.append(out / name)
            print(f"{out / name}\n    {what}")
    if missing_dot is not None:
        print("\nGraphviz's `dot` program is not installed, so the pictures are DOT source only.")
        print(missing_dot.install_hint)
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO / "out")
