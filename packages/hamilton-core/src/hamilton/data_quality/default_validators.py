"""The core's default validators, for scalar outputs (ints, floats, strings, bools, anything for ``allow_none``).

Validators for pandas and polars data come with hamilton-pandas and hamilton-polars,
through the ``hamilton_register_validators`` hook.
"""

from __future__ import annotations

import numbers
from typing import Any

from hamilton.data_quality.base import BaseDefaultValidator, ValidationResult

__all__ = [
    "SCALAR_VALIDATORS",
    "AllowNoneValidator",
    "DataInRangeValidatorPrimitives",
    "DataInValuesValidatorPrimitives",
    "DataTypeValidatorPrimitives",
    "EqualsValidatorPrimitives",
]


def _is_scalar_type(datatype: Any) -> bool:
    return isinstance(datatype, type) and (issubclass(datatype, numbers.Real) or datatype in (str, bool))


class DataInRangeValidatorPrimitives(BaseDefaultValidator):
    """The number lies within ``(low, high)``, both ends included."""

    def __init__(self, range: tuple[float, float], importance: str) -> None:
        super().__init__(importance)
        self.range = range

    @classmethod
    def arg(cls) -> str:
        return "range"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        return isinstance(datatype, type) and issubclass(datatype, numbers.Real)

    def description(self) -> str:
        return f"Validates that the number lies within {self.range}"

    def validate(self, dataset: Any) -> ValidationResult:
        low, high = self.range
        passes = low <= dataset <= high
        message = f"{dataset} is within {self.range}" if passes else f"{dataset} is outside {self.range}"
        return ValidationResult(passes, message, {"range": self.range, "value": dataset})


class DataInValuesValidatorPrimitives(BaseDefaultValidator):
    """The value is one of ``values_in``."""

    def __init__(self, values_in: list[Any], importance: str) -> None:
        super().__init__(importance)
        self.values_in = list(values_in)

    @classmethod
    def arg(cls) -> str:
        return "values_in"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        return _is_scalar_type(datatype)

    def description(self) -> str:
        return f"Validates that the value is one of {self.values_in}"

    def validate(self, dataset: Any) -> ValidationResult:
        passes = dataset in self.values_in
        return ValidationResult(
            passes,
            f"{dataset!r} is {'' if passes else 'not '}one of {self.values_in}",
            {"values_in": self.values_in, "value": dataset},
        )


class EqualsValidatorPrimitives(BaseDefaultValidator):
    """The value equals ``equals``."""

    def __init__(self, equals: Any, importance: str) -> None:
        super().__init__(importance)
        self.equals = equals

    @classmethod
    def arg(cls) -> str:
        return "equals"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        return _is_scalar_type(datatype)

    def description(self) -> str:
        return f"Validates that the value equals {self.equals!r}"

    def validate(self, dataset: Any) -> ValidationResult:
        passes = dataset == self.equals
        return ValidationResult(passes, f"{dataset!r} {'==' if passes else '!='} {self.equals!r}", {"value": dataset})


class DataTypeValidatorPrimitives(BaseDefaultValidator):
    """The value is an instance of ``data_type``."""

    def __init__(self, data_type: type, importance: str) -> None:
        super().__init__(importance)
        self.datatype = data_type

    @classmethod
    def arg(cls) -> str:
        return "data_type"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        return _is_scalar_type(datatype)

    def description(self) -> str:
        return f"Validates that the value is a {self.datatype.__name__}"

    def validate(self, dataset: Any) -> ValidationResult:
        passes = isinstance(dataset, self.datatype)
        return ValidationResult(
            passes,
            f"the value is a {type(dataset).__name__}" + ("" if passes else f", not a {self.datatype.__name__}"),
            {"required_data_type": self.datatype.__name__, "actual_data_type": type(dataset).__name__},
        )


class AllowNoneValidator(BaseDefaultValidator):
    """``allow_none=False``: the output must not be ``None`` (``True`` checks nothing)."""

    def __init__(self, allow_none: bool, importance: str) -> None:
        super().__init__(importance)
        self.allow_none = allow_none

    @classmethod
    def arg(cls) -> str:
        return "allow_none"

    @classmethod
    def applies_to(cls, datatype: type) -> bool:
        return True

    def description(self) -> str:
        return "No-op validator." if self.allow_none else "Validates that the output is not None"

    def validate(self, dataset: Any) -> ValidationResult:
        passes = self.allow_none or dataset is not None
        return ValidationResult(passes, "the output is None" if not passes else "ok", {})


SCALAR_VALIDATORS: tuple[type[BaseDefaultValidator], ...] = (
    AllowNoneValidator,
    DataInRangeValidatorPrimitives,
    DataInValuesValidatorPrimitives,
    DataTypeValidatorPrimitives,
    EqualsValidatorPrimitives,
)
