"""Bookkeeping for result builders that turn outputs into the columns of one table.

Library-free: the polars and Arrow results subclass ``ColumnLayout`` and keep the
column data themselves; this records which output owns each column, the length of
each column output and the scalars to repeat, and raises the shared errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hamilton.result_errors import ColumnCollisionError, LengthMismatchError

__all__ = ["ColumnLayout"]


class ColumnLayout:
    """Columns claimed by outputs, in output order, and the lengths they must agree on.

    ``building`` names the result in error messages (e.g. ``"a polars DataFrame"``);
    ``kinds`` describes outputs that are whole tables (``"a DataFrame"``).
    """

    def __init__(self, building: str) -> None:
        self.building = building
        self.owners: dict[str, str] = {}
        self.lengths: dict[str, int] = {}
        self.kinds: dict[str, str] = {}
        self.scalars: dict[str, Any] = {}

    def claim(self, columns: Iterable[str], output: str) -> None:
        """Record that ``output`` supplies ``columns``; a column two outputs supply is an error."""
        for column in columns:
            owner = self.owners.setdefault(column, output)
            if owner != output:
                raise ColumnCollisionError(self.building, column, [owner, output], self.kinds)

    def height(self) -> int:
        """The one length of the column outputs; 1 if there are only scalars."""
        heights = set(self.lengths.values())
        if len(heights) > 1:
            raise LengthMismatchError(self.building, self.lengths, self.kinds)
        if heights:
            return heights.pop()
        return 1 if self.scalars else 0
