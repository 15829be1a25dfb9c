#!/usr/bin/env python3
"""Generate synthetic Hamilton-style function modules for benchmarking.

Each generated DAG is a directory holding plain ``.py`` modules (functions with
type annotations; a parameter named like another function depends on it) and a
``meta.json`` describing the graph (topological order, dependencies, inputs,
requested outputs).  Only the standard library is used here, so any interpreter
can generate; the generated *pandas* modules of course need pandas to import.

Shapes
  chain    N nodes, c{i} depends on c{i-1}; c0 depends on input ``x``.
  wide     N independent leaves w{i}(x), then a tree of reducers with fan-in
           <= --fanin (default 50) ending in one sink ``total``.
  layered  random DAG: L layers (default round(sqrt(N))), each node of layer l>0
           depends on k (default 3) distinct random nodes of layer l-1 (seeded).
  pandas   like layered (k default 2) but every node is a pd.Series op on
           upstream Series of length M (input ``base``); the requested outputs
           (all sinks) are meant to be assembled into a DataFrame.

Usage:
  python gen_dag.py --shape chain --n 1000 [--root DIR] [--seed 0] [--layers L]
                    [--k K] [--m M] [--fanin 50] [--per-module 2000]
Prints the path of the (possibly pre-existing) DAG directory.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile

DEFAULT_ROOT = os.environ.get("HAM_BENCH_DAG_ROOT", os.path.join(tempfile.gettempdir(), "hamilton-bench-dags"))
SHAPES = ("chain", "wide", "layered", "pandas")
FORMAT_VERSION = 1


def resolve_params(shape, n, seed=0, layers=None, k=None, m=None, fanin=50, per_module=2000):
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose from {SHAPES}")
    if n < 1:
        raise ValueError("n must be >= 1")
    p = {"shape": shape, "n": int(n), "seed": int(seed), "per_module": int(per_module)}
    if shape in ("layered", "pandas"):
        p["layers"] = int(layers) if layers else max(1, round(math.sqrt(n)))
        p["layers"] = min(p["layers"], n)
        p["k"] = int(k) if k else (3 if shape == "layered" else 2)
    if shape == "pandas":
        p["m"] = int(m) if m else 1000
    if shape == "wide":
        p["fanin"] = max(2, int(fanin))
    return p


def dag_dirname(p):
    parts = [p["shape"], f"n{p['n']}", f"s{p['seed']}", f"pm{p['per_module']}"]
    if "layers" in p:
        parts += [f"L{p['layers']}", f"k{p['k']}"]
    if "m" in p:
        parts.append(f"m{p['m']}")
    if "fanin" in p:
        parts.append(f"f{p['fanin']}")
    return "_".join(parts)


# ---------------------------------------------------------------- graph builders
# Each builder returns (nodes, inputs, outputs, kind) where nodes is a list of
# (name, deps, body_expr) in topological order.


def _chain(p):
    n = p["n"]
    nodes = [("c0", ["x"], "x + 1")]
    for i in range(1, n):
        prev = f"c{i - 1}"
        nodes.append((f"c{i}", [prev], f"{prev} + 1"))
    return nodes, {"x": {"kind": "int", "value": 1}}, [f"c{n - 1}"], "int"


def _wide(p):
    n, fanin = p["n"], p["fanin"]
    nodes = [(f"w{i}", ["x"], f"x + {i % 7}") for i in range(n)]
    level, current = 1, [f"w{i}" for i in range(n)]
    while True:
        groups = [current[i : i + fanin] for i in range(0, len(current), fanin)]
        if len(groups) == 1:
            grp = groups[0]
            nodes.append(("total", grp, " + ".join(grp)))
            break
        nxt = []
        for j, grp in enumerate(groups):
            name = f"r{level}_{j}"
            nodes.append((name, grp, " + ".join(grp)))
            nxt.append(name)
        current, level = nxt, level + 1
    return nodes, {"x": {"kind": "int", "value": 1}}, ["total"], "int"


def _layer_sizes(n, layers):
    base, extra = divmod(n, layers)
    return [base + (1 if i < extra else 0) for i in range(layers)]


def _random_layers(p, first_dep, prefix):
    rng = random.Random(p["seed"])
    sizes = _layer_sizes(p["n"], p["layers"])
    layer_names = []
    structure = []  # (name, deps, layer index, position)
    for li, size in enumerate(sizes):
        names = [f"{prefix}{li}_{j}" for j in range(size)]
        for j, name in enumerate(names):
            if li == 0:
                deps = [first_dep]
            else:
                prev = layer_names[-1]
                deps = rng.sample(prev, min(p["k"], len(prev)))
            structure.append((name, deps, li, j))
        layer_names.append(names)
    used = set()
    for _, deps, _, _ in structure:
        used.update(deps)
    sinks = [name for name, _, _, _ in structure if name not in used]
    return structure, sinks


def _layered(p):
    structure, sinks = _random_layers(p, "x", "l")
    nodes = []
    for name, deps, li, j in structure:
        if li == 0:
            body = f"x + {j % 5}"
        else:
            body = f"({' + '.join(deps)}) % 1000003"
        nodes.append((name, deps, body))
    return nodes, {"x": {"kind": "int", "value": 1}}, sinks, "int"


_PD_UNARY = [
    "{a} * 0.5 + 1.0",
    "{a}.abs() - 0.25",
    "{a} * {a} * 0.01",
]
_PD_BINARY = [
    "({a} + {b}) * 0.5",
    "{a} * 0.9 - {b} * 0.1",
    "({a} - {b}).abs()",
    "{a}.where({a} > {b}, {b})",
    "({a} * {b}).clip(-10.0, 10.0)",
]


def _pandas(p):
    structure, sinks = _random_layers(p, "base", "p")
    nodes = []
    for name, deps, li, j in structure:
        if li == 0:
            body = f"base * {1.0 + (j % 9) * 0.1:.1f} + {j % 4}.0"
        elif len(deps) == 1:
            body = _PD_UNARY[(li + j) % len(_PD_UNARY)].format(a=deps[0])
        else:
            expr = _PD_BINARY[(li * 7 + j) % len(_PD_BINARY)].format(a=deps[0], b=deps[1])
            for extra in deps[2:]:
                expr = f"(({expr}) + {extra}) * 0.5"
            body = expr
        nodes.append((name, deps, body))
    inputs = {"base": {"kind": "series", "m": p["m"], "seed": p["seed"]}}
    return nodes, inputs, sinks, "series"


BUILDERS = {"chain": _chain, "wide": _wide, "layered": _layered, "pandas": _pandas}


# ---------------------------------------------------------------- writing


def _render_module(nodes, kind, modname, shape):
    ann = "int" if kind == "int" else "pd.Series"
    lines = [f'"""Generated benchmark module {modname} (shape={shape}); do not edit."""']
    if kind == "series":
        lines.append("import pandas as pd")
    lines.append("")
    for name, deps, body in nodes:
        params = ", ".join(f"{d}: {ann}" for d in deps)
        lines.append("")
        lines.append(f"def {name}({params}) -> {ann}:")
        lines.append(f"    return {body}")
    lines.append("")
    return "\n".join(lines)


def generate(shape, n, root=DEFAULT_ROOT, **kw):
    """Generate (if missing) and return the DAG directory path."""
    p = resolve_params(shape, n, **kw)
    final = os.path.join(root, dag_dirname(p))
    meta_path = os.path.join(final, "meta.json")
    if os.path.exists(meta_path):
        try:
            with open(meta_path) as f:
                if json.load(f).get("format_version") == FORMAT_VERSION:
                    return final
        except (OSError, ValueError):
            pass
    os.makedirs(root, exist_ok=True)
    nodes, inputs, outputs, kind = BUILDERS[shape](p)
    tmp = tempfile.mkdtemp(prefix=".gen-", dir=root)
    tag = dag_dirname(p).replace("-", "_").replace(".", "_")
    per = p["per_module"]
    modules, node_module = [], {}
    for mi, start in enumerate(range(0, len(nodes), per)):
        chunk = nodes[start : start + per]
        modname = f"bm_{tag}_{mi}"
        with open(os.path.join(tmp, modname + ".py"), "w") as f:
            f.write(_render_module(chunk, kind, modname, shape))
        modules.append(modname)
        for name, _, _ in chunk:
            node_module[name] = modname
    meta = {
        "format_version": FORMAT_VERSION,
        "params": p,
        "shape": shape,
        "n": p["n"],
        "n_nodes": len(nodes),
        "kind": kind,
        "modules": modules,
        "inputs": inputs,
        "outputs": outputs,
        # topological order: [name, module, [deps in parameter order]]
        "topo": [[name, node_module[name], deps] for name, deps, _ in nodes],
        "max_params": max(len(d) for _, d, _ in nodes),
    }
    with open(os.path.join(tmp, "meta.json"), "w") as f:
        json.dump(meta, f)
    try:
        os.rename(tmp, final)
    except OSError:  # someone else won the race; keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", required=True, choices=SHAPES)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--root", default=DEFAULT_ROOT)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layers", type=int, default=None)
    ap.add_argument("--k", type=int, default=None)
    ap.add_argument("--m", type=int, default=None)
    ap.add_argument("--fanin", type=int, default=50)
    ap.add_argument("--per-module", type=int, default=2000)
    a = ap.parse_args(argv)
    path = generate(
        a.shape, a.n, a.root, seed=a.seed, layers=a.layers, k=a.k, m=a.m, fanin=a.fanin, per_module=a.per_module
    )
    print(path)


if __name__ == "__main__":
    sys.exit(main())
