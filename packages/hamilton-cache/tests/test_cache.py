"""The cache on real module files, a real SQLite database and real result files: what reruns and what does not."""

from __future__ import annotations

import warnings

import pytest
from hamilton import base, driver
from hamilton_cache import CacheWarning, CachingBehavior, HamiltonCacheAdapter

FLOW = """
def a(x: int) -> int:
    _ran("a")
    return x + 1


def b(a: int, factor: int) -> int:
    _ran("b")
    return a * factor


def c(a: int) -> int:
    _ran("c")
    return a - 1


def d(b: int, c: int) -> int:
    _ran("d")
    return b + c
"""


def build(module, cache_dir, config=None, **options):
    builder = driver.Builder().with_modules(module).with_config(config or {"factor": 10})
    return builder.with_adapters(base.DictResult()).with_cache(path=cache_dir, **options).build()


@pytest.fixture(autouse=True)
def strict_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        yield


def test_a_second_run_runs_nothing_and_returns_the_same(flows, cache_dir):
    module = flows.make(FLOW)
    first = build(module, cache_dir).execute(["d"], inputs={"x": 1})
    assert flows.calls() == ["a", "b", "c", "d"]
    dr = build(module, cache_dir)  # a new Driver on the same folder
    assert dr.execute(["d"], inputs={"x": 1}) == first == {"d": 20 + 1}
    assert flows.calls() == []
    report = dr.cache.report()
    assert sorted(report.hits) == ["a", "b", "c", "d"] and report.recomputed == {}


def test_changing_an_input_recomputes_what_depends_on_it(flows, cache_dir):
    module = flows.make(FLOW)
    dr = build(module, cache_dir)
    dr.execute(["d"], inputs={"x": 1})
    flows.calls()
    assert dr.execute(["d"], inputs={"x": 2}) == {"d": 30 + 2}
    assert flows.calls() == ["a", "b", "c", "d"]
    assert dr.cache.report().recomputed["a"] == "'x' changed"
    assert dr.cache.report().recomputed["d"] == "'b', 'c' changed"
    dr.execute(["d"], inputs={"x": 1})  # the first inputs again: still stored
    assert flows.calls() == []


def test_changing_a_config_value_recomputes_only_its_readers(flows, cache_dir):
    module = flows.make(FLOW)
    build(module, cache_dir).execute(["d"], inputs={"x": 1})
    flows.calls()
    dr = build(module, cache_dir, config={"factor": 100})
    assert dr.execute(["d"], inputs={"x": 1}) == {"d": 200 + 1}
    assert flows.calls() == ["b", "d"]
    assert dr.cache.report().recomputed == {"b": "'factor' changed", "d": "'b' changed"}


def test_changing_a_nodes_code_recomputes_it_and_its_dependents_only(flows, cache_dir):
    build(flows.make(FLOW), cache_dir).execute(["d"], inputs={"x": 1})
    flows.calls()
    changed = flows.make(FLOW.replace("return a * factor", "return a * factor + 1"))
    dr = build(changed, cache_dir)
    assert dr.execute(["d"], inputs={"x": 1}) == {"d": 21 + 1}
    assert flows.calls() == ["b", "d"]
    assert dr.cache.report().recomputed == {"b": "its code changed", "d": "'b' changed"}


def test_comments_docstrings_and_formatting_do_not_count(flows, cache_dir):
    build(flows.make(FLOW), cache_dir).execute(["d"], inputs={"x": 1})
    flows.calls()
    reformatted = FLOW.replace(
        "def b(a: int, factor: int) -> int:\n",
        'def b(\n    a: int,   # the base\n    factor: int,\n) -> int:\n    """Scaled."""\n\n',
    ).replace("return a * factor", "return (a *\n            factor)  # scale it")
    build(flows.make(reformatted), cache_dir).execute(["d"], inputs={"x": 1})
    assert flows.calls() == []


def test_a_recomputed_node_with_an_unchanged_value_leaves_its_dependents_hits(flows, cache_dir):
    build(flows.make(FLOW), cache_dir).execute(["d"], inputs={"x": 1})
    flows.calls()
    same_value = flows.make(FLOW.replace("return a - 1", "return a + 0 - 1"))
    dr = build(same_value, cache_dir)
    dr.execute(["d"], inputs={"x": 1})
    assert flows.calls() == ["c"]  # d reads c's data version, which did not change
    assert sorted(dr.cache.report().hits) == ["a", "b", "d"]


def test_a_decorator_argument_counts_as_code(flows, cache_dir):
    source = """
    from hamilton.function_modifiers import parameterize, value

    @parameterize(twice={"k": value(2)}, thrice={"k": value(3)})
    def times(x: int, k: int) -> int:
        _ran("times")
        return x * k
    """
    build(flows.make(source), cache_dir).execute(["twice", "thrice"], inputs={"x": 5})
    assert flows.calls() == ["times", "times"]
    dr = build(flows.make(source.replace("value(3)", "value(4)")), cache_dir)
    assert dr.execute(["twice", "thrice"], inputs={"x": 5}) == {"twice": 10, "thrice": 20}
    assert flows.calls() == ["times", "times"]  # the source of the decorated function changed: both
    dr.execute(["twice", "thrice"], inputs={"x": 5})
    assert flows.calls() == []


