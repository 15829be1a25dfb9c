"""Installing hamilton-pandas is all it takes: registry names, the seed's base names, the default."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from hamilton import base, driver, registry
from hamilton.testing import ResultBuilderContract
from hamilton_pandas import (
    NumpyMatrixResult,
    PandasDataFrameResult,
    SimplePythonDataFrameGraphAdapter,
    StrictIndexTypePandasDataFrameResult,
)
from hamilton_pandas import plugin as pandas_plugin


def test_result_builders_are_registered_by_name():
    builders = registry.result_builders()
    assert builders["pandas"] is PandasDataFrameResult
    assert builders["pandas_strict"] is StrictIndexTypePandasDataFrameResult
    assert builders["numpy"] is NumpyMatrixResult
    entry = registry.entries("result_builder")["pandas"]
    assert (entry.plugin, entry.distribution, entry.default_priority) == ("pandas", "hamilton-pandas", 100)


def test_adapter_is_registered_by_name():
    assert registry.adapters()["pandas"] is SimplePythonDataFrameGraphAdapter


def test_the_seed_names_resolve_through_the_registry():
    assert base.PandasDataFrameResult is PandasDataFrameResult
    assert base.StrictIndexTypePandasDataFrameResult is StrictIndexTypePandasDataFrameResult
    assert base.NumpyMatrixResult is NumpyMatrixResult
    assert base.SimplePythonDataFrameGraphAdapter is SimplePythonDataFrameGraphAdapter


def test_the_seed_adapter_is_a_simple_python_adapter_building_dataframes():
    adapter = base.SimplePythonDataFrameGraphAdapter()
    assert isinstance(adapter, base.SimplePythonGraphAdapter)
    assert isinstance(adapter.result_builder, PandasDataFrameResult)
    assert issubclass(PandasDataFrameResult, base.ResultMixin)


def test_pandas_is_the_default_result_builder():
    entry = registry.default("result_builder")
    assert entry.name == "pandas"
    assert entry.default_priority > registry.entries("result_builder")["dict"].default_priority


def test_a_driver_without_adapter_returns_a_dataframe(make_module):
    module = make_module(
        """
        def doubled(values: pd.Series) -> pd.Series:
            return values * 2
        """
    )
    values = pd.Series([1, 2, 3])
    got = driver.Driver({}, module).execute(["doubled"], inputs={"values": values})
    pd.testing.assert_frame_equal(got, pd.DataFrame({"doubled": [2, 4, 6]}))


@pytest.mark.parametrize("adapter", ["pandas", base.SimplePythonDataFrameGraphAdapter()])
def test_the_adapter_by_name_or_object(make_module, adapter):
    module = make_module("def one(x: int) -> int:\n    return x\n")
    got = driver.Driver({}, module, adapter=adapter).execute(["one"], inputs={"x": 3})
    pd.testing.assert_frame_equal(got, pd.DataFrame({"one": [3]}))


def test_registered_through_the_entry_point():
    (info,) = [p for p in registry.plugins() if p["name"] == "pandas"]
    assert info["module"] == "hamilton_pandas.plugin"
    assert info["loaded"] and info["error"] is None
    assert set(info["hooks"]) >= {
        "hamilton_register_result_builders",
        "hamilton_register_adapters",
        "hamilton_register_dataframe_types",
        "hamilton_check_node_type_equivalence",
        "hamilton_check_input_type",
    }


_FRESH_PROCESS = textwrap.dedent(
    """
    import sys, types
    from hamilton import driver
    module = types.ModuleType("fresh")
    exec("def doubled(x: int) -> int:\\n    return 2 * x\\n", module.__dict__)
    result = driver.Driver({}, module).execute(["doubled"], inputs={"x": 21})
    print(type(result).__module__, type(result).__name__, "hamilton_pandas" in sys.modules)
    """
)


def _run_fresh(**env: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS], capture_output=True, text=True, env={**os.environ, **env}, check=True
    )
    return out.stdout.strip()


def test_no_import_needed_in_a_fresh_interpreter():
    assert _run_fresh() == "pandas DataFrame True"


def test_with_the_core_alone_execute_returns_a_dict():
    assert _run_fresh(HAMILTON_DISABLE_PLUGIN_AUTOLOAD="1") == "builtins dict False"


def test_hooks_pass_rather_than_veto():
    assert pandas_plugin.hamilton_check_node_type_equivalence(node_type=pd.Series, input_type=list) is None
    assert pandas_plugin.hamilton_check_input_type(node_type=pd.Series, input_value=[1]) is None


class TestPandasResultContract(ResultBuilderContract):
    registered_name = "pandas"

    def assert_same(self, actual, expected):
        pd.testing.assert_frame_equal(actual, expected)

    @pytest.fixture
    def builder(self):
        return PandasDataFrameResult()

    @pytest.fixture
    def outputs(self):
        return {"a": pd.Series([1, 2]), "b": 3}

    @pytest.fixture
    def expected(self):
        return pd.DataFrame({"a": [1, 2], "b": [3, 3]})


class TestStrictResultContract(TestPandasResultContract):
    registered_name = "pandas_strict"

    @pytest.fixture
    def builder(self):
        return StrictIndexTypePandasDataFrameResult()


class TestNumpyResultContract(TestPandasResultContract):
    registered_name = "numpy"

    def assert_same(self, actual, expected):
        np.testing.assert_array_equal(actual, expected)

    @pytest.fixture
    def builder(self):
        return NumpyMatrixResult()

    @pytest.fixture
    def expected(self):
        return np.array([[1, 3], [2, 3]])
