"""Describe a dataflow as plain JSON: its nodes, what some of them depend on, and some values.

Runs unchanged with this project and with sf-hamilton 1.88.0, so the two can be compared:
``python describe.py '{"module": "order_cleaning", "config": {...}, "outputs": [...], ...}'``
prints the description of that module (imported from this folder).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

__all__ = ["describe", "plain"]


def plain(value: Any) -> Any:
    """``value`` as JSON-able data: frames as columns of lists, series as lists, missing values as None."""
    module = type(value).__module__.partition(".")[0]
    if module in ("pandas", "polars") and hasattr(value, "columns"):
        data = {str(c): plain(list(value[c])) for c in value.columns}
        index = [plain(i) for i in value.index] if module == "pandas" else None
        return {"columns": list(data), "index": index, "data": data}
    if module in ("pandas", "polars") and hasattr(value, "to_list"):
        return plain(value.to_list())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)) or repr(value) in ("<NA>", "NaT", "nan"):
        return None
    if hasattr(value, "item") and module == "numpy":
        return plain(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 10)
    return value


def describe(module: str, config: dict, outputs: list, inputs: dict, upstream_of: list) -> dict:
    """Nodes (name, type, tags; config keys left out), the upstream of ``upstream_of``, the values of ``outputs``."""
    import importlib

    from hamilton import base, driver

    dr = driver.Driver(
        config, importlib.import_module(module), adapter=base.SimplePythonGraphAdapter(base.DictResult())
    )
    nodes = sorted(
        [v.name, getattr(v.type, "__name__", str(v.type)), bool(v.is_external_input), _tags(v.tags)]
        for v in dr.list_available_variables()
        if v.name not in config  # the original lists config keys as inputs; this project does not
    )
    upstream = {
        name: sorted(v.name for v in dr.what_is_upstream_of(name) if v.name not in config) for name in upstream_of
    }
    values = dr.execute(outputs, inputs=inputs)
    return {"nodes": nodes, "upstream": upstream, "values": {name: plain(values[name]) for name in outputs}}


def _tags(tags: dict) -> dict:
    return {k: v for k, v in sorted(tags.items()) if k != "module"}  # the original tags every node with its module


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    spec = json.loads(sys.argv[1])
    print(json.dumps(describe(**spec)))
