"""Errors that result builders turning outputs into columns share (polars, Arrow...).

Each carries its facts as attributes; ``building`` names what was being built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["ColumnCollisionError", "LengthMismatchError"]

_DICT_RESULT = "adapter=base.SimplePythonGraphAdapter(base.DictResult())"


class LengthMismatchError(ValueError):
    """Outputs that should become columns of one frame have different lengths.

    ``lengths`` maps each output to its length; a frame output is described in
    ``kinds`` (e.g. ``"a DataFrame"``).
    """

    def __init__(self, building: str, lengths: Mapping[str, int], kinds: Mapping[str, str]) -> None:
        self.lengths = dict(lengths)
        self.kinds = dict(kinds)
        described = ", ".join(
            f"{name!r}{f' ({kinds[name]})' if name in kinds else ''} has {length} row{'' if length == 1 else 's'}"
            for name, length in self.lengths.items()
        )
        super().__init__(
            f"Cannot build {building} from outputs of different lengths: {described}. "
            f"Every column output must have the same length (scalars are broadcast): ask for outputs of one "
            f"length together, or get them as a dict with {_DICT_RESULT}."
        )


class ColumnCollisionError(ValueError):
    """Two outputs would give the result two columns of one name."""

    def __init__(self, building: str, column: str, outputs: Sequence[str], kinds: Mapping[str, str]) -> None:
        self.column = column
        self.outputs = list(outputs)
        first, second = (f"output {name!r}" + (f" ({kinds[name]})" if name in kinds else "") for name in self.outputs)
        super().__init__(
            f"Cannot build {building}: column {column!r} comes from {first} and again from {second}. "
            f"Rename the column in one of them, or ask for only one of them."
        )
