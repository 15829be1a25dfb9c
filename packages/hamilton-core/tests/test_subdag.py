"""@subdag and @parameterized_subdag: the original's namespaced nodes, values by hand, and errors."""

import pytest
from hamilton import base, driver
from hamilton.function_modifiers import InvalidDecoratorException, parameterized_subdag, subdag, value
from hamilton.function_modifiers.base import NON_FINAL_TAG
from hamilton.testing import DecoratorContract

INNER = '''
from hamilton.function_modifiers import config

def doubled(x: int) -> int:
    """Twice x."""
    return x * 2

def plus_k(doubled: int, k: int) -> int:
    return doubled + k

@config.when(mode="a")
def final__a(plus_k: int) -> int:
    return plus_k * 100

@config.when(mode="b")
def final__b(plus_k: int) -> int:
    return plus_k * 1000
'''

OUTER = """
import subdag_inner
from hamilton.function_modifiers import parameterized_subdag, source, subdag, tag, value

def base_x() -> int:
    return 3

@tag(owner="me")
@subdag(subdag_inner, inputs={"x": source("base_x"), "k": value(7)}, config={"mode": "a"})
def result_a(final: int, doubled: int) -> int:
    return final + doubled

@subdag(subdag_inner, inputs={"x": source("base_x")}, config={"mode": "b"}, namespace="bee")
def result_b(final: int) -> int:
    return final

def _shift(y: int, by: int = 1) -> int:
    return y + by

@subdag(_shift, inputs={"y": source("base_x")}, final_node_name="shifted")
def shift_it(_shift: int) -> int:
    return _shift

@parameterized_subdag(
    subdag_inner,
    inputs={"x": source("base_x")},
    config={"mode": "a"},
    one={"inputs": {"k": value(1)}},
    two={"inputs": {"k": value(2)}, "config": {"mode": "b"}},
)
def variant(final: int) -> int:
    return final + 1
"""


@pytest.fixture
def outer(dataflow_module):
    dataflow_module(INNER, name="subdag_inner")
    return dataflow_module(OUTER)


def _driver(module, config=None):
    return driver.Driver(config or {}, module, adapter=base.DictResult())


def test_subdag_nodes_are_namespaced_and_tagged_as_the_original(outer):
    dr = _driver(outer)
    variables = {v.name: v for v in dr.list_available_variables()}
    assert {v.name for v in dr.what_is_upstream_of("result_a")} == {
        "result_a",
        "result_a.final",
        "result_a.plus_k",
        "result_a.doubled",
        "result_a.x",
        "result_a.k",
        "base_x",
    }
    # the subdag's config keys are nodes too; a name nothing inside binds (k) reads the outer DAG
    assert {"result_a.mode", "bee.mode", "bee.x", "bee.final"} <= set(variables)
    assert {v.name for v in dr.what_is_upstream_of("result_b")} >= {"bee.plus_k", "k", "base_x"}
    assert variables["k"].is_external_input
    assert variables["result_a"].tags == {"owner": "me"}
    assert variables["result_a.final"].tags == {"hamilton.config": "mode", NON_FINAL_TAG: True}
    assert variables["result_a.x"].tags == {NON_FINAL_TAG: True} and variables["result_a.x"].type is int
    assert variables["result_a.mode"].type is str
    assert variables["result_a.doubled"].doc == "Twice x."
    assert [f.__name__ for f in variables["result_a.doubled"].originating_functions] == ["doubled", "result_a"]


def test_subdag_values_by_hand(outer):
    got = _driver(outer).execute(["result_a", "result_b", "shifted"], inputs={"k": 1})
    # result_a: (3*2 + 7) * 100 + 3*2; result_b: (3*2 + 1) * 1000; shifted: 3 + 1
    assert got == {"result_a": 1306, "result_b": 7000, "shifted": 4}


def test_the_outer_config_reaches_the_subdag_unless_it_sets_the_key(dataflow_module):
    dataflow_module(INNER, name="subdag_inner")
    module = dataflow_module(
        """
        import subdag_inner
        from hamilton.function_modifiers import subdag, value

        @subdag(subdag_inner, inputs={"k": value(1)})
        def res(final: int) -> int:
            return final
        """
    )
    assert _driver(module, {"mode": "b"}).execute(["res"], inputs={"x": 1}) == {"res": 3000}
    assert _driver(module, {"mode": "a"}).execute(["res"], inputs={"x": 1}) == {"res": 300}


