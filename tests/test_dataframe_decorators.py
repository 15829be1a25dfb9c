"""The column decorators of the core work on every dataframe type a plugin lends them (pandas and polars here)."""

import pandas as pd
import polars as pl
import pytest
from hamilton import base, driver
from hamilton.function_modifiers import extensions
from hamilton.testing import DecoratorContract

PANDAS = """
import pandas as pd
from hamilton.function_modifiers import extract_columns

@extract_columns("spend", "signups")
def marketing(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"spend": [10.0] * rows, "signups": list(range(1, rows + 1))})

def cost(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups
"""

POLARS = PANDAS.replace("import pandas as pd", "import polars as pl").replace("pd.", "pl.")


def test_hook_hamilton_register_dataframe_types():
    assert extensions.dataframe_operations(pd.DataFrame).column_type is pd.Series
    assert extensions.dataframe_operations(pl.DataFrame).column_type is pl.Series
    assert extensions.dataframe_operations(dict) is None


@pytest.mark.parametrize("source, series", [(PANDAS, pd.Series), (POLARS, pl.Series)], ids=["pandas", "polars"])
def test_one_extract_columns_for_both_libraries(dataflow_module, source, series):
    dr = driver.Driver({}, dataflow_module(source), adapter=base.DictResult())
    types = {v.name: v.type for v in dr.list_available_variables()}
    assert types["spend"] is series and types["signups"] is series
    got = dr.raw_execute(["cost"], inputs={"rows": 2})["cost"]
    assert list(got) == [10.0, 5.0]


class TestPandasExtractColumns(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(PANDAS)

    @pytest.fixture
    def expected_nodes(self):
        return {"marketing", "spend", "signups"}

    @pytest.fixture
    def expected_values(self):
        return {"cost": pd.Series([10.0, 5.0])}

    @pytest.fixture
    def inputs(self):
        return {"rows": 2}

    def test_computes_the_expected_values(self, decorated_module, expected_values, inputs, config):
        got = driver.Driver(config, decorated_module, adapter=base.DictResult()).raw_execute(["cost"], inputs=inputs)
        pd.testing.assert_series_equal(got["cost"], expected_values["cost"], check_names=False)

    def test_same_values_on_a_thread_pool(self, decorated_module, expected_values, inputs, config):
        from hamilton.executors import ThreadPoolGraphAdapter

        dr = driver.Driver(config, decorated_module, adapter=ThreadPoolGraphAdapter(max_workers=2))
        got = dr.raw_execute(["cost"], inputs=inputs)
        pd.testing.assert_series_equal(got["cost"], expected_values["cost"], check_names=False)
