"""``DataLoader`` and ``DataSaver``: the reader and writer of one data format, as the original defines them.

An adapter is a dataclass whose fields are the arguments users pass (``to.csv(path=...)``,
``@load_from.csv(path=source("where"))``): fields without default are required. It names
its format (``name()``) and the types it reads or writes (``applicable_types()``).
Plugins offer adapters through ``hamilton_register_data_adapters``; a script or notebook
can add its own with ``hamilton.registry.register_adapter(MyLoader)``.
"""

from __future__ import annotations

import abc
import dataclasses
import typing
from collections.abc import Collection
from typing import Any

__all__ = ["AdapterCommon", "DataLoader", "DataSaver"]


class AdapterCommon(abc.ABC):
    """What loaders and savers share: a format name, the types served, dataclass fields as arguments."""

    @classmethod
    @abc.abstractmethod
    def applicable_types(cls) -> Collection[type]:
        """The types this adapter loads (a loader) or saves (a saver)."""

    @classmethod
    @abc.abstractmethod
    def name(cls) -> str:
        """The format's name, as users write it: ``to.<name>``, ``@load_from.<name>``."""

    @classmethod
    def _fields(cls) -> tuple[dataclasses.Field[Any], ...]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__qualname__} must be a dataclass: its fields are the arguments users pass.")
        return dataclasses.fields(cls)

    @classmethod
    def get_required_arguments(cls) -> dict[str, Any]:
        """The arguments without a default, with their types."""
        hints = typing.get_type_hints(cls)
        return {
            field.name: hints.get(field.name, Any)
            for field in cls._fields()
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        }

    @classmethod
    def get_optional_arguments(cls) -> dict[str, Any]:
        """The arguments with a default, with their types."""
        hints = typing.get_type_hints(cls)
        required = cls.get_required_arguments()
        return {field.name: hints.get(field.name, Any) for field in cls._fields() if field.name not in required}

    @classmethod
    def can_load(cls) -> bool:
        """Whether this adapter loads data."""
        return False

    @classmethod
    def can_save(cls) -> bool:
        """Whether this adapter saves data."""
        return False


class DataLoader(AdapterCommon):
    """Reads data of one format; ``load_data(type_)`` returns ``(data, metadata)``."""

    @abc.abstractmethod
    def load_data(self, type_: type) -> tuple[Any, dict[str, Any]]:
        """The data, as a ``type_``, and what the load says about it (``hamilton.io.utils``)."""

    @classmethod
    def can_load(cls) -> bool:
        return True

    @classmethod
    def applies_to(cls, type_: Any) -> bool:
        """Whether what this loader produces fits a parameter annotated ``type_``."""
        from hamilton.io.formats import loads_into

        return any(loads_into(produced, type_) for produced in cls.applicable_types())


class DataSaver(AdapterCommon):
    """Writes data in one format; ``save_data(data)`` returns metadata (path, size, rows where known)."""

    @abc.abstractmethod
    def save_data(self, data: Any) -> dict[str, Any]:
        """Write ``data``; what the save says about it (``hamilton.io.utils``)."""

    @classmethod
    def can_save(cls) -> bool:
        return True

    @classmethod
    def applies_to(cls, type_: Any) -> bool:
        """Whether this saver writes values of type ``type_``."""
        from hamilton.io.formats import saves_from

        return any(saves_from(type_, accepted) for accepted in cls.applicable_types())
