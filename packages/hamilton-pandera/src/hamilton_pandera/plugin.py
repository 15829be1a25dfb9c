"""The entry-point plugin: offers the pandera validators for ``@check_output(schema=...)``, by reference."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_validators"]

_VALIDATORS = ("PandasDataFrameSchemaValidator", "PandasSeriesSchemaValidator", "PolarsSchemaValidator")


@hookimpl
def hamilton_register_validators(register: Callable[..., None]) -> None:
    for name in _VALIDATORS:
        register("schema", f"hamilton_pandera.validators:{name}", needs="pandera")
