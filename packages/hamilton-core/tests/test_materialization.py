"""Materialization with the core's formats (json, pickle): to/from_, materialize, the decorators, real files."""

import dataclasses
import json
import pickle
import warnings
from collections.abc import Collection
from typing import Any

import pytest
from hamilton import base, driver, registry
from hamilton.errors import MissingInputsError
from hamilton.function_modifiers import InvalidDecoratorException, source, value
from hamilton.io.data_adapters import DataLoader, DataSaver
from hamilton.io.formats import FormatError
from hamilton.io.materialization import from_, to

FLOW = """
CALLS = []


def raw(data: dict) -> dict:
    CALLS.append("raw")
    return data


def doubled(raw: dict) -> dict:
    CALLS.append("doubled")
    return {key: value * 2 for key, value in raw.items()}


def total(doubled: dict) -> int:
    CALLS.append("total")
    return sum(doubled.values())


def keys(raw: dict) -> list:
    return sorted(raw)
"""


@pytest.fixture(autouse=True)
def formats_of_plugins_only(monkeypatch):
    """Formats another test (or docs page) added with register_adapter do not show here."""
    from hamilton.io import formats

    monkeypatch.setattr(formats, "_added", [])


@pytest.fixture
def flow(dataflow_module):
    return dataflow_module(FLOW)


@pytest.fixture
def dr(flow):
    return driver.Driver({}, flow, adapter=base.DictResult())


def test_materialize_saves_and_returns_metadata_and_results(dr, flow, tmp_path):
    metadata, results = dr.materialize(
        to.json(id="doubled_json", dependencies=["doubled"], path=str(tmp_path / "doubled.json")),
        to.pickle(id="total_pickle", dependencies=[flow.total], path=tmp_path / "total.pkl"),
        additional_vars=["keys"],
        inputs={"data": {"a": 1, "b": 2}},
    )
    assert results == {"keys": ["a", "b"]}
    assert set(metadata) == {"doubled_json", "total_pickle"}
    saved = metadata["doubled_json"]["file_metadata"]
    assert (
        saved["path"] == str(tmp_path / "doubled.json") and saved["size"] == (tmp_path / "doubled.json").stat().st_size
    )
    assert json.loads((tmp_path / "doubled.json").read_text()) == {"a": 2, "b": 4}
    assert pickle.loads((tmp_path / "total.pkl").read_bytes()) == 6


def test_from_replaces_a_node_and_nothing_upstream_of_it_runs(dr, flow, tmp_path):
    (tmp_path / "in.json").write_text('{"x": 5}')
    metadata, results = dr.materialize(
        from_.json(target="doubled", path=tmp_path / "in.json"), additional_vars=["total"]
    )
    assert metadata == {} and results == {"total": 5}
    assert flow.CALLS == ["total"]


def test_combine_joins_several_dependencies(dr, tmp_path):
    dr.materialize(
        to.json(id="both", dependencies=["total", "keys"], combine=base.DictResult(), path=tmp_path / "both.json"),
        inputs={"data": {"a": 1}},
    )
    assert json.loads((tmp_path / "both.json").read_text()) == {"total": 2, "keys": ["a"]}


def test_arguments_from_inputs_and_values(dr, tmp_path):
    dr.materialize(
        to.json(id="saved", dependencies=["raw"], path=source("where"), indent=value(2)),
        inputs={"data": {"a": 1}, "where": str(tmp_path / "there.json")},
    )
    assert (tmp_path / "there.json").read_text() == '{\n  "a": 1\n}'


def test_unknown_formats_and_types_say_what_there_is(dr, tmp_path, core_plugins_only):
    with pytest.raises(AttributeError, match=r"No data adapter can save 'excel'.*json, pickle.*hamilton-pandas"):
        to.excel
    with pytest.raises(AttributeError, match="No data adapter can load 'nope'"):
        from_.nope
    assert {"json", "pickle"} <= set(dir(to))
    with pytest.raises(
        FormatError, match=r"No 'json' saver for int: 'json' saves builtins.dict .* Formats that save int: pickle"
    ):
        dr.materialize(to.json(id="t", dependencies=["total"], path=tmp_path / "t.json"))


