"""@extract_columns: columns of a DataFrame-returning function as nodes of their own."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from hamilton import base, driver, function_modifiers
from hamilton.errors import DuplicateNodeError, NodeExecutionError
from hamilton.function_modifiers import InvalidDecoratorException
from hamilton_pandas import MissingColumnError, extract_columns
from pandas.testing import assert_series_equal

SOURCE = """
from hamilton_pandas import extract_columns

@extract_columns("spend", "signups")
def marketing(rows: int) -> pd.DataFrame:
    '''Weekly spend and signups.'''
    return pd.DataFrame({"spend": [10.0, 20.0, 30.0][:rows], "signups": [1, 2, 5][:rows]})

def cost_per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups
"""


def _dict_driver(module, config=None):
    return driver.Driver(config or {}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult()))


def test_downstream_functions_depend_on_columns_by_name(make_module):
    dr = _dict_driver(make_module(SOURCE))
    got = dr.execute(["cost_per_signup", "spend"], inputs={"rows": 3})
    assert_series_equal(got["cost_per_signup"], pd.Series([10.0, 10.0, 6.0]))
    assert_series_equal(got["spend"], pd.Series([10.0, 20.0, 30.0], name="spend"))


def test_column_nodes_are_listed_with_their_type_and_origin(make_module):
    dr = _dict_driver(make_module(SOURCE))
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend"].type is pd.Series
    assert variables["marketing"].type is pd.DataFrame
    assert "marketing" in variables["signups"].documentation
    node = dr.graph.nodes["signups"]
    assert node.dependencies == {"marketing": pd.DataFrame}
    assert node.source.endswith(".marketing (@extract_columns)")


def test_the_function_itself_stays_a_node(make_module):
    got = driver.Driver({}, make_module(SOURCE)).execute(["marketing"], inputs={"rows": 2})
    pd.testing.assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0], "signups": [1, 2]}))


def test_the_default_dataframe_result_gathers_columns(make_module):
    got = driver.Driver({}, make_module(SOURCE)).execute(["spend", "signups"], inputs={"rows": 2})
    pd.testing.assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0], "signups": [1, 2]}))


def test_a_missing_column_names_the_column_and_the_function(make_module):
    module = make_module(
        """
        from hamilton_pandas import extract_columns

        @extract_columns("spend", "signups")
        def marketing() -> pd.DataFrame:
            return pd.DataFrame({"spend": [1.0], "clicks": [3]})
        """
    )
    with pytest.raises(KeyError) as caught:
        _dict_driver(module).execute(["signups"])
    error = caught.value
    assert isinstance(error, NodeExecutionError)
    assert isinstance(error.__cause__, MissingColumnError)
    message = str(error)
    assert message.startswith("Node 'signups' raised ColumnNotFoundError: Column 'signups' is not in the dataframe")
    assert f"returned by {module.__name__}.marketing (its columns: 'spend', 'clicks')" in message
    assert error.__cause__.column == "signups"


def test_a_function_returning_something_else_is_named(make_module):
    module = make_module(
        """
        from hamilton_pandas import extract_columns

        @extract_columns("a")
        def frame():
            return {"a": [1]}
        """
    )
    with pytest.raises(TypeError, match=r"frame needs it to return a dataframe, but it returned a builtins.dict"):
        _dict_driver(module).execute(["a"])


def test_a_function_annotated_to_return_a_series_is_refused(make_module):
    module = make_module(
        """
        from hamilton_pandas import extract_columns

        @extract_columns("a")
        def frame() -> pd.Series:
            return pd.Series([1])
        """
    )
    with pytest.raises(
        InvalidDecoratorException,
        match=r"frame needs it to return a dataframe, but it is annotated to return pandas\.Series",
    ):
        _dict_driver(module)


def test_works_with_config_when(make_module):
    module = make_module(
        """
        from hamilton.function_modifiers import config
        from hamilton_pandas import extract_columns

        @extract_columns("spend")
        @config.when(region="CA")
        def data__ca() -> pd.DataFrame:
            return pd.DataFrame({"spend": [1.0]})

        @extract_columns("spend")
        @config.when(region="US")
        def data__us() -> pd.DataFrame:
            return pd.DataFrame({"spend": [2.0]})
        """
    )
    assert _dict_driver(module, {"region": "US"}).execute(["spend"])["spend"].tolist() == [2.0]
    dr = _dict_driver(module, {"region": "CA"})
    assert dr.execute(["spend"])["spend"].tolist() == [1.0]
    assert dr.graph.nodes["spend"].config_branch == "region='CA'"


def test_inactive_functions_add_no_columns(make_module):
    module = make_module(
        """
        from hamilton.function_modifiers import config
        from hamilton_pandas import extract_columns

        @extract_columns("spend")
        @config.when(region="CA")
        def data() -> pd.DataFrame:
            return pd.DataFrame({"spend": [1.0]})
        """
    )
    assert "spend" not in _dict_driver(module, {"region": "US"}).graph.nodes


def test_overriding_the_dataframe_feeds_the_columns(make_module):
    dr = _dict_driver(make_module(SOURCE))
    other = pd.DataFrame({"spend": [8.0], "signups": [4]})
    assert dr.execute(["cost_per_signup"], overrides={"marketing": other})["cost_per_signup"].tolist() == [2.0]


def test_a_column_named_like_a_function_is_a_duplicate(make_module):
    module = make_module(
        """
        from hamilton_pandas import extract_columns

        @extract_columns("spend")
        def data() -> pd.DataFrame:
            return pd.DataFrame({"spend": [1.0]})

        def spend() -> pd.Series:
            return pd.Series([2.0])
        """
    )
    with pytest.raises(DuplicateNodeError, match=r"'spend' is defined twice") as caught:
        _dict_driver(module)
    assert any(source.endswith(".data (@extract_columns)") for source in caught.value.sources)


def test_the_original_import_path_resolves_here():
    assert function_modifiers.extract_columns is extract_columns


@pytest.mark.parametrize(
    ("names", "error", "match"),
    [
        ((), InvalidDecoratorException, "at least one column"),
        (("a", ""), InvalidDecoratorException, "non-empty strings"),
        (("a", "a"), InvalidDecoratorException, "'a' more than once"),
        ((("a", "doc"), "a"), InvalidDecoratorException, "'a' more than once"),
        ((("a",),), InvalidDecoratorException, r"\(name, doc\) tuples of two strings; got \[\('a',\)\]"),
        ((("a", "doc", "more"),), InvalidDecoratorException, "tuples of two strings"),
        ((("a", 3),), InvalidDecoratorException, "tuples of two strings"),
        ((("", "doc"),), InvalidDecoratorException, "tuples of two strings"),
        ((["a", "b"],), InvalidDecoratorException, r"unpack the list: @extract_columns\(\*names\)"),
    ],
)
def test_bad_arguments_are_refused_at_decoration(names, error, match):
    with pytest.raises(error, match=match):
        extract_columns(*names)


def test_column_nodes_cross_process_boundaries(make_module):
    node = _dict_driver(make_module(SOURCE)).graph.nodes["signups"]
    getter = pickle.loads(pickle.dumps(node.callable))
    assert getter(marketing=pd.DataFrame({"signups": [7]})).tolist() == [7]


def test_runs_on_the_process_pool(make_module):
    from hamilton import executors

    module = make_module(SOURCE)
    dr = driver.Driver({}, module, adapter=executors.ProcessPoolGraphAdapter(max_workers=2))
    got = dr.raw_execute(["cost_per_signup"], inputs={"rows": 3})
    assert got["cost_per_signup"].tolist() == [10.0, 10.0, 6.0]


def test_string_annotations_are_resolved(make_module):
    module = make_module(
        """
        from __future__ import annotations
        from hamilton_pandas import extract_columns

        @extract_columns("a")
        def frame() -> pd.Series:
            return pd.Series([1])
        """
    )
    assert isinstance(module.frame.__annotations__["return"], str)
    with pytest.raises(InvalidDecoratorException, match=r"annotated to return pandas\.Series"):
        _dict_driver(module)


def test_name_and_doc_tuples_make_columns_documented_by_their_doc(make_module):
    # the original's form: @extract_columns(("name", "doc"), ...), mixed with plain names
    module = make_module(
        """
        from hamilton_pandas import extract_columns

        @extract_columns(("spend", "Dollars spent on ads, per week."), "signups")
        def marketing(rows: int) -> pd.DataFrame:
            '''Weekly spend and signups.'''
            return pd.DataFrame({"spend": [10.0, 20.0][:rows], "signups": [1, 2][:rows]})
        """
    )
    dr = driver.Driver({}, module)
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend"].documentation == "Dollars spent on ads, per week."
    assert variables["signups"].documentation == "Column 'signups' of the dataframe returned by marketing."
    assert variables["marketing"].documentation == "Weekly spend and signups."
    got = dr.execute(["spend", "signups"], inputs={"rows": 2})
    pd.testing.assert_frame_equal(got, pd.DataFrame({"spend": [10.0, 20.0], "signups": [1, 2]}))
