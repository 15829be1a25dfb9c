"""@check_output(schema=...) with pandera schemas on pandas and polars outputs: nodes, results, failures, misuse."""

import logging

import pandas as pd
import pandera.pandas as pa
import polars as pl
import pytest
from hamilton import base, driver, registry
from hamilton.data_quality.base import DataValidationError, ValidationResult
from hamilton.function_modifiers import InvalidDecoratorException
from hamilton.function_modifiers.extensions import validator_classes
from hamilton.testing import DecoratorContract
from hamilton_pandera import PandasDataFrameSchemaValidator, PandasSeriesSchemaValidator, PolarsSchemaValidator

FLOW = """
import pandas as pd
import pandera.pandas as pa
import pandera.polars as pp
import polars as pl
from hamilton.function_modifiers import check_output

FRAME = pa.DataFrameSchema({"a": pa.Column(int, pa.Check.ge(0)), "b": pa.Column(str)}, name="frame")
SERIES = pa.SeriesSchema(int, pa.Check.le(10))


class PolarsFrame(pp.DataFrameModel):
    a: int = pp.Field(ge=0)


@check_output(schema=FRAME, importance="fail")
def frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"a": [n, 1], "b": ["x", "y"]})


@check_output(schema=SERIES)
def series(n: int) -> pd.Series:
    return pd.Series([n, 1])


@check_output(schema=PolarsFrame, importance="fail")
def polars_frame(n: int) -> pl.DataFrame:
    return pl.DataFrame({"a": [n, 1]})


@check_output(schema=pp.DataFrameSchema({"a": pp.Column(pl.Int64)}))
def lazy(n: int) -> pl.LazyFrame:
    return pl.LazyFrame({"a": [n]})
"""


@pytest.fixture
def flow(dataflow_module):
    return dataflow_module(FLOW)


def _driver(module):
    return driver.Driver({}, module, adapter=base.DictResult())


def test_hook_hamilton_register_validators_offers_one_validator_per_output_kind():
    entries = [e for e in registry.entries("validator").values() if e.plugin == "pandera"]
    assert sorted(e.obj for e in entries) == [
        "hamilton_pandera.validators:PandasDataFrameSchemaValidator",
        "hamilton_pandera.validators:PandasSeriesSchemaValidator",
        "hamilton_pandera.validators:PolarsSchemaValidator",
    ]
    assert {e.details["arg"] for e in entries} == {"schema"}
    classes = [cls for _, cls in validator_classes("schema")]
    assert [cls for cls in classes if cls.applies_to(pd.DataFrame)] == [PandasDataFrameSchemaValidator]
    assert [cls for cls in classes if cls.applies_to(pd.Series)] == [PandasSeriesSchemaValidator]
    assert [cls for cls in classes if cls.applies_to(pl.LazyFrame)] == [PolarsSchemaValidator]
    assert not any(cls.applies_to(int) for cls in classes)


def test_checks_are_nodes_named_as_the_original(flow):
    dr = _driver(flow)
    names = {v.name for v in dr.list_available_variables()}
    for node in ("frame", "series", "polars_frame", "lazy"):
        assert {node, f"{node}_raw", f"{node}_pandera_schema_validator"} <= names
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["frame_pandera_schema_validator"].tags == {
        "hamilton.data_quality.contains_dq_results": True,
        "hamilton.data_quality.source_node": "frame",
    }
    assert variables["frame_pandera_schema_validator"].doc == (
        "Validates that the output matches the pandera schema 'frame'."
    )


def test_passing_outputs_and_their_results(flow):
    got = _driver(flow).execute(
        ["frame", "series_pandera_schema_validator", "polars_frame_pandera_schema_validator", "lazy"], inputs={"n": 3}
    )
    assert got["frame"]["a"].tolist() == [3, 1]
    for check in ("series_pandera_schema_validator", "polars_frame_pandera_schema_validator"):
        assert isinstance(got[check], ValidationResult) and got[check].passes
    assert got["lazy"].collect()["a"].to_list() == [3]


