"""OpenTelemetryTracer against the real OpenTelemetry SDK, its spans read from the in-memory exporter."""

from __future__ import annotations

import threading

import pytest
from hamilton import base, driver, registry
from hamilton.testing import LifecycleHookContract
from hamilton_opentelemetry import OpenTelemetryTracer
from opentelemetry import trace
from opentelemetry.trace import StatusCode

FLOW = """
from hamilton.function_modifiers import tag


def a(x: int) -> int:
    return x + 1


@tag(team="growth", stage="prod")
def b(a: int) -> list[int]:
    return [a, a]


def c(a: int) -> int:
    return a * 10


def d(b: list[int], c: int) -> int:
    return sum(b) + c


def fails(a: int) -> int:
    raise KeyError("no such thing")
"""

PARALLEL = """
import threading

MEETING = threading.Barrier(2, timeout=30)  # left and right must run at the same time to pass


def left(x: int) -> int:
    MEETING.wait()
    return x


def right(x: int) -> int:
    MEETING.wait()
    return -x


def both(left: int, right: int) -> int:
    return left + right
"""


def spans_by_name(exporter):
    return {span.name: span for span in exporter.get_finished_spans()}


def test_one_span_per_run_and_per_node_with_attributes(dataflow_module, tracer, exporter):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), OpenTelemetryTracer(tracer=tracer)])
    assert dr.execute(["d"], inputs={"x": 1}) == {"d": 24}
    spans = spans_by_name(exporter)
    assert sorted(spans) == ["a", "b", "c", "d", "hamilton.run"]
    run = spans["hamilton.run"]
    run_id = run.attributes["hamilton.run_id"]
    assert run.attributes["hamilton.final_vars"] == ("d",) and run.attributes["hamilton.inputs"] == ("x",)
    assert run.attributes["hamilton.nodes_planned"] == 4
    for name in "abcd":
        span = spans[name]
        assert span.parent.span_id == run.context.span_id
        assert span.context.trace_id == run.context.trace_id
        assert span.attributes["hamilton.run_id"] == run_id
        assert span.attributes["hamilton.node.name"] == name
        assert span.status.status_code is StatusCode.OK
    assert spans["b"].attributes["hamilton.node.type"] == "list[int]"
    assert spans["a"].attributes["hamilton.node.type"] == "int"
    assert spans["b"].attributes["hamilton.node.tag.team"] == "growth"
    assert spans["b"].attributes["hamilton.node.tag.stage"] == "prod"
    assert run.status.status_code is StatusCode.OK
    assert run.start_time <= spans["a"].start_time and spans["d"].end_time <= run.end_time


def test_a_failing_node_records_the_error_and_sets_the_status(dataflow_module, tracer, exporter):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), OpenTelemetryTracer(tracer=tracer)])
    with pytest.raises(KeyError, match="no such thing"):
        dr.execute(["fails"], inputs={"x": 1})
    spans = spans_by_name(exporter)
    failed = spans["fails"]
    assert failed.status.status_code is StatusCode.ERROR
    assert "KeyError" in failed.status.description and "no such thing" in failed.status.description
    (event,) = failed.events
    assert event.name == "exception" and event.attributes["exception.type"] == "KeyError"
    assert spans["a"].status.status_code is StatusCode.OK
    run = spans["hamilton.run"]
    assert run.status.status_code is StatusCode.ERROR and "fails" in run.status.description
    assert [e.name for e in run.events] == ["exception"]


