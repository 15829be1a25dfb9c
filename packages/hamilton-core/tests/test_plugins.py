"""Plugin loading, the registry and the seed's plugin-owned names, with entry points faked."""

import subprocess
import sys
import textwrap
import warnings

import pytest
from hamilton import base, driver, plugins, registry
from hamilton.node import Node
from hamilton.plugins import hookimpl
from hamilton.registry import PluginConflictError
from hamilton.testing import NodeDiscoveryContract, ResultBuilderContract, module_from_source


def plugin_module(name, body):
    return module_from_source(name, "from hamilton.plugins import hookimpl\n" + textwrap.dedent(body))


LISTS = """
class ListResult:
    @staticmethod
    def build_result(**outputs):
        return list(outputs.values())

@hookimpl
def hamilton_register_result_builders(register):
    register("list", ListResult, default_priority=10, description="values as a list")
"""


def test_entry_point_plugin_is_loaded_and_listed(fake_entry_points, dataflow_module):
    plugin_module("fake_lists", LISTS)
    fake_entry_points.add("lists", "fake_lists", "hamilton-lists")
    listing = {p["name"]: p for p in registry.plugins()}
    assert listing["lists"]["distribution"] == "hamilton-lists"
    assert listing["lists"]["loaded"] is True
    assert listing["lists"]["hooks"] == ["hamilton_register_result_builders"]
    assert listing["core"]["distribution"] == "hamilton-core"
    assert set(registry.result_builders()) == {"dict", "list"}
    # highest default priority wins: the list builder is now the default result
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module).execute(["one"]) == [1]


def test_broken_plugin_is_reported_by_name_and_the_core_keeps_working(fake_entry_points, dataflow_module):
    fake_entry_points.add("broken", "fake_broken", "hamilton-broken", error=RuntimeError("bad plugin code"))
    with pytest.warns(plugins.PluginLoadWarning, match=r"'broken'.*hamilton-broken.*failed to import"):
        listing = {p["name"]: p for p in registry.plugins()}
    assert listing["broken"]["loaded"] is False
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module).execute(["one"]) == {"one": 1}


def _missing(name):
    error = ModuleNotFoundError(f"No module named {name!r}")
    error.name = name
    return error


def test_plugin_whose_optional_library_is_missing_is_skipped_quietly(fake_entry_points):
    requires = ["hamilton-core==0.9.0.dev1", 'some-optional-library>=1; extra == "fancy"']
    fake_entry_points.add(
        "needs_lib", "fake_needs_lib", "hamilton-needs-lib", error=_missing("some_optional_library"), requires=requires
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        listing = {p["name"]: p for p in registry.plugins()}
    assert listing["needs_lib"]["loaded"] is False
    assert "optional library 'some_optional_library'" in listing["needs_lib"]["error"]


@pytest.mark.parametrize(
    "requires", [[], ["some-library>=1"]], ids=["an accidental import", "a required library missing"]
)
def test_plugin_failing_on_a_missing_library_it_needs_warns(fake_entry_points, requires):
    fake_entry_points.add(
        "needs_lib", "fake_needs_lib", "hamilton-needs-lib", error=_missing("some_library"), requires=requires
    )
    with pytest.warns(plugins.PluginLoadWarning, match=r"'needs_lib' \(hamilton-needs-lib 1.0\) failed to import"):
        listing = {p["name"]: p for p in registry.plugins()}
    assert listing["needs_lib"]["loaded"] is False


def test_hookimpl_with_a_typo_is_caught_by_name(fake_entry_points):
    plugin_module("fake_typo", "@hookimpl\ndef hamilton_befor_run(run_id):\n    pass\n")
    fake_entry_points.add("typo", "fake_typo", "hamilton-typo")
    with pytest.warns(plugins.PluginLoadWarning, match=r"'typo'.*is invalid.*hamilton_befor_run"):
        listing = {p["name"]: p for p in registry.plugins()}
    assert listing["typo"]["loaded"] is False


def test_two_plugins_claiming_one_name_warn_and_the_name_is_an_error_naming_both(fake_entry_points, dataflow_module):
    plugin_module("fake_lists", LISTS)
    plugin_module("fake_lists_again", LISTS.replace("default_priority=10", "default_priority=None"))
    fake_entry_points.add("lists", "fake_lists", "hamilton-lists")
    fake_entry_points.add("lists2", "fake_lists_again", "other-lists")
    with pytest.warns(plugins.PluginLoadWarning, match=r"'lists' \(hamilton-lists\) and 'lists2' \(other-lists\)"):
        assert "list" not in registry.result_builders()
    with pytest.raises(PluginConflictError, match=r"'list'.*hamilton-lists.*other-lists"):
        registry.result_builder("list")
    # every Driver that does not ask for the name still runs
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module).execute(["one"]) == {"one": 1}


