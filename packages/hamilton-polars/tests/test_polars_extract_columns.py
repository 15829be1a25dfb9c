from __future__ import annotations

import pickle
import textwrap

import polars as pl
import pytest
from hamilton import driver
from hamilton.errors import DuplicateNodeError, NodeExecutionError
from hamilton.function_modifiers import InvalidDecoratorException
from hamilton.testing import module_from_source
from hamilton_polars import ColumnNotFoundError, PolarsDataFrameResult, extract_columns
from polars.testing import assert_series_equal

MARKETING = """
import polars as pl
from hamilton.function_modifiers import config
from hamilton_polars import extract_columns

CALLS = []

@extract_columns("spend", "signups")
def marketing(weeks: int) -> pl.DataFrame:
    \"\"\"Spend and signups per week.\"\"\"
    CALLS.append(weeks)
    return pl.DataFrame({"spend": [10.0, 20.0, 40.0][:weeks], "signups": [1, 4, 5][:weeks]})

def spend_per_signup(spend: pl.Series, signups: pl.Series) -> pl.Series:
    return spend / signups
"""


def make(name: str, source: str):
    return module_from_source(f"polars_extract_{name}", textwrap.dedent(source))


def test_columns_become_series_nodes_feeding_other_functions():
    module = make("marketing", MARKETING)
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    df = dr.execute(["spend", "signups", "spend_per_signup"], inputs={"weeks": 3})
    assert df.columns == ["spend", "signups", "spend_per_signup"]
    assert df["spend_per_signup"].to_list() == [10.0, 5.0, 8.0]
    assert df["signups"].dtype == pl.Int64
    assert module.CALLS == [3]  # the frame is computed once for all its columns


def test_column_nodes_are_listed_with_their_type_and_origin():
    module = make("listed", MARKETING)
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend"].type is pl.Series
    assert variables["marketing"].type is pl.DataFrame  # the function's own node is kept
    assert "marketing" in variables["spend"].documentation
    assert [v.name for v in dr.what_is_upstream_of("spend")] == ["weeks", "marketing", "spend"]


def test_a_column_node_returns_the_column_itself():
    module = make("itself", MARKETING)
    values = driver.Driver({}, module, adapter=PolarsDataFrameResult()).raw_execute(
        ["marketing", "spend"], inputs={"weeks": 2}
    )
    assert_series_equal(values["spend"], values["marketing"].get_column("spend"))


def test_config_when_decides_which_function_gives_the_columns():
    module = make(
        "config",
        """
        import polars as pl
        from hamilton.function_modifiers import config
        from hamilton_polars import extract_columns

        @extract_columns("spend")
        @config.when(region="CA")
        def data__CA() -> pl.DataFrame:
            return pl.DataFrame({"spend": [1.0]})

        @config.when(region="US")
        @extract_columns("spend")
        def data__US() -> pl.DataFrame:
            return pl.DataFrame({"spend": [2.0]})
        """,
    )
    for region, expected in (("CA", 1.0), ("US", 2.0)):
        dr = driver.Driver({"region": region}, module, adapter=PolarsDataFrameResult())
        assert dr.execute(["spend"])["spend"].to_list() == [expected]


def test_a_missing_column_names_the_column_and_the_function():
    module = make(
        "missing",
        """
        import polars as pl
        from hamilton_polars import extract_columns

        @extract_columns("spend", "signups")
        def marketing() -> pl.DataFrame:
            return pl.DataFrame({"spend": [1.0], "clicks": [3]})
        """,
    )
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    with pytest.raises(ColumnNotFoundError) as caught:
        dr.execute(["signups"])
    error = caught.value
    assert isinstance(error, NodeExecutionError) and error.node_name == "signups"
    assert (
        "Column 'signups' is not in the dataframe returned by polars_extract_missing.marketing "
        "(its columns: 'spend', 'clicks')"
    ) in str(error)
    assert error.__cause__.column == "signups"
    assert error.__cause__.function == "polars_extract_missing.marketing"


