"""Real modules made from source, for dataflows in tests."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

__all__ = ["FanOut", "module_from_source", "random_dag_module", "random_fanout"]


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


class FanOut(NamedTuple):
    """A random dataflow with ``Parallelizable`` blocks, and the plain loop that computes the same values.

    ``module`` reads the inputs ``seed_value`` and ``n_items``. ``outer`` run once before
    the blocks; each of ``blocks`` is ``(parallelizable node, its per-item nodes)``;
    ``collects`` gather per-item values, ``after`` read the collects. ``plain_loop``
    computes any of them with the module's own functions and Python ``for`` loops, as a
    user would without hamilton: the reference an executor's results must equal.
    """

    module: types.ModuleType
    outer: list[str]
    blocks: list[tuple[str, list[str]]]
    collects: list[str]
    after: list[str]

    @property
    def nodes(self) -> list[str]:
        """Every node, the Parallelizable ones and those per item included."""
        inner = [name for expand, names in self.blocks for name in (expand, *names)]
        return [*self.outer, *inner, *self.collects, *self.after]

    def plain_loop(
        self, outputs: Sequence[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The values of ``outputs``: a node run per item gives the list of its values, item by item."""
        overrides = dict(overrides or {})
        values: dict[str, Any] = dict(inputs)

        def compute(name: str, known: Mapping[str, Any]) -> Any:
            if name in overrides:
                return overrides[name]
            fn = getattr(self.module, name)
            return fn(**{param: known[param] for param in fn.__code__.co_varnames[: fn.__code__.co_argcount]})

        for name in self.outer:
            values[name] = compute(name, values)
        for expand, names in self.blocks:
            items = list(compute(expand, values))
            gathered: dict[str, list[Any]] = {name: [] for name in names}
            for item in items:
                item_values = {**values, expand: item}
                for name in names:
                    item_values[name] = compute(name, item_values)
                    gathered[name].append(item_values[name])
            values.update(gathered)
            values[expand] = items
        for name in [*self.collects, *self.after]:
            values[name] = compute(name, values)
        return {name: values[name] for name in outputs}


def random_fanout(seed: int, name: str = "hamilton_testing_fanout") -> FanOut:
    """A ``FanOut`` wired at random from ``seed``: one or two blocks, each of one to five nodes per item."""
    rng = random.Random(seed)
    lines = ["from hamilton.htypes import Collect, Parallelizable\n"]
    outer = [f"o{i}" for i in range(rng.randint(1, 3))]
    for i, node in enumerate(outer):
        deps = rng.sample(outer[:i], k=min(i, rng.randint(0, 2)))
        params = ", ".join(["seed_value: int", *(f"{d}: int" for d in deps)])
        body = " + ".join([f"seed_value * {i + 1}", *(f"{d} % 1009" for d in deps)])
        lines.append(f"def {node}({params}) -> int:\n    return {body}\n")
    blocks: list[tuple[str, list[str]]] = []
    collects: list[str] = []
    for b in range(rng.randint(1, 2)):
        expand, source = f"p{b}", rng.choice(outer)
        if rng.random() < 0.5:  # a generator, or a list: both are iterables of items
            body = f"    for i in range(n_items):\n        yield i * {b + 3} + {source} % 11\n"
        else:
            body = f"    return [i * {b + 3} + {source} % 11 for i in range(n_items)]\n"
        lines.append(f"def {expand}(n_items: int, {source}: int) -> Parallelizable[int]:\n{body}")
        inner: list[str] = []
        for k in range(rng.randint(1, 5)):
            node = f"b{b}_{k}"
            per_item = rng.sample([expand, *inner], k=min(len(inner) + 1, rng.randint(1, 2)))
            deps = per_item + rng.sample(outer, k=rng.randint(0, 1))
            params = ", ".join(f"{d}: int" for d in deps)
            body = " + ".join([f"{k + 1}", *(f"({d} * {rng.randint(2, 9)}) % 100003" for d in deps)])
            lines.append(f"def {node}({params}) -> int:\n    return {body}\n")
            inner.append(node)
        blocks.append((expand, inner))
        for c in range(rng.randint(1, 2)):
            node, gathered = f"c{b}_{c}", rng.choice(inner)
            extra = rng.sample(outer, k=rng.randint(0, 1))
            params = ", ".join([f"{gathered}: Collect[int]", *(f"{d}: int" for d in extra)])
            body = " + ".join([f"sum({gathered}) % 1000003", *extra])
            lines.append(f"def {node}({params}) -> int:\n    return {body}\n")
            collects.append(node)
    after = []
    for a in range(rng.randint(0, 2)):
        deps = rng.sample(collects, k=min(len(collects), rng.randint(1, 2))) + rng.sample(outer, k=rng.randint(0, 1))
        params = ", ".join(f"{d}: int" for d in deps)
        lines.append(f"def a{a}({params}) -> int:\n    return {' + '.join(deps)}\n")
        after.append(f"a{a}")
    return FanOut(module_from_source(name, "\n".join(lines)), outer, blocks, collects, after)
