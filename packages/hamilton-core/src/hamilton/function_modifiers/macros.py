"""The original's ``hamilton.function_modifiers.macros``: decorators that replace or extend what a function computes.

``@does`` lives in ``replacing``; ``step``, ``@pipe_input``, ``@pipe_output`` and ``@mutate`` in ``pipes``.
"""

from hamilton.function_modifiers.pipes import (
    Applicable,
    NamespaceType,
    NotSameModuleError,
    apply_to,
    mutate,
    pipe,
    pipe_input,
    pipe_output,
    step,
)
from hamilton.function_modifiers.replacing import does

__all__ = [
    "Applicable",
    "NamespaceType",
    "NotSameModuleError",
    "apply_to",
    "does",
    "mutate",
    "pipe",
    "pipe_input",
    "pipe_output",
    "step",
]
