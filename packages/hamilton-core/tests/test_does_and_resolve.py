"""@does and @resolve: the original's behaviour, values by hand, and their errors."""

import pytest
from hamilton import base, driver, settings
from hamilton.function_modifiers import (
    InvalidDecoratorException,
    ResolveAt,
    does,
    resolve,
    tag,
)
from hamilton.function_modifiers.base import MissingConfigParametersException
from hamilton.testing import DecoratorContract

POWER = {settings.ENABLE_POWER_USER_MODE: True}


def _driver(module, config=None):
    return driver.Driver(config or {}, module, adapter=base.DictResult())


DOES = '''
from hamilton.function_modifiers import does, extract_fields, tag

def _sum_all(**values: int) -> int:
    return sum(values.values())

def _add(x: int, y: int = 10) -> int:
    return x + y

def _pair(a: int) -> dict:
    return {"p": a, "q": a * 2}

@tag(kind="sum")
@does(_sum_all)
def total(a: int, b: int = 3) -> int:
    """Adds a and b."""
    pass

@does(_add, x="a")
def shifted(a: int, y: int = 4) -> int:
    ...

@extract_fields({"p": int, "q": int})
@does(_pair)
def pq(a: int) -> dict:
    """Only a docstring."""
'''


class TestDoes(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(DOES)

    @pytest.fixture
    def expected_nodes(self):
        return {"total", "shifted", "pq", "p", "q"}

    @pytest.fixture
    def expected_values(self):
        # total: 1 + 3 (the decorated function's default); shifted: 1 + 4 (its own default wins over _add's)
        return {"total": 4, "shifted": 5, "p": 1, "q": 2}

    @pytest.fixture
    def inputs(self):
        return {"a": 1}


def test_does_keeps_the_decorated_signature_name_doc_and_tags(dataflow_module):
    dr = _driver(dataflow_module(DOES))
    variables = {v.name: v for v in dr.list_available_variables()}
    assert variables["total"].doc == "Adds a and b." and variables["total"].tags == {"kind": "sum"}
    assert {v.name for v in dr.what_is_upstream_of("total")} == {"total", "a", "b"}
    assert {v.name for v in dr.what_is_upstream_of("shifted")} == {"shifted", "a", "y"}
    assert dr.execute(["total", "shifted"], inputs={"a": 1, "b": 100, "y": 0}) == {"total": 101, "shifted": 1}


def _add(x: int, y: int = 10) -> int:
    return x + y


def _sum_all(**values: int) -> int:
    return sum(values.values())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: does(_add), r"\.f: @does replaces the function's body with _add, so the body must be empty"),
        (lambda: does(_add, x=1), r"maps the replacing function's parameters .* by name"),
        (lambda: does("not callable"), r"takes the function that computes the node"),
    ],
)
def test_does_refuses_a_body_and_bad_arguments(make, message):
    with pytest.raises(InvalidDecoratorException, match=message):

        @make()
        def f(x: int) -> int:
            return x


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"zz": "x"}, r"the mapping names 'zz', which the replacing function does not take"),
        ({"x": "nope"}, r"the mapping reads 'nope', which the decorated function does not take"),
        ({}, r"it would be passed 'extra', which it does not take"),
    ],
)
def test_does_signatures_that_do_not_fit_are_named(mapping, message):
    with pytest.raises(InvalidDecoratorException, match=message) as caught:

        @does(_add, **mapping)
        def f(x: int, extra: int) -> int:
            pass

    assert ".f(x: int, extra: int) -> int cannot be computed by @does(_add" in str(caught.value)


def test_does_needs_its_required_parameters_fed():
    def _needs_two(x: int, z: int) -> int:
        return x + z

    with pytest.raises(InvalidDecoratorException, match=r"nothing feeds its required parameter\(s\) 'z'"):

        @does(_needs_two)
        def f(x: int) -> int:
            pass

    # **kwargs takes anything
    @does(_sum_all)
    def g(x: int, y: int) -> int:
        pass


# ---------------------------------------------------------------------------- resolve

RESOLVE = """
from hamilton.function_modifiers import ResolveAt, extract_fields, parameterize, resolve, resolve_from_config, tag, value

@resolve(
    when=ResolveAt.CONFIG_AVAILABLE,
    decorate_with=lambda outputs: parameterize(**{o: {"x": value(i)} for i, o in enumerate(outputs)}),
)
def made(x: int) -> int:
    return x * 10

@resolve_from_config(decorate_with=lambda owner="nobody": tag(owner=owner))
def owned(x: int) -> int:
    return x
"""


class TestResolve(DecoratorContract):
    @pytest.fixture
    def decorated_module(self, dataflow_module):
        return dataflow_module(RESOLVE)

    @pytest.fixture
    def config(self):
        return {**POWER, "outputs": ["o1", "o2"]}

    @pytest.fixture
    def expected_nodes(self):
        return {"o1", "o2", "owned"}

    @pytest.fixture
    def expected_values(self):
        return {"o1": 0, "o2": 10, "owned": 7}

    @pytest.fixture
    def inputs(self):
        return {"x": 7}


def test_resolve_reads_config_with_defaults(dataflow_module):
    module = dataflow_module(RESOLVE)
    tags = {
        v.name: v.tags for v in _driver(module, {**POWER, "outputs": ["a"], "owner": "me"}).list_available_variables()
    }
    assert tags["owned"] == {"owner": "me"} and "a" in tags
    tags = {v.name: v.tags for v in _driver(module, {**POWER, "outputs": ["b"]}).list_available_variables()}
    assert tags["owned"] == {"owner": "nobody"}


def test_resolve_needs_power_user_mode(dataflow_module):
    module = dataflow_module(RESOLVE)
    with pytest.raises(InvalidDecoratorException, match=r"\.made: @resolve .* power-user mode; pass 'hamilton.enable"):
        _driver(module, {"outputs": ["a"]})
    with pytest.raises(InvalidDecoratorException, match="power-user mode"):
        _driver(module, {settings.ENABLE_POWER_USER_MODE: False, "outputs": ["a"]})


def test_resolve_names_a_missing_config_key(dataflow_module):
    with pytest.raises(MissingConfigParametersException, match=r"\.made: @resolve needs the config key\(s\) 'outputs'"):
        _driver(dataflow_module(RESOLVE), POWER)


def test_resolve_declares_the_config_it_reads():
    decorator = resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=lambda a, b=2: tag(x="1"))
    assert decorator.required_config() == ["a"]
    assert decorator.optional_config() == {"b": 2, settings.ENABLE_POWER_USER_MODE: False}


def test_resolve_refuses_what_it_cannot_use(dataflow_module):
    with pytest.raises(InvalidDecoratorException, match="takes a ResolveAt"):
        resolve(when="config_available", decorate_with=lambda: tag(x="1"))
    module = dataflow_module(
        """
        from hamilton.function_modifiers import resolve_from_config

        @resolve_from_config(decorate_with=lambda: "not a decorator")
        def f(x: int) -> int:
            return x
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.f: @resolve produced 'not a decorator'"):
        _driver(module, POWER)


def test_resolve_cannot_add_a_second_expander(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import extract_fields, resolve_from_config

        @resolve_from_config(decorate_with=lambda: extract_fields({"b": int}))
        @extract_fields({"a": int})
        def f(x: int) -> dict:
            return {"a": x, "b": x}
        """
    )
    with pytest.raises(InvalidDecoratorException, match=r"\.f: @extract_fields, @extract_fields cannot be combined"):
        _driver(module, POWER)
