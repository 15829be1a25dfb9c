import typing
from collections.abc import Sequence

import pytest
from hamilton.type_rules import types_compatible, value_fits


class Base:
    pass


class Child(Base):
    pass


T = typing.TypeVar("T")


@pytest.mark.parametrize(
    ("provided", "required"),
    [
        (int, int),
        (Child, Base),
        (int, typing.Any),
        (typing.Any, int),
        (int, typing.Optional[int]),  # noqa: UP045 - the spelling under test
        (int, int | str),
        (int | str, int | str | None),
        (list[int], list),
        (list, list[int]),
        (list[int], Sequence[int]),
        (dict[str, int], dict[str, int]),
        (int, T),
        (typing.Annotated[int, "meta"], int),
        (bool, int),
        (int, float),
        (float, complex),
    ],
)
def test_compatible(provided, required):
    assert types_compatible(provided, required)


@pytest.mark.parametrize(
    ("provided", "required"),
    [
        (int, str),
        (Base, Child),
        (int | None, int),
        (list[int], list[str]),
        (list[int], dict),
        (float, int),
        (complex, float),
        (str, bytes),
    ],
)
def test_incompatible(provided, required):
    assert not types_compatible(provided, required)


@pytest.mark.parametrize(
    ("value", "annotation", "fits"),
    [
        (1, int, True),
        ("1", int, False),
        (None, typing.Optional[int], True),  # noqa: UP045 - the spelling under test
        (None, int, False),
        ([1], list[int], True),
        ((1,), list[int], False),
        ("a", typing.Literal["a", "b"], True),
        ("c", typing.Literal["a", "b"], False),
        (Child(), Base, True),
        (object(), typing.Any, True),
        (3, T, True),
        (3, float, True),
        (3.5, complex, True),
        (3.5, int, False),
        (True, float, False),
    ],
)
def test_value_fits(value, annotation, fits):
    assert value_fits(value, annotation) is fits
