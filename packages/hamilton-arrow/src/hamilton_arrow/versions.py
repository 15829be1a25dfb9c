"""Data versions of Arrow values, for caches: their content, hashed as the bytes of an Arrow IPC stream.

Writing the IPC stream copies only the buffers a value uses (a slice writes its slice),
and the same data gives the same bytes in every process.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pyarrow as pa

__all__ = ["data_version"]

_DIGEST_LENGTH = 32


def data_version(value: Any) -> str | None:
    """The content version of a pyarrow Table, RecordBatch, Array or ChunkedArray, or ``None`` for anything else."""
    if isinstance(value, pa.Table):
        kind, table = "pyarrow.Table", value
    elif isinstance(value, pa.RecordBatch):
        kind, table = "pyarrow.RecordBatch", pa.Table.from_batches([value])
    elif isinstance(value, pa.Array | pa.ChunkedArray):
        kind, table = f"pyarrow.{type(value).__name__}", pa.table({"values": value})
    else:
        return None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return f"{kind}:{hashlib.sha256(sink.getvalue()).hexdigest()[:_DIGEST_LENGTH]}"
