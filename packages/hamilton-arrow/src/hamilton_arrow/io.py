"""Arrow tables as parquet, ipc (feather) and csv files, for ``to``/``from_``, ``@load_from``/``@save_to`` and caches.

Each format is a loader and a saver (``hamilton.io.data_adapters``) built on pyarrow's own
readers and writers. Every load and save returns the file's metadata and the table's
(rows, columns, types).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Sequence
from typing import Any

import pyarrow as pa
from hamilton.io.data_adapters import DataLoader, DataSaver
from hamilton.io.utils import get_file_and_dataframe_metadata

__all__ = [
    "ArrowCSVReader",
    "ArrowCSVWriter",
    "ArrowFeatherReader",
    "ArrowFeatherWriter",
    "ArrowIPCReader",
    "ArrowIPCWriter",
    "ArrowParquetReader",
    "ArrowParquetWriter",
]

PathLike = str | os.PathLike[str]


class _Tables:
    path: Any

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [pa.Table]

    def _loaded(self, table: pa.Table) -> tuple[pa.Table, dict[str, Any]]:
        return table, get_file_and_dataframe_metadata(self.path, table)

    def _saved(self, table: pa.Table) -> dict[str, Any]:
        return get_file_and_dataframe_metadata(self.path, table)


@dataclasses.dataclass
class ArrowParquetReader(_Tables, DataLoader):
    """``pyarrow.parquet.read_table``."""

    path: PathLike
    columns: Sequence[str] | None = None
    filters: Any = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def load_data(self, type_: type) -> tuple[pa.Table, dict[str, Any]]:
        import pyarrow.parquet as pq

        return self._loaded(pq.read_table(self.path, columns=self.columns, filters=self.filters))


@dataclasses.dataclass
class ArrowParquetWriter(_Tables, DataSaver):
    """``pyarrow.parquet.write_table``."""

    path: PathLike
    compression: str = "snappy"
    row_group_size: int | None = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def save_data(self, data: pa.Table) -> dict[str, Any]:
        import pyarrow.parquet as pq

        pq.write_table(data, self.path, compression=self.compression, row_group_size=self.row_group_size)
        return self._saved(data)


@dataclasses.dataclass
class ArrowIPCReader(_Tables, DataLoader):
    """``pyarrow.feather.read_table``: an Arrow IPC file."""

    path: PathLike
    columns: Sequence[str] | None = None
    memory_map: bool = False

    @classmethod
    def name(cls) -> str:
        return "ipc"

    def load_data(self, type_: type) -> tuple[pa.Table, dict[str, Any]]:
        from pyarrow import feather

        return self._loaded(feather.read_table(self.path, columns=self.columns, memory_map=self.memory_map))


@dataclasses.dataclass
class ArrowIPCWriter(_Tables, DataSaver):
    """``pyarrow.feather.write_feather``: an Arrow IPC file (``compression``: lz4, zstd or uncompressed)."""

    path: PathLike
    compression: str | None = None

    @classmethod
    def name(cls) -> str:
        return "ipc"

    def save_data(self, data: pa.Table) -> dict[str, Any]:
        from pyarrow import feather

        feather.write_feather(data, self.path, compression=self.compression)
        return self._saved(data)


@dataclasses.dataclass
class ArrowFeatherReader(ArrowIPCReader):
    """The ``ipc`` reader under the name ``feather``."""

    @classmethod
    def name(cls) -> str:
        return "feather"


@dataclasses.dataclass
class ArrowFeatherWriter(ArrowIPCWriter):
    """The ``ipc`` writer under the name ``feather``."""

    @classmethod
    def name(cls) -> str:
        return "feather"


@dataclasses.dataclass
class ArrowCSVReader(_Tables, DataLoader):
    """``pyarrow.csv.read_csv``."""

    path: PathLike
    delimiter: str = ","
    column_names: Sequence[str] | None = None

    @classmethod
    def name(cls) -> str:
        return "csv"

    def load_data(self, type_: type) -> tuple[pa.Table, dict[str, Any]]:
        from pyarrow import csv

        read = csv.ReadOptions(column_names=list(self.column_names) if self.column_names else None)
        table = csv.read_csv(self.path, read_options=read, parse_options=csv.ParseOptions(delimiter=self.delimiter))
        return self._loaded(table)


@dataclasses.dataclass
class ArrowCSVWriter(_Tables, DataSaver):
    """``pyarrow.csv.write_csv``."""

    path: PathLike
    delimiter: str = ","
    include_header: bool = True

    @classmethod
    def name(cls) -> str:
        return "csv"

    def save_data(self, data: pa.Table) -> dict[str, Any]:
        from pyarrow import csv

        csv.write_csv(data, self.path, csv.WriteOptions(include_header=self.include_header, delimiter=self.delimiter))
        return self._saved(data)
