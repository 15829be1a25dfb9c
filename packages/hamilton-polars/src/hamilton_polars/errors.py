"""The errors of the polars results and of ``extract_columns``; each carries its facts as attributes."""

from __future__ import annotations

from hamilton.function_modifiers import ColumnNotFoundError
from hamilton.result_errors import ColumnCollisionError, LengthMismatchError

__all__ = ["ColumnCollisionError", "ColumnNotFoundError", "LengthMismatchError"]
