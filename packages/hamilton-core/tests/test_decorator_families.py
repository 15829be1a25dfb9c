"""The core's decorator families on the extension point: node names, values, tags, stacking and errors."""

import pytest
from hamilton import base, driver
from hamilton.function_modifiers import (
    InvalidDecoratorException,
    group,
    parameterize,
    schema,
    source,
    tag,
    value,
)
from hamilton.function_modifiers.base import NodeTransformer, resolve_nodes
from hamilton.testing import DecoratorContract


def _driver(module, config=None):
    return driver.Driver(config or {}, module, adapter=base.DictResult())


SOURCE = '''
from hamilton.function_modifiers import (
    config, extract_fields, group, inject, parameterize, schema, source, tag, tag_outputs, unpack_fields, value,
)

def a() -> int:
    return 1

def b() -> int:
    return 2

@tag(owner="c")
@parameterize(p1=dict(k=value(10)), p2=dict(k=source("b")))
def par(k: int, a: int) -> int:
    """k is {k}"""
    return k + a

@inject(nums=group(source("a"), source("b"), value(3)), named=group(x=source("a"), y=value(5)))
def summed(nums: list[int], named: dict[str, int]) -> int:
    return sum(nums) + sum(named.values())

@unpack_fields("first", "second")
def pair(a: int) -> tuple[int, str]:
    return a, "two"

@tag_outputs(low={"side": "low"}, high={"side": "high"})
@extract_fields({"low": int, "high": int})
def bounds(a: int) -> dict:
    return {"low": a - 1, "high": a + 1}

@schema.output(("spend", "float"), ("signups", "int"))
def table(a: int) -> dict:
    return {"spend": [1.0], "signups": [a]}

@config.when(mode="fast")
@tag(speed="fast")
def speed__fast(a: int) -> int:
    return a * 100

@config.when_not(mode="fast")
def speed__slow(a: int) -> int:
    return a
'''


class TestCoreFamilies(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(SOURCE)

    @pytest.fixture
    def config(self):
        return {"mode": "fast"}

    @pytest.fixture
    def expected_nodes(self):
        return {"p1", "p2", "summed", "pair", "first", "second", "bounds", "low", "high", "table", "speed"}

    @pytest.fixture
    def expected_values(self):
        return {
            "p1": 11,
            "p2": 3,
            "summed": 1 + 2 + 3 + 1 + 5,
            "first": 1,
            "second": "two",
            "low": 0,
            "high": 2,
            "speed": 100,
        }


@pytest.fixture
def dr(dataflow_module):
    return _driver(dataflow_module(SOURCE), {"mode": "fast"})


def test_tags_follow_the_originals_targets(dr):
    tags = {v.name: v.tags for v in dr.list_available_variables()}
    assert tags["p1"] == {"owner": "c"} and tags["p2"] == {"owner": "c"}
    assert tags["low"] == {"side": "low"} and tags["high"] == {"side": "high"} and tags["bounds"] == {}
    assert tags["table"] == {"hamilton.internal.schema_output": "spend=float,signups=int"}
    assert tags["speed"] == {"speed": "fast", "hamilton.config": "mode"}


def test_parameterize_formats_the_docstring_and_rewires(dr):
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["p1"].doc == "k is 10" and variables["p2"].doc == "k is b"
    assert {v.name for v in dr.what_is_upstream_of("p2")} == {"p2", "a", "b"}


def test_inject_groups_depend_on_each_source(dr):
    assert {v.name for v in dr.what_is_upstream_of("summed")} == {"summed", "a", "b"}


def test_config_picks_the_variant(dataflow_module):
    slow = _driver(dataflow_module(SOURCE), {"mode": "slow"})
    assert slow.raw_execute(["speed"]) == {"speed": 1}
    assert slow.list_available_variables()[0].name  # built
    assert {v.name: v.tags for v in slow.list_available_variables()}["speed"] == {"hamilton.config": "mode"}


def test_originating_functions_name_the_decorated_function(dr, dataflow_module):
    variables = {v.name: v for v in dr.list_available_variables()}
    assert [f.__name__ for f in variables["low"].originating_functions] == ["bounds"]
    assert [f.__name__ for f in variables["speed"].originating_functions] == ["speed__fast"]


def test_asking_for_an_output_by_its_function(dr):
    module_fn = next(f for v in dr.list_available_variables() if v.name == "bounds" for f in v.originating_functions)
    assert dr.raw_execute([module_fn]) == {"bounds": {"low": 0, "high": 2}}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "@parameterize(out=dict(nope=value(1)))\ndef f(x: int) -> int:\n    return x",
            r"@parameterize on .*\.f, output 'out', binds 'nope'",
        ),
        (
            "@unpack_fields('a', 'b')\ndef f(x: int) -> tuple[int, int, int]:\n    return (1, 2, 3)",
            r"@unpack_fields on .*\.f names 2 fields but the function returns a tuple of 3",
        ),
        (
            "@tag_outputs(missing={'a': 'b'})\ndef f(x: int) -> int:\n    return x",
            r"\.f: @tag_outputs names 'missing', which the function does not make",
        ),
        (
            "@tag(x='1', target_='nope')\ndef f(x: int) -> int:\n    return x",
            r"\.f: @tag failed: @tag targets 'nope'",
        ),
    ],
)
def test_a_decorator_used_wrongly_is_named_when_the_driver_is_built(dataflow_module, code, message):
    header = "from hamilton.function_modifiers import parameterize, tag, tag_outputs, unpack_fields, value\n"
    module = dataflow_module(header + code)
    with pytest.raises(InvalidDecoratorException, match=message):
        _driver(module)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: tag(**{"hamilton.x": "1"}), r"invalid tag\(s\) hamilton.x='1'"),
        (lambda: tag(x=1), r"invalid tag\(s\) x=1"),
        (lambda: parameterize(out=dict(x=1)), r"out\.x is 1; wrap it in value"),
        (lambda: group(source("a"), x=value(1)), "either all positional"),
        (lambda: schema.output("spend"), r'takes \("name", "type"\) pairs'),
    ],
)
def test_bad_arguments_are_refused_when_decorating(make, message):
    with pytest.raises((InvalidDecoratorException, TypeError, ValueError), match=message):
        make()


def test_only_one_expander_per_function():
    from hamilton.function_modifiers import extract_fields

    with pytest.raises(InvalidDecoratorException, match=r"@extract_fields cannot be combined with @parameterize"):

        @extract_fields({"a": int})
        @parameterize(out=dict(x=value(1)))
        def f(x: int) -> dict:
            return {"a": x}


def test_transformers_apply_innermost_first():
    seen = []

    class Record(NodeTransformer):
        def __init__(self, label):
            super().__init__(target=None)
            self.label = label

        def transform_node(self, node_, config, fn):
            seen.append(self.label)
            return [node_]

    @Record("outer")
    @Record("inner")
    def f(x: int) -> int:
        return x

    (node,) = resolve_nodes(f, {}, "f")
    assert seen == ["inner", "outer"] and node.name == "f"


def test_an_input_names_the_function_of_the_first_node_reading_it(dataflow_module):
    # as the original, which crawls a module's functions by name: `apple` reads `x` before `zebra` does
    module = dataflow_module(
        """
        def zebra(x: int, y: int) -> int:
            return x + y

        def apple(x: int) -> int:
            return x
        """
    )
    variables = {v.name: v for v in _driver(module).list_available_variables()}
    assert [f.__name__ for f in variables["x"].originating_functions] == ["apple"]
    assert [f.__name__ for f in variables["y"].originating_functions] == ["zebra"]
    assert variables["x"].is_external_input and variables["x"].type is int
