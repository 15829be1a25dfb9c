import pickle

import pytest
from hamilton import driver
from hamilton.function_modifiers import InvalidDecoratorException, parameterize, source, value

SOURCE = '''
from hamilton.function_modifiers import extract_fields, parameterize, parameterize_sources, parameterize_values, source, value

def base_spend() -> int:
    return 100

def us_rate() -> float:
    return 0.5

@parameterize(
    spend_ca=dict(rate=value(0.25)),
    spend_us=dict(rate=source("us_rate")),
    spend_total=dict(rate=value(1.0), base_spend=source("times_two")),
)
def scaled_spend(base_spend: int, rate: float, bonus: int = 0) -> float:
    """{output_name}: spend times {rate}."""
    return base_spend * rate + bonus

@parameterize_values(parameter="k", assigned_output={"times_two": 2, ("times_three", "three times"): 3})
def multiplied(base_spend: int, k: int) -> int:
    return base_spend * k

@parameterize_sources(copied_rate=dict(r="us_rate"))
def identity(r: float) -> float:
    return r

@extract_fields({"low": int, "high": int})
def bounds(base_spend: int) -> dict:
    return {"low": base_spend - 10, "high": base_spend + 10}
'''


@pytest.fixture
def dr(dataflow_module, dict_adapter):
    return driver.Driver({}, dataflow_module(SOURCE), adapter=dict_adapter)


def test_parameterize_makes_one_node_per_output(dr):
    assert dr.execute(["spend_ca", "spend_us"]) == {"spend_ca": 25.0, "spend_us": 50.0}
    names = {v.name for v in dr.list_available_variables()}
    assert "scaled_spend" not in names
    assert {"spend_ca", "spend_us", "spend_total", "times_two", "times_three", "copied_rate", "low", "high"} <= names


def test_parameterize_docstrings_and_dependencies(dr):
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend_ca"].doc == "spend_ca: spend times 0.25."
    assert {v.name for v in dr.what_is_upstream_of("spend_us")} == {"spend_us", "us_rate", "base_spend", "bonus"}
    assert dr.graph.nodes["spend_us"].dependencies == {"base_spend": int, "us_rate": float, "bonus": int}


def test_optional_parameters_stay_optional(dr):
    assert dr.execute(["spend_ca"], inputs={"bonus": 5}) == {"spend_ca": 30.0}


def test_parameterize_values_and_sources(dr):
    assert dr.execute(["times_two", "times_three", "copied_rate"]) == {
        "times_two": 200,
        "times_three": 300,
        "copied_rate": 0.5,
    }


def test_extract_fields_exposes_dict_fields(dr):
    assert dr.execute(["low", "high", "bounds"]) == {"low": 90, "high": 110, "bounds": {"low": 90, "high": 110}}


def test_missing_field_is_a_clear_error(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import extract_fields

        @extract_fields({"present": int, "absent": int})
        def parts() -> dict:
            return {"present": 1}
        """
    )
    with pytest.raises(KeyError, match=r"'parts' returned dict without field 'absent'"):
        driver.Driver({}, module, adapter=dict_adapter).execute(["absent"])


def test_binding_an_unknown_parameter_names_it(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import parameterize, value

        @parameterize(out=dict(nope=value(1)))
        def f(x: int) -> int:
            return x
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"@parameterize on .*\.f, output 'out', binds 'nope'"):
        driver.Driver({}, module, adapter=dict_adapter)


def test_bindings_must_be_value_or_source():
    with pytest.raises(TypeError, match=r"out\.x is 1; wrap it in value"):
        parameterize(out=dict(x=1))


def test_parameterized_callables_pickle(dr):
    callable_ = dr.graph.nodes["spend_us"].callable
    assert pickle.loads(pickle.dumps(callable_))(base_spend=10, us_rate=2.0) == 20.0
    assert repr(value(1)) == "value(1)" and repr(source("a")) == "source('a')"


def test_source_renames_the_dependency(dr):
    assert dr.execute(["spend_total"]) == {"spend_total": 200.0}
    assert "times_two" in dr.graph.nodes["spend_total"].dependencies
