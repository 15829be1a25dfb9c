"""The validators behind ``@check_output(schema=...)``: one per kind of output, each checking its kind of schema.

``@check_output`` picks the validator whose ``applies_to`` fits the node's output type
(a pandas DataFrame, a pandas Series, a polars DataFrame or LazyFrame); the validator
refuses, when the Driver is built, a schema made for another library. A schema may also
be a pandera ``DataFrameModel`` class. Validation is lazy (every failure is collected)
and the failures are the result's ``diagnostics["schema_errors"]``.
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

from hamilton.data_quality.base import BaseDefaultValidator, ValidationResult
from hamilton.function_modifiers import InvalidDecoratorException

__all__ = [
    "PandasDataFrameSchemaValidator",
    "PandasSeriesSchemaValidator",
    "PanderaSchemaValidator",
    "PolarsSchemaValidator",
]


class PanderaSchemaValidator(BaseDefaultValidator):
    """Checks an output against a pandera schema; subclasses say which outputs and which schemas."""

    library: ClassVar[str]  # the dataframe library of the outputs: "pandas" or "polars"
    outputs: ClassVar[tuple[str, ...]]  # its types that this validator checks
    schema_module: ClassVar[str]  # where pandera defines the schemas for it
    schema_kind: ClassVar[str]  # "DataFrameSchema" or "SeriesSchema"
    how_to_build: ClassVar[str]

    def __init__(self, schema: Any, importance: str) -> None:
        super().__init__(importance)
        self.schema = self._checked(schema)

    @classmethod
    def arg(cls) -> str:
        return "schema"

    @classmethod
    def name(cls) -> str:
        return "pandera_schema_validator"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        library = sys.modules.get(cls.library)  # not imported: none of its types can be the output's
        if library is None or not isinstance(datatype, type):
            return False
        return any(issubclass(datatype, getattr(library, output)) for output in cls.outputs)

    def description(self) -> str:
        return f"Validates that the output matches the pandera schema {self._schema_name()}."

    def validate(self, dataset: Any) -> ValidationResult:
        from pandera.errors import SchemaErrors

        try:
            self.schema.validate(dataset, lazy=True)
        except SchemaErrors as exc:
            errors = list(exc.schema_errors)
            message = "; ".join(str(error) for error in errors) or str(exc)
            return ValidationResult(False, message, {"schema_errors": errors})
        return ValidationResult(True, f"the output matches the pandera schema {self._schema_name()}", {})

    def _checked(self, schema: Any) -> Any:
        import importlib

        if isinstance(schema, type) and hasattr(schema, "to_schema"):  # a DataFrameModel class
            schema = schema.to_schema()
        expected = getattr(importlib.import_module(self.schema_module), self.schema_kind)
        if not isinstance(schema, expected):
            outputs = " or ".join(f"{self.library}.{output}" for output in self.outputs)
            raise InvalidDecoratorException(
                f"@check_output(schema=...) checks a {outputs} output with a pandera {self.schema_kind} made "
                f"with {self.how_to_build}; got {type(schema).__module__}.{type(schema).__qualname__}."
            )
        return schema

    def _schema_name(self) -> str:
        name = getattr(self.schema, "name", None)
        return repr(name) if name else type(self.schema).__name__


class PandasDataFrameSchemaValidator(PanderaSchemaValidator):
    """A pandas DataFrame against a ``pandera.pandas.DataFrameSchema`` (or a pandas ``DataFrameModel``)."""

    library = "pandas"
    outputs = ("DataFrame",)
    schema_module = "pandera.api.pandas.container"
    schema_kind = "DataFrameSchema"
    how_to_build = "pandera.pandas (import pandera.pandas as pa; pa.DataFrameSchema(...))"


class PandasSeriesSchemaValidator(PanderaSchemaValidator):
    """A pandas Series against a ``pandera.pandas.SeriesSchema``."""

    library = "pandas"
    outputs = ("Series",)
    schema_module = "pandera.api.pandas.array"
    schema_kind = "SeriesSchema"
    how_to_build = "pandera.pandas (import pandera.pandas as pa; pa.SeriesSchema(...))"


class PolarsSchemaValidator(PanderaSchemaValidator):
    """A polars DataFrame or LazyFrame against a ``pandera.polars.DataFrameSchema`` (or a polars ``DataFrameModel``)."""

    library = "polars"
    outputs = ("DataFrame", "LazyFrame")
    schema_module = "pandera.api.polars.container"
    schema_kind = "DataFrameSchema"
    how_to_build = "pandera.polars (import pandera.polars as pa; pa.DataFrameSchema(...))"
