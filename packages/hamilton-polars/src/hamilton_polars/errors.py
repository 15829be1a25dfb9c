"""The errors of the polars results and of ``extract_columns``; each carries its facts as attributes."""

from __future__ import annotations

from collections.abc import Sequence

from hamilton.result_errors import ColumnCollisionError, LengthMismatchError

__all__ = ["ColumnCollisionError", "ColumnNotFoundError", "LengthMismatchError"]


class ColumnNotFoundError(LookupError):
    """A column that ``extract_columns`` declares is not in the DataFrame the function returned.

    Built with ``missing(...)``; a bare message is accepted too, so the core can raise
    it again as the named node's error.
    """

    def __init__(self, message: str, *, column: str = "", function: str = "", available: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.column = column
        self.function = function
        self.available = list(available)

    @classmethod
    def missing(cls, column: str, function: str, available: Sequence[str]) -> ColumnNotFoundError:
        shown = ", ".join(map(repr, available[:20])) + (", ..." if len(available) > 20 else "")
        return cls(
            f"Column {column!r} is not in the DataFrame returned by {function} (its columns: {shown or 'none'}). "
            f"@extract_columns declares it: return it from {function}, or remove it from @extract_columns.",
            column=column,
            function=function,
            available=available,
        )