def test_node_spans_on_a_thread_pool_hang_off_their_own_run(dataflow_module, tracer, exporter):
    traced = OpenTelemetryTracer(tracer=tracer)
    dr = driver.Driver({}, dataflow_module(PARALLEL), adapter=[base.DictResult(), traced, "threads"])
    results = []

    def execute(x):
        results.append(dr.execute(["both"], inputs={"x": x}))

    callers = [threading.Thread(target=execute, args=(x,)) for x in (1, 2)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert results == [{"both": 0}, {"both": 0}]
    spans = exporter.get_finished_spans()
    runs = {s.context.span_id: s for s in spans if s.name == "hamilton.run"}
    assert len(runs) == 2
    nodes = [s for s in spans if s.name != "hamilton.run"]
    assert sorted(s.name for s in nodes) == ["both", "both", "left", "left", "right", "right"]
    for span in nodes:
        run = runs[span.parent.span_id]  # every node's parent is a run...
        assert span.attributes["hamilton.run_id"] == run.attributes["hamilton.run_id"]  # ...its own
        assert span.context.trace_id == run.context.trace_id
    assert traced._nodes == {} and traced._runs == {}  # nothing left open


def test_the_run_nests_under_the_callers_span_and_spans_inside_nodes_under_the_run(dataflow_module, tracer, exporter):
    module = dataflow_module(
        """
        TRACER = None  # set below: the test's tracer


        def traced_node(x: int) -> int:
            with TRACER.start_as_current_span("inside"):
                return x
        """
    )
    module.TRACER = tracer
    dr = driver.Driver({}, module, adapter=[base.DictResult(), OpenTelemetryTracer(tracer=tracer)])
    with tracer.start_as_current_span("caller"):
        dr.execute(["traced_node"], inputs={"x": 1})
    spans = spans_by_name(exporter)
    assert spans["hamilton.run"].parent.span_id == spans["caller"].context.span_id
    assert spans["inside"].parent.span_id == spans["hamilton.run"].context.span_id
    assert trace.get_current_span() is trace.INVALID_SPAN  # the run's context was detached


def test_by_name_it_traces_to_the_global_provider(dataflow_module, global_exporter):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=[base.DictResult(), "opentelemetry"])
    dr.execute(["c"], inputs={"x": 1})
    assert sorted(s.name for s in global_exporter.get_finished_spans()) == ["a", "c", "hamilton.run"]


def test_installed_it_traces_only_runs_that_ask(dataflow_module, global_exporter):
    dr = driver.Driver({}, dataflow_module(FLOW), adapter=base.DictResult())
    assert dr.execute(["c"], inputs={"x": 1}) == {"c": 20}
    assert global_exporter.get_finished_spans() == ()
    (listed,) = [p for p in registry.plugins() if p["name"] == "opentelemetry"]
    assert listed["hooks"] == ["hamilton_register_adapters"]  # no lifecycle hook for every Driver


def test_tracer_name_or_tracer_not_both(tracer):
    with pytest.raises(ValueError, match="not both"):
        OpenTelemetryTracer(tracer_name="x", tracer=tracer)


class TestTracerContract(LifecycleHookContract):
    @pytest.fixture
    def hook(self, tracer):
        return OpenTelemetryTracer(tracer=tracer)


FAN_OUT = """
from hamilton.htypes import Collect, Parallelizable


def item(n: int) -> Parallelizable[int]:
    return range(n)


def squared(item: int) -> int:
    return item * item


def total(squared: Collect[int]) -> int:
    return sum(squared)
"""


def test_a_node_of_a_parallelizable_block_gets_a_span_per_item(dataflow_module, tracer, exporter):
    from hamilton.execution.executors import MultiThreadingExecutor

    with MultiThreadingExecutor(3) as threads:
        dr = (
            driver.Builder()
            .with_modules(dataflow_module(FAN_OUT))
            .with_adapters(base.DictResult(), OpenTelemetryTracer(tracer=tracer))
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(threads)
            .build()
        )
        assert dr.execute(["total"], inputs={"n": 4}) == {"total": 14}
    spans = [span for span in exporter.get_finished_spans() if span.name == "squared"]
    assert sorted(tuple(span.attributes["hamilton.item_index"]) for span in spans) == [(0,), (1,), (2,), (3,)]
    assert all(span.status.status_code.name == "OK" for span in spans)
