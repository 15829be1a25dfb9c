"""A failing plugin is named (plugin and distribution), never hides the user's error, and the rest keeps working."""

import os
import subprocess
import sys
import textwrap

import pytest
from hamilton import base, driver, plugins, registry
from hamilton.errors import NodeExecutionError, PluginError
from hamilton.hookspecs import Computed
from hamilton.plugins import hookimpl
from hamilton.testing import module_from_source

SOURCE = """
def a(x: int) -> int:
    return x + 1

def boom(a: int) -> int:
    raise ZeroDivisionError("boom")
"""


@pytest.fixture
def module(dataflow_module):
    return dataflow_module(SOURCE)


class Raising:
    """Raises ValueError in the one hook it is built for; records the after-run hook it gets."""

    def __init__(self, hook, only_on_failure=False):
        self.hook, self.only_on_failure = hook, only_on_failure
        self.after_runs = []

    def _maybe(self, hook, error=None):
        if hook == self.hook and (error is not None or not self.only_on_failure):
            raise ValueError(f"broken {hook}")

    @hookimpl
    def hamilton_before_run(self):
        self._maybe("hamilton_before_run")

    @hookimpl
    def hamilton_before_node(self):
        self._maybe("hamilton_before_node")

    @hookimpl
    def hamilton_after_node(self, error):
        self._maybe("hamilton_after_node", error)

    @hookimpl
    def hamilton_after_run(self, error):
        self.after_runs.append(error)
        self._maybe("hamilton_after_run", error)


@pytest.mark.parametrize(
    "hook", ["hamilton_before_run", "hamilton_before_node", "hamilton_after_node", "hamilton_after_run"]
)
def test_a_raising_lifecycle_hook_is_named_with_its_distribution_and_keeps_its_cause(module, hook):
    plugin = Raising(hook)
    dr = driver.Driver({}, module, adapter=[base.DictResult(), plugin])
    with pytest.raises(PluginError) as caught:
        dr.execute(["a"], inputs={"x": 1})
    error = caught.value
    assert isinstance(error, ValueError)  # except ValueError still catches it
    assert isinstance(error.__cause__, ValueError) and str(error.__cause__) == f"broken {hook}"
    assert error.hook == hook
    assert str(error).startswith("adapter Raising (") and "test_plugin_failures" in str(error)
    if hook in ("hamilton_before_node", "hamilton_after_node"):
        assert error.node_name == "a"
    if hook != "hamilton_after_run":
        assert plugin.after_runs == [error]  # the after-run hook still heard how the run ended


@pytest.mark.parametrize("hook", ["hamilton_after_node", "hamilton_after_run"])
def test_a_hook_failing_after_a_node_failed_does_not_hide_the_node_error(module, hook):
    dr = driver.Driver({}, module, adapter=[base.DictResult(), Raising(hook, only_on_failure=True)])
    with pytest.raises(ZeroDivisionError) as caught:
        dr.execute(["boom"], inputs={"x": 1})
    error = caught.value
    assert isinstance(error, NodeExecutionError) and error.node_name == "boom"
    (also,) = error.hamilton_also_raised
    assert isinstance(also, PluginError) and also.hook == hook
    assert any("While handling it" in note and "Raising" in note for note in error.__notes__)


@pytest.mark.parametrize("executor", ["threads", "processes"])
def test_on_pools_too_the_node_error_stays_the_one_raised(module, executor):
    raising = Raising("hamilton_after_node", only_on_failure=True)
    dr = driver.Driver({}, module, adapter=[base.DictResult(), raising, executor])
    with pytest.raises(ZeroDivisionError) as caught:
        dr.execute(["boom"], inputs={"x": 1})
    assert caught.value.node_name == "boom"
    assert [e.hook for e in caught.value.hamilton_also_raised] == ["hamilton_after_node"]


def test_every_implementation_of_a_notification_is_called_even_after_one_raised(module):
    heard = []

    class Listener:
        @hookimpl(trylast=True)
        def hamilton_after_run(self, error):
            heard.append(error)

    dr = driver.Driver({}, module, adapter=[base.DictResult(), Raising("hamilton_after_run"), Listener()])
    with pytest.raises(PluginError):
        dr.execute(["a"], inputs={"x": 1})
    assert heard == [None]