def test_behaviors_from_the_builder_and_from_the_cache_decorator(flows, cache_dir):
    source = FLOW.replace("def c(", "@cache(behavior='recompute')\ndef c(")
    module = flows.make("from hamilton.function_modifiers import cache\n" + source)
    build(module, cache_dir).execute(["d"], inputs={"x": 1})
    flows.calls()
    dr = build(module, cache_dir)
    dr.execute(["d"], inputs={"x": 1})
    assert flows.calls() == ["c"]  # recomputed; its value is unchanged, so d stays a hit
    assert dr.cache.report().recomputed == {"c": "its behavior is 'recompute'"}
    dr = build(module, cache_dir, disable=["b"])
    dr.execute(["d"], inputs={"x": 1})
    assert flows.calls() == ["b", "c", "d"]  # d cannot know b's version: recomputed, not stored
    assert dr.cache.report().not_cached == {"b": "its behavior is 'disable'"}
    assert dr.cache.report().recomputed["d"].startswith("'b' has no data version")
    with pytest.raises(ValueError, match="two caching behaviors"):
        build(module, cache_dir, recompute=["a"], ignore=["a"])
    with pytest.raises(ValueError, match="not a caching behavior"):
        build(module, cache_dir, default_behavior="sometimes")


def test_an_ignored_input_is_left_out_of_keys(flows, cache_dir):
    source = """
    def fetched(client: object, x: int) -> int:
        _ran("fetched")
        return x * 2
    """
    module = flows.make(source)

    class Client:
        pass

    build(module, cache_dir, ignore=["client"]).execute(["fetched"], inputs={"client": Client(), "x": 1})
    build(module, cache_dir, ignore=["client"]).execute(["fetched"], inputs={"client": Client(), "x": 1})
    assert flows.calls() == ["fetched"]


def test_an_unhashable_value_disables_caching_for_its_node_with_a_warning(flows, cache_dir):
    source = """
    import threading

    def lock() -> object:
        _ran("lock")
        return threading.Lock()

    def guarded(lock: object, x: int) -> int:
        _ran("guarded")
        return x + 1
    """
    module = flows.make(source)
    dr = build(module, cache_dir)
    with pytest.warns(CacheWarning, match=r"Node 'lock' returned a _thread.lock, which can neither be versioned"):
        assert dr.execute(["guarded"], inputs={"x": 1}) == {"guarded": 2}
    with pytest.warns(CacheWarning):
        dr.execute(["guarded"], inputs={"x": 1})
    assert flows.calls() == ["guarded", "guarded", "lock", "lock"]
    assert dr.cache.report().recomputed["guarded"] == "'lock' has no data version (disabled, or cannot be versioned)"
    dr = build(module, cache_dir, ignore=["lock"])  # says so: no warning, and guarded is cached
    dr.execute(["guarded"], inputs={"x": 1})
    dr.execute(["guarded"], inputs={"x": 1})
    assert flows.calls() == ["guarded", "lock", "lock"]


def test_a_failing_node_is_reported_and_what_ran_before_it_is_kept(flows, cache_dir):
    source = FLOW.replace('_ran("d")', '_ran("d")\n    raise ValueError("boom")')
    module = flows.make(source)
    dr = build(module, cache_dir)
    with pytest.raises(ValueError, match="boom") as caught:
        dr.execute(["d"], inputs={"x": 1})
    assert "'d'" in str(caught.value)
    assert dr.cache.report().failed == {"d": "ValueError: boom"}
    flows.calls()
    with pytest.raises(ValueError):
        dr.execute(["d"], inputs={"x": 1})
    assert flows.calls() == ["d"]  # a, b, c were stored by the failed run


def test_logs_and_inspection_as_the_original_offers_them(flows, cache_dir):
    module = flows.make(FLOW)
    dr = build(module, cache_dir)
    dr.execute(["d"], inputs={"x": 1})
    dr.execute(["d"], inputs={"x": 1})
    first, second = dr.cache.run_ids
    assert dr.cache.last_run_id == second
    info = dr.cache.logs(run_id=second)
    assert [str(event) for event in info["a"]] == ["a::result_store::get_result::hit"]
    first_logs = dr.cache.logs(run_id=first, level="debug")
    kinds = [event.event_type.value for event in first_logs["b"]]
    assert kinds == ["resolve_behavior", "set_cache_key", "execute_node", "set_data_version", "set_result"]
    assert set(dr.cache.logs()) == {first, second}
    assert dr.cache.behaviors[second]["b"] is CachingBehavior.DEFAULT
    assert dr.cache.data_versions[second]["a"] == "int:2" == dr.cache.version_data(2)
    assert dr.cache.get_cache_key(first, "d") == dr.cache.get_cache_key(second, "d") is not None
    assert dr.cache.get_data_version(second, "d") == "int:21"
    assert dr.cache.version_code("b") == dr.cache.code_versions[first]["b"]
    assert "d  hit" in str(dr.cache.report())


