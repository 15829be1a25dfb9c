import sys
import types

import pytest
from hamilton import driver
from hamilton.errors import CycleError, TypeMismatchError
from hamilton.graph import Graph
from hamilton.node import Node


def _chain(n: int) -> list[Node]:
    nodes = [Node("c0", int, lambda x: x + 1, {"x": int}, positional=1)]
    nodes += [Node(f"c{i}", int, lambda prev: prev + 1, {f"c{i - 1}": int}, positional=1) for i in range(1, n)]
    return nodes


def test_cycle_is_listed(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        def a(c: int) -> int:
            return c

        def b(a: int) -> int:
            return a

        def c(b: int) -> int:
            return b

        def outside(a: int) -> int:
            return a
        """
    )
    with pytest.raises(CycleError) as caught:
        driver.Driver({}, module, adapter=dict_adapter)
    cycle = caught.value.cycle
    assert cycle[0] == cycle[-1]
    assert sorted(cycle[:-1]) == ["a", "b", "c"]
    assert " -> ".join(cycle) in str(caught.value)


def test_type_mismatch_names_both_nodes_and_types(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        def number() -> int:
            return 1

        def text(number: str) -> str:
            return number
        """
    )
    with pytest.raises(TypeMismatchError) as caught:
        driver.Driver({}, module, adapter=dict_adapter)
    message = str(caught.value)
    assert "'text'" in message and "'number'" in message
    assert "str" in message and "int" in message
    assert caught.value.mismatches == [("number", int, "text", str)]


def test_hundred_thousand_node_chain_without_recursion(dict_adapter):
    limit = sys.getrecursionlimit()
    graph = Graph.from_nodes(_chain(100_000), {})
    assert sys.getrecursionlimit() == limit
    assert graph.rank["c99999"] == 99_999
    assert len(graph.upstream(["c99999"])) == 100_001  # every node, plus the input x
    assert len(graph.downstream(["x"])) == 100_001


def test_hundred_thousand_node_chain_executes(dict_adapter):
    module = types.ModuleType("long_chain")

    def step(prev: int) -> int:
        return prev + 1

    for i in range(100_000):
        code = step.__code__.replace(co_name=f"c{i}", co_varnames=(f"c{i - 1}" if i else "x",))
        fn = types.FunctionType(code, {}, f"c{i}")
        fn.__module__ = module.__name__
        setattr(module, f"c{i}", fn)
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.execute(["c99999"], inputs={"x": 0}) == {"c99999": 100_000}


def test_upstream_and_downstream(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        def a(x: int) -> int:
            return x

        def b(a: int) -> int:
            return a

        def c(a: int, y: int) -> int:
            return a + y

        def d(b: int) -> int:
            return b
        """
    )
    dr = driver.Driver({}, module, adapter=dict_adapter)
    # external inputs first (by name), then nodes in dependency order
    assert [v.name for v in dr.what_is_upstream_of("c")] == ["x", "y", "a", "c"]
    assert {v.name for v in dr.what_is_downstream_of("a")} == {"a", "b", "c", "d"}
    assert {v.name for v in dr.what_is_downstream_of("y")} == {"y", "c"}
    with pytest.raises(ValueError, match="'nope'"):
        dr.what_is_upstream_of("nope")
