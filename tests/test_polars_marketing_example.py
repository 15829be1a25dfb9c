"""examples/marketing_polars end to end: the seed's marketing dataflow on polars and as an Arrow table."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
from hamilton import driver  # noqa: E402
from hamilton_arrow import ArrowTableResult  # noqa: E402
from hamilton_polars import PolarsDataFrameResult  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "marketing_polars"
SPEND = [12, 15, 22, 35, 41, 58]
SIGNUPS = [3, 9, 30, 72, 120, 185]


@pytest.fixture(scope="module")
def marketing_functions():
    spec = importlib.util.spec_from_file_location("marketing_polars_functions", EXAMPLE / "marketing_functions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def rolling_mean(values: list[int], window: int) -> list[float | None]:
    return [None if i + 1 < window else sum(values[i + 1 - window : i + 1]) / window for i in range(len(values))]


@pytest.mark.parametrize("business_line, window", [("CA", 3), ("US", 2)])
def test_acquisition_cost_per_business_line(marketing_functions, business_line, window):
    dr = driver.Driver({"business_line": business_line}, marketing_functions, adapter=PolarsDataFrameResult())
    df = dr.execute(["week", "spend", "signups", "avg_rolling_spend", "acquisition_cost"])
    assert df.schema == pl.Schema(
        {
            "week": pl.Date,
            "spend": pl.Int64,
            "signups": pl.Int64,
            "avg_rolling_spend": pl.Float64,
            "acquisition_cost": pl.Float64,
        }
    )
    expected_avg = rolling_mean(SPEND, window)
    assert df["avg_rolling_spend"].to_list() == pytest.approx(expected_avg)
    expected_cost = [None if a is None else a / s for a, s in zip(expected_avg, SIGNUPS, strict=True)]
    assert df["acquisition_cost"].to_list() == pytest.approx(expected_cost)


def test_the_arrow_table_holds_the_same_values(marketing_functions):
    outputs = ["week", "spend", "acquisition_cost"]
    config = {"business_line": "US"}
    table = driver.Driver(config, marketing_functions, adapter=ArrowTableResult()).execute(outputs)
    frame = driver.Driver(config, marketing_functions, adapter=PolarsDataFrameResult()).execute(outputs)
    assert isinstance(table, pa.Table)
    assert table.schema.field("week").type == pa.date32()
    assert table.to_pydict() == frame.to_dict(as_series=False)


def test_run_py_works_from_any_directory(tmp_path):
    run = subprocess.run(
        [sys.executable, str(EXAMPLE / "run.py")], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert run.returncode == 0, run.stderr
    for business_line in ("CA", "US"):
        assert f"business line {business_line}, as a polars DataFrame:\nshape: (6, 6)" in run.stdout
        assert f"business line {business_line}, as an Arrow table:\npyarrow.Table" in run.stdout
    assert "avg_rolling_spend: [[null,null,16.333333333333332,24," in run.stdout  # CA: 3 weeks
    assert "avg_rolling_spend: [[null,13.5,18.5,28.5,38,49.5]]" in run.stdout  # US: 2 weeks
