import gc
import weakref

from hamilton import discovery, driver
from hamilton.graph import Graph
from hamilton.plan import ReadyQueue, compile_plan


def _graph(dataflow_module):
    module = dataflow_module(
        """
        def raw(x: int) -> int:
            return x

        def expensive(raw: int) -> int:
            return raw * 2

        def cheap(raw: int) -> int:
            return raw + 1

        def result(expensive: int, cheap: int) -> int:
            return expensive + cheap
        """
    )
    return module, Graph.from_nodes(discovery.crawl(module, {}), {})


def test_override_prunes_upstream_unless_another_path_needs_it(dataflow_module):
    _, graph = _graph(dataflow_module)
    only_expensive = compile_plan(graph, ["expensive"], [], ["raw"])
    assert [s.name for s in only_expensive.steps] == ["expensive"]
    pruned = compile_plan(graph, ["result"], ["x"], ["expensive"])
    assert {s.name for s in pruned.steps} == {"raw", "cheap", "result"}
    assert pruned.overrides == {"expensive"}


def test_release_after_last_reader_unless_requested(dataflow_module):
    _, graph = _graph(dataflow_module)
    plan = compile_plan(graph, ["result"], ["x"], [])
    released = {name for step in plan.steps for name in step.release}
    assert released == {"raw", "expensive", "cheap"}
    plan_keep = compile_plan(graph, ["result", "raw"], ["x"], [])
    assert "raw" not in {name for step in plan_keep.steps for name in step.release}


def test_missing_and_unknown_are_collected(dataflow_module):
    _, graph = _graph(dataflow_module)
    plan = compile_plan(graph, ["result", "resutl"], [], [])
    assert plan.missing == {"x": ["raw"]}
    assert "resutl" in plan.unknown and plan.unknown["resutl"][0] == "result"


def test_ready_queue_releases_steps_as_inputs_complete(dataflow_module):
    _, graph = _graph(dataflow_module)
    plan = compile_plan(graph, ["result"], ["x"], [])
    queue = ReadyQueue(plan)
    assert [s.name for s in queue.ready()] == ["raw"]
    assert sorted(s.name for s in queue.done("raw")) == ["cheap", "expensive"]
    assert queue.done("cheap") == []
    assert [s.name for s in queue.done("expensive")] == ["result"]


class Payload:
    pass


def test_intermediate_is_freed_once_its_last_consumer_ran(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.testing import module_from_source

        def big(x: int) -> object:
            return SEEN.append_new()

        def small(big: object) -> int:
            return 1

        def later(small: int) -> bool:
            return PROBE()
        """
    )
    refs = []

    class Seen:
        def append_new(self):
            payload = Payload()
            refs.append(weakref.ref(payload))
            return payload

    def probe():
        gc.collect()
        return refs[0]() is None

    module.SEEN = Seen()
    module.PROBE = probe
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.execute(["later"], inputs={"x": 1}) == {"later": True}
    refs.clear()
    assert dr.execute(["later", "big"], inputs={"x": 1})["later"] is False  # requested: kept
