"""pandas DataFrames as csv, parquet, json, feather, excel and pickle files: for materialization and caches.

Each format is a loader and a saver (``hamilton.io.data_adapters``); their fields are the
arguments users pass, named as pandas names them (``sep``, ``index``, ``sheet_name``...).
An argument left at ``None`` is not passed, so pandas' own default applies. Every load
and save returns the file's metadata and the frame's (rows, columns, dtypes).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
from hamilton.io.data_adapters import DataLoader, DataSaver
from hamilton.io.utils import get_file_and_dataframe_metadata

__all__ = [
    "PandasCSVReader",
    "PandasCSVWriter",
    "PandasExcelReader",
    "PandasExcelWriter",
    "PandasFeatherReader",
    "PandasFeatherWriter",
    "PandasJsonReader",
    "PandasJsonWriter",
    "PandasParquetReader",
    "PandasParquetWriter",
    "PandasPickleReader",
    "PandasPickleWriter",
]

PathLike = str | os.PathLike[str]


class _Frames:
    """What the pandas adapters share: they serve DataFrames, and pass pandas the arguments set."""

    path: Any

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [pd.DataFrame]

    def _options(self, *leave_out: str) -> dict[str, Any]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
            if field.name not in ("path", *leave_out) and getattr(self, field.name) is not None
        }

    def _loaded(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
        return frame, get_file_and_dataframe_metadata(self.path, frame)

    def _saved(self, frame: pd.DataFrame) -> dict[str, Any]:
        return get_file_and_dataframe_metadata(self.path, frame)


@dataclasses.dataclass
class PandasCSVReader(_Frames, DataLoader):
    """``pandas.read_csv``."""

    path: PathLike
    sep: str | None = None
    header: int | Sequence[int] | str | None = None
    names: Sequence[str] | None = None
    index_col: int | str | Sequence[int | str] | None = None
    usecols: Sequence[int | str] | None = None
    dtype: Any = None
    skiprows: int | Sequence[int] | None = None
    nrows: int | None = None
    na_values: Any = None
    parse_dates: Any = None
    encoding: str | None = None
    compression: str | dict[str, Any] | None = None

    @classmethod
    def name(cls) -> str:
        return "csv"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_csv(self.path, **self._options()))


@dataclasses.dataclass
class PandasCSVWriter(_Frames, DataSaver):
    """``DataFrame.to_csv``; the index is left out unless ``index=True``, as in the original."""

    path: PathLike
    sep: str | None = None
    na_rep: str | None = None
    float_format: str | None = None
    columns: Sequence[str] | None = None
    header: bool | Sequence[str] | None = None
    index: bool = False
    encoding: str | None = None
    compression: str | dict[str, Any] | None = None
    date_format: str | None = None

    @classmethod
    def name(cls) -> str:
        return "csv"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_csv(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PandasParquetReader(_Frames, DataLoader):
    """``pandas.read_parquet`` (pyarrow or fastparquet must be installed)."""

    path: PathLike
    engine: str | None = None
    columns: Sequence[str] | None = None
    filters: Any = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_parquet(self.path, **self._options()))


@dataclasses.dataclass
class PandasParquetWriter(_Frames, DataSaver):
    """``DataFrame.to_parquet`` (pyarrow or fastparquet must be installed)."""

    path: PathLike
    engine: str | None = None
    compression: str | None = None
    index: bool | None = None
    partition_cols: Sequence[str] | None = None

    @classmethod
    def name(cls) -> str:
        return "parquet"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_parquet(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PandasJsonReader(_Frames, DataLoader):
    """``pandas.read_json``; ``filepath_or_buffer`` (the original's name) works as well as ``path``."""

    path: PathLike | None = None
    filepath_or_buffer: PathLike | None = None
    orient: str | None = None
    dtype: Any = None
    convert_dates: bool | Sequence[str] | None = None
    lines: bool | None = None
    encoding: str | None = None
    compression: str | dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.path = _one_path(self.path, self.filepath_or_buffer, "PandasJsonReader")

    @classmethod
    def name(cls) -> str:
        return "json"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_json(self.path, **self._options("filepath_or_buffer")))


@dataclasses.dataclass
class PandasJsonWriter(_Frames, DataSaver):
    """``DataFrame.to_json``; ``filepath_or_buffer`` (the original's name) works as well as ``path``."""

    path: PathLike | None = None
    filepath_or_buffer: PathLike | None = None
    orient: str | None = None
    date_format: str | None = None
    double_precision: int | None = None
    lines: bool | None = None
    index: bool | None = None
    indent: int | None = None
    compression: str | dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.path = _one_path(self.path, self.filepath_or_buffer, "PandasJsonWriter")

    @classmethod
    def name(cls) -> str:
        return "json"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_json(self.path, **self._options("filepath_or_buffer"))
        return self._saved(data)


@dataclasses.dataclass
class PandasFeatherReader(_Frames, DataLoader):
    """``pandas.read_feather`` (pyarrow must be installed)."""

    path: PathLike
    columns: Sequence[str] | None = None
    use_threads: bool | None = None

    @classmethod
    def name(cls) -> str:
        return "feather"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_feather(self.path, **self._options()))


@dataclasses.dataclass
class PandasFeatherWriter(_Frames, DataSaver):
    """``DataFrame.to_feather`` (pyarrow must be installed)."""

    path: PathLike
    compression: str | None = None

    @classmethod
    def name(cls) -> str:
        return "feather"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_feather(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PandasExcelReader(_Frames, DataLoader):
    """``pandas.read_excel`` (registered only when openpyxl is installed)."""

    path: PathLike
    sheet_name: str | int = 0
    header: int | Sequence[int] | None = None
    index_col: int | Sequence[int] | None = None
    usecols: Any = None
    dtype: Any = None
    skiprows: int | Sequence[int] | None = None
    nrows: int | None = None

    @classmethod
    def name(cls) -> str:
        return "excel"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_excel(self.path, **self._options()))


@dataclasses.dataclass
class PandasExcelWriter(_Frames, DataSaver):
    """``DataFrame.to_excel`` (registered only when openpyxl is installed); no index unless ``index=True``."""

    path: PathLike
    sheet_name: str = "Sheet1"
    index: bool = False
    header: bool | Sequence[str] | None = None
    columns: Sequence[str] | None = None

    @classmethod
    def name(cls) -> str:
        return "excel"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_excel(self.path, **self._options())
        return self._saved(data)


@dataclasses.dataclass
class PandasPickleReader(_Frames, DataLoader):
    """``pandas.read_pickle``: only ever a file you trust, since unpickling runs code."""

    path: PathLike
    compression: str | dict[str, Any] | None = None

    @classmethod
    def name(cls) -> str:
        return "pickle"

    def load_data(self, type_: type) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self._loaded(pd.read_pickle(self.path, **self._options()))


@dataclasses.dataclass
class PandasPickleWriter(_Frames, DataSaver):
    """``DataFrame.to_pickle``."""

    path: PathLike
    compression: str | dict[str, Any] | None = None
    protocol: int = pickle.HIGHEST_PROTOCOL

    @classmethod
    def name(cls) -> str:
        return "pickle"

    def save_data(self, data: pd.DataFrame) -> dict[str, Any]:
        data.to_pickle(self.path, **self._options())
        return self._saved(data)


def _one_path(path: Any, filepath_or_buffer: Any, adapter: str) -> Any:
    if (path is None) == (filepath_or_buffer is None):
        raise TypeError(f"{adapter} takes path (or filepath_or_buffer, the original's name): exactly one of them.")
    return path if path is not None else filepath_or_buffer
