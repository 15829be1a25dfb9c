"""Materialization with the data plugins: each format of pandas, polars and Arrow through real files, chosen by type."""

from __future__ import annotations

import importlib.util
import warnings

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hamilton import base, driver
from hamilton.io.formats import FormatError
from hamilton.io.materialization import from_, to

FRAMES = """
import pandas as pd
import polars as pl
import pyarrow as pa


def pandas_frame() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})


def polars_frame() -> pl.DataFrame:
    return pl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})


def arrow_table() -> pa.Table:
    return pa.table({"a": [1, 2, 3], "b": ["x", "y", "z"]})


def any_frame(polars_frame: pl.DataFrame) -> object:
    return polars_frame


def rows(pandas_frame: pd.DataFrame, polars_frame: pl.DataFrame, arrow_table: pa.Table) -> int:
    return len(pandas_frame) + polars_frame.height + arrow_table.num_rows
"""

FORMATS = {
    "pandas_frame": ["csv", "parquet", "json", "feather", "pickle"]
    + (["excel"] if importlib.util.find_spec("openpyxl") else []),
    "polars_frame": ["csv", "parquet", "ndjson", "ipc"],
    "arrow_table": ["parquet", "ipc", "feather", "csv"],
}
CASES = [(node, format) for node, formats in FORMATS.items() for format in formats]


@pytest.fixture(autouse=True)
def formats_of_plugins_only(monkeypatch):
    """Formats another test (or docs page) added with register_adapter do not show here."""
    from hamilton.io import formats

    monkeypatch.setattr(formats, "_added", [])


@pytest.fixture
def dr(dataflow_module):
    return driver.Driver({}, dataflow_module(FRAMES), adapter=base.DictResult())


@pytest.mark.parametrize(("node", "format"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_each_format_saves_and_loads_back(dr, tmp_path, node, format):
    path = tmp_path / f"{node}.{format}"
    metadata, results = dr.materialize(
        getattr(to, format)(id="saved", dependencies=[node], path=str(path)), additional_vars=[node]
    )
    original = results[node]
    file_metadata, frame_metadata = metadata["saved"]["file_metadata"], metadata["saved"]["dataframe_metadata"]
    assert file_metadata["path"] == str(path) and file_metadata["size"] == path.stat().st_size > 0
    assert frame_metadata["rows"] == 3 and frame_metadata["column_names"] == ["a", "b"]
    _, loaded = dr.materialize(getattr(from_, format)(target=node, path=str(path)), additional_vars=[node, "rows"])
    assert type(loaded[node]) is type(original)
    assert loaded[node].equals(original)
    assert loaded["rows"] == 9


def test_to_parquet_uses_each_librarys_own_writer(dr, tmp_path):
    dr.materialize(
        *(to.parquet(id=f"{node}_file", dependencies=[node], path=str(tmp_path / node)) for node in FORMATS),
        to.parquet(id="any_file", dependencies=["any_frame"], path=str(tmp_path / "any")),
    )
    from hamilton.io.materialization import materialized_graph

    graph = materialized_graph(dr.graph, [to.parquet(id=f"{n}_file", dependencies=[n], path="p") for n in FORMATS], [])
    graph_tags = {
        name: graph.nodes[name].tags["hamilton.data_saver.classname"] for name in graph.nodes if name.endswith("_file")
    }
    assert graph_tags == {
        "pandas_frame_file": "PandasParquetWriter",
        "polars_frame_file": "PolarsParquetWriter",
        "arrow_table_file": "ArrowParquetWriter",
    }
    # the node annotated `object` was saved by the writer of what it returned: a polars frame
    assert pl.read_parquet(tmp_path / "any").equals(pl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}))


def test_a_format_a_type_lacks_lists_the_formats_it_has(dr, tmp_path):
    with pytest.raises(FormatError) as caught:
        dr.materialize(to.ndjson(id="nd", dependencies=["pandas_frame"], path=str(tmp_path / "x")))
    message = str(caught.value)
    assert "No 'ndjson' saver for pandas.DataFrame" in message
    assert "'ndjson' saves polars.DataFrame (plugin 'polars' (hamilton-polars" in message
    assert "Formats that save pandas.DataFrame: csv, feather, json, parquet, pickle" in message
    with pytest.raises(FormatError, match=r"No 'ndjson' loader for pyarrow.Table"):
        dr.materialize(from_.ndjson(target="arrow_table", path="x"), additional_vars=["rows"])


def test_a_library_without_its_plugin_is_named(dataflow_module, tmp_path, monkeypatch):
    monkeypatch.setenv("HAMILTON_DISABLE_PLUGINS", "polars")
    from hamilton import plugins

    plugins.reset()
    try:
        module = dataflow_module(
            "import polars as pl\n\ndef frame() -> pl.DataFrame:\n    return pl.DataFrame({'a': [1]})\n"
        )
        dr = driver.Driver({}, module, adapter=base.DictResult())
        with pytest.raises(
            FormatError,
            match=r"hamilton-polars adds formats for polars types: `pip install \./packages/hamilton-polars` at the root",
        ):
            dr.materialize(to.csv(id="c", dependencies=["frame"], path=str(tmp_path / "c.csv")))
    finally:
        monkeypatch.delenv("HAMILTON_DISABLE_PLUGINS")
        plugins.reset()


def test_load_from_and_save_to_with_dataframes(dataflow_module, tmp_path):
    pd.DataFrame({"k": ["a", "b"], "v": [1, 2]}).to_csv(tmp_path / "in.csv", index=False)
    module = dataflow_module(
        f"""
        import pandas as pd
        import polars as pl
        from hamilton.function_modifiers import load_from, save_to, source, value

        @save_to.parquet(path=value({str(tmp_path / "out.parquet")!r}))
        @load_from.csv(path=source("csv_path"))
        def cleaned(raw: pl.DataFrame) -> pl.DataFrame:
            return raw.with_columns(pl.col("v") * 10)
        """
    )
    dr = driver.Driver({}, module, adapter=base.DictResult())
    out = dr.execute(["save.cleaned"], inputs={"csv_path": str(tmp_path / "in.csv")})
    assert out["save.cleaned"]["dataframe_metadata"]["rows"] == 2
    assert pl.read_parquet(tmp_path / "out.parquet")["v"].to_list() == [10, 20]


def test_the_cache_stores_dataframes_as_parquet_through_their_plugins(dataflow_module, tmp_path):
    import sqlite3

    module = dataflow_module(
        FRAMES + "\n\ndef series(pandas_frame: pd.DataFrame) -> pd.Series:\n    return pandas_frame['a']\n"
    )
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            builder = (
                driver.Builder().with_modules(module).with_adapters(base.DictResult()).with_cache(path=tmp_path / "c")
            )
            dr = builder.build()
            out = dr.execute(["pandas_frame", "polars_frame", "arrow_table", "series"])
    assert sorted(dr.cache.report().hits) == ["arrow_table", "pandas_frame", "polars_frame", "series"]
    assert isinstance(out["polars_frame"], pl.DataFrame) and isinstance(out["arrow_table"], pa.Table)
    with sqlite3.connect(tmp_path / "c" / "cache.db") as db:
        formats = dict(db.execute("SELECT node_name, format FROM cache_keys"))
    assert formats == {
        "pandas_frame": "parquet",
        "polars_frame": "parquet",
        "arrow_table": "parquet",
        "series": "pickle",
    }
    assert sorted(p.suffix for p in (tmp_path / "c" / "results").rglob("*.*") if p.is_file()) == [".parquet"] * 3
