"""What data plugins lend the decorators: dataframe column operations and ``@check_output`` validators.

Both are registry kinds (``dataframe_type`` and ``validator``), collected once from the
installed plugins' ``hamilton_register_dataframe_types`` and ``hamilton_register_validators``
hooks with the rest of the registry, and only when a decorator first needs them. The
core names no data library: a plugin registers ``"pandas:DataFrame"``-style references,
imported only once that library is (a function annotated with its types has imported it).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hamilton import registry

__all__ = [
    "DataFrameOperations",
    "dataframe_operations",
    "dataframe_operations_for_value",
    "validator_arguments",
    "validator_classes",
]


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


def _usable(entry: registry.Entry) -> bool:
    needs = entry.details.get("needs")
    return not needs or needs in sys.modules  # that library is not imported: none of its types can be involved


def dataframe_operations(annotation: Any) -> DataFrameOperations | None:
    """The registered operations for a dataframe type (or a subclass of one), else ``None``."""
    if not isinstance(annotation, type):
        return None
    from hamilton import registry  # plugins load when a decorator first needs them, not at import

    for dataframe_type, entry in registry.entries("dataframe_type").items():
        if not _usable(entry):
            continue
        if issubclass(annotation, entry.load_reference(dataframe_type)):
            return entry.load()  # type: ignore[no-any-return]
    return None


def dataframe_operations_for_value(value: Any) -> DataFrameOperations | None:
    """The registered operations for the type of ``value`` (for nodes annotated ``Any``)."""
    return dataframe_operations(type(value))


def validator_classes(arg: str | None = None) -> list[tuple[str, type]]:
    """``(argument, validator class)`` for every registered default validator (of one argument)."""
    from hamilton import registry

    return [
        (entry.details["arg"], entry.load())
        for entry in registry.entries("validator").values()
        if (arg is None or entry.details["arg"] == arg) and _usable(entry)
    ]


def validator_arguments() -> set[str]:
    """Every argument name ``@check_output`` knows, from any installed plugin (loaded or not)."""
    from hamilton import registry

    return {entry.details["arg"] for entry in registry.entries("validator").values()}
