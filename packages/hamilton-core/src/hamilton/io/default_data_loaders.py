"""The core's own formats: ``json`` for dicts and lists, ``pickle`` for any Python object.

Data plugins add theirs (hamilton-pandas, hamilton-polars, hamilton-arrow); the core
registers these through its built-in plugin, like any other.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
from collections.abc import Collection
from typing import Any

from hamilton.io.data_adapters import DataLoader, DataSaver
from hamilton.io.utils import get_file_metadata

__all__ = ["JSONDataLoader", "JSONDataSaver", "PickleLoader", "PickleSaver"]

PathLike = str | os.PathLike[str]


@dataclasses.dataclass
class JSONDataLoader(DataLoader):
    """Reads a JSON file into a dict or a list."""

    path: PathLike
    encoding: str = "utf-8"

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [dict, list]

    @classmethod
    def name(cls) -> str:
        return "json"

    def load_data(self, type_: type) -> tuple[Any, dict[str, Any]]:
        with open(self.path, encoding=self.encoding) as file:
            return json.load(file), get_file_metadata(self.path)


@dataclasses.dataclass
class JSONDataSaver(DataSaver):
    """Writes a dict or a list as JSON."""

    path: PathLike
    indent: int | None = None
    encoding: str = "utf-8"

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [dict, list]

    @classmethod
    def name(cls) -> str:
        return "json"

    def save_data(self, data: Any) -> dict[str, Any]:
        with open(self.path, "w", encoding=self.encoding) as file:
            json.dump(data, file, indent=self.indent)
        return get_file_metadata(self.path)


@dataclasses.dataclass
class PickleLoader(DataLoader):
    """Unpickles a file: only ever one you trust, since unpickling runs code."""

    path: PathLike

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [object]

    @classmethod
    def name(cls) -> str:
        return "pickle"

    def load_data(self, type_: type) -> tuple[Any, dict[str, Any]]:
        with open(self.path, "rb") as file:
            return pickle.load(file), get_file_metadata(self.path)


@dataclasses.dataclass
class PickleSaver(DataSaver):
    """Pickles any object to a file."""

    path: PathLike
    protocol: int = pickle.HIGHEST_PROTOCOL

    @classmethod
    def applicable_types(cls) -> Collection[type]:
        return [object]

    @classmethod
    def name(cls) -> str:
        return "pickle"

    def save_data(self, data: Any) -> dict[str, Any]:
        with open(self.path, "wb") as file:
            pickle.dump(data, file, protocol=self.protocol)
        return get_file_metadata(self.path)
