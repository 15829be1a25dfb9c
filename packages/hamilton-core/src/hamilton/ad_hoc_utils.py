"""Dataflows from functions defined anywhere (a notebook, a test), not only in a module file."""

from __future__ import annotations

import sys
import types
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["create_temporary_module"]


def create_temporary_module(*functions: Callable[..., Any], module_name: str | None = None) -> types.ModuleType:
    """A module holding copies of ``functions``, ready to pass to a Driver.

    The copies belong to the new module (the originals are left untouched), and
    the module is registered in ``sys.modules`` so process executors can find it.
    """
    name = module_name or f"temporary_module_{uuid.uuid4().hex}"
    module = types.ModuleType(name)
    for fn in functions:
        if not isinstance(fn, types.FunctionType):
            raise TypeError(f"create_temporary_module takes functions, not {fn!r}.")
        copy = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
        copy.__kwdefaults__ = fn.__kwdefaults__
        copy.__annotations__ = dict(fn.__annotations__)
        copy.__doc__ = fn.__doc__
        copy.__dict__.update(fn.__dict__)
        copy.__qualname__ = fn.__name__
        copy.__module__ = name
        setattr(module, fn.__name__, copy)
    sys.modules[name] = module
    return module