def test_a_raising_discovery_plugin_is_named_when_the_driver_is_built(module):
    class BadDiscovery:
        @hookimpl
        def hamilton_discover_nodes(self, module):
            raise KeyError("no such table")

    with pytest.raises(PluginError, match=r"BadDiscovery.*raised in hamilton_discover_nodes: KeyError") as caught:
        driver.Driver({}, module, adapter=[base.DictResult(), BadDiscovery()])
    assert isinstance(caught.value, KeyError)


def test_the_core_crawler_s_own_errors_pass_as_they_are(dataflow_module):
    module = dataflow_module("def variadic(*args: int) -> int:\n    return 0\n")
    with pytest.raises(TypeError) as caught:
        driver.Driver({}, module, adapter=base.DictResult())
    assert not isinstance(caught.value, PluginError)


def test_a_raising_result_builder_is_named_and_keeps_its_type(module):
    class Picky:
        @staticmethod
        def build_result(**outputs):
            raise LookupError("no column 'a'")

    with pytest.raises(LookupError, match=r"adapter \S*Picky .*raised in hamilton_build_result: LookupError") as caught:
        driver.Driver({}, module, adapter=Picky()).execute(["a"], inputs={"x": 1})
    assert isinstance(caught.value, PluginError)


def test_a_build_result_hook_answering_without_computed_is_named(module):
    class Bare:
        @hookimpl
        def hamilton_build_result(self, outputs):
            return list(outputs.values())

    with pytest.raises(PluginError, match=r"Bare.*returned a list, not hamilton.hookspecs.Computed"):
        driver.Driver({}, module, adapter=Bare()).execute(["a"], inputs={"x": 1})


def test_unmarked_hamilton_functions_are_hook_implementations(module):
    class Unmarked:
        def __init__(self):
            self.nodes = []

        def hamilton_after_node(self, node):
            self.nodes.append(node.name)

        def hamilton_build_result(self, outputs):
            return Computed(sorted(outputs))

    plugin = Unmarked()
    assert driver.Driver({}, module, adapter=plugin).execute(["a"], inputs={"x": 1}) == ["a"]
    assert plugin.nodes == ["a"]


def test_a_plugin_registered_after_the_driver_was_built_takes_part(module):
    dr = driver.Driver({}, module, adapter=base.DictResult())
    assert dr.execute(["a"], inputs={"x": 1}) == {"a": 2}
    seen = []

    class Late:
        @hookimpl
        def hamilton_after_node(self, node):
            seen.append(node.name)

    late = Late()
    dr.plugin_manager.register(late)
    assert dr.execute(["a"], inputs={"x": 1}) == {"a": 2}
    assert seen == ["a"]
    dr.plugin_manager.unregister(late)
    dr.execute(["a"], inputs={"x": 1})
    assert seen == ["a"]


def test_hook_hamilton_execute_plan_answering_none_falls_back_to_the_core_loop(module):
    class NotMine:
        calls = 0

        @hookimpl
        def hamilton_execute_plan(self, plan):
            NotMine.calls += 1
            return None

    assert driver.Driver({}, module, adapter=[base.DictResult(), NotMine()]).execute(["a"], inputs={"x": 1}) == {"a": 2}
    assert NotMine.calls == 1


def test_a_plan_wrapper_without_an_executor_wraps_the_core_loop(module):
    runs = []

    class Timing:
        @hookimpl(wrapper=True)
        def hamilton_execute_plan(self, plan):
            outputs = yield
            runs.append(dict(outputs))
            return outputs

    assert driver.Driver({}, module, adapter=[base.DictResult(), Timing()]).execute(["a"], inputs={"x": 1}) == {"a": 2}
    assert runs == [{"a": 2}]


# ------------------------------------------------------------------ loading and the registry


def plugin_module(name, body):
    return module_from_source(name, "from hamilton.plugins import hookimpl\n" + textwrap.dedent(body))


