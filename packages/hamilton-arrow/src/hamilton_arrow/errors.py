"""The errors of the Arrow results (shared with other column-building results)."""

from hamilton.result_errors import ColumnCollisionError, LengthMismatchError

__all__ = ["ColumnCollisionError", "LengthMismatchError"]
