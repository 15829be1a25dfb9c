"""With every package installed, loading the plugins imports no data library or cluster engine."""

import ast
import subprocess
import sys
import textwrap

HEAVY = ("pandas", "numpy", "polars", "pyarrow", "dask", "distributed", "ray", "graphviz", "pandera")

CODE = textwrap.dedent(
    f"""
    import sys
    from hamilton import base, driver, registry
    from hamilton.testing import module_from_source

    listing = registry.plugins()
    for kind in registry.KINDS:
        registry.entries(kind)
    module = module_from_source("light", "def a(x: int) -> int:\\n    return x + 1\\n")
    dr = driver.Driver({{}}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    assert dr.execute(["a"], inputs={{"x": 1}}) == {{"a": 2}}
    print(sorted(p["name"] for p in listing if p["loaded"]))
    print([m for m in {HEAVY!r} if m in sys.modules])
    """
)


def test_loading_every_plugin_imports_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout.splitlines()
    loaded, heavy = ast.literal_eval(out[0]), ast.literal_eval(out[1])
    assert {"core", "pandas", "polars", "arrow", "viz", "dask", "ray", "pandera"} <= set(loaded)
    assert heavy == []


def test_a_library_loads_when_its_builder_is_used():
    code = (
        "import sys\nfrom hamilton import registry\nregistry.result_builders()\n"
        "print('pandas' in sys.modules, 'polars' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True True"
