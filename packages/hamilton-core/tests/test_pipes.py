"""step, @pipe_input, @pipe_output and @mutate: the original's node names, values by hand, errors at decoration."""

import pytest
from hamilton import base, driver
from hamilton.function_modifiers import (
    InvalidDecoratorException,
    apply_to,
    pipe,
    pipe_input,
    pipe_output,
    step,
    value,
)
from hamilton.function_modifiers.macros import NotSameModuleError
from hamilton.testing import DecoratorContract


def _driver(module, config=None):
    return driver.Driver(config or {}, module, adapter=base.DictResult())


def _names(dr):
    return {v.name for v in dr.list_available_variables()}


PIPES = '''
from hamilton.function_modifiers import pipe_input, pipe_output, step, source, tag, value, extract_fields

def _add(x: int, n: int) -> int:
    """adds n"""
    return x + n

def _times(x: int, by: int = 2) -> int:
    return x * by

def start() -> int:
    return 5

@tag(kind="in")
@pipe_input(
    step(_add, n=value(1)),
    step(_times, by=source("factor")),
    step(_add, 100).named("hundred"),
)
def piped(start: int, other: int) -> int:
    return start + other

@pipe_input(
    step(_add, n=value(1)),
    step(_add, n=value(2)),
    step(_add, n=value(3)).when(mode="big"),
    step(_add, n=value(4)).when_not(mode="big").named("four", namespace=None),
)
def repeated(start: int) -> int:
    return start

@tag(kind="out")
@pipe_output(step(_add, n=value(1)), step(_times).named("twice"))
def out(start: int) -> int:
    return start

@pipe_output(step(_add, n=value(10)).on_output("low"), step(_times, by=3))
@extract_fields({"low": int, "high": int})
def bounds(start: int) -> dict:
    return {"low": start - 1, "high": start + 1}
'''


@pytest.fixture
def pipes(dataflow_module):
    return dataflow_module(PIPES)


def test_pipe_input_nodes_are_named_as_the_original(pipes):
    dr = _driver(pipes, {"mode": "small"})
    assert {"piped.with_add", "piped.with_times", "piped.hundred"} <= _names(dr)
    assert {v.name for v in dr.what_is_upstream_of("piped")} == {
        "piped",
        "piped.hundred",
        "piped.with_times",
        "piped.with_add",
        "start",
        "factor",
        "other",
    }
    # repeats get _1, _2...; a step left out by its condition takes no number; namespace=None means none
    assert {v.name for v in dr.what_is_upstream_of("repeated")} == {
        "repeated",
        "repeated.with_add",
        "repeated.with_add_1",
        "four",
        "start",
    }


def test_pipe_input_values_by_hand(pipes):
    got = _driver(pipes, {"mode": "small"}).execute(["piped", "repeated"], inputs={"factor": 3, "other": 1000})
    # piped: ((5 + 1) * 3 + 100) + 1000; repeated: 5 + 1 + 2 + 4
    assert got == {"piped": 1118, "repeated": 12}
    assert _driver(pipes, {"mode": "big"}).execute(["repeated"]) == {"repeated": 5 + 1 + 2 + 3}


def test_step_nodes_carry_the_step_function_and_tags_stay_on_the_function(pipes):
    variables = {v.name: v for v in _driver(pipes, {"mode": "small"}).list_available_variables()}
    assert variables["piped.with_add"].doc == "adds n" and variables["piped.with_add"].tags == {}
    assert variables["piped"].tags == {"kind": "in"}
    assert [f.__name__ for f in variables["piped.with_add"].originating_functions] == ["piped"]


def test_pipe_output_renames_the_function_raw(pipes):
    dr = _driver(pipes, {"mode": "small"})
    # the unbound `by` of _times reads a node (here an input) of its own name, optional since it has a default
    upstream = {"out", "out.raw", "out.with_add", "out.twice", "start", "by"}
    assert {v.name for v in dr.what_is_upstream_of("out")} == upstream
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["out"].tags == {"kind": "out"} and variables["out.raw"].tags == {}
    assert variables["by"].is_external_input
    assert dr.execute(["out"]) == {"out": (5 + 1) * 2}
    assert dr.execute(["out"], inputs={"by": 10}) == {"out": 60}


def test_pipe_output_applies_to_each_final_node_and_on_output_limits_a_step(pipes):
    dr = _driver(pipes, {"mode": "small"})
    low = {"low", "low.raw", "low.with_add", "low.with_times", "bounds", "start"}
    assert {v.name for v in dr.what_is_upstream_of("low")} == low
    assert {v.name for v in dr.what_is_upstream_of("high")} == {
        "high",
        "high.raw",
        "high.with_times",
        "bounds",
        "start",
    }
    assert dr.execute(["low", "high"]) == {"low": (4 + 10) * 3, "high": 6 * 3}


