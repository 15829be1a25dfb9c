"""A progress bar, a tracer and a run recorder follow runs on threads, processes, Dask and Ray alike."""

from __future__ import annotations

import importlib
import io

import pytest
from hamilton import base, driver
from hamilton.executors import ProcessPoolGraphAdapter
from hamilton.testing import module_from_source

pytest.importorskip("hamilton_tqdm")
pytest.importorskip("hamilton_opentelemetry")
pytest.importorskip("hamilton_viz")
pytest.importorskip("opentelemetry.sdk")

FLOW = """
def a(x: int) -> int:
    return x + 1


def b(a: int) -> int:
    return a * 2


def c(a: int) -> int:
    return a * 3


def d(b: int, c: int) -> int:
    return b + c


def broken(b: int) -> int:
    raise ArithmeticError("broken on purpose")
"""


@pytest.fixture
def observers():
    from hamilton_opentelemetry import OpenTelemetryTracer
    from hamilton_tqdm import ProgressBar
    from hamilton_viz import RunRecorder
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    screen = io.StringIO()
    return {
        "bar": ProgressBar(desc="flow", file=screen, mininterval=0),
        "screen": screen,
        "tracer": OpenTelemetryTracer(tracer=provider.get_tracer("tests")),
        "exporter": exporter,
        "recorder": RunRecorder(),
    }


def build(request, any_executor, observers):
    name = f"observed_{request.node.name.replace('[', '_').replace(']', '')}"
    if isinstance(any_executor, ProcessPoolGraphAdapter):
        # a module file the pool's workers can import, whatever their start method
        folder = request.getfixturevalue("tmp_path")
        (folder / f"{name}.py").write_text(FLOW)
        request.getfixturevalue("monkeypatch").syspath_prepend(str(folder))
        module = importlib.import_module(name)
    else:
        module = module_from_source(name, FLOW)  # Dask and Ray ship it by value
    plugins = [base.DictResult(), observers["bar"], observers["tracer"], observers["recorder"], any_executor]
    return driver.Driver({}, module, adapter=plugins)


def test_every_observer_sees_every_node(request, any_executor, observers):
    dr = build(request, any_executor, observers)
    assert dr.execute(["d"], inputs={"x": 1}) == {"d": 4 + 6}
    assert "flow -> done: 100%" in observers["screen"].getvalue() and "4/4" in observers["screen"].getvalue()
    spans = observers["exporter"].get_finished_spans()
    run = next(span for span in spans if span.name == "hamilton.run")
    nodes = sorted(span.name for span in spans if span.name != "hamilton.run")
    assert nodes == ["a", "b", "c", "d"]
    assert all(span.parent.span_id == run.context.span_id for span in spans if span.name != "hamilton.run")
    run_record = observers["recorder"].last_run
    assert {name: run_record.status(name) for name in "abcd"} == dict.fromkeys("abcd", "ran")


def test_every_observer_sees_the_failure(request, any_executor, observers):
    dr = build(request, any_executor, observers)
    with pytest.raises(ArithmeticError, match="broken on purpose"):
        dr.execute(["broken"], inputs={"x": 1})
    assert "flow -> failed in broken" in observers["screen"].getvalue()
    failed = next(span for span in observers["exporter"].get_finished_spans() if span.name == "broken")
    assert failed.status.status_code.name == "ERROR"
    assert observers["recorder"].last_run.status("broken") == "failed"