def test_a_function_that_returns_no_polars_frame_is_named_at_run_time():
    module = make(
        "not_a_frame",
        """
        from hamilton_polars import extract_columns

        @extract_columns("spend")
        def marketing():
            return {"spend": [1.0]}
        """,
    )
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    with pytest.raises(
        TypeError, match=r"on polars_extract_not_a_frame.marketing needs it to return a dataframe.*builtins.dict"
    ):
        dr.execute(["spend"])


@pytest.mark.parametrize(
    "annotation, hint",
    [("pl.LazyFrame", "annotated to return polars.LazyFrame"), ("dict", "annotated to return dict")],
)
def test_a_function_annotated_with_another_type_is_refused_when_the_driver_is_built(annotation, hint):
    module = make(
        f"annotated_{annotation.replace('.', '_')}",
        f"""
        import polars as pl
        from hamilton_polars import extract_columns

        @extract_columns("spend")
        def marketing() -> {annotation}:
            return pl.LazyFrame({{"spend": [1.0]}})
        """,
    )
    with pytest.raises(InvalidDecoratorException, match=r"needs it to return a dataframe") as caught:
        driver.Driver({}, module, adapter=PolarsDataFrameResult())
    assert hint in str(caught.value)


def test_a_column_named_like_another_node_is_a_duplicate():
    module = make(
        "duplicate",
        """
        import polars as pl
        from hamilton_polars import extract_columns

        @extract_columns("spend")
        def marketing() -> pl.DataFrame:
            return pl.DataFrame({"spend": [1.0]})

        def spend() -> pl.Series:
            return pl.Series([2.0])
        """,
    )
    with pytest.raises(DuplicateNodeError) as caught:
        driver.Driver({}, module, adapter=PolarsDataFrameResult())
    assert any("(@extract_columns)" in source for source in caught.value.sources)


def test_column_nodes_survive_pickling_for_process_executors():
    module = make("pickled", MARKETING)
    node = driver.Driver({}, module, adapter=PolarsDataFrameResult()).graph.nodes["spend"]
    restored = pickle.loads(pickle.dumps(node.callable))
    frame = pl.DataFrame({"spend": [3.0], "signups": [1]})
    assert restored(marketing=frame).to_list() == [3.0]


@pytest.mark.parametrize(
    "names, error, message",
    [
        ((), InvalidDecoratorException, "at least one column name"),
        (("a", "a"), InvalidDecoratorException, "'a' more than once"),
        (("a", 3), InvalidDecoratorException, "non-empty strings"),
        ((("a", "doc"), "a"), InvalidDecoratorException, "'a' more than once"),
        ((("a",),), InvalidDecoratorException, r"\(name, doc\) tuples of two strings; got \[\('a',\)\]"),
        ((("a", None),), InvalidDecoratorException, "tuples of two strings"),
        ((["a"],), InvalidDecoratorException, "unpack the list"),
    ],
)
def test_bad_column_lists_are_refused_at_decoration(names, error, message):
    with pytest.raises(error, match=message):
        extract_columns(*names)


def test_name_and_doc_tuples_make_columns_documented_by_their_doc():
    # the original's form: @extract_columns(("name", "doc"), ...), mixed with plain names
    module = make(
        "documented",
        """
        import polars as pl
        from hamilton_polars import extract_columns

        @extract_columns(("spend", "Dollars spent on ads, per week."), "signups")
        def marketing(weeks: int) -> pl.DataFrame:
            return pl.DataFrame({"spend": [10.0, 20.0][:weeks], "signups": [1, 4][:weeks]})
        """,
    )
    dr = driver.Driver({}, module, adapter=PolarsDataFrameResult())
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["spend"].documentation == "Dollars spent on ads, per week."
    assert variables["signups"].documentation == "Column 'signups' of the dataframe returned by marketing."
    df = dr.execute(["spend", "signups"], inputs={"weeks": 2})
    assert df.to_dict(as_series=False) == {"spend": [10.0, 20.0], "signups": [1, 4]}
