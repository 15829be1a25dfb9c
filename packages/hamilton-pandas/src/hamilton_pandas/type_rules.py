"""What pandas- and numpy-typed parameters accept beyond the core's rules.

The core already accepts subclasses (a ``pd.Series`` subclass for ``pd.Series``),
``Annotated`` variants either way (``Annotated[pd.Series, float]`` and ``pd.Series``),
``npt.NDArray[...]`` for ``np.ndarray`` and inputs by ``isinstance``. These rules
add numpy's scalars, which are not subclasses of the Python numbers they stand for,
and ``numpy.typing.ArrayLike``, which Python numbers satisfy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["type_accepts", "value_accepts"]

# Python annotation -> the numpy scalar types that behave as it
_NUMPY_SCALARS: dict[type, type] = {
    bool: np.bool_,
    int: np.integer,
    float: np.floating,
    complex: np.complexfloating,
}
_PYTHON_NUMBERS = (bool, int, float, complex)


def type_accepts(node_type: Any, input_type: Any) -> bool:
    """Whether a node returning ``input_type`` may feed a parameter annotated ``node_type``."""
    if not isinstance(input_type, type):
        return False
    if node_type is npt.ArrayLike:
        return issubclass(input_type, (*_PYTHON_NUMBERS, np.generic))
    numpy_scalar = _NUMPY_SCALARS.get(node_type) if isinstance(node_type, type) else None
    return numpy_scalar is not None and issubclass(input_type, numpy_scalar)


def value_accepts(node_type: Any, input_value: Any) -> bool:
    """Whether ``input_value``, passed by the user, may feed a parameter annotated ``node_type``."""
    return type_accepts(node_type, type(input_value))
