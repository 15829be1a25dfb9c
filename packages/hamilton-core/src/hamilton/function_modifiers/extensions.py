"""What data plugins lend the decorators: dataframe column operations and ``@check_output`` validators.

Collected once from the installed plugins' ``hamilton_register_dataframe_types`` and
``hamilton_register_validators`` hooks, the first time a decorator needs them
(never for a DAG that uses neither). The core names no data library: a plugin
registers ``"pandas:DataFrame"``-style references, resolved only once that library is
imported (a function annotated with its types has imported it already).
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

__all__ = ["DataFrameOperations", "dataframe_operations", "validator_classes"]


class DataFrameOperations(Protocol):
    """What a data plugin tells the column decorators about one dataframe type."""

    dataframe_type: type
    column_type: type

    @staticmethod
    def get_column(df: Any, name: str, function: str = "") -> Any:
        """The column ``name`` of ``df``; ``hamilton.function_modifiers.ColumnNotFoundError`` (naming
        ``function``, the one that returned ``df``) if absent."""

    @staticmethod
    def column_names(df: Any) -> list[str]:
        """The column names of ``df``."""

    @staticmethod
    def with_columns(df: Any, columns: dict[str, Any]) -> Any:
        """``df`` with ``columns`` added or replaced."""

    @staticmethod
    def select(df: Any, names: list[str]) -> Any:
        """Only the columns ``names`` of ``df``."""

    @staticmethod
    def from_columns(columns: dict[str, Any]) -> Any:
        """A dataframe of ``columns``."""

    @staticmethod
    def filled(df: Any, scalar: Any) -> Any:
        """A column as long as ``df``, every value ``scalar``."""


class _Registered(NamedTuple):
    reference: str  # "module:attribute"
    needs: str  # the top-level module that must be imported before it can apply
    plugin: str
    extra: dict[str, Any]

    def load(self) -> Any:
        module, _, attribute = self.reference.partition(":")
        target: Any = importlib.import_module(module)
        for part in attribute.split("."):
            target = target[part] if isinstance(target, dict) else getattr(target, part)
        return target


class _Collected(NamedTuple):
    dataframes: list[tuple[_Registered, _Registered]]  # (dataframe type reference, operations reference)
    validators: list[tuple[str, _Registered | type]]  # (argument name, validator class or reference)


_lock = threading.Lock()
_cache: dict[int, _Collected] = {}


def _collected() -> _Collected:
    from hamilton import plugins

    infos = plugins.loaded_plugins()
    found = _cache.get(id(infos))
    if found is not None:
        return found
    with _lock:
        collected = _Collected([], [])
        for info in infos:
            for hook, register in (
                ("hamilton_register_dataframe_types", _dataframe_register(collected, info.name)),
                ("hamilton_register_validators", _validator_register(collected, info.name)),
            ):
                function = getattr(info.plugin, hook, None)
                if callable(function):  # marked with @hookimpl or not, as the plugin manager accepts them
                    function(register=register)
        _cache.clear()  # plugins were reset: forget the old collection
        _cache[id(infos)] = collected
    return collected


def _dataframe_register(collected: _Collected, plugin: str) -> Callable[..., None]:
    def register(dataframe_type: str, operations: str) -> None:
        needs = dataframe_type.partition(":")[0].split(".")[0]
        collected.dataframes.append(
            (_Registered(dataframe_type, needs, plugin, {}), _Registered(operations, needs, plugin, {}))
        )

    return register


def _validator_register(collected: _Collected, plugin: str) -> Callable[..., None]:
    def register(arg: str, validator: str | type, needs: str | None = None) -> None:
        if isinstance(validator, str):
            collected.validators.append((arg, _Registered(validator, needs or "", plugin, {})))
        else:
            collected.validators.append((arg, validator))

    return register


def dataframe_operations(annotation: Any) -> DataFrameOperations | None:
    """The registered operations for a dataframe type (or a subclass of one), else ``None``."""
    if not isinstance(annotation, type):
        return None
    for type_ref, operations_ref in _collected().dataframes:
        if type_ref.needs not in sys.modules:
            continue  # that library is not imported, so the annotation cannot be one of its types
        if issubclass(annotation, type_ref.load()):
            return operations_ref.load()
    return None


def dataframe_operations_for_value(value: Any) -> DataFrameOperations | None:
    """The registered operations for the type of ``value`` (for nodes annotated ``Any``)."""
    return dataframe_operations(type(value))


def validator_classes(arg: str | None = None) -> list[tuple[str, type]]:
    """``(argument, validator class)`` for every registered default validator (of one argument)."""
    out = []
    for name, registered in _collected().validators:
        if arg is not None and name != arg:
            continue
        if isinstance(registered, type):
            out.append((name, registered))
        elif not registered.needs or registered.needs in sys.modules:
            out.append((name, registered.load()))
    return out


def validator_arguments() -> set[str]:
    """Every argument name ``@check_output`` knows, from any installed plugin (loaded or not)."""
    return {name for name, _ in _collected().validators}
