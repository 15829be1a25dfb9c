"""Run the polars marketing dataflow for both business lines: a polars DataFrame, then an Arrow table.

Works from any directory: ``python examples/marketing_polars/run.py``.
"""

import sys
from pathlib import Path

import polars as pl
from hamilton import driver
from hamilton_arrow import ArrowTableResult
from hamilton_polars import PolarsDataFrameResult

sys.path.insert(0, str(Path(__file__).resolve().parent))
import marketing_functions

OUTPUTS = ["week", "spend", "signups", "avg_rolling_spend", "acquisition_cost", "spend_per_signup"]


def main() -> None:
    for business_line in ("CA", "US"):
        config = {"business_line": business_line}
        df = driver.Driver(config, marketing_functions, adapter=PolarsDataFrameResult()).execute(OUTPUTS)
        print(f"business line {business_line}, as a polars DataFrame:\n{df}\n")
        table = driver.Driver(config, marketing_functions, adapter=ArrowTableResult()).execute(OUTPUTS)
        print(f"business line {business_line}, as an Arrow table:\n{table}\n")

    # The seed's what-if, with a polars Series as the override: nothing upstream of spend runs.
    dr = driver.Driver({"business_line": "US"}, marketing_functions, adapter=PolarsDataFrameResult())
    what_if = dr.execute(
        ["spend", "acquisition_cost"],
        overrides={"spend": pl.Series([40, 80, 100, 400, 800, 1000])},  # what if we increased the marketing spend?
    )
    print(f"business line US, what if we increased the marketing spend?\n{what_if}")


if __name__ == "__main__":
    with pl.Config(tbl_cols=-1, tbl_width_chars=160):
        main()
