"""@with_columns on pandas and on polars: one decorator, the original's nodes, values by hand, errors named."""

import pandas as pd
import polars as pl
import pytest
from hamilton import base, driver
from hamilton.function_modifiers import ColumnNotFoundError, InvalidDecoratorException
from hamilton.plugins import h_pandas, h_polars
from hamilton.testing import DecoratorContract

OPERATIONS = '''
import {lib}

def doubled(a: {series}) -> {series}:
    """Twice a."""
    return a * 2

def total(doubled: {series}, b: {series}) -> {series}:
    return doubled + b

def scaled(total: {series}, factor: float) -> {series}:
    return total * factor
'''

FLOW = """
import {lib}
import {ops}
from hamilton.function_modifiers import tag
from hamilton.plugins.{plugin} import with_columns

def raw() -> {frame}:
    return {make}({{"a": [1, 2], "b": [10, 20], "c": [0, 0]}})

def _plus_one(total: {series}) -> {series}:
    return total + 1

@tag(kind="features")
@with_columns({ops}, _plus_one, columns_to_pass=["a", "b"], select=["doubled", "scaled", "_plus_one"])
def features(raw: {frame}) -> {frame}:
    return raw

@with_columns({ops}, columns_to_pass=["a", "b", "not_read"], select=["total"], namespace="ns")
def totals(raw: {frame}) -> {frame}:
    return raw

def _from_frame(raw: {frame}) -> {series}:
    return raw["a"] + raw["c"] + 100

@with_columns(_from_frame, on_input="raw")
def whole(raw: {frame}, other: int) -> {frame}:
    return raw
"""

LIBRARIES = {
    "pandas": dict(lib="pandas", series="pandas.Series", frame="pandas.DataFrame", make="pandas.DataFrame"),
    "polars": dict(lib="polars", series="polars.Series", frame="polars.DataFrame", make="polars.DataFrame"),
}
PLUGINS = {"pandas": "h_pandas", "polars": "h_polars"}


@pytest.fixture(params=["pandas", "polars"])
def library(request):
    return request.param


@pytest.fixture
def flow(library, dataflow_module):
    ops = f"with_columns_ops_{library}"
    dataflow_module(OPERATIONS.format(**LIBRARIES[library]), name=ops)
    return dataflow_module(FLOW.format(ops=ops, plugin=PLUGINS[library], **LIBRARIES[library]))


def _driver(module):
    return driver.Driver({}, module, adapter=base.DictResult())


def _columns(frame) -> dict:
    return {name: list(frame[name]) for name in frame.columns}


def test_the_original_import_paths_give_the_one_decorator():
    from hamilton.function_modifiers import with_columns

    assert h_pandas.with_columns is with_columns and h_polars.with_columns is with_columns


def test_nodes_are_the_originals(flow):
    dr = _driver(flow)
    assert {v.name for v in dr.what_is_upstream_of("features")} == {
        "features",
        "features._append",
        "features.a",
        "features.b",
        "features.doubled",
        "features.total",
        "features.scaled",
        "features._plus_one",
        "raw",
        "factor",
    }
    # only what the selection needs: no ns.scaled, no column node for a column nothing reads
    assert {v.name for v in dr.what_is_upstream_of("totals")} == {
        "totals",
        "ns._append",
        "ns.a",
        "ns.b",
        "ns.doubled",
        "ns.total",
        "raw",
    }
    assert {v.name for v in dr.what_is_upstream_of("whole")} == {
        "whole",
        "whole._append",
        "whole._from_frame",
        "raw",
        "other",
    }
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["features"].tags == {"kind": "features"}
    assert variables["features.doubled"].tags == {"hamilton.non_final_node": True}
    assert variables["features.doubled"].doc == "Twice a."
    assert variables["features.a"].tags == {}
    assert [f.__name__ for f in variables["features.doubled"].originating_functions] == ["doubled", "features"]


def test_values_by_hand(flow):
    got = _driver(flow).execute(["features", "totals", "whole"], inputs={"factor": 0.5, "other": 0})
    base_columns = {"a": [1, 2], "b": [10, 20], "c": [0, 0]}
    # doubled = 2a; total = 2a + b; scaled = total / 2; _plus_one = total + 1
    assert _columns(got["features"]) == {
        **base_columns,
        "doubled": [2, 4],
        "scaled": [6.0, 12.0],
        "_plus_one": [13, 25],
    }
    assert _columns(got["totals"]) == {**base_columns, "total": [12, 24]}
    assert _columns(got["whole"]) == {**base_columns, "_from_frame": [101, 102]}


def test_the_result_type_follows_the_dataframe_library(flow, library):
    got = _driver(flow).execute(["totals"])["totals"]
    assert isinstance(got, pd.DataFrame if library == "pandas" else pl.DataFrame)


def test_a_selected_column_replaces_one_of_the_same_name(dataflow_module, library):
    lib = LIBRARIES[library]
    module = dataflow_module(
        f"""
        import {lib["lib"]}
        from hamilton.function_modifiers import with_columns

        def a(raw: {lib["frame"]}) -> {lib["series"]}:
            return raw["a"] * 100

        @with_columns(a, on_input="raw")
        def replaced(raw: {lib["frame"]}) -> {lib["frame"]}:
            return raw
        """
    )
    frame = getattr(__import__(lib["lib"]), "DataFrame")({"a": [1, 2]})
    assert _columns(_driver(module).execute(["replaced"], inputs={"raw": frame})["replaced"]) == {"a": [100, 200]}


