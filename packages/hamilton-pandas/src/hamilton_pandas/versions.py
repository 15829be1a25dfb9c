"""Data versions of pandas and numpy values, for caches: their content hashed with vectorised code.

- numpy arrays of numbers, booleans, dates: their bytes, with dtype and shape;
- a Series: its name, dtype, index and values; numeric values by their bytes, strings,
  categoricals and extension arrays by ``pandas.util.hash_pandas_object`` (fixed key,
  so the same in every process);
- a DataFrame: its columns (names and dtypes), index, and each column as above;
- an Index or a MultiIndex: as a Series' index.

Values this cannot tell apart safely (object arrays of mixed Python objects, which pandas
would hash as their ``str``) get ``None``: the cache versions them by pickling.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["data_version"]

_DIGEST_LENGTH = 32


class _UnsafeError(Exception):
    """A part of the value cannot be hashed by content here."""


def data_version(value: Any) -> str | None:
    """The content version of a pandas or numpy value, or ``None`` if it is not one (or not safely hashable)."""
    hasher = hashlib.sha256()
    try:
        if isinstance(value, pd.DataFrame):
            kind = "pandas.DataFrame"
            _index(hasher, value.columns)
            _index(hasher, value.index)
            for position in range(value.shape[1]):
                _values(hasher, value.iloc[:, position])
        elif isinstance(value, pd.Series):
            kind = "pandas.Series"
            hasher.update(repr(value.name).encode())
            _index(hasher, value.index)
            _values(hasher, value)
        elif isinstance(value, pd.Index):
            kind = "pandas.Index"
            _index(hasher, value)
        elif isinstance(value, np.ndarray):
            kind = "numpy.ndarray"
            _array(hasher, value)
        elif isinstance(value, np.generic):
            kind = "numpy.scalar"
            _array(hasher, np.asarray(value))
        else:
            return None
    except (_UnsafeError, TypeError, ValueError):
        return None
    return f"{kind}:{hasher.hexdigest()[:_DIGEST_LENGTH]}"


def _array(hasher: Any, array: np.ndarray) -> None:
    if array.dtype.hasobject:
        raise _UnsafeError
    contiguous = np.ascontiguousarray(array)
    hasher.update(f"{contiguous.dtype.descr!r}{contiguous.shape}".encode())
    hasher.update(contiguous.reshape(-1).view(np.uint8))  # the bytes, without a copy (dates included)


def _values(hasher: Any, series: pd.Series) -> None:
    """A column's dtype and values (its index is hashed apart, once)."""
    dtype = series.dtype
    hasher.update(f"|{dtype!r}|".encode())
    if isinstance(dtype, np.dtype) and not dtype.hasobject:
        _array(hasher, series.to_numpy(copy=False))
        return
    if isinstance(dtype, np.dtype) and pd.api.types.infer_dtype(series, skipna=False) not in ("string", "empty"):
        raise _UnsafeError  # mixed Python objects: pandas would hash them as their str
    hashes = pd.util.hash_pandas_object(series, index=False, categorize=True).to_numpy()
    hasher.update(np.ascontiguousarray(hashes).view(np.uint8))


def _index(hasher: Any, index: pd.Index) -> None:
    hasher.update(f"|{type(index).__name__}{list(index.names)!r}|".encode())
    if isinstance(index, pd.RangeIndex):
        hasher.update(f"{index.start},{index.stop},{index.step}".encode())
        return
    if isinstance(index, pd.MultiIndex):
        for level in range(index.nlevels):
            _values(hasher, index.get_level_values(level).to_series(index=pd.RangeIndex(len(index))))
        return
    _values(hasher, index.to_series(index=pd.RangeIndex(len(index))))
