"""@check_output: checks become nodes, fail/warn behave as the original, pandas and polars validators come from their plugins."""

import logging

import pandas as pd
import polars as pl
import pytest
from hamilton import base, driver
from hamilton.data_quality.base import DataValidationError, ValidationResult
from hamilton.function_modifiers import InvalidDecoratorException
from hamilton.function_modifiers.extensions import validator_classes

SOURCE = """
import pandas as pd
import polars as pl
from hamilton.function_modifiers import check_output

@check_output(range=(0, 10), importance="fail")
def n(a: int) -> int:
    return a

@check_output(max_fraction_nans=0.05, importance="fail")
def pandas_col(a: int) -> pd.Series:
    return pd.Series([1.0] * (10 - a) + [None] * a)

@check_output(max_fraction_nans=0.05, mean_in_range=(0, 2), importance="warn")
def polars_col(a: int) -> pl.Series:
    return pl.Series([1.0] * (10 - a) + [None] * a)
"""


@pytest.fixture
def dr(dataflow_module):
    return driver.Driver({}, dataflow_module(SOURCE), adapter=base.DictResult())


def test_hook_hamilton_register_validators():
    args = {arg for arg, cls in validator_classes() if cls.applies_to(pd.Series)}
    assert {"max_fraction_nans", "range", "mean_in_range", "values_in"} <= args
    assert any(cls.applies_to(pl.Series) for arg, cls in validator_classes("max_fraction_nans"))


def test_checks_are_nodes_named_as_the_original(dr):
    variables = {v.name: v for v in dr.list_available_variables()}
    assert {"n", "n_raw", "n_range_validator"} <= set(variables)
    assert variables["n_range_validator"].tags == {
        "hamilton.data_quality.contains_dq_results": True,
        "hamilton.data_quality.source_node": "n",
    }
    assert {v.name for v in dr.what_is_upstream_of("n")} == {"n", "n_raw", "n_range_validator", "a"}
    assert {"polars_col_max_fraction_nans_validator", "polars_col_mean_in_range_validator"} <= set(variables)


def test_passing_checks_return_the_value_and_results_stay_reachable(dr):
    got = dr.execute(["n", "n_range_validator"], inputs={"a": 3})
    assert got["n"] == 3
    assert isinstance(got["n_range_validator"], ValidationResult) and got["n_range_validator"].passes


def test_a_failing_fail_check_names_node_validator_and_figure(dr):
    with pytest.raises(DataValidationError) as caught:
        dr.execute(["pandas_col"], inputs={"a": 3})
    message = str(caught.value)
    assert "'pandas_col'" in message and "max_fraction_nans_validator" in message
    assert "max_fraction_nans 0.30 > 0.05" in message


def test_a_failing_warn_check_logs_and_returns(dr, caplog):
    with caplog.at_level(logging.WARNING):
        got = dr.execute(["polars_col"], inputs={"a": 3})
    assert got["polars_col"].null_count() == 3
    assert "max_fraction_nans 0.30 > 0.05" in caplog.text


def test_unknown_argument_is_refused_when_the_driver_is_built(dataflow_module):
    module = dataflow_module(
        "from hamilton.function_modifiers import check_output\n\n"
        "@check_output(nonsense=1)\ndef f(a: int) -> int:\n    return a\n"
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.f: unknown validator argument\(s\) 'nonsense'"):
        driver.Driver({}, module)


def test_an_argument_that_does_not_fit_the_type_is_named(dataflow_module):
    module = dataflow_module(
        "from hamilton.function_modifiers import check_output\n\n"
        "@check_output(max_fraction_nans=0.1)\ndef f(a: int) -> int:\n    return a\n"
    )
    with pytest.raises(InvalidDecoratorException, match=r"no validator for max_fraction_nans= applies to .* int"):
        driver.Driver({}, module)
