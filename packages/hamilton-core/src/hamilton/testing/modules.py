"""Real modules made from source, for dataflows in tests."""

from __future__ import annotations

import random
import sys
import types

__all__ = ["module_from_source", "random_dag_module"]


def module_from_source(name: str, source: str) -> types.ModuleType:
    """A real module made from ``source``, registered in ``sys.modules`` under ``name``.

    It exists only in memory: process executors ship its functions by value.
    """
    module = types.ModuleType(name)
    # dont_inherit: this file's `from __future__ import annotations` must not leak into the module
    exec(compile(source, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
    sys.modules[name] = module
    return module


def random_dag_module(seed: int, size: int = 30, name: str = "hamilton_testing_dag") -> types.ModuleType:
    """A module of ``size`` integer functions ``n0``... wired at random (acyclic), reading ``seed_value``."""
    rng = random.Random(seed)
    lines = []
    for i in range(size):
        deps = rng.sample(range(i), k=min(i, rng.randint(0, 3))) if i else []
        params = ", ".join(["seed_value: int"] + [f"n{d}: int" for d in deps])
        body = " + ".join([f"seed_value * {i + 1}"] + [f"n{d} % 1009" for d in deps])
        lines.append(f"def n{i}({params}) -> int:\n    return {body}\n")
    return module_from_source(name, "\n".join(lines))