class TestPipesContract(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, pipes):
        return pipes

    @pytest.fixture
    def config(self):
        return {"mode": "small"}

    @pytest.fixture
    def expected_nodes(self):
        return {
            "piped",
            "piped.with_add",
            "piped.with_times",
            "piped.hundred",
            "repeated",
            "repeated.with_add",
            "repeated.with_add_1",
            "four",
            "out",
            "out.raw",
            "out.with_add",
            "out.twice",
            "bounds",
            "low",
            "low.raw",
            "low.with_add",
            "low.with_times",
            "high",
            "high.raw",
            "high.with_times",
        }

    @pytest.fixture
    def expected_values(self):
        return {"piped": 1118, "out": 12, "low": 42}

    @pytest.fixture
    def inputs(self):
        return {"factor": 3, "other": 1000}


def test_namespaces_of_a_chain(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import pipe_input, pipe_output, step, value

        def _inc(x: int) -> int:
            return x + 1

        def __twice(x: int) -> int:
            return x * 2

        @pipe_input(step(_inc), step(_inc).named("second"), namespace="grp")
        def grouped(a: int) -> int:
            return a

        @pipe_input(step(_inc), namespace=None)
        def bare(a: int) -> int:
            return a

        @pipe_output(step(__twice), step(_inc).named("q"), namespace="out_ns")
        def spaced(a: int) -> int:
            return a
        """
    )
    dr = _driver(module)
    assert {"grp.with_inc", "grp.second", "with_inc", "spaced.raw", "out_ns.with__twice", "out_ns.q"} <= _names(dr)
    assert dr.execute(["grouped", "bare", "spaced"], inputs={"a": 1}) == {"grouped": 3, "bare": 2, "spaced": 3}


def test_on_input_chooses_the_parameter_and_steps_may_target_several(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import pipe_input, step, value

        def _inc(x: int, by: int = 1) -> int:
            return x + by

        @pipe_input(step(_inc, by=value(10)), on_input="q")
        def second(p: int, q: int) -> int:
            return p * 100 + q

        @pipe_input(step(_inc).on_input(["p", "r"]), step(_inc, by=value(5)).on_input("q"))
        def several(p: int, q: int, r: int) -> int:
            return p * 10000 + q * 100 + r
        """
    )
    dr = _driver(module)
    assert {v.name for v in dr.what_is_upstream_of("second")} == {"second", "second.with_inc", "p", "q"}
    assert {"several.p.with_inc", "several.q.with_inc", "several.r.with_inc"} <= _names(dr)
    got = dr.execute(["second", "several"], inputs={"p": 1, "q": 2, "r": 3, "by": 1})
    assert got == {"second": 100 + 12, "several": 2 * 10000 + 7 * 100 + 4}


def test_pipe_is_the_deprecated_name_of_pipe_input():
    with pytest.warns(DeprecationWarning, match="use @pipe_input"):
        made = pipe(step(abs))
    assert isinstance(made, pipe_input)


# ---------------------------------------------------------------------------- mutate

MUTATE = '''
from hamilton.function_modifiers import apply_to, extract_fields, mutate, pipe_output, source, step, value

def _x10(v: int) -> int:
    return v * 10

def data_1() -> int:
    return 1

@pipe_output(step(_x10))
def data_2() -> int:
    return 2

@extract_fields({"f1": int, "f2": int})
def fields() -> dict:
    return {"f1": 10, "f2": 20}

@mutate(data_1, data_2)
def _add_one(x: int) -> int:
    """adds one"""
    return x + 1

@mutate(apply_to(data_1, n=source("data_2")).named("joined"), apply_to(fields).on_output("f1"))
def _plus(x: int, n: int = 5) -> int:
    return x + n

@mutate(data_1, factor=value(3))
def times(x: int, factor: int) -> int:
    return x * factor
'''


def test_mutate_appends_steps_to_each_target_in_module_order(dataflow_module):
    dr = _driver(dataflow_module(MUTATE))
    names = _names(dr)
    assert "times" not in names and "_add_one" not in names  # a mutating function is no node
    assert {v.name for v in dr.what_is_upstream_of("data_1")} >= {
        "data_1",
        "data_1.raw",
        "data_1.with_add_one",
        "data_1.joined",
        "data_1.with_times",
        "data_2",
    }
    # data_2 already had a @pipe_output: the mutation joins that chain (one data_2.raw)
    assert {v.name for v in dr.what_is_upstream_of("data_2")} == {
        "data_2",
        "data_2.raw",
        "data_2.with_x10",
        "data_2.with_add_one",
    }
    assert {v.name for v in dr.what_is_upstream_of("f2")} == {"f2", "fields"}
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["data_1.with_add_one"].doc == "adds one"
    # data_2: 2 * 10 + 1 = 21; data_1: ((1 + 1) + 21) * 3; f1: 10 + 5 (n's default)
    assert dr.execute(["data_1", "data_2", "f1", "f2"]) == {"data_1": 69, "data_2": 21, "f1": 15, "f2": 20}


def test_mutate_refuses_a_function_of_another_module(dataflow_module):
    other = dataflow_module("def elsewhere() -> int:\n    return 1\n")
    from hamilton.function_modifiers import mutate

    with pytest.raises(NotSameModuleError, match=r"changes .*elsewhere, from another module"):

        @mutate(other.elsewhere)
        def _change(x: int) -> int:
            return x


