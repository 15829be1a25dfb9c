"""Dataflows of our own, modelled on the original's example pipelines, give the original's nodes and values.

Each example in ``original_examples/`` runs unchanged with this project and with sf-hamilton
1.88.0. ``original_examples/recorded/`` holds what the original gave (``describe.py``'s output:
nodes with their types and tags, what some nodes depend on, the values of the outputs); the test
compares this project's description with it. With ``HAMILTON_ORIGINAL_PYTHON`` set to the python
of an environment holding sf-hamilton 1.88.0, the original is also run live and compared, and
``python tests/test_original_examples.py`` records its descriptions again.

Known, documented differences are left out of the description: config keys (the original lists
them as inputs), originating functions (the original renames ``@config.when`` variants) and
docstrings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

FOLDER = Path(__file__).resolve().parent / "original_examples"
RECORDED = FOLDER / "recorded"
ORIGINAL_PYTHON = os.environ.get("HAMILTON_ORIGINAL_PYTHON")


class Example(NamedTuple):
    id: str
    module: str
    config: dict[str, Any]
    outputs: list[str]
    inputs: dict[str, Any]
    upstream_of: list[str]

    def spec(self) -> dict[str, Any]:
        return {k: v for k, v in self._asdict().items() if k != "id"}


EXAMPLES = [
    Example(
        "mutate-strict",
        "order_cleaning",
        {"mode": "strict"},
        ["orders", "shipments", "heavy", "light", "weight", "warehouse", "heavy_share", "order_count"],
        {},
        ["orders", "shipments", "heavy", "weight", "heavy_share"],
    ),
    Example("mutate-raw", "order_cleaning", {"mode": "raw"}, ["orders", "shipments", "heavy_share"], {}, ["shipments"]),
    Example(
        "pipes-indoor",
        "sensor_chains",
        {"site": "indoor"},
        ["smoothed", "inside", "outside", "spread", "comfort"],
        {"smoothing_window": 2, "scale": 1.0, "ceiling": 60.0},
        ["smoothed", "inside", "outside", "spread", "comfort"],
    ),
    Example(
        "pipes-outdoor",
        "sensor_chains",
        {"site": "outdoor"},
        ["smoothed", "inside", "comfort"],
        {"smoothing_window": 3, "scale": 2.0, "ceiling": 10.0},
        ["smoothed"],
    ),
    Example(
        "with-columns-pandas",
        "spend_columns_pandas",
        {"unit": "thousands"},
        ["final_df", "top_row"],
        {},
        ["final_df"],
    ),
    Example(
        "with-columns-polars",
        "spend_columns_polars",
        {"unit": "millions"},
        ["final_df", "top_row"],
        {},
        ["final_df"],
    ),
    Example(
        "does-and-resolve",
        "channel_spend",
        {"hamilton.enable_power_user_mode": True, "channels_to_report": ["tv", "radio"], "budget_owner": "growth"},
        ["total_spend", "web_share", "tv_share", "radio_share", "budget", "doubled_tv"],
        {},
        ["total_spend", "web_share", "tv_share", "budget"],
    ),
    Example(
        "subdags",
        "user_reports",
        {"weighting": "flat"},
        ["daily_us", "weekly_us", "monthly_us", "monthly_ca"],
        {},
        ["daily_us", "weekly_us", "monthly_ca"],
    ),
]


@pytest.fixture
def examples_importable():
    """The examples' folder on sys.path for one test; its modules forgotten afterwards."""
    sys.path.insert(0, str(FOLDER))
    before = set(sys.modules)
    yield
    sys.path.remove(str(FOLDER))
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        if getattr(module, "__file__", None) and Path(module.__file__).resolve().parent == FOLDER:
            del sys.modules[name]


def _ours(example: Example) -> dict[str, Any]:
    from describe import describe

    return json.loads(json.dumps(describe(**example.spec())))  # as the JSON the original's run gives


def _original(example: Example) -> dict[str, Any]:
    script = str(FOLDER / "describe.py")
    run = subprocess.run(
        [ORIGINAL_PYTHON, script, json.dumps(example.spec())], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, f"the original failed on {example.id}:\n{run.stderr[-3000:]}"
    return json.loads(run.stdout)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_nodes_dependencies_and_values_are_the_originals(example, examples_importable):
    recorded = json.loads((RECORDED / f"{example.id}.json").read_text())
    ours = _ours(example)
    assert ours["values"] == recorded["values"]
    assert ours["upstream"] == recorded["upstream"]
    assert ours["nodes"] == recorded["nodes"]


@pytest.mark.skipif(not ORIGINAL_PYTHON, reason="set HAMILTON_ORIGINAL_PYTHON to a python with sf-hamilton==1.88.0")
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_the_original_still_gives_what_was_recorded(example):
    assert _original(example) == json.loads((RECORDED / f"{example.id}.json").read_text())


def test_the_recordings_are_of_real_runs():
    # a recording that lost its values or nodes would make the comparison above vacuous
    for example in EXAMPLES:
        recorded = json.loads((RECORDED / f"{example.id}.json").read_text())
        assert set(recorded["values"]) == set(example.outputs) and len(recorded["nodes"]) > len(example.outputs)
        assert all(recorded["upstream"][name] for name in example.upstream_of)


if __name__ == "__main__":  # record the original's descriptions again
    if not ORIGINAL_PYTHON:
        sys.exit("set HAMILTON_ORIGINAL_PYTHON to a python with sf-hamilton==1.88.0")
    RECORDED.mkdir(exist_ok=True)
    for example in EXAMPLES:
        (RECORDED / f"{example.id}.json").write_text(json.dumps(_original(example), indent=1, sort_keys=True) + "\n")
        print("recorded", example.id)
