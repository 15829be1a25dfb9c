"""`hamilton run` prints and writes pandas and polars values (run only where those libraries are installed)."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

PANDAS_FLOW = """
import pandas as pd


def spend(weeks: int) -> pd.Series:
    return pd.Series([10.0 * (week + 1) for week in range(weeks)], name="spend")


def frame(spend: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"doubled": spend * 2, "label": [f"w{i}" for i in range(len(spend))]})


def total(spend: pd.Series) -> float:
    return float(spend.sum())
"""

POLARS_FLOW = """
import polars as pl


def spend(weeks: int) -> pl.Series:
    return pl.Series("spend", [10.0 * (week + 1) for week in range(weeks)])


def frame(spend: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"doubled": spend * 2})
"""


@pytest.mark.parametrize(("library", "flow"), [("pandas", PANDAS_FLOW), ("polars", POLARS_FLOW)])
def test_series_and_frames_as_json_and_csv(tmp_path, hamilton, library, flow):
    pytest.importorskip(library)
    (tmp_path / "flow.py").write_text(textwrap.dedent(flow))
    done = hamilton(tmp_path, "run", "flow.py", "-i", "weeks=3", "-o", "spend,frame", "-f", "json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["spend"] == [10.0, 20.0, 30.0]
    assert printed["frame"]["doubled"] == [20.0, 40.0, 60.0]

    done = hamilton(tmp_path, "run", "flow.py", "-i", "weeks=2", "-o", "spend,frame", "-f", "csv")
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0][:2] == ["spend", "doubled"] and rows[1][:2] == ["10.0", "20.0"] and len(rows) == 3


def test_a_table_of_series_and_a_scalar(tmp_path, hamilton):
    pytest.importorskip("pandas")
    (tmp_path / "flow.py").write_text(textwrap.dedent(PANDAS_FLOW))
    done = hamilton(tmp_path, "run", "flow.py", "-i", "weeks=25", "-o", "spend,total")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [cell.strip() for cell in lines[1].split("┃")[1:3]] == ["spend", "total"]
    assert "first 20 of 25 rows" in done.stdout
    assert "3250.0" in lines[3]  # the scalar repeated beside each row of the Series
