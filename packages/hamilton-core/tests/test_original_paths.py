"""The original's import paths and Driver extras: h_* modules, graph_types, lifecycle.api, log_setup, tag_filter..."""

import importlib
import logging

import pytest
from hamilton import base, driver
from hamilton.graph_types import HamiltonGraph
from hamilton.lifecycle.api import StaticValidator

SOURCE = """
from hamilton.function_modifiers import tag

@tag(team="growth", stage="raw")
def spend(raw: int) -> int:
    return raw

@tag(team="growth", stage="clean")
def clean_spend(spend: int) -> int:
    return spend * 2

@tag(team="finance", pii=["email", "name"])
def ledger(clean_spend: int) -> int:
    return clean_spend + 1

def unrelated(other: int) -> int:
    return other
"""


@pytest.fixture
def dr(dataflow_module):
    return driver.Driver({}, dataflow_module(SOURCE), adapter=base.DefaultAdapter())


@pytest.mark.parametrize(
    ("tag_filter", "expected"),
    [
        ({"team": "growth"}, {"spend", "clean_spend"}),
        ({"team": ["growth", "finance"]}, {"spend", "clean_spend", "ledger"}),
        ({"stage": None}, {"spend", "clean_spend"}),
        ({"team": "growth", "stage": "clean"}, {"clean_spend"}),
        ({"pii": "email"}, {"ledger"}),
        ({"team": "nobody"}, set()),
    ],
)
def test_tag_filter_follows_the_originals_semantics(dr, tag_filter, expected):
    assert {v.name for v in dr.list_available_variables(tag_filter=tag_filter)} == expected


def test_path_between_two_nodes(dr):
    assert [v.name for v in dr.what_is_the_path_between("raw", "ledger")] == ["raw", "spend", "clean_spend", "ledger"]
    assert dr.what_is_the_path_between("other", "ledger") == []


def test_default_adapter_returns_a_dict(dr):
    assert dr.execute(["ledger"], inputs={"raw": 1}) == {"ledger": 3}


def test_later_modules_override_with_allow_module_overrides(dataflow_module):
    first = dataflow_module("def a() -> int:\n    return 1\n\ndef b(a: int) -> int:\n    return a + 1\n")
    second = dataflow_module("def a() -> int:\n    return 10\n")
    with pytest.raises(ValueError, match="'a' is defined twice"):
        driver.Builder().with_modules(first, second).build()
    dr = driver.Builder().with_modules(first, second).with_adapters(base.DictResult()).allow_module_overrides().build()
    assert dr.execute(["b"]) == {"b": 11}


def test_static_validator_runs_when_the_driver_is_built(dataflow_module):
    class NeedsTeam(StaticValidator):
        def run_to_validate_node(self, *, node, **future_kwargs):
            return ("team" in node.tags, f"{node.name} has no team tag")

    with pytest.raises(ValueError, match=r"unrelated: unrelated has no team tag") as caught:
        driver.Driver({}, dataflow_module(SOURCE), adapter=[NeedsTeam(), base.DictResult()])
    assert "spend" not in str(caught.value).replace("unrelated", "")


def test_graph_types_view(dr):
    graph = HamiltonGraph.from_graph(dr.graph)
    assert graph["ledger"].required_dependencies == {"clean_spend"}
    assert graph["raw"].is_external_input
    assert [n.name for n in graph.filter_nodes(lambda n: n.tags.get("team") == "finance")] == ["ledger"]
    assert graph["ledger"].as_dict()["output_type"] == "int"


@pytest.mark.parametrize(
    ("module", "name", "expected"),
    [
        ("h_polars", "PolarsDataFrameResult", "hamilton_polars"),
        ("h_dask", "DaskGraphAdapter", "hamilton_dask"),
    ],
)
def test_h_modules_resolve_to_our_packages(module, name, expected):
    pytest.importorskip(expected.split(".")[0])
    resolved = getattr(importlib.import_module(f"hamilton.plugins.{module}"), name)
    assert (resolved.__module__ or "").startswith(expected)


def test_future_adapter_is_the_thread_pool():
    from hamilton.executors import ThreadPoolGraphAdapter
    from hamilton.plugins.h_threadpool import FutureAdapter

    adapter = FutureAdapter(max_workers=2)
    assert isinstance(adapter, ThreadPoolGraphAdapter) and adapter.workers == 2


def test_an_h_module_whose_package_is_missing_names_it():
    h_tqdm = importlib.import_module("hamilton.plugins.h_tqdm")
    try:
        importlib.import_module("hamilton_tqdm")
    except ImportError:
        with pytest.raises(ImportError, match=r"pip install hamilton-tqdm"):
            h_tqdm.ProgressBar
    else:
        assert h_tqdm.ProgressBar is not None
    with pytest.raises(ImportError, match="no package provides it yet"):
        importlib.import_module("hamilton.plugins.h_narwhals").NarwhalsAdapter


def test_log_setup_logs_to_the_console(monkeypatch):
    from hamilton import log_setup

    root = logging.getLogger("")
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    log_setup.setup_logging(logging.DEBUG)
    assert root.level == logging.DEBUG and len(root.handlers) == 1


def test_hamilton_exclude_and_the_configuration_module_path(dataflow_module):
    from hamilton.function_modifiers.configuration import config

    module = dataflow_module(
        """
        from hamilton.function_modifiers import hamilton_exclude

        @hamilton_exclude
        def helper(x: int) -> int:
            return x

        def used(x: int) -> int:
            return x
        """
    )
    assert {v.name for v in driver.Driver({}, module).list_available_variables()} == {"used", "x"}
    assert config.when(a=1).name == "config"