def test_materializer_mistakes_are_named(dr, tmp_path):
    with pytest.raises(ValueError, match="Nothing to materialize"):
        dr.materialize(inputs={"data": {}})
    with pytest.raises(TypeError, match="unpack it with"):
        dr.materialize([to.pickle(id="a", dependencies=["raw"], path="a")])
    with pytest.raises(ValueError, match="share the id 'a'"):
        dr.materialize(
            to.pickle(id="a", dependencies=["raw"], path="a"), to.pickle(id="a", dependencies=["raw"], path="b")
        )
    with pytest.raises(ValueError, match="'total', which the DAG has"):
        dr.materialize(to.pickle(id="total", dependencies=["raw"], path="a"))
    with pytest.raises(ValueError, match="depends on 'nope'"):
        dr.materialize(to.pickle(id="a", dependencies=["nope"], path="a"))
    with pytest.raises(ValueError, match="combine="):
        to.pickle(id="a", dependencies=["raw", "keys"], path="a")
    with pytest.raises(InvalidDecoratorException, match=r"PickleSaver \('pickle'\) cannot be made: it needs path"):
        dr.materialize(to.pickle(id="a", dependencies=["raw"]))
    with pytest.raises(InvalidDecoratorException, match="it takes no colour"):
        dr.materialize(to.pickle(id="a", dependencies=["raw"], path="a", colour="red"))


