"""What runs on a Dask worker: one node's function, and a check that its value can leave the worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed.protocol import serialize

__all__ = ["UNSERIALIZABLE", "call_node"]

# set on the TypeError raised here, so the client tells it from a node's own TypeError
UNSERIALIZABLE = "hamilton_unserializable"


def call_node(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Call a node's function (a ``hamilton.shipping.ShippedFunction`` when it travels by value)."""
    value = fn(**kwargs)
    try:
        # Dask stalls for good on a value it cannot send to another worker or to the client:
        # fail here instead, where the node is known.
        serialize(value, serializers=("dask", "pickle"), on_error="raise")
    except Exception as exc:
        error = TypeError(f"its value, a {type(value).__module__}.{type(value).__qualname__}: {exc}")
        setattr(error, UNSERIALIZABLE, True)
        raise error from None
    return value
