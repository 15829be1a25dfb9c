"""The cache with the data plugins: pandas, numpy, polars and Arrow values versioned by content, in any process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hamilton import base, driver, plugins
from hamilton_cache import CacheWarning
from hamilton_cache.data_versions import DataVersions

VALUES = """
import numpy as np, pandas as pd, polars as pl, pyarrow as pa
values = {
    "pandas": pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"], "c": pd.Categorical(["u", "v", "u"])}, index=[5, 6, 7]),
    "series": pd.Series([0.5, None, 2.5], name="s"),
    "numpy": np.arange(12, dtype="float32").reshape(3, 4),
    "polars": pl.DataFrame({"a": [1, 2, 3], "b": ["x", None, "z"], "l": [[1], [], [2, 3]]}),
    "arrow": pa.table({"a": [1, 2, 3], "b": ["x", "y", None]}),
}
"""


def the_values():
    namespace: dict = {}
    exec(VALUES, namespace)
    return namespace["values"]


def test_hook_hamilton_data_version_is_answered_by_each_data_plugin():
    versions = DataVersions()
    found = {name: versions.version(value).version for name, value in the_values().items()}
    assert found["pandas"].startswith("pandas.DataFrame:")
    assert found["series"].startswith("pandas.Series:")
    assert found["numpy"].startswith("numpy.ndarray:")
    assert found["polars"].startswith("polars.DataFrame:")
    assert found["arrow"].startswith("pyarrow.Table:")
    answering = {
        info.name
        for info in plugins.loaded_plugins()
        if info.plugin is not None and hasattr(info.plugin, "hamilton_data_version")
    }
    assert {"pandas", "polars", "arrow"} <= answering


def test_hook_hamilton_data_version_gives_the_same_version_in_every_process():
    script = VALUES + textwrap.dedent(
        """
        from hamilton_cache.data_versions import DataVersions
        versions = DataVersions()
        print(sorted((name, versions.version(value).version) for name, value in values.items()))
        """
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    versions = DataVersions()
    here = sorted((name, versions.version(value).version) for name, value in the_values().items())
    assert outputs == {f"{here}\n"}


def test_hook_hamilton_data_version_changes_with_any_cell():
    versions = DataVersions()

    def version(value):
        return versions.version(value).version

    frame = the_values()["pandas"]
    changed_cell = frame.copy()
    changed_cell.loc[6, "a"] = 20
    assert len({version(frame), version(changed_cell), version(frame.rename(columns={"a": "A"}))}) == 3
    assert version(frame) != version(frame.set_axis([5, 6, 8]))  # the index counts
    assert version(frame) != version(frame.astype({"a": "float64"}))  # the dtype counts
    polars_frame = the_values()["polars"]
    assert version(polars_frame) != version(polars_frame.with_columns(pl.col("a") * 2))
    table = the_values()["arrow"]
    assert version(table) != version(table.set_column(0, "a", pa.array([1, 2, 4])))
    assert version(np.arange(3)) != version(np.arange(3.0))
    mixed = pd.Series([1, "1"], dtype=object)  # pandas would hash both as "1": versioned by pickle instead
    assert version(mixed).startswith("pickle:") and version(mixed) != version(pd.Series(["1", "1"], dtype=object))


FLOW = """
import pandas as pd
import polars as pl


def cleaned(raw: pd.DataFrame) -> pd.DataFrame:
    _ran("cleaned")
    return raw.dropna()


def totals(cleaned: pd.DataFrame) -> pd.Series:
    _ran("totals")
    return cleaned.groupby("k")["v"].sum()


def as_polars(cleaned: pd.DataFrame) -> pl.DataFrame:
    _ran("as_polars")
    return pl.from_pandas(cleaned)


def doubled(as_polars: pl.DataFrame) -> pl.DataFrame:
    _ran("doubled")
    return as_polars.with_columns(pl.col("v") * 2)