def test_validate_materialization_runs_nothing(dr, flow, tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(MissingInputsError, match="data"):
        dr.validate_materialization(to.json(id="out", dependencies=["raw"], path=target))
    dr.validate_materialization(to.json(id="out", dependencies=["raw"], path=target), inputs={"data": {}})
    assert not target.exists() and flow.CALLS == []


def test_with_materializers_adds_the_nodes_to_the_dag(flow, tmp_path):
    dr = (
        driver.Builder()
        .with_modules(flow)
        .with_adapters(base.DictResult())
        .with_materializers(to.json(id="saved_raw", dependencies=["raw"], path=tmp_path / "raw.json"))
        .build()
    )
    out = dr.execute(["saved_raw"], inputs={"data": {"k": 1}})
    assert out["saved_raw"]["file_metadata"]["size"] > 0
    assert json.loads((tmp_path / "raw.json").read_text()) == {"k": 1}
    tags = {v.name: v.tags for v in dr.list_available_variables()}["saved_raw"]
    assert tags == {
        "hamilton.data_saver": True,
        "hamilton.data_saver.sink": "json",
        "hamilton.data_saver.classname": "JSONDataSaver",
    }
    with pytest.raises(TypeError, match="unpack"):
        driver.Builder().with_materializers([to.json(id="x", dependencies=["raw"], path="x")])


DECORATED = """
from hamilton.function_modifiers import dataloader, datasaver, load_from, save_to, source, value


@load_from.json(path=source("settings_path"))
def settings(data: dict) -> dict:
    return data


@save_to.json(path=value({out!r}), output_name_="saved_scaled")
@save_to.pickle(path=value({pkl!r}))
def scaled(settings: dict, factor: int) -> dict:
    return {{key: value * factor for key, value in settings.items()}}


@dataloader()
def rows(rows_path: str) -> tuple[list, dict]:
    with open(rows_path) as file:
        lines = file.read().splitlines()
    return lines, {{"path": rows_path, "rows": len(lines)}}


@datasaver()
def report(rows: list, report_path: str) -> dict:
    with open(report_path, "w") as file:
        file.write(str(len(rows)))
    return {{"path": report_path}}
"""


def test_decorators_make_the_originals_nodes(dataflow_module, tmp_path):
    (tmp_path / "settings.json").write_text('{"a": 1}')
    (tmp_path / "rows.txt").write_text("x\ny\nz")
    module = dataflow_module(DECORATED.format(out=str(tmp_path / "scaled.json"), pkl=str(tmp_path / "scaled.pkl")))
    dr = driver.Driver({"factor": 3}, module, adapter=base.DictResult())
    tags = {v.name: v.tags for v in dr.list_available_variables()}
    assert {
        "settings.load_data.data",
        "settings.select_data.data",
        "settings",
        "saved_scaled",
        "save.scaled",
        "rows.loader",
        "rows",
        "report",
    } <= set(tags)
    assert tags["settings.load_data.data"]["hamilton.data_loader.has_metadata"] is True
    assert tags["settings.select_data.data"]["hamilton.data_loader.source"] == "json"
    assert (
        tags["rows"]["hamilton.data_loader.node"] == "rows"
        and tags["rows.loader"]["hamilton.data_loader.source"] == "loader"
    )
    assert tags["report"]["hamilton.data_saver.sink"] == "report"
    inputs = {
        "settings_path": str(tmp_path / "settings.json"),
        "rows_path": str(tmp_path / "rows.txt"),
        "report_path": str(tmp_path / "report.txt"),
    }
    out = dr.execute(["saved_scaled", "save.scaled", "report", "rows.loader"], inputs=inputs)
    assert json.loads((tmp_path / "scaled.json").read_text()) == {"a": 3}
    assert pickle.loads((tmp_path / "scaled.pkl").read_bytes()) == {"a": 3}
    assert out["rows.loader"] == (["x", "y", "z"], {"path": inputs["rows_path"], "rows": 3})
    assert out["report"] == {"path": inputs["report_path"]} and (tmp_path / "report.txt").read_text() == "3"


def test_decorator_mistakes_are_named():
    from hamilton.function_modifiers import dataloader, datasaver, load_from

    with pytest.raises(InvalidDecoratorException, match=r"loads one parameter.*inject_"):

        @load_from.json(path="x")
        def two(a: dict, b: dict) -> dict:
            return a

    with pytest.raises(InvalidDecoratorException, match="no such parameter"):

        @load_from.json(path="x", inject_="c")
        def one(a: dict) -> dict:
            return a

    with pytest.raises(InvalidDecoratorException, match=r"return \(data, metadata\)"):

        @dataloader()
        def not_a_pair() -> dict:
            return {}

    with pytest.raises(InvalidDecoratorException, match="metadata dict"):

        @datasaver()
        def not_a_dict(x: int) -> int:
            return x

    with pytest.raises(AttributeError, match=r"no @load_from.yaml"):
        load_from.yaml


@dataclasses.dataclass
class LinesSaver(DataSaver):
    """A format of this test: a list as one line per item."""

    path: str

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [list]

    @classmethod
    def name(cls) -> str:
        return "lines"

    def save_data(self, data: list) -> dict[str, Any]:
        with open(self.path, "w") as file:
            file.write("\n".join(map(str, data)))
        return {"path": self.path, "rows": len(data)}


@dataclasses.dataclass
class LinesLoader(DataLoader):
    path: str

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [list]

    @classmethod
    def name(cls) -> str:
        return "lines"

    def load_data(self, type_: type) -> tuple[list, dict[str, Any]]:
        with open(self.path) as file:
            return file.read().splitlines(), {"path": self.path}


def test_register_adapter_adds_a_format_in_this_process(dr, tmp_path):
    registry.register_adapter(LinesSaver)
    registry.register_adapter(LinesLoader)
    metadata, _ = dr.materialize(
        to.lines(id="keys_lines", dependencies=["keys"], path=str(tmp_path / "k.txt")),
        inputs={"data": {"b": 1, "a": 2}},
    )
    assert metadata == {"keys_lines": {"path": str(tmp_path / "k.txt"), "rows": 2}}
    assert (tmp_path / "k.txt").read_text() == "a\nb"
    _, results = dr.materialize(from_.lines(target="keys", path=str(tmp_path / "k.txt")), additional_vars=["keys"])
    assert results == {"keys": ["a", "b"]}
    assert LinesSaver.applies_to(list) and not LinesSaver.applies_to(dict) and LinesLoader.applies_to(list)
    assert LinesSaver.get_required_arguments() == {"path": str} and LinesSaver.can_save() and not LinesSaver.can_load()


class FakeDistribution:
    def __init__(self, name):
        self.name, self.version, self.requires = name, "1.0", []


class FakeEntryPoint:
    def __init__(self, name, value, distribution):
        self.name, self.value, self.dist = name, value, FakeDistribution(distribution)

    def load(self):
        import importlib

        return importlib.import_module(self.value)


@pytest.fixture
def entry_points(monkeypatch, fresh_plugins):
    """The installed entry points replaced by the given fakes."""
    import importlib.metadata

    fakes = []
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group: list(fakes) if group == "hamilton.plugins" else []
    )
    return fakes


