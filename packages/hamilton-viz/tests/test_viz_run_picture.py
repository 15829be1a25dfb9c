"""Pictures of a finished run, recorded through the lifecycle hooks and rendered by real Graphviz."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET

import pytest
from hamilton import base, driver
from hamilton_viz import RunRecorder
from hamilton_viz.run_picture import FAILED, NOT_RUN, OVERRIDDEN, RAN

SVG = "{http://www.w3.org/2000/svg}"

SLOW_FLOW = """
import threading

GATE = threading.Event()


def fast(x: int) -> int:
    return x + 1


def slow(x: int) -> int:
    GATE.wait(0.05)  # an Event nobody sets: a pause that costs no CPU
    return x * 2


def slower(x: int) -> int:
    GATE.wait(0.2)
    return x * 3


def combined(fast: int, slow: int, slower: int) -> int:
    return fast + slow + slower


def broken(fast: int) -> int:
    raise ValueError("no good")


def after_broken(broken: int) -> int:
    return broken
"""


def svg_nodes(svg_text: str) -> dict[str, dict[str, str]]:
    """Each drawn node: its fill and stroke colours and the text it shows."""
    root = ET.fromstring(svg_text)
    nodes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        name = group.find(f"{SVG}title").text
        shape = next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse"))
        text = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        nodes[name] = {"fill": shape.get("fill"), "stroke": shape.get("stroke"), "text": text}
    return nodes


@pytest.fixture
def flow(dataflow_module):
    return dataflow_module(SLOW_FLOW)


@pytest.fixture
def recorder():
    return RunRecorder()


def test_statuses_durations_and_the_slowest_nodes(flow, recorder, tmp_path):
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder])
    assert dr.execute(["combined"], inputs={"x": 1}) == {"combined": 2 + 2 + 3}
    run = recorder.last_run
    assert {name: run.status(name) for name in ("fast", "slow", "slower", "combined")} == dict.fromkeys(
        ("fast", "slow", "slower", "combined"), RAN
    )
    assert run.slowest(2) == ["slower", "slow"]  # 0.2 s and 0.05 s of waiting: an order no load can swap

    recorder.draw(dr, str(tmp_path / "run.svg"), slowest=2)
    nodes = svg_nodes((tmp_path / "run.svg").read_text())
    assert "slowest #1" in nodes["slower"]["text"] and "slowest #2" in nodes["slow"]["text"]
    assert nodes["slower"]["fill"] == nodes["slow"]["fill"] == "#ffc98b"
    assert nodes["fast"]["fill"] == "#d7efd7" and "ran in" in nodes["fast"]["text"]
    assert "slowest" not in nodes["fast"]["text"]
    assert "ms" in nodes["slower"]["text"] or " s" in nodes["slower"]["text"]
    assert set(nodes) >= {"x", "fast", "slow", "slower", "combined"}


def test_the_failed_node_is_marked_and_what_follows_did_not_run(flow, recorder, tmp_path):
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder])
    with pytest.raises(ValueError, match="no good"):
        dr.execute(["after_broken", "combined"], inputs={"x": 1})
    run = recorder.last_run
    assert run.status("broken") == FAILED and run.status("after_broken") == NOT_RUN
    assert "ValueError" in run.error

    digraph = recorder.draw(dr, str(tmp_path / "failed.svg"), slowest=1)
    nodes = svg_nodes((tmp_path / "failed.svg").read_text())
    assert nodes["broken"]["fill"] == "#f9c5c5" and nodes["broken"]["stroke"] == "#b00020"
    assert "ValueError: no good" in nodes["broken"]["text"]
    assert "not run" in nodes["after_broken"]["text"] and nodes["after_broken"]["fill"] == "#ffffff"
    assert "failed: NodeExecutionError" in digraph.source


def test_an_overridden_node_is_shown_skipped(flow, recorder, tmp_path):
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder])
    dr.execute(["combined"], inputs={"x": 1}, overrides={"slower": 0})
    run = recorder.last_run
    assert run.status("slower") == OVERRIDDEN and "slower" not in run.nodes
    nodes = svg_nodes(recorder.draw(dr).pipe(format="svg").decode())
    assert "overridden: not run" in nodes["slower"]["text"]


def test_runs_on_threads_are_recorded_per_run(flow, recorder):
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder, "threads"])
    done = []

    def execute(x):
        done.append(dr.execute(["fast", "combined"], inputs={"x": x}))

    threads = [threading.Thread(target=execute, args=(x,)) for x in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == 3 and len(recorder.runs) == 3
    assert all(set(run.nodes) == {"fast", "slow", "slower", "combined"} for run in recorder.runs)


def test_only_the_last_runs_are_kept(flow):
    recorder = RunRecorder(keep=2)
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder])
    for x in range(3):
        dr.execute(["fast"], inputs={"x": x})
    assert len(recorder.runs) == 2
    with pytest.raises(ValueError, match="keep must be at least 1"):
        RunRecorder(keep=0)


def test_drawing_before_any_run_says_what_to_do(flow, recorder):
    dr = driver.Driver({}, flow, adapter=[base.DictResult(), recorder])
    with pytest.raises(LookupError, match=re.escape("adapter=[...]")):
        recorder.draw(dr)
