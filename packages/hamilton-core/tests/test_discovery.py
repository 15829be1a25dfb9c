import typing

import pytest
from hamilton import discovery, driver


def test_public_functions_defined_here_are_nodes(dataflow_module):
    module = dataflow_module(
        """
        import os
        from os.path import join

        def _helper() -> int:
            return 1

        def visible(x: int, y: str = "a") -> list[int]:
            '''Doc of visible.'''
            return [x]

        alias = visible
        CONSTANT = 3
        """
    )
    nodes = discovery.crawl(module, {})
    assert [n.name for n in nodes] == ["visible"]
    (node,) = nodes
    assert node.dependencies == {"x": int, "y": str}
    assert node.optional == frozenset({"y"})
    assert node.type == list[int]
    assert node.doc.strip() == "Doc of visible."
    assert node.source.endswith(".visible")


def test_string_annotations_are_resolved(dataflow_module):
    module = dataflow_module(
        """
        from __future__ import annotations

        def total(values: list[int], scale: float | None = None) -> float:
            return sum(values) * (scale or 1)
        """
    )
    (node,) = discovery.crawl(module, {})
    assert node.dependencies == {"values": list[int], "scale": float | None}
    assert node.type is float


def test_unresolvable_annotation_names_the_function(dataflow_module):
    module = dataflow_module(
        """
        from __future__ import annotations

        def total(values: NotImported) -> int:
            return 1
        """
    )
    with pytest.raises(TypeError, match=r"total.*NotImported"):
        discovery.crawl(module, {})


def test_variadic_parameters_are_rejected(dataflow_module):
    module = dataflow_module(
        """
        import functools

        def _deco(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs)
            return wrapper

        @_deco
        def wrapped(a: int, b: int = 2) -> int:
            return a + b

        def bad(*values: int) -> int:
            return 1
        """
    )
    with pytest.raises(TypeError, match=r"bad takes \*values"):
        discovery.crawl(module, {})


def test_wrapped_functions_expose_the_wrapped_signature(dataflow_module):
    module = dataflow_module(
        """
        import functools

        def _deco(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs) * 10
            return wrapper

        @_deco
        def wrapped(a: int, b: int = 2) -> int:
            return a + b
        """
    )
    (node,) = discovery.crawl(module, {})
    assert node.dependencies == {"a": int, "b": int}
    assert node.optional == {"b"}


def test_keyword_only_and_defaults(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        def total(a: int, b: int = 10, *, c: int, d: int = 100) -> int:
            return a + b + c + d
        """
    )
    (node,) = discovery.crawl(module, {})
    assert node.optional == {"b", "d"}
    dr = driver.Driver({}, module, adapter=dict_adapter)
    assert dr.execute(["total"], inputs={"a": 1, "c": 1000}) == {"total": 1111}
    assert dr.execute(["total"], inputs={"a": 1, "b": 2, "c": 3, "d": 4}) == {"total": 10}


def test_missing_annotations_mean_any(dataflow_module):
    module = dataflow_module("def loose(a, b=1):\n    return a\n")
    (node,) = discovery.crawl(module, {})
    assert node.dependencies == {"a": typing.Any, "b": typing.Any}
    assert node.type is typing.Any


def test_several_modules_and_duplicates_name_both_places(dataflow_module, dict_adapter):
    first = dataflow_module("def shared() -> int:\n    return 1\n", name="first_module")
    second = dataflow_module(
        "def shared() -> int:\n    return 2\n\ndef other(shared: int) -> int:\n    return shared\n",
        name="second_module",
    )
    with pytest.raises(ValueError) as caught:
        driver.Driver({}, first, second, adapter=dict_adapter)
    assert "first_module.shared" in str(caught.value)
    assert "second_module.shared" in str(caught.value)
    third = dataflow_module("def other(shared: int) -> int:\n    return shared + 1\n", name="third_module")
    assert driver.Driver({}, first, third, adapter=dict_adapter).execute(["other"]) == {"other": 2}
