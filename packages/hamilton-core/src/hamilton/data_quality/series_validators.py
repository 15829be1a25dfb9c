"""Default validators for a column type (pandas or polars Series), written once for both.

A data plugin calls ``series_validators(SeriesStats)`` with the few statistics of its
library and registers the classes it gets through ``hamilton_register_validators``.
"""

from __future__ import annotations

from typing import Any, Protocol

from hamilton.data_quality.base import BaseDefaultValidator, ValidationResult

__all__ = ["SERIES_VALIDATOR_ARGS", "SeriesStats", "series_validators"]

#: the ``@check_output`` keywords of the validators ``series_validators`` makes, for plugins registering them
SERIES_VALIDATOR_ARGS = (
    "max_fraction_nans",
    "allow_nans",
    "range",
    "values_in",
    "data_type",
    "max_standard_dev",
    "mean_in_range",
)


class SeriesStats(Protocol):
    """What the validators need from a column library."""

    series_type: type

    @staticmethod
    def null_fraction(series: Any) -> float: ...

    @staticmethod
    def minimum(series: Any) -> Any: ...

    @staticmethod
    def maximum(series: Any) -> Any: ...

    @staticmethod
    def mean(series: Any) -> float: ...

    @staticmethod
    def std(series: Any) -> float: ...

    @staticmethod
    def outside(series: Any, values: list[Any]) -> list[Any]: ...

    @staticmethod
    def element_type_ok(series: Any, data_type: Any) -> tuple[bool, str]: ...


def series_validators(stats: type[SeriesStats]) -> dict[str, type[BaseDefaultValidator]]:
    """The validator classes for ``stats.series_type``, by ``@check_output`` keyword."""

    class _Series(BaseDefaultValidator):
        def __init__(self, importance: str, **setting: Any) -> None:
            super().__init__(importance)
            (self.setting,) = setting.values()

        @classmethod
        def applies_to(cls, datatype: type) -> bool:
            return isinstance(datatype, type) and issubclass(datatype, stats.series_type)

        def description(self) -> str:
            return f"{self.arg()}={self.setting!r}"

    class MaxFractionNans(_Series):
        @classmethod
        def arg(cls) -> str:
            return "max_fraction_nans"

        def validate(self, dataset: Any) -> ValidationResult:
            fraction = stats.null_fraction(dataset)
            passes = fraction <= self.setting
            return ValidationResult(
                passes,
                f"max_fraction_nans {fraction:.2f} {'<=' if passes else '>'} {self.setting}",
                {"fraction_nans": fraction, "max_fraction_nans": self.setting},
            )

    class AllowNans(_Series):
        @classmethod
        def arg(cls) -> str:
            return "allow_nans"

        def validate(self, dataset: Any) -> ValidationResult:
            fraction = stats.null_fraction(dataset)
            passes = self.setting or fraction == 0
            return ValidationResult(passes, f"fraction of NaNs {fraction:.2f}", {"fraction_nans": fraction})

    class InRange(_Series):
        @classmethod
        def arg(cls) -> str:
            return "range"

        def validate(self, dataset: Any) -> ValidationResult:
            low, high = self.setting
            smallest, largest = stats.minimum(dataset), stats.maximum(dataset)
            passes = low <= smallest and largest <= high
            return ValidationResult(
                passes,
                f"values span [{smallest}, {largest}], {'within' if passes else 'outside'} {self.setting}",
                {"min": smallest, "max": largest, "range": self.setting},
            )

    class ValuesIn(_Series):
        @classmethod
        def arg(cls) -> str:
            return "values_in"

        def validate(self, dataset: Any) -> ValidationResult:
            outside = stats.outside(dataset, list(self.setting))
            return ValidationResult(
                not outside,
                f"{len(outside)} value(s) not in {list(self.setting)}" + (f", e.g. {outside[:5]}" if outside else ""),
                {"outside": outside[:20]},
            )

    class DataType(_Series):
        @classmethod
        def arg(cls) -> str:
            return "data_type"

        def validate(self, dataset: Any) -> ValidationResult:
            passes, actual = stats.element_type_ok(dataset, self.setting)
            return ValidationResult(passes, f"element type {actual}, required {self.setting}", {"actual": actual})

    class MaxStandardDev(_Series):
        @classmethod
        def arg(cls) -> str:
            return "max_standard_dev"

        def validate(self, dataset: Any) -> ValidationResult:
            deviation = stats.std(dataset)
            passes = deviation <= self.setting
            return ValidationResult(
                passes, f"standard deviation {deviation:.4g} {'<=' if passes else '>'} {self.setting}", {}
            )

    class MeanInRange(_Series):
        @classmethod
        def arg(cls) -> str:
            return "mean_in_range"

        def validate(self, dataset: Any) -> ValidationResult:
            low, high = self.setting
            mean = stats.mean(dataset)
            passes = low <= mean <= high
            return ValidationResult(passes, f"mean {mean:.4g} {'within' if passes else 'outside'} {self.setting}", {})

    classes = (MaxFractionNans, AllowNans, InRange, ValuesIn, DataType, MaxStandardDev, MeanInRange)
    for cls in classes:
        cls.__qualname__ = cls.__name__ = f"{cls.__name__}Validator{stats.series_type.__name__}"
        cls.__module__ = stats.__module__
    return {cls.arg(): cls for cls in classes}