def test_log_to_file_appends_json_lines(flows, cache_dir):
    import json

    dr = build(flows.make(FLOW), cache_dir, log_to_file=True)
    dr.execute(["d"], inputs={"x": 1})
    lines = [json.loads(line) for line in (cache_dir / "cache_logs.jsonl").read_text().splitlines()]
    assert {"node_name": "a", "event_type": "execute_node"}.items() <= lines[3].items() or any(
        line["node_name"] == "a" and line["event_type"] == "execute_node" for line in lines
    )
    assert (cache_dir / "cache_logs.jsonl").stat().st_mode & 0o077 == 0


def test_the_driver_without_a_cache_says_how_to_get_one(flows):
    dr = driver.Builder().with_modules(flows.make(FLOW)).build()
    with pytest.raises(AttributeError, match=r"with_cache\(\)"):
        dr.cache
    assert not hasattr(dr, "cache")


def test_with_cache_once_and_adapter_passed_directly(flows, cache_dir):
    with pytest.raises(ValueError, match="already called"):
        driver.Builder().with_cache(path=cache_dir).with_cache(path=cache_dir)
    cache = HamiltonCacheAdapter(path=cache_dir)
    dr = driver.Driver({"factor": 2}, flows.make(FLOW), adapter=[base.DictResult(), cache])
    dr.execute(["d"], inputs={"x": 1})
    assert dr.cache is cache
    with pytest.raises(TypeError, match="metadata_store"):
        HamiltonCacheAdapter(path=cache_dir, metadata_store=object())


def test_overrides_are_versioned_like_inputs(flows, cache_dir):
    dr = build(flows.make(FLOW), cache_dir)
    dr.execute(["d"], inputs={"x": 1}, overrides={"b": 5})
    assert flows.calls() == ["a", "c", "d"]
    dr.execute(["d"], inputs={"x": 1}, overrides={"b": 5})
    assert flows.calls() == []
    assert dr.execute(["d"], inputs={"x": 1}, overrides={"b": 6}) == {"d": 6 + 1}
    assert flows.calls() == ["d"]


def test_the_originals_disk_cache_adapter(flows, cache_dir):
    from hamilton.plugins.h_diskcache import DiskCacheAdapter

    module = flows.make(FLOW)
    for _ in range(2):
        adapter = DiskCacheAdapter(cache_vars=["b", "d"], cache_path=str(cache_dir))
        dr = driver.Builder().with_modules(module).with_config({"factor": 10}).with_adapters(base.DictResult(), adapter)
        assert dr.build().execute(["d"], inputs={"x": 1}) == {"d": 21}
    assert flows.calls() == ["a", "a", "b", "c", "c", "d"]  # a and c run every time; b and d were hits
    with pytest.raises(TypeError, match="diskcache library"):
        DiskCacheAdapter(size_limit=10)


PARALLEL = """
from hamilton.htypes import Collect, Parallelizable


def items(values: list) -> Parallelizable[int]:
    for value in values:
        yield value


def scaled(items: int, factor: int) -> int:
    _ran("scaled")
    return items * factor


def clipped(scaled: int) -> int:
    _ran("clipped")
    return min(scaled, 50)


def total(clipped: Collect[int]) -> int:
    _ran("total")
    return sum(clipped)
"""


@pytest.mark.parametrize("threads", [False, True], ids=["items-in-turn", "items-on-threads"])
def test_parallelizable_items_are_cached_one_by_one(flows, cache_dir, threads):
    from hamilton.execution.executors import MultiThreadingExecutor

    module = flows.make(PARALLEL)

    def run(values, factor=10):
        builder = driver.Builder().with_modules(module).with_config({"factor": factor}).with_adapters(base.DictResult())
        if threads:
            builder = builder.enable_dynamic_execution(allow_experimental_mode=True)
            builder = builder.with_remote_executor(MultiThreadingExecutor(max_tasks=4))
        dr = builder.with_cache(path=cache_dir).build()
        return dr, dr.execute(["total"], inputs={"values": values})

    values = list(range(1, 9))
    dr, out = run(values)
    assert out == {"total": sum(min(v * 10, 50) for v in values)}
    assert flows.calls() == ["clipped"] * 8 + ["scaled"] * 8 + ["total"]
    assert dr.cache.report().not_cached == {"items": "it yields the items of a Parallelizable block"}
    dr, again = run(values)
    assert again == out and flows.calls() == []
    assert sorted(dr.cache.report().hits) == ["clipped", "scaled", "total"]
    changed = [1, 2, 3, 4, 5, 6, 7, 80]  # one item changes, and its clipped value does not
    dr, out = run(changed)
    assert out == {"total": sum(min(v * 10, 50) for v in changed)}
    assert flows.calls() == ["clipped", "scaled"]  # total reads the same gathered values: a hit
    assert dr.cache.report().recomputed["scaled"].startswith("1 of 8 items:")
    dr, out = run([8, 7, 6, 5, 4, 3, 2, 1])  # the same items in another order: each item a hit, the list is new
    assert out == {"total": 4 * 50 + 40 + 30 + 20 + 10} and flows.calls() == ["total"]