@pytest.mark.parametrize(
    ("node", "failure"),
    [
        ("frame", "Column 'a' failed element-wise validator number 0: greater_than_or_equal_to(0) failure cases: -30"),
        ("polars_frame", "Column 'a' failed validator number 0: <Check greater_than_or_equal_to: "),
    ],
)
def test_a_failing_fail_check_names_node_validator_and_the_failures(flow, node, failure):
    with pytest.raises(DataValidationError) as caught:
        _driver(flow).execute([node], inputs={"n": -30})
    assert caught.value.node == node and caught.value.validator == "pandera_schema_validator"
    assert failure in caught.value.message


def test_a_failing_warn_check_logs_and_keeps_the_failures(flow, caplog):
    with caplog.at_level(logging.WARNING):
        got = _driver(flow).execute(["series", "series_pandera_schema_validator"], inputs={"n": 20})
    assert got["series"].tolist() == [20, 1]
    result = got["series_pandera_schema_validator"]
    assert not result.passes and "less_than_or_equal_to(10) failure cases: 20" in result.message
    assert [type(e).__name__ for e in result.diagnostics["schema_errors"]] == ["SchemaError"]
    assert "failed check pandera_schema_validator" in caplog.text


def test_every_failure_is_collected(flow):
    frame = _driver(flow).execute(["frame_pandera_schema_validator"], inputs={"n": -1})
    result = frame["frame_pandera_schema_validator"]
    assert len(result.diagnostics["schema_errors"]) == 1
    wrong_type = PandasDataFrameSchemaValidator(pa.DataFrameSchema({"a": pa.Column(int), "b": pa.Column(str)}), "warn")
    result = wrong_type.validate(pd.DataFrame({"a": ["x"]}))
    assert len(result.diagnostics["schema_errors"]) == 2  # a's type and the missing b, both reported


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "@check_output(schema=pp.DataFrameSchema({'a': pp.Column(int)}))\n"
            "def f(n: int) -> pd.DataFrame:\n    return pd.DataFrame({'a': [n]})",
            r"\.f: @check_output failed: @check_output\(schema=...\) checks a pandas.DataFrame output with a pandera "
            r"DataFrameSchema made with pandera.pandas .*; got pandera.api.polars.container.DataFrameSchema",
        ),
        (
            "@check_output(schema=pa.DataFrameSchema({'a': pa.Column(int)}))\n"
            "def f(n: int) -> pd.Series:\n    return pd.Series([n])",
            r"checks a pandas.Series output with a pandera SeriesSchema",
        ),
        (
            "@check_output(schema={'a': int})\ndef f(n: int) -> pl.DataFrame:\n    return pl.DataFrame({'a': [n]})",
            r"checks a polars.DataFrame or polars.LazyFrame output .*; got builtins.dict",
        ),
        (
            "@check_output(schema=pa.SeriesSchema(int))\ndef f(n: int) -> int:\n    return n",
            r"no validator for schema= applies to its output type int",
        ),
    ],
)
def test_a_schema_that_does_not_fit_is_refused_when_the_driver_is_built(dataflow_module, code, message):
    header = (
        "import pandas as pd\nimport pandera.pandas as pa\nimport pandera.polars as pp\nimport polars as pl\n"
        "from hamilton.function_modifiers import check_output\n\n"
    )
    with pytest.raises(InvalidDecoratorException, match=message):
        _driver(dataflow_module(header + code))


class TestPanderaCheckContract(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, flow):
        return flow

    @pytest.fixture
    def expected_nodes(self):
        made = ("", "_raw", "_pandera_schema_validator")
        return {f"{node}{suffix}" for node in ("frame", "series", "polars_frame", "lazy") for suffix in made}

    @pytest.fixture
    def expected_values(self):
        return {"series_pandera_schema_validator": True, "polars_frame_pandera_schema_validator": True}

    @pytest.fixture
    def inputs(self):
        return {"n": 3}

    def test_computes_the_expected_values(self, decorated_module, expected_values, inputs, config):
        got = _driver(decorated_module).raw_execute(list(expected_values), inputs=inputs)
        assert {name: result.passes for name, result in got.items()} == expected_values

    def test_same_values_on_a_thread_pool(self, decorated_module, expected_values, inputs, config):
        from hamilton.executors import ThreadPoolGraphAdapter

        dr = driver.Driver(config, decorated_module, adapter=ThreadPoolGraphAdapter(max_workers=2))
        got = dr.raw_execute(list(expected_values), inputs=inputs)
        assert {name: result.passes for name, result in got.items()} == expected_values