def plugin_module(name, body):
    import textwrap

    from hamilton.testing import module_from_source

    return module_from_source(name, "from hamilton.plugins import hookimpl\n" + textwrap.dedent(body))


def test_hook_hamilton_register_data_adapters_offers_formats_by_reference(entry_points, dataflow_module, tmp_path):
    plugin_module(
        "fake_formats",
        """
        @hookimpl
        def hamilton_register_data_adapters(register):
            register("lines", "builtins:list", saver="fake_lines_format:LinesSaver", description="a line per item")
        """,
    )
    plugin_module("fake_lines_format", "").LinesSaver = LinesSaver
    entry_points.append(FakeEntryPoint("formats", "fake_formats", "hamilton-formats"))
    entry = registry.entries("data_adapter")["lines/builtins:list"]
    assert (entry.plugin, entry.details["format"], entry.details["saver"]) == (
        "formats",
        "lines",
        "fake_lines_format:LinesSaver",
    )
    module = dataflow_module("def items() -> list:\n    return [1, 2]\n")
    dr = driver.Driver({}, module, adapter=base.DictResult())
    metadata, _ = dr.materialize(to.lines(id="saved", dependencies=["items"], path=str(tmp_path / "i.txt")))
    assert metadata["saved"]["rows"] == 2 and (tmp_path / "i.txt").read_text() == "1\n2"


def test_a_bad_data_adapter_registration_is_skipped_with_a_warning(entry_points):
    from hamilton.plugins import PluginLoadWarning

    plugin_module(
        "fake_bad_formats",
        """
        @hookimpl
        def hamilton_register_data_adapters(register):
            register("lines", "list")  # no module in the type, no loader or saver
        """,
    )
    entry_points.append(FakeEntryPoint("bad", "fake_bad_formats", "hamilton-bad"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert "lines/list" not in registry.entries("data_adapter")
    assert any(issubclass(w.category, PluginLoadWarning) and "package.module:Class" in str(w.message) for w in caught)


def test_two_plugins_offering_one_format_for_one_type_warn_and_neither_is_used(entry_points):
    from hamilton.plugins import PluginLoadWarning

    for name in ("first_lines", "second_lines"):
        plugin_module(
            f"fake_{name}",
            """
            @hookimpl
            def hamilton_register_data_adapters(register):
                register("lines", "builtins:list", saver="fake_lines_format:LinesSaver")
            """,
        )
        entry_points.append(FakeEntryPoint(name, f"fake_{name}", f"hamilton-{name}"))
    with pytest.warns(PluginLoadWarning, match=r"'first_lines' \(hamilton-first_lines\) and 'second_lines'"):
        registry.entries("data_adapter")
    with pytest.raises(AttributeError, match="No data adapter can save 'lines'"):
        to.lines
