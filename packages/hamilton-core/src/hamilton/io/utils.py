"""The metadata a load or a save returns, in the original's shape.

``{"file_metadata": {"path", "size", "last_modified", "timestamp", "scheme", "notes"}}``,
plus ``{"dataframe_metadata": {"rows", "columns", "column_names", "datatypes"}}`` for
tabular data. Nothing here imports a data library: a table is read through ``len()``,
``.columns`` and ``.dtypes``, which pandas, polars and Arrow all have.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

__all__ = [
    "DATAFRAME_METADATA",
    "FILE_METADATA",
    "get_dataframe_metadata",
    "get_file_and_dataframe_metadata",
    "get_file_metadata",
]

FILE_METADATA = "file_metadata"
DATAFRAME_METADATA = "dataframe_metadata"
_VERSION = "1.0.0"


def get_file_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Path, size and times of a file (``size`` is ``None`` for a URL or a missing file, with a note)."""
    path = str(path)
    scheme = urlparse(path).scheme if not Path(path).exists() else ""
    exists = scheme == "" and os.path.exists(path)
    return {
        FILE_METADATA: {
            "size": os.path.getsize(path) if exists else None,
            "path": path,
            "last_modified": os.path.getmtime(path) if exists else time.time(),
            "timestamp": time.time(),
            "scheme": scheme,
            "notes": "" if exists else f"No metadata for {path!r}: not a local file (scheme {scheme!r}) or missing.",
            "__version__": _VERSION,
        }
    }


def get_dataframe_metadata(frame: Any) -> dict[str, Any]:
    """Rows, columns, column names and dtypes of a table (``None`` for what it does not have)."""
    column_names = getattr(frame, "column_names", None)  # Arrow; pandas and polars have .columns
    if column_names is None:
        columns = getattr(frame, "columns", None)
        column_names = list(columns) if columns is not None else None
    schema = getattr(frame, "schema", None)
    dtypes = getattr(schema, "types", None) if hasattr(frame, "column_names") else getattr(frame, "dtypes", None)
    try:
        rows = len(frame)
    except TypeError:
        rows = None
    return {
        DATAFRAME_METADATA: {
            "rows": rows,
            "columns": len(column_names) if column_names is not None else None,
            "column_names": [str(name) for name in column_names] if column_names is not None else None,
            "datatypes": [str(dtype) for dtype in dtypes] if dtypes is not None else None,
            "__version__": _VERSION,
        }
    }


def get_file_and_dataframe_metadata(path: str | os.PathLike[str], frame: Any) -> dict[str, Any]:
    """``get_file_metadata`` and ``get_dataframe_metadata`` together."""
    return {**get_file_metadata(path), **get_dataframe_metadata(frame)}