def test_parameterized_subdag_makes_one_namespaced_dag_per_variant(outer):
    dr = _driver(outer)
    assert {v.name for v in dr.what_is_upstream_of("two")} == {
        "two",
        "two.final",
        "two.plus_k",
        "two.doubled",
        "two.x",
        "two.k",
        "base_x",
    }
    assert [f.__name__ for f in {v.name: v for v in dr.list_available_variables()}["one"].originating_functions] == [
        "variant"
    ]
    assert dr.execute(["one", "two"]) == {"one": (6 + 1) * 100 + 1, "two": (6 + 2) * 1000 + 1}


class TestSubdagContract(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, outer):
        return outer

    @pytest.fixture
    def expected_nodes(self):
        shared = ("final", "plus_k", "doubled", "x", "mode")
        return {
            "result_a",
            "result_a.k",
            *(f"result_a.{n}" for n in shared),
            "result_b",
            *(f"bee.{n}" for n in shared),
            "shifted",
            "shift_it._shift",
            "shift_it.y",
            "one",
            "one.k",
            "two",
            "two.k",
            *(f"one.{n}" for n in shared),
            *(f"two.{n}" for n in shared),
        }

    @pytest.fixture
    def expected_values(self):
        return {"result_a": 1306, "result_b": 7000, "shifted": 4, "one": 701}

    @pytest.fixture
    def inputs(self):
        return {"k": 1}


# ---------------------------------------------------------------------------- errors


def _inner(x: int) -> int:
    return x + 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: subdag(_inner, inputs={"x": value(1)}, config={"x": 2}), r"'x' given both in inputs= and in config="),
        (lambda: subdag(_inner, inputs={"x": 1}), r"inputs are source\(...\) .* or value\(...\)"),
        (lambda: subdag(), r"needs the modules or functions of its DAG first"),
        (lambda: subdag("not a module"), r"loads its DAG from modules and functions"),
        (lambda: subdag(_inner, namespace=""), r"namespace=...\) takes a name"),
        (lambda: subdag(_inner, external_inputs="x"), r"external_inputs=...\) takes a list of names"),
        (lambda: parameterized_subdag(_inner), r"needs at least one variant"),
        (lambda: parameterized_subdag(_inner, one={"inputz": {}}), r"variant 'one' is a dict with keys among inputs"),
    ],
)
def test_wrong_subdag_arguments_are_refused_where_written(make, message):
    with pytest.raises(InvalidDecoratorException, match=message):
        make()


def test_a_node_loaded_twice_is_named_when_the_driver_is_built(dataflow_module):
    dataflow_module("def _inner(x: int) -> int:\n    return x\n", name="subdag_twice")
    module = dataflow_module(
        """
        import subdag_twice
        from hamilton.function_modifiers import subdag

        def _inner(x: int) -> int:
            return x + 1

        @subdag(_inner, subdag_twice._inner)
        def res(_inner: int) -> int:
            return _inner
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.res: @subdag: the node '_inner' is defined twice"):
        _driver(module)


def test_an_input_naming_a_node_the_subdag_computes_is_named(outer, dataflow_module):
    module = dataflow_module(
        """
        import subdag_inner
        from hamilton.function_modifiers import subdag, value

        @subdag(subdag_inner, inputs={"doubled": value(5), "k": value(1)}, config={"mode": "a"})
        def res(final: int) -> int:
            return final
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.res: @subdag: 'doubled' in inputs= also name\(s\) a node"):
        _driver(module)


def test_a_subdag_over_a_decorated_function_keeps_its_decorators(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import extract_fields, subdag

        @extract_fields({"lo": int, "hi": int})
        def _bounds(x: int) -> dict:
            return {"lo": x - 1, "hi": x + 1}

        @subdag(_bounds)
        def spread(lo: int, hi: int) -> int:
            return hi - lo
        """
    )
    dr = _driver(module)
    assert {v.name for v in dr.what_is_upstream_of("spread")} == {
        "spread",
        "spread.lo",
        "spread.hi",
        "spread._bounds",
        "x",
    }
    assert dr.execute(["spread"], inputs={"x": 10}) == {"spread": 2}