"""


def test_pandas_and_polars_nodes_are_cached_by_content(tmp_path, monkeypatch):
    folder = tmp_path / "flow"
    folder.mkdir()
    log = folder / "calls.log"
    (folder / "frames_flow.py").write_text(f"def _ran(name):\n    open({str(log)!r}, 'a').write(name + '\\n')\n" + FLOW)
    monkeypatch.syspath_prepend(str(folder))
    import frames_flow

    def calls():
        names = sorted(log.read_text().split())
        log.write_text("")
        return names

    raw = pd.DataFrame({"k": ["a", "b", "a", None], "v": [1.0, 2.0, 3.0, 4.0]})
    build = driver.Builder().with_modules(frames_flow).with_adapters(base.DictResult()).with_cache(path=tmp_path / "c")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        first = build.build().execute(["totals", "doubled"], inputs={"raw": raw})
        assert calls() == ["as_polars", "cleaned", "doubled", "totals"]
        dr = driver.Builder().with_modules(frames_flow).with_adapters(base.DictResult())
        dr = dr.with_cache(path=tmp_path / "c").build()
        again = dr.execute(["totals", "doubled"], inputs={"raw": raw.copy()})
        assert calls() == []
        pd.testing.assert_series_equal(again["totals"], first["totals"])
        assert again["doubled"].equals(first["doubled"])
        changed = raw.copy()
        changed.loc[3, "v"] = 40.0  # a row cleaned drops: cleaned runs, its value is the same, the rest are hits
        dr.execute(["totals", "doubled"], inputs={"raw": changed})
        assert calls() == ["cleaned"]
        changed.loc[0, "v"] = 10.0
        result = dr.execute(["totals", "doubled"], inputs={"raw": changed})
        assert calls() == ["as_polars", "cleaned", "doubled", "totals"]
        assert result["totals"]["a"] == 13.0


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_frames_of_each_library_round_trip_through_the_cache(tmp_path, monkeypatch, kind):
    value = the_values()[kind]
    folder = tmp_path / "flow"
    folder.mkdir()
    (folder / f"{kind}_source.py").write_text("def frame(value: object) -> object:\n    return value\n")
    monkeypatch.syspath_prepend(str(folder))
    module = __import__(f"{kind}_source")
    for _ in range(2):
        dr = driver.Builder().with_modules(module).with_adapters(base.DictResult()).with_cache(path=tmp_path / "c")
        dr = dr.build()
        got = dr.execute(["frame"], inputs={"value": value})["frame"]
    assert dr.cache.report().hits == ["frame"]
    assert type(got) is type(value) and got.equals(value)


def test_materialize_with_the_cache_reads_and_writes_every_run_and_skips_the_rest(dataflow_module, tmp_path):
    from hamilton.io.materialization import from_, to

    module = dataflow_module(
        """
        import pandas as pd

        def totals(raw: pd.DataFrame) -> pd.DataFrame:
            return raw.groupby("k", as_index=False)["v"].sum()
        """
    )
    pd.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]}).to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / "totals.parquet"
    dr = driver.Builder().with_modules(module).with_adapters(base.DictResult()).with_cache(path=tmp_path / "c").build()

    def materialize():
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)
            return dr.materialize(
                from_.csv(target="raw", path=str(tmp_path / "in.csv")),
                to.parquet(id="totals_file", dependencies=["totals"], path=str(out)),
            )

    materialize()
    out.unlink()
    metadata, _ = materialize()  # the file is written again; totals, whose data did not change, is a hit
    report = dr.cache.report()
    assert report.hits == ["totals"]
    assert report.recomputed == {
        "load_data.raw": "its behavior is 'recompute'",
        "raw": "its behavior is 'recompute'",
        "totals_file": "its behavior is 'recompute'",
    }
    assert out.exists() and metadata["totals_file"]["dataframe_metadata"]["rows"] == 2
    pd.DataFrame({"k": ["a"], "v": [10]}).to_csv(tmp_path / "in.csv", index=False)
    materialize()  # the loader reads the changed file: totals runs again
    assert dr.cache.report().recomputed["totals"] == "'raw' changed"
    assert pd.read_parquet(out)["v"].tolist() == [10]
