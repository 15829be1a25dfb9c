"""Meta-tests: every hook is documented, parameter by parameter, and exercised by a test."""

import inspect
import pathlib
import re

import pytest
from hamilton import hookspecs

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("hamilton_"))
TESTS = pathlib.Path(__file__).parent
ROOT_TESTS = TESTS.parents[2] / "tests"


def test_there_are_hooks_in_every_family():
    families = {"discover", "execute", "before", "after", "build", "register", "check"}
    assert {name.split("_")[1] for name in HOOKS} >= families


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name):
    spec = getattr(hookspecs, name)
    doc = inspect.getdoc(spec) or ""
    assert doc, f"{name} has no docstring"
    for parameter in inspect.signature(spec).parameters:
        assert f":param {parameter}:" in doc, f"{name} does not document {parameter!r}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test(name):
    sources = "\n".join(
        p.read_text() for folder in (TESTS, ROOT_TESTS) if folder.exists() for p in folder.rglob("test_*.py")
    )
    assert re.search(rf"def test_hook_{name}\w*\(", sources), f"no test named test_hook_{name}..."
