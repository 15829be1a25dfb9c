"""Result builders that hand back a ``pa.Table`` or a ``pa.RecordBatch``.

Each requested output becomes columns of the result: an Arrow array, a list, a
numpy array or a polars/pandas Series one column named after the output; a table
(Arrow, polars or pandas) all of its columns; anything else is a scalar, repeated
to the common height.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hamilton.base import ResultMixin
from hamilton.column_layout import ColumnLayout

from hamilton_arrow import convert

__all__ = ["ArrowRecordBatchResult", "ArrowTableResult"]


class ArrowTableResult(ResultMixin):
    """The outputs as one ``pa.Table``, sharing the buffers of the outputs wherever Arrow can."""

    @staticmethod
    def build_result(**outputs: Any) -> pa.Table:
        layout = _Layout("an Arrow table")
        for name, value in outputs.items():
            layout.add(name, value)
        return layout.table()


class ArrowRecordBatchResult(ResultMixin):
    """The outputs as one ``pa.RecordBatch``: contiguous columns (chunked outputs are concatenated)."""

    @staticmethod
    def build_result(**outputs: Any) -> pa.RecordBatch:
        layout = _Layout("an Arrow record batch")
        for name, value in outputs.items():
            layout.add(name, value)
        table = layout.table()
        return pa.RecordBatch.from_arrays([_contiguous(column) for column in table.columns], schema=table.schema)


class _Layout(ColumnLayout):
    """The layout's bookkeeping plus the Arrow columns themselves."""

    def __init__(self, building: str) -> None:
        super().__init__(building)
        self.columns: dict[str, convert.Column | None] = {}  # None: a scalar, filled in once the height is known

    def add(self, name: str, value: Any) -> None:
        table = convert.as_table(value)
        if table is not None:
            self.lengths[name] = table.num_rows
            self.kinds[name] = f"a {type(value).__name__}"
            for column, data in zip(table.column_names, table.columns, strict=True):
                self._put(column, data, name)
            return
        column = convert.as_column(name, value)
        if column is not None:
            self.lengths[name] = len(column)
        else:
            self.scalars[name] = value
        self._put(name, column, name)

    def _put(self, column: str, data: convert.Column | None, output: str) -> None:
        self.claim([column], output)
        self.columns[column] = data

    def table(self) -> pa.Table:
        height = self.height()
        for name, value in self.scalars.items():
            self.columns[name] = convert.repeat(name, value, height)
        return pa.Table.from_arrays(list(self.columns.values()), names=list(self.columns))


def _contiguous(column: pa.ChunkedArray) -> pa.Array:
    """One array: the only chunk as it is (no copy), else the chunks concatenated."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