# ---------------------------------------------------------------------------- errors at decoration


def _add(x: int, n: int) -> int:
    return x + n


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: pipe_input(step(_add, nn=value(1))), r"'nn' match\(es\) no parameter of _add after the first"),
        (lambda: pipe_input(step(_add, x=value(1))), r"'x' is the first parameter, which takes the piped value"),
        (lambda: pipe_input(step(_add, 1, 2)), r"2 positional argument\(s\) for 1 parameter"),
        (lambda: pipe_input(step(_add, 1, n=2)), r"'n' given by position and by name"),
        (lambda: pipe_input(step(_add, n=1), on_input="zz"), r"on_input names 'zz', which match\(es\) no parameter"),
        (lambda: pipe_input(), r"needs at least one step"),
        (lambda: pipe_input(step(_add, n=1).named("a", namespace="x"), namespace="y"), r"set both for the whole chain"),
        (lambda: pipe_output(step(_add, n=1), collapse=True), r"collapse=True\) is not supported"),
        (lambda: pipe_output(_add), r"takes step\(fn, ...\) objects"),
    ],
)
def test_a_wrong_pipe_names_function_and_decorator(make, message):
    with pytest.raises(InvalidDecoratorException, match=message):

        @make()
        def target(a: int) -> int:
            return a


def test_a_pipe_on_a_function_without_parameters_is_refused():
    with pytest.raises(InvalidDecoratorException, match=r"\.nothing: @pipe_input pipes a parameter.*takes none"):

        @pipe_input(step(_add, n=1))
        def nothing() -> int:
            return 1


def test_pipe_output_on_output_naming_nothing_is_refused_when_the_driver_is_built(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import pipe_output, step

        def _inc(x: int) -> int:
            return x + 1

        @pipe_output(step(_inc), on_output="zz")
        def f(a: int) -> int:
            return a
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.f: @pipe_output failed: @pipe_output targets 'zz'"):
        _driver(module)


def test_apply_to_and_step_take_functions():
    with pytest.raises(InvalidDecoratorException, match="apply_to"):
        apply_to("data_1")
    with pytest.raises(InvalidDecoratorException, match="step"):
        step("not a function")


def test_a_step_may_name_a_type_the_module_defines_further_down(dataflow_module):
    module = dataflow_module(
        """
        from __future__ import annotations

        from hamilton.function_modifiers import pipe_output, step

        def _double(box: Box) -> Box:
            return Box(box.content * 2)

        @pipe_output(step(_double))
        def boxed(a: int) -> Box:
            return Box(a)

        class Box:
            def __init__(self, content):
                self.content = content
        """
    )
    assert _driver(module).execute(["boxed"], inputs={"a": 3})["boxed"].content == 6


class TestMutateContract(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(MUTATE)

    @pytest.fixture
    def expected_nodes(self):
        return {
            "data_1",
            "data_1.raw",
            "data_1.with_add_one",
            "data_1.joined",
            "data_1.with_times",
            "data_2",
            "data_2.raw",
            "data_2.with_x10",
            "data_2.with_add_one",
            "fields",
            "f1",
            "f1.raw",
            "f1.with_plus",
            "f2",
        }

    @pytest.fixture
    def expected_values(self):
        return {"data_1": 69, "data_2": 21, "f1": 15}


def test_pipe_output_keeps_its_steps_in_its_own_namespace_as_the_original(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import pipe_input, pipe_output, step

        def _inc(x: int) -> int:
            return x + 1

        @pipe_output(step(_inc).named("y", namespace="ignored"))
        def out(a: int) -> int:
            return a

        @pipe_output(step(_inc).named(""))
        def blank(a: int) -> int:
            return a

        @pipe_input(step(_inc).named("", namespace="kept"))
        def into(a: int) -> int:
            return a
        """
    )
    dr = _driver(module)
    assert {v.name for v in dr.what_is_upstream_of("out", "blank", "into")} == {
        "out",
        "out.raw",
        "out.y",
        "blank",
        "blank.raw",
        "blank.",
        "into",
        "kept.",
        "a",
    }
    assert dr.execute(["out", "blank", "into"], inputs={"a": 1}) == {"out": 2, "blank": 2, "into": 2}


def test_an_expander_above_pipe_input_shares_the_steps(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import parameterize, pipe_input, step, value

        def _inc(x: int) -> int:
            return x + 1

        @parameterize(v1=dict(k=value(1)), v2=dict(k=value(2)))
        @pipe_input(step(_inc))
        def f(x: int, k: int) -> int:
            return x * 10 + k
        """
    )
    dr = _driver(module)
    assert {v.name for v in dr.what_is_upstream_of("v1", "v2")} == {"v1", "v2", "f.with_inc", "x"}
    assert dr.execute(["v1", "v2"], inputs={"x": 3}) == {"v1": 41, "v2": 42}
