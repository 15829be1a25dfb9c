"""What a validator is: ``DataValidator`` (any check) and ``BaseDefaultValidator`` (one ``@check_output`` keyword)."""

from __future__ import annotations

import abc
import enum
from typing import Any, NamedTuple

__all__ = [
    "BaseDefaultValidator",
    "DataValidationError",
    "DataValidationLevel",
    "DataValidator",
    "ValidationResult",
]


class DataValidationError(Exception):
    """A check of importance ``fail`` failed; ``node``, ``validator`` and ``message`` say which and why."""

    def __init__(self, node: str, validator: str, message: str) -> None:
        self.node = node
        self.validator = validator
        self.message = message
        super().__init__(f"Node {node!r} failed check {validator}: {message}")


class DataValidationLevel(enum.Enum):
    """What a failed check does: log a warning, or stop the run."""

    WARN = "warn"
    FAIL = "fail"


class ValidationResult(NamedTuple):
    """The outcome of one check, kept as a node so it can be requested and inspected."""

    passes: bool
    message: str
    diagnostics: dict[str, Any] = {}  # noqa: RUF012 - NamedTuple default, never mutated


class DataValidator(abc.ABC):
    """A check of a node's output. ``importance`` is ``"warn"`` or ``"fail"``."""

    def __init__(self, importance: str) -> None:
        try:
            self._importance = DataValidationLevel(importance)
        except ValueError:
            raise ValueError(f"importance must be 'warn' or 'fail', not {importance!r}.") from None

    @property
    def importance(self) -> DataValidationLevel:
        return self._importance

    @classmethod
    @abc.abstractmethod
    def applies_to(cls, datatype: type) -> bool:
        """Whether this validator can check outputs annotated ``datatype``."""

    @abc.abstractmethod
    def description(self) -> str:
        """What it checks, in a sentence."""

    @classmethod
    @abc.abstractmethod
    def name(cls) -> str:
        """Its name; the check's node is ``<node>_<name>``."""

    @abc.abstractmethod
    def validate(self, dataset: Any) -> ValidationResult:
        """Check ``dataset`` (the node's output)."""


class BaseDefaultValidator(DataValidator, abc.ABC):
    """A validator picked by a ``@check_output`` keyword: ``arg()`` names it, its value configures it."""

    def __init__(self, importance: str) -> None:
        super().__init__(importance)

    @classmethod
    @abc.abstractmethod
    def arg(cls) -> str:
        """The ``@check_output`` keyword this validator answers (``range``, ``data_type``...)."""

    @classmethod
    def name(cls) -> str:
        return f"{cls.arg()}_validator"