def test_equal_default_priorities_are_an_error(fake_entry_points, dataflow_module):
    plugin_module("fake_lists", LISTS)
    plugin_module("fake_tuples", LISTS.replace('"list"', '"tuple"'))
    fake_entry_points.add("lists", "fake_lists", "hamilton-lists")
    fake_entry_points.add("tuples", "fake_tuples", "hamilton-tuples")
    dr = driver.Driver({}, dataflow_module("def one() -> int:\n    return 1\n"))
    with pytest.raises(PluginConflictError, match=r"share priority 10.*hamilton-lists.*hamilton-tuples"):
        dr.execute(["one"])
    # an explicit result builder makes the tie irrelevant, as the README promises
    explicit = driver.Driver({}, dr.modules[0], adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    assert explicit.execute(["one"]) == {"one": 1}
    assert dr.raw_execute(["one"]) == {"one": 1}


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", "1", {"core"}),
        ("HAMILTON_PLUGINS", "lists", {"core", "lists"}),
        ("HAMILTON_PLUGINS", "", {"core"}),
        ("HAMILTON_DISABLE_PLUGINS", "lists", {"core", "sets"}),
    ],
)
def test_environment_steers_loading(fake_entry_points, monkeypatch, variable, value, expected):
    plugin_module("fake_lists", LISTS)
    plugin_module("fake_sets", LISTS.replace('"list"', '"set"').replace("default_priority=10", "default_priority=None"))
    fake_entry_points.add("lists", "fake_lists", "hamilton-lists")
    fake_entry_points.add("sets", "fake_sets", "hamilton-sets")
    monkeypatch.setenv(variable, value)
    assert {p["name"] for p in registry.plugins()} == expected


def test_adapter_by_registered_name(dataflow_module, dict_adapter):
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module, adapter="threads").raw_execute(["one"]) == {"one": 1}
    with pytest.raises(
        ImportError, match=r"No adapter or result builder named 'warp' is installed \(installed: .*threads"
    ):
        driver.Driver({}, module, adapter="warp")
    with pytest.raises(ImportError, match=r"Did you mean 'threads'\?"):
        driver.Driver({}, module, adapter="thread")
    assert driver.Driver({}, module, adapter=["threads", "dict"]).execute(["one"]) == {"one": 1}


def test_registry_lists_core_entries():
    assert registry.result_builders()["dict"] is base.DictResult
    assert {"threads", "processes"} <= set(registry.adapters())
    assert registry.entries("result_builder")["dict"].distribution == "hamilton-core"


@pytest.mark.parametrize(
    "name",
    [
        "PandasDataFrameResult",
        "StrictIndexTypePandasDataFrameResult",
        "NumpyMatrixResult",
        "SimplePythonDataFrameGraphAdapter",
    ],
)
def test_plugin_owned_names_say_what_to_install(name, core_plugins_only):
    with pytest.raises(ImportError, match=r"pip install hamilton-pandas"):
        getattr(base, name)


def test_unknown_base_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        base.NoSuchThing


def test_core_alone_returns_a_dict_by_default(dataflow_module, core_plugins_only):
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module).execute(["one"]) == {"one": 1}


