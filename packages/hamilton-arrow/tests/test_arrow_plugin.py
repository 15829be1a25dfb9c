from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest
from hamilton import driver, plugins, registry
from hamilton.testing import module_from_source
from hamilton_arrow import ArrowRecordBatchResult, ArrowTableResult


@pytest.fixture
def only_arrow(monkeypatch):
    """Load the core and this plugin only, whatever else is installed."""
    monkeypatch.setenv("HAMILTON_PLUGINS", "arrow")
    plugins.reset()
    yield
    monkeypatch.undo()
    plugins.reset()


def test_registered_by_name_and_never_the_default():
    entries = registry.entries("result_builder")
    assert entries["arrow"].load() is ArrowTableResult
    assert entries["arrow_record_batch"].load() is ArrowRecordBatchResult
    assert entries["arrow"].distribution == "hamilton-arrow"
    assert entries["arrow"].default_priority is None
    assert entries["arrow_record_batch"].default_priority is None


def test_with_only_arrow_installed_the_default_result_stays_a_dict(only_arrow):
    module = module_from_source("arrow_default_dataflow", "def n(m: int) -> int:\n    return m + 1\n")
    assert driver.Driver({}, module).execute(["n"], inputs={"m": 1}) == {"n": 2}
    assert registry.lookup("result_builder", "arrow") is ArrowTableResult


@pytest.mark.parametrize("name, kind", [("arrow", pa.Table), ("arrow_record_batch", pa.RecordBatch)])
def test_asked_for_by_name(name, kind):
    module = module_from_source("arrow_by_name_dataflow", "def n(m: int) -> int:\n    return m + 1\n")
    result = driver.Driver({}, module, adapter=name).execute(["n"], inputs={"m": 1})
    assert isinstance(result, kind)
    assert result.to_pydict() == {"n": [2]}


def test_hamilton_arrow_imports_neither_polars_nor_pandas():
    # A fresh interpreter loading this plugin only. The values are built from raw buffers:
    # pyarrow's own conversion of Python lists would import pandas (when installed) before we look.
    script = textwrap.dedent(
        """
        import struct
        import sys
        import pyarrow as pa
        from hamilton import registry
        from hamilton_arrow import ArrowRecordBatchResult, ArrowTableResult

        def ints(*values):
            data = pa.py_buffer(struct.pack(f"<{len(values)}q", *values))
            return pa.Array.from_buffers(pa.int64(), len(values), [None, data])

        class CStream:
            def __init__(self, chunked):
                self.chunked = chunked

            def __arrow_c_stream__(self, requested_schema=None):
                return self.chunked.__arrow_c_stream__(requested_schema)

        class CArray:
            def __init__(self, array):
                self.array = array

            def __arrow_c_array__(self, requested_schema=None):
                return self.array.__arrow_c_array__(requested_schema)

        registry.plugins()
        values = dict(
            a=ints(1, 2), b=pa.chunked_array([ints(3), ints(4)]), c=pa.Table.from_arrays([ints(5, 6)], names=["d"]),
            e=CStream(pa.chunked_array([ints(7, 8)])), f=CArray(ints(9, 10)),
        )
        before = sorted(name for name in ("polars", "pandas") if name in sys.modules)
        print(ArrowTableResult.build_result(**values))
        print(ArrowRecordBatchResult.build_result(**values))
        print(before, sorted(name for name in ("polars", "pandas") if name in sys.modules))
        """
    )
    env = {**os.environ, "HAMILTON_PLUGINS": "arrow"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[] []"
