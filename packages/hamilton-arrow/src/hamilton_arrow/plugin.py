"""The hamilton-arrow plugin: Arrow table and record batch result builders."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl


@hookimpl
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    # No default priority: an Arrow table is asked for by name, never imposed.
    register(
        "arrow",
        "hamilton_arrow.results:ArrowTableResult",
        description="a pyarrow Table (zero-copy from polars, pandas, numpy)",
    )
    register("arrow_record_batch", "hamilton_arrow.results:ArrowRecordBatchResult", description="a pyarrow RecordBatch")
