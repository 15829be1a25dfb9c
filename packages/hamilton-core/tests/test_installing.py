"""The errors that need a package installed say how, with a command that works from a checkout."""

import pytest
from hamilton import base, driver, registry
from hamilton.installing import install_hint


def test_the_hint_installs_from_a_checkout_and_names_the_published_package():
    assert install_hint("hamilton-pandas") == (
        "`pip install ./packages/hamilton-pandas` at the root of a hamilton checkout "
        "(once published: `pip install hamilton-pandas`)"
    )
    assert install_hint("cloudpickle") == "`pip install cloudpickle`"  # already on the public index


def test_a_seed_name_of_a_missing_plugin_says_how_to_install_it(core_plugins_only):
    with pytest.raises(ImportError, match=r"`pip install \./packages/hamilton-pandas` at the root of a hamilton"):
        base.PandasDataFrameResult  # the attribute access is what raises


def test_a_missing_registered_name_says_how_to_install_its_package(core_plugins_only):
    with pytest.raises(ImportError, match=r"hamilton-viz package: `pip install \./packages/hamilton-viz`"):
        registry.lookup("visualizer", "mermaid", package_hint="hamilton-viz")


def test_drawing_without_a_visualizer_says_how_to_install_one(core_plugins_only, dataflow_module):
    dr = driver.Driver({}, dataflow_module("def a() -> int:\n    return 1\n"))
    with pytest.raises(ImportError, match=r"hamilton-viz: `pip install \./packages/hamilton-viz`"):
        dr.display_all_functions(None, {})
