"""Data versions of polars values, for caches: their content, hashed as the bytes of polars' own IPC stream.

Writing the Arrow IPC stream is a copy of the buffers done by polars (no numpy, no
pyarrow needed); the same data gives the same bytes in every process. A LazyFrame is a
query, not data: ``None``, and the cache versions it by pickling its plan.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import polars as pl

__all__ = ["data_version"]

_DIGEST_LENGTH = 32


def data_version(value: Any) -> str | None:
    """The content version of a polars DataFrame or Series, or ``None`` for anything else."""
    if isinstance(value, pl.DataFrame):
        kind, frame = "polars.DataFrame", value
    elif isinstance(value, pl.Series):
        kind, frame = "polars.Series", value.to_frame()
    else:
        return None
    if any(dtype == pl.Object for dtype in frame.schema.values()):
        return None  # Python objects: IPC would write placeholders, not their content
    buffer = io.BytesIO()
    try:
        frame.write_ipc_stream(buffer, compression="uncompressed")
    except Exception:  # a dtype IPC cannot carry (Object): let the cache pickle it
        return None
    return f"{kind}:{hashlib.sha256(buffer.getbuffer()).hexdigest()[:_DIGEST_LENGTH]}"
