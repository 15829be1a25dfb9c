"""A 1,000-node DAG renders completely (its speed is measured by benchmarks/render_large.py, not here)."""

from __future__ import annotations

import random

from hamilton import driver
from hamilton.testing import module_from_source

LAYERS, WIDTH = 20, 50


def _layered_source(seed: int = 0) -> str:
    rng = random.Random(seed)
    functions = [f"def l0_{i}(x: int) -> int:\n    return x + {i}\n" for i in range(WIDTH)]
    for layer in range(1, LAYERS):
        for i in range(WIDTH):
            a, b = rng.sample(range(WIDTH), 2)
            params = f"l{layer - 1}_{a}: int, l{layer - 1}_{b}: int"
            functions.append(f"def l{layer}_{i}({params}) -> int:\n    return l{layer - 1}_{a} + l{layer - 1}_{b}\n")
    return "\n".join(functions)


def test_thousand_node_dag_renders_every_node(tmp_path, svg_node_names):
    dr = driver.Driver({}, module_from_source("hamilton_viz_large_dag", _layered_source()))
    assert len(dr.graph.nodes) == LAYERS * WIDTH == 1000
    dr.display_all_functions(str(tmp_path / "large.svg"), {})
    assert svg_node_names(tmp_path / "large.svg") == {*dr.graph.nodes, "x"}