def test_import_hamilton_is_light_and_loads_no_plugin():
    code = textwrap.dedent(
        """
        import sys
        import hamilton.driver, hamilton.base, hamilton.function_modifiers
        heavy = [m for m in ("pandas", "numpy", "polars", "pyarrow", "graphviz", "importlib.metadata", "pluggy") if m in sys.modules]
        from hamilton.plugins import _loading
        print(heavy, _loading._loaded)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] None"


def test_hook_hamilton_register_result_builders_offers_by_name(fake_entry_points):
    plugin_module("fake_lists", LISTS)
    fake_entry_points.add("lists", "fake_lists", "hamilton-lists")
    entry = registry.entries("result_builder")["list"]
    assert (entry.plugin, entry.distribution, entry.default_priority, entry.description) == (
        "lists",
        "hamilton-lists",
        10,
        "values as a list",
    )


def test_hook_hamilton_register_adapters_offers_by_name(fake_entry_points, dataflow_module):
    plugin_module(
        "fake_adapters",
        """
        from hamilton import base

        class Doubling(base.SimplePythonGraphAdapter):
            def execute_node(self, node, kwargs):
                return super().execute_node(node, kwargs) * 2

        @hookimpl
        def hamilton_register_adapters(register):
            register("doubling", lambda: Doubling(base.DictResult()))
        """,
    )
    fake_entry_points.add("adapters", "fake_adapters", "hamilton-adapters")
    module = dataflow_module("def one() -> int:\n    return 1\n")
    assert driver.Driver({}, module, adapter="doubling").execute(["one"]) == {"one": 2}


def test_hook_hamilton_register_visualizers_offers_by_name(fake_entry_points, dataflow_module, tmp_path):
    plugin_module(
        "fake_viz",
        """
        class Lines:
            def draw(self, view, output_file_path, render_kwargs, **options):
                text = "\\n".join(f"{a}->{b}" for a, b in view.edges)
                if output_file_path:
                    open(output_file_path, "w").write(text)
                return text

        @hookimpl
        def hamilton_register_visualizers(register):
            register("lines", Lines(), default_priority=1)
        """,
    )
    fake_entry_points.add("viz", "fake_viz", "hamilton-lines")
    module = dataflow_module("def a(x: int) -> int:\n    return x\n\ndef b(a: int) -> int:\n    return a\n")
    dr = driver.Driver({}, module, adapter=base.DictResult())
    assert dr.display_all_functions(str(tmp_path / "dag.txt"), {}, visualizer="lines") == "x->a\na->b"
    assert (tmp_path / "dag.txt").read_text() == "x->a\na->b"


def test_hook_hamilton_discover_nodes_adds_nodes_from_a_plugin(dataflow_module, dict_adapter):
    from hamilton.node import Node
    from hamilton.plugins import hookimpl

    class Constants:
        """Adds a node for every UPPER_CASE int constant of a module."""

        @hookimpl
        def hamilton_discover_nodes(self, module, config):
            return [
                Node(name.lower(), int, (lambda v: lambda: v)(value), source=f"{module.__name__}.{name}")
                for name, value in vars(module).items()
                if name.isupper() and isinstance(value, int)
            ]

    module = dataflow_module("LIMIT = 7\n\ndef doubled(limit: int) -> int:\n    return limit * 2\n")
    dr = driver.Driver({}, module, adapter=[dict_adapter, Constants()])
    assert dr.execute(["doubled"]) == {"doubled": 14}


def test_command_line_lists_plugins_and_registries():
    import json

    out = subprocess.run([sys.executable, "-m", "hamilton", "plugins"], capture_output=True, text=True, check=True)
    listing = json.loads(out.stdout)
    assert listing["plugins"][0]["name"] == "core"
    assert listing["result_builders"]["dict"]["distribution"] == "hamilton-core"
    assert {"threads", "processes"} <= set(listing["adapters"])


class TestDictResultContract(ResultBuilderContract):
    registered_name = "dict"

    @pytest.fixture
    def builder(self):
        return base.DictResult

    @pytest.fixture
    def outputs(self):
        return {"a": 1, "b": [2]}

    @pytest.fixture
    def expected(self):
        return {"a": 1, "b": [2]}


class Constants:
    """Adds a node for every UPPER_CASE int constant of a module."""

    @hookimpl
    def hamilton_discover_nodes(self, module, config):
        return [
            Node(name.lower(), int, Constant(value), source=f"{module.__name__}.{name}")
            for name, value in vars(module).items()
            if name.isupper() and isinstance(value, int)
        ]


class Constant:
    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value


class TestConstantsDiscoveryContract(NodeDiscoveryContract):
    @pytest.fixture
    def plugin(self):
        return Constants()

    @pytest.fixture
    def module(self, dataflow_module):
        return dataflow_module("LIMIT = 7\nRATE = 2\n\ndef doubled(limit: int) -> int:\n    return limit * 2\n")

    @pytest.fixture
    def expected_nodes(self):
        return {"limit", "rate"}

    @pytest.fixture
    def expected_values(self):
        return {"limit": 7, "doubled": 14}
