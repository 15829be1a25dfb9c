"""Random DAGs executed by the Driver give what calling the functions directly gives."""

from hamilton import base, driver
from hamilton.testing import module_from_source
from hypothesis import given, settings
from hypothesis import strategies as st


@st.composite
def dags(draw):
    size = draw(st.integers(min_value=1, max_value=25))
    deps = [draw(st.lists(st.integers(0, i - 1), unique=True, max_size=4)) if i else [] for i in range(size)]
    factors = draw(st.lists(st.integers(-5, 5), min_size=size, max_size=size))
    outputs = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=5, unique=True))
    overridden = draw(st.lists(st.integers(0, size - 1), max_size=2, unique=True))
    return size, deps, factors, outputs, overridden


_counter = iter(range(10**9))


@settings(max_examples=60, deadline=None)
@given(dags(), st.integers(-100, 100))
def test_driver_matches_direct_calls(dag, x):
    _size, deps, factors, outputs, overridden = dag
    source = "".join(
        f"def n{i}({', '.join(['x: int'] + [f'n{d}: int' for d in ds])}) -> int:\n"
        f"    return x * {factors[i]} + {' + '.join(['0'] + [f'n{d} * {j + 2}' for j, d in enumerate(ds)])}\n"
        for i, ds in enumerate(deps)
    )
    module = module_from_source(f"random_dag_{next(_counter)}", source)
    overrides = {f"n{i}": 1000 + i for i in overridden}

    expected: dict[str, int] = {}
    for i, ds in enumerate(deps):
        name = f"n{i}"
        if name in overrides:
            expected[name] = overrides[name]
        else:
            expected[name] = getattr(module, name)(x, *[expected[f"n{d}"] for d in ds])

    dr = driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult()))
    names = [f"n{i}" for i in outputs]
    assert dr.execute(names, inputs={"x": x}, overrides=overrides) == {n: expected[n] for n in names}