def test_a_registration_hook_that_raises_is_skipped_with_a_warning_at_its_code(fake_entry_points, module):
    plugin = plugin_module(
        "fake_raising_registration",
        """
        @hookimpl
        def hamilton_register_result_builders(register):
            register("half", object)
            raise RuntimeError("cannot read my config file")
        """,
    )
    fake_entry_points.add("raising", "fake_raising_registration", "hamilton-raising")
    with pytest.warns(plugins.PluginLoadWarning, match=r"'raising' \(hamilton-raising 1.0\) raised RuntimeError") as w:
        names = set(registry.result_builders())
    assert "half" not in names and "dict" in names
    assert w[0].filename == plugin.__dict__["hamilton_register_result_builders"].__code__.co_filename
    assert driver.Driver({}, module).execute(["a"], inputs={"x": 1}) == {"a": 2}


def test_a_non_numeric_default_priority_is_skipped_with_a_warning_at_the_call(fake_entry_points):
    plugin_module(
        "fake_bad_priority",
        """
        class Builder:
            @staticmethod
            def build_result(**outputs):
                return outputs

        @hookimpl
        def hamilton_register_result_builders(register):
            register("fine", Builder)
            register("bad", Builder, default_priority="high")
        """,
    )
    fake_entry_points.add("priorities", "fake_bad_priority", "hamilton-priorities")
    with pytest.warns(plugins.PluginLoadWarning, match=r"default_priority='high', which is not a number") as w:
        names = set(registry.result_builders())
    assert "fine" in names and "bad" not in names
    assert w[0].filename.startswith("<fake_bad_priority>")


