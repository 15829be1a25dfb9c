"""polars DataFrames as csv, parquet, ndjson and ipc files: for materialization and caches.

Each format is a loader and a saver (``hamilton.io.data_adapters``); their fields are the
arguments users pass, named as polars names them (``separator``, ``compression``...). An
argument left at ``None`` is not passed, so polars' own default applies. Every load and
save returns the file's metadata and the frame's (rows, columns, dtypes).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Sequence
from typing import Any

import polars as pl
from hamilton.io.data_adapters import DataLoader, DataSaver
from hamilton.io.utils import get_file_and_dataframe_metadata

__all__ = [
    "PolarsCSVReader",
    "PolarsCSVWriter",
    "PolarsIPCReader",
    "PolarsIPCWriter",
    "PolarsNDJSONReader",
    "PolarsNDJSONWriter",
    "PolarsParquetReader",
    "PolarsParquetWriter",
]

PathLike = str | os.PathLike[str]


class _Frames:
    """What the polars adapters share: they serve DataFrames, and pass polars the arguments set."""

    path: Any

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [pl.DataFrame]

    def _options(self) -> dict[str, Any]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
            if field.name != "path" and getattr(self, field.name) is not None
        }

    def _loaded(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, Any]]:
        return frame, get_file_and_dataframe_metadata(self.path, frame)

    def _saved(self, frame: pl.DataFrame) -> dict[str, Any]:
        return get_file_and_dataframe_metadata(self.path, frame)


@dataclasses.dataclass
class PolarsCSVReader(_Frames, DataLoader):
    """``polars.read_csv``."""

    path: PathLike
    separator: str | None = None
    has_header: bool | None = None
    columns: Sequence[str] | None = None
    n_rows: int | None = None
    skip_rows: int | None = None
    infer_schema_length: int | None = None
    null_values: str | Sequence[str] | dict[str, str] | None = None
    try_parse_dates: bool | None = None
    encoding: str | None = None

    @classmethod
    def name(cls) -> str:
        return "csv"

    def load_data(self, type_: type) -> tuple[pl.DataFrame, dict[str, Any]]:
        return self._loaded(pl.read_csv(self.path, **self._options()))


@dataclasses.dataclass
class PolarsCSVWriter(_Frames, DataSaver):
    """``DataFrame.write_csv``."""

    path: PathLike
    separator: str | None = None
    include_header: bool | None = None
    null_value: str | None = None
    quote_char: str | None = None
    float_precision: int | None = None
    date_format: str | None = None

    @classmethod
    def name(cls) -> str:
        return "csv"

    def save_data(self, data: pl.DataFrame) -> dict[str, Any]:
        data.write_csv(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PolarsParquetReader(_Frames, DataLoader):
    """``polars.read_parquet``."""

    path: PathLike
    columns: Sequence[str] | None = None
    n_rows: int | None = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def load_data(self, type_: type) -> tuple[pl.DataFrame, dict[str, Any]]:
        return self._loaded(pl.read_parquet(self.path, **self._options()))


@dataclasses.dataclass
class PolarsParquetWriter(_Frames, DataSaver):
    """``DataFrame.write_parquet``."""

    path: PathLike
    compression: str | None = None
    compression_level: int | None = None
    statistics: bool | None = None
    row_group_size: int | None = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def save_data(self, data: pl.DataFrame) -> dict[str, Any]:
        data.write_parquet(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PolarsNDJSONReader(_Frames, DataLoader):
    """``polars.read_ndjson``: one JSON object a line."""

    path: PathLike
    infer_schema_length: int | None = None
    n_rows: int | None = None

    @classmethod
    def name(cls) -> str:
        return "ndjson"

    def load_data(self, type_: type) -> tuple[pl.DataFrame, dict[str, Any]]:
        return self._loaded(pl.read_ndjson(self.path, **self._options()))


@dataclasses.dataclass
class PolarsNDJSONWriter(_Frames, DataSaver):
    """``DataFrame.write_ndjson``."""

    path: PathLike

    @classmethod
    def name(cls) -> str:
        return "ndjson"

    def save_data(self, data: pl.DataFrame) -> dict[str, Any]:
        data.write_ndjson(self.path)
        return self._saved(data)


@dataclasses.dataclass
class PolarsIPCReader(_Frames, DataLoader):
    """``polars.read_ipc`` (Arrow IPC, also called feather)."""

    path: PathLike
    columns: Sequence[str] | None = None
    n_rows: int | None = None
    memory_map: bool | None = None

    @classmethod
    def name(cls) -> str:
        return "ipc"

    def load_data(self, type_: type) -> tuple[pl.DataFrame, dict[str, Any]]:
        return self._loaded(pl.read_ipc(self.path, **self._options()))


@dataclasses.dataclass
class PolarsIPCWriter(_Frames, DataSaver):
    """``DataFrame.write_ipc`` (Arrow IPC, also called feather)."""

    path: PathLike
    compression: str | None = None

    @classmethod
    def name(cls) -> str:
        return "ipc"

    def save_data(self, data: pl.DataFrame) -> dict[str, Any]:
        data.write_ipc(self.path, **self._options())
        return self._saved(data)