class TestWithColumnsContract(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        dataflow_module(OPERATIONS.format(**LIBRARIES["polars"]), name="with_columns_contract_ops")
        return dataflow_module(FLOW.format(ops="with_columns_contract_ops", plugin="h_polars", **LIBRARIES["polars"]))

    @pytest.fixture
    def expected_nodes(self):
        features = {f"features.{n}" for n in ("_append", "a", "b", "doubled", "total", "scaled", "_plus_one")}
        totals = {f"ns.{n}" for n in ("_append", "a", "b", "doubled", "total")}
        return {"features", "totals", "whole", "whole._append", "whole._from_frame", *features, *totals}

    @pytest.fixture
    def expected_values(self):
        return {"ns.total": pl.Series("total", [12, 24]), "features.a": pl.Series("a", [1, 2])}

    def test_computes_the_expected_values(self, decorated_module, expected_values, inputs, config):
        got = _driver(decorated_module).raw_execute(list(expected_values))
        assert {k: v.to_list() for k, v in got.items()} == {k: v.to_list() for k, v in expected_values.items()}

    def test_same_values_on_a_thread_pool(self, decorated_module, expected_values, inputs, config):
        from hamilton.executors import ThreadPoolGraphAdapter

        dr = driver.Driver(config, decorated_module, adapter=ThreadPoolGraphAdapter(max_workers=2))
        got = dr.raw_execute(list(expected_values))
        assert {k: v.to_list() for k, v in got.items()} == {k: v.to_list() for k, v in expected_values.items()}


# ---------------------------------------------------------------------------- errors


def _op(a: pd.Series) -> pd.Series:
    return a


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: h_pandas.with_columns(_op), r"takes one of columns_to_pass= .* and on_input="),
        (lambda: h_pandas.with_columns(_op, columns_to_pass=["a"], on_input="df"), r"takes one of columns_to_pass="),
        (lambda: h_pandas.with_columns(_op, pass_dataframe_as="df"), r"pass_dataframe_as=...\) is not supported"),
        (lambda: h_pandas.with_columns(columns_to_pass=["a"]), r"needs the modules or functions of its DAG first"),
        (lambda: h_pandas.with_columns(_op, columns_to_pass="a"), r"columns_to_pass=...\) takes a list of names"),
    ],
)
def test_wrong_arguments_are_refused_where_written(make, message):
    with pytest.raises(InvalidDecoratorException, match=message):
        make()


def test_on_input_naming_no_parameter_is_refused_with_the_function():
    with pytest.raises(InvalidDecoratorException, match=r"\.f: @with_columns\(on_input='nope'\) names no parameter"):

        @h_pandas.with_columns(_op, on_input="nope")
        def f(df: pd.DataFrame) -> pd.DataFrame:
            return df


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            '@with_columns(_op, columns_to_pass=["a"], select=["nope"])\ndef f(df: pd.DataFrame) -> pd.DataFrame:\n'
            "    return df",
            r"\.f: @with_columns: select names 'nope', which its functions do not make \(they make: _op\)",
        ),
        (
            '@with_columns(_op, columns_to_pass=["a"])\ndef f(df: int) -> int:\n    return df',
            r"@with_columns on .*\.f needs it to return a dataframe, but it is annotated to return int",
        ),
        (
            '@with_columns(_op, columns_to_pass=["_op"])\ndef f(df: pd.DataFrame) -> pd.DataFrame:\n    return df',
            r"'_op' is both a column passed and a function's name",
        ),
    ],
)
def test_misuse_is_named_when_the_driver_is_built(dataflow_module, code, message):
    header = (
        "import pandas as pd\nfrom hamilton.function_modifiers import with_columns\n\n"
        "def _op(a: pd.Series) -> pd.Series:\n    return a\n\n"
    )
    module = dataflow_module(header + code)
    with pytest.raises(InvalidDecoratorException, match=message):
        _driver(module)


def test_a_missing_column_names_the_function(dataflow_module):
    module = dataflow_module(
        """
        import pandas as pd
        from hamilton.function_modifiers import with_columns

        def _op(zz: pd.Series) -> pd.Series:
            return zz

        @with_columns(_op, columns_to_pass=["zz"])
        def f(df: pd.DataFrame) -> pd.DataFrame:
            return df
        """
    )
    with pytest.raises(
        ColumnNotFoundError, match=r"Column .zz. is not in the dataframe .df. that .*\.f takes \(its columns: .a.\)"
    ) as caught:
        _driver(module).execute(["f"], inputs={"df": pd.DataFrame({"a": [1]})})
    assert "f.zz" in str(caught.value)


def test_config_required_limits_what_the_functions_see(dataflow_module):
    from hamilton.function_modifiers.base import MissingConfigParametersException

    module = dataflow_module(
        """
        import pandas as pd
        from hamilton.function_modifiers import config, with_columns

        @config.when(unit="k")
        def _scaled__k(a: pd.Series) -> pd.Series:
            return a / 1000

        @config.when(unit="one")
        def _scaled__one(a: pd.Series) -> pd.Series:
            return a

        @with_columns(_scaled__k, _scaled__one, columns_to_pass=["a"], config_required=["unit"])
        def f(df: pd.DataFrame) -> pd.DataFrame:
            return df
        """
    )
    frame = pd.DataFrame({"a": [1000, 2000]})
    got = driver.Driver({"unit": "k"}, module, adapter=base.DictResult()).execute(["f"], inputs={"df": frame})
    assert _columns(got["f"]) == {"a": [1000, 2000], "_scaled": [1.0, 2.0]}
    with pytest.raises(MissingConfigParametersException, match=r"\.f: @with_columns needs the config key\(s\) 'unit'"):
        driver.Driver({}, module, adapter=base.DictResult())