def test_a_plugin_failing_on_import_warns_at_its_own_line(fake_entry_points, tmp_path, monkeypatch):
    (tmp_path / "fake_jsonl_plugin.py").write_text("import json\nimport some_json_library_nobody_has\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points.add("jsonl", "fake_jsonl_plugin", "hamilton-jsonl")
    with pytest.warns(plugins.PluginLoadWarning, match=r"'jsonl' \(hamilton-jsonl 1.0\) failed to import") as w:
        registry.plugins()
    assert (w[0].filename, w[0].lineno) == (str(tmp_path / "fake_jsonl_plugin.py"), 2)
    # asking for it by name says it is installed but failed, and why
    with pytest.raises(ImportError, match=r"installed but failed to import: ModuleNotFoundError.*nobody_has"):
        driver.Driver({}, module_from_source("jsonl_flow", "def a() -> int:\n    return 1\n"), adapter="jsonl")


def test_two_distributions_registering_one_plugin_name_warn_naming_both(fake_entry_points):
    plugin_module("fake_first", "")
    plugin_module("fake_second", "")
    fake_entry_points.add("same", "fake_first", "hamilton-first")
    fake_entry_points.add("same", "fake_second", "hamilton-second")
    with pytest.warns(plugins.PluginLoadWarning, match=r"'same'.*hamilton-first 1.0.*hamilton-second 1.0"):
        listing = [p for p in registry.plugins() if p["name"] == "same"]
    assert [p["distribution"] for p in listing] == ["hamilton-first"]


def test_unmarked_hook_functions_in_a_plugin_module_are_loaded(fake_entry_points):
    plugin_module(
        "fake_unmarked",
        """
        class Builder:
            @staticmethod
            def build_result(**outputs):
                return outputs

        def hamilton_register_result_builders(register):
            register("unmarked", Builder)
        """,
    )
    fake_entry_points.add("unmarked", "fake_unmarked", "hamilton-unmarked")
    assert "unmarked" in registry.result_builders()
    assert [p["hooks"] for p in registry.plugins() if p["name"] == "unmarked"] == [
        ["hamilton_register_result_builders"]
    ]


@pytest.mark.parametrize("value", ["1", "0", "false", "yes"])
def test_any_non_empty_autoload_variable_disables_autoloading(fake_entry_points, monkeypatch, value):
    plugin_module("fake_any", "")
    fake_entry_points.add("any", "fake_any", "hamilton-any")
    monkeypatch.setenv("HAMILTON_DISABLE_PLUGIN_AUTOLOAD", value)
    assert [p["name"] for p in registry.plugins()] == ["core"]


def test_an_unknown_name_in_hamilton_plugins_is_an_error_naming_it(fake_entry_points, monkeypatch, module):
    plugin_module("fake_polars_like", "")
    fake_entry_points.add("polars", "fake_polars_like", "hamilton-polars")
    monkeypatch.setenv("HAMILTON_PLUGINS", "polar")
    with pytest.raises(ValueError, match=r"HAMILTON_PLUGINS names 'polar'.*installed plugins: polars"):
        driver.Driver({}, module)


def test_an_unimportable_default_result_builder_fails_before_any_node_runs(fake_entry_points, dataflow_module):
    plugin_module(
        "fake_lost_builder",
        """
        @hookimpl
        def hamilton_register_result_builders(register):
            register("lost", "fake_lost_builder_results:Missing", default_priority=1000)
        """,
    )
    fake_entry_points.add("lost", "fake_lost_builder", "hamilton-lost")
    ran = []
    module = dataflow_module("def a(x: int) -> int:\n    RAN.append(x)\n    return x\n")
    module.RAN = ran
    dr = driver.Driver({}, module)
    with pytest.raises(ModuleNotFoundError) as caught:
        dr.execute(["a"], inputs={"x": 1})
    assert "result_builder 'lost' of plugin 'lost' (hamilton-lost)" in str(caught.value)
    assert isinstance(caught.value, PluginError) and ran == []
    # a Driver that builds its own result never needs it
    assert driver.Driver({}, module, adapter=base.DictResult()).execute(["a"], inputs={"x": 1}) == {"a": 1}


def test_adapter_by_name_accepts_any_registered_builder(fake_entry_points, module):
    plugin_module(
        "fake_text_table",
        """
        class TextTable:
            @staticmethod
            def build_result(**outputs):
                return "\\n".join(f"{k} | {v!r}" for k, v in outputs.items())

        @hookimpl
        def hamilton_register_result_builders(register):
            register("text_table", TextTable)
        """,
    )
    fake_entry_points.add("text", "fake_text_table", "hamilton-text")
    assert driver.Driver({}, module, adapter="text_table").execute(["a"], inputs={"x": 1}) == "a | 2"


def test_registry_adapter_takes_options():
    adapter = registry.adapter("threads", max_workers=3)
    assert adapter.workers == 3


def test_a_driver_with_a_broken_third_party_plugin_installed_still_runs(tmp_path):
    """End to end in a fresh interpreter: a plugin module that raises on import is named; the Driver runs."""
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('I am broken')\n")
    code = textwrap.dedent(
        """
        import importlib.metadata, warnings
        from hamilton import driver, base
        from hamilton.testing import module_from_source

        class Dist:
            name, version, requires = "hamilton-broken", "0.1", []

        class EntryPoint:
            name, value, dist = "broken", "broken_plugin", Dist()
            def load(self):
                import broken_plugin

        real = importlib.metadata.entry_points
        importlib.metadata.entry_points = lambda **kw: [EntryPoint()] if kw.get("group") == "hamilton.plugins" else real(**kw)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            dr = driver.Driver({}, module_from_source("m", "def a() -> int:\\n    return 1\\n"), adapter=base.DictResult())
        print(dr.execute(["a"]))
        print(caught[0].filename.endswith("broken_plugin.py"), "hamilton-broken 0.1" in str(caught[0].message))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split("\n")[:2] == ["{'a': 1}", "True True"]


def test_an_installed_plugin_with_async_hooks_is_left_out_of_sync_drivers_with_a_warning(fake_entry_points, module):
    plugin_module(
        "fake_async_tracker",
        """
        SEEN = []

        async def hamilton_after_node(node):
            SEEN.append(node.name)
        """,
    )
    fake_entry_points.add("tracker", "fake_async_tracker", "hamilton-async-tracker")
    with pytest.warns(
        plugins.PluginLoadWarning, match=r"'tracker'.*hamilton_after_node with async def.*runs without it"
    ):
        dr = driver.Driver({}, module, adapter=base.DictResult())
    assert dr.execute(["a"], inputs={"x": 1}) == {"a": 2}
