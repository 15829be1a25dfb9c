from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import polars as pl
import pytest
from hamilton import driver, plugins, registry
from hamilton.errors import ExecutionError
from hamilton.testing import module_from_source
from hamilton_polars import PolarsDataFrameResult, PolarsLazyFrameResult


@pytest.fixture
def only_polars(monkeypatch):
    """Load the core and this plugin only, whatever else is installed."""
    monkeypatch.setenv("HAMILTON_PLUGINS", "polars")
    plugins.reset()
    yield
    monkeypatch.undo()
    plugins.reset()


def test_registered_by_name_with_their_priorities():
    entries = registry.entries("result_builder")
    assert entries["polars"].load() is PolarsDataFrameResult
    assert entries["polars"].default_priority == 50
    assert entries["polars"].distribution == "hamilton-polars"
    assert entries["polars_lazy"].load() is PolarsLazyFrameResult
    assert entries["polars_lazy"].default_priority is None


def test_with_only_polars_installed_execute_returns_a_polars_dataframe(only_polars):
    assert registry.default("result_builder").name == "polars"
    module = module_from_source(
        "polars_default_dataflow",
        "import polars as pl\ndef doubled(spend: pl.Series) -> pl.Series:\n    return spend * 2\n",
    )
    df = driver.Driver({}, module).execute(["doubled"], inputs={"spend": pl.Series([1, 2])})
    assert isinstance(df, pl.DataFrame)
    assert df.to_dict(as_series=False) == {"doubled": [2, 4]}


@pytest.mark.parametrize("name, kind", [("polars", pl.DataFrame), ("polars_lazy", pl.LazyFrame)])
def test_asked_for_by_name(name, kind):
    module = module_from_source(
        "polars_by_name_dataflow",
        "import polars as pl\ndef doubled(spend: pl.Series) -> pl.Series:\n    return spend * 2\n",
    )
    result = driver.Driver({}, module, adapter=name).execute(["doubled"], inputs={"spend": pl.Series([1, 2])})
    assert isinstance(result, kind)
    assert result.lazy().collect().to_dict(as_series=False) == {"doubled": [2, 4]}


def test_a_list_where_a_series_is_annotated_says_to_wrap_it():
    module = module_from_source(
        "polars_list_input_dataflow",
        "import polars as pl\ndef doubled(spend: pl.Series) -> pl.Series:\n    return spend * 2\n",
    )
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    with pytest.raises(ExecutionError) as caught:
        dr.execute(["doubled"], inputs={"spend": [1, 2]})
    assert (
        "input 'spend' is a list, but 'doubled' declares polars.Series; wrap the list in polars.Series(...) first."
    ) in str(caught.value)


def test_hamilton_polars_imports_neither_numpy_pandas_nor_pyarrow():
    # A fresh interpreter loading this plugin only (other installed plugins may import what they like).
    script = textwrap.dedent(
        """
        import sys
        import polars as pl
        from hamilton import driver, registry
        from hamilton.testing import module_from_source
        from hamilton_polars import PolarsDataFrameResult, PolarsLazyFrameResult

        registry.plugins()
        module = module_from_source("m", '''
        import polars as pl
        from hamilton_polars import extract_columns

        @extract_columns("a")
        def frame() -> pl.DataFrame:
            return pl.DataFrame({"a": [1, 2]})
        ''')
        print(driver.Driver({}, module, adapter=PolarsDataFrameResult()).execute(["a"]))
        print(PolarsLazyFrameResult.build_result(x=pl.LazyFrame({"b": [1]}), y=[2], z=3).collect())
        print(sorted(name for name in ("numpy", "pandas", "pyarrow") if name in sys.modules))
        """
    )
    env = {**os.environ, "HAMILTON_PLUGINS": "polars"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
