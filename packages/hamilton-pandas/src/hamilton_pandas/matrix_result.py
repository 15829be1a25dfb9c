"""The outputs as one 2-D numpy array: a column per output, in the order requested."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hamilton.base import ResultMixin
from pandas.api.extensions import ExtensionArray

__all__ = ["NumpyMatrixResult", "build_matrix"]

_ONE_DIMENSIONAL = (list, tuple, range, pd.Series, pd.Index, ExtensionArray)


class NumpyMatrixResult(ResultMixin):
    """A 2-D ``numpy.ndarray``: 1-D outputs are columns by position, scalars are repeated.

    Series are taken by position, not aligned on their index; every non-scalar output
    must have the same length. With scalars only, the matrix has one row.
    """

    @staticmethod
    def build_result(**outputs: Any) -> np.ndarray:
        return build_matrix(outputs)


def build_matrix(outputs: dict[str, Any]) -> np.ndarray:
    """Stack ``outputs`` as the columns of one array; see ``NumpyMatrixResult``."""
    if not outputs:
        return np.empty((0, 0))
    arrays: dict[str, np.ndarray] = {}
    for name, value in outputs.items():
        if isinstance(value, pd.DataFrame) or (isinstance(value, np.ndarray) and value.ndim > 1):
            raise ValueError(
                f"Output {name!r} is 2-D ({type(value).__name__} of shape {value.shape}); NumpyMatrixResult "
                f"takes 1-D outputs and scalars, one column each. Request its columns as separate outputs."
            )
        if isinstance(value, _ONE_DIMENSIONAL) or (isinstance(value, np.ndarray) and value.ndim == 1):
            arrays[name] = np.asarray(value)
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        first = next(iter(lengths))
        wrong = ", ".join(f"{name!r} has {n}" for name, n in lengths.items() if n != lengths[first])
        raise ValueError(
            f"NumpyMatrixResult needs every non-scalar output to have the same length: {first!r} has "
            f"{lengths[first]} values, but {wrong}."
        )
    rows = next(iter(lengths.values()), 1)
    columns = [arrays[name] if name in arrays else _repeat(value, rows) for name, value in outputs.items()]
    return np.column_stack(columns)


def _repeat(value: Any, rows: int) -> np.ndarray:
    if isinstance(value, np.ndarray | np.generic) or pd.api.types.is_scalar(value):
        return np.full(rows, value)
    column = np.empty(rows, dtype=object)  # any other object, kept as it is in every row
    column.fill(value)
    return column
