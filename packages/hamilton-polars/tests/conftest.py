"""Fixtures of the hamilton-polars tests.

``data_addresses``: where a polars column's values live, read through the Arrow C
stream interface with ctypes.

No pyarrow here (hamilton-polars is tested without it): the addresses come from
the ``ArrowArray`` structs that polars itself exports, so two columns sharing one
buffer report the same address, and a copy reports another.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest


class _ArrowSchema(ctypes.Structure):
    pass


_ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(_ArrowSchema))),
    ("dictionary", ctypes.POINTER(_ArrowSchema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowSchema))),
    ("private_data", ctypes.c_void_p),
]


class _ArrowArray(ctypes.Structure):
    pass


_ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(_ArrowArray))),
    ("dictionary", ctypes.POINTER(_ArrowArray)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowArray))),
    ("private_data", ctypes.c_void_p),
]


class _ArrowArrayStream(ctypes.Structure):
    _fields_ = [
        ("get_schema", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_ArrowSchema))),
        ("get_next", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_ArrowArray))),
        ("get_last_error", ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_void_p)),
        ("release", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
        ("private_data", ctypes.c_void_p),
    ]


_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def _data_addresses(exporter: Any) -> list[int]:
    """The address of the values buffer (buffer 1) of each chunk a Series exports.

    For a DataFrame, the values buffers of its columns in the first chunk.
    """
    capsule = exporter.__arrow_c_stream__()
    address = _capsule_pointer(capsule, b"arrow_array_stream")
    stream = _ArrowArrayStream.from_address(address)
    found = []
    while True:
        array = _ArrowArray()
        if stream.get_next(address, ctypes.byref(array)) != 0:
            raise RuntimeError(stream.get_last_error(address))
        if not array.release:  # a released array marks the end of the stream
            break
        try:
            if array.n_children and array.n_buffers == 1:  # a struct: one chunk of a DataFrame
                found.extend(array.children[i].contents.buffers[1] for i in range(array.n_children))
            else:
                found.append(array.buffers[1])
        finally:
            array.release(ctypes.byref(array))
    return found  # the capsule releases the stream when it is collected


@pytest.fixture
def data_addresses():
    """``data_addresses(series_or_frame)``: the address of each values buffer it exports."""
    return _data_addresses
