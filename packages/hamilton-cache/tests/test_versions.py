"""Data and code versions: equal content, equal version, in any process; any real change, another version."""

from __future__ import annotations

import functools
import subprocess
import sys
import textwrap
import threading

import pytest
from hamilton.node import Node
from hamilton_cache.code_versions import CodeVersions, compiled_digest
from hamilton_cache.data_versions import DataVersions


@pytest.fixture
def versions():
    return DataVersions()


def v(versions, value):
    return versions.version(value).version


def test_plain_values(versions):
    assert v(versions, 1) == "int:1" and v(versions, True) == "bool:1" and v(versions, None) == "none"
    assert v(versions, 1) != v(versions, 1.0) != v(versions, "1") != v(versions, b"1")
    assert v(versions, 0.1) == v(versions, 0.1) and v(versions, float("nan")) == v(versions, float("nan"))
    assert v(versions, [1, 2]) != v(versions, (1, 2)) != v(versions, [2, 1])
    assert v(versions, {"a": 1}) == v(versions, {"a": 1}) != v(versions, {"a": 2})
    assert v(versions, {1, 2, 3}) == v(versions, {3, 2, 1})
    assert v(versions, [[1, {"a"}], {"k": (1, 2.5)}]) == v(versions, [[1, {"a"}], {"k": (1, 2.5)}])
    assert v(versions, 10**40) == v(versions, 10**40) != v(versions, 10**40 + 1)


class Point:
    def __init__(self, x):
        self.x = x


def test_other_values_by_pickle_and_unhashable_ones_none(versions):
    versioned = versions.version(Point(1))
    assert versioned.version.startswith("pickle:") and versioned.pickled is not None
    assert v(versions, Point(1)) == versioned.version != v(versions, Point(2))
    assert v(versions, threading.Lock()) is None
    assert v(versions, [1, threading.Lock()]) is None


SCRIPT = """
from hamilton_cache.data_versions import DataVersions
versions = DataVersions()
print(versions.version({"s": {"apple", "pear", "fig"}, "t": frozenset({"x", "y"}), "n": [1, 2.5, "z"]}).version)
"""


def test_versions_are_the_same_in_every_process():
    seen = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env={"PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(seen) == 1, "a set's version depended on the hash seed"


class Versioner:
    """A plugin with the data-version hook, for a type of its own."""

    calls = 0

    @staticmethod
    def hamilton_data_version(value):
        Versioner.calls += 1
        return f"point:{value.x}" if isinstance(value, Point) else None


class Broken:
    @staticmethod
    def hamilton_data_version(value):
        raise RuntimeError("broken versioner")


def test_a_plugin_versions_its_type_and_a_broken_one_falls_back(versions):
    versions._plugins = [(Versioner.hamilton_data_version, "plugin 'points'")]
    assert v(versions, Point(3)) == "point:3"
    assert v(versions, Point(3)) == "point:3" and Versioner.calls == 2
    versions = DataVersions()
    versions._plugins = [(Broken.hamilton_data_version, "plugin 'broken' (broken 1.0)")]
    with pytest.warns(RuntimeWarning, match=r"plugin 'broken' \(broken 1.0\) raised RuntimeError: broken versioner"):
        assert v(versions, Point(3)).startswith("pickle:")


# ---------------------------------------------------------------------------- code versions


def module_from(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    namespace = {"__name__": name}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def version(fn):
    return CodeVersions().version_of(Node(getattr(fn, "__name__", "n"), int, fn, originating_functions=(fn,)))


def test_code_versions_ignore_comments_docstrings_and_layout(tmp_path):
    one = module_from(tmp_path, "one", "def f(a, b):\n    return a + b * 2\n")
    two = module_from(
        tmp_path,
        "two",
        '''
        def f(a,
              b):  # sums
            """Adds."""

            return (a +
                    b * 2)
        ''',
    )
    three = module_from(tmp_path, "three", "def f(a, b):\n    return a + b * 3\n")
    renamed = module_from(tmp_path, "renamed", "def f(a, c):\n    return a + c * 2\n")
    defaults = module_from(tmp_path, "defaults", "def f(a, b=2):\n    return a + b * 2\n")
    defaults3 = module_from(tmp_path, "defaults3", "def f(a, b=3):\n    return a + b * 2\n")
    assert version(one["f"]) == version(two["f"])
    assert len({version(one["f"]), version(three["f"]), version(renamed["f"]), version(defaults["f"])}) == 4
    assert version(defaults["f"]) != version(defaults3["f"])


def test_code_versions_follow_nested_code_and_decorator_arguments(tmp_path):
    inner = "def f(xs):\n    return [x * {k} for x in xs if x in {{'a', 'b'}}]\n"
    assert version(module_from(tmp_path, "n1", inner.format(k=2))["f"]) != version(
        module_from(tmp_path, "n2", inner.format(k=3))["f"]
    )
    decorated = """
    from hamilton.function_modifiers import parameterize, value

    @parameterize(
        # one node a value
        a={{"k": value({k})}},
    )
    def f(k: int) -> int:
        return k
    """
    first = version(module_from(tmp_path, "d1", decorated.format(k=1))["f"])
    reformatted = version(module_from(tmp_path, "d2", decorated.format(k=1).replace("# one node a value\n", ""))["f"])
    other = version(module_from(tmp_path, "d3", decorated.format(k=2))["f"])
    assert first == reformatted != other


def test_code_versions_are_the_code_that_runs_not_a_newer_file(tmp_path):
    loaded = module_from(tmp_path, "edited", "def f(a):\n    return a + 1\n")
    (tmp_path / "edited.py").write_text("def f(a):\n    return a + 2\n")  # edited after import, not reloaded
    assert version(loaded["f"]) == version(module_from(tmp_path, "fresh", "def f(a):\n    return a + 1\n")["f"])


def test_code_versions_of_partials_callables_and_lambdas():
    def add(a, b):
        return a + b

    class Scale:
        def __init__(self, by):
            self.by = by

        def __call__(self, x):
            return x * self.by

        def __repr__(self):
            return f"Scale({self.by})"

    assert compiled_digest(functools.partial(add, b=1)) != compiled_digest(functools.partial(add, b=2))
    assert compiled_digest(Scale(2)) != compiled_digest(Scale(3))
    assert compiled_digest(lambda x: x + 1) != compiled_digest(lambda x: x + 2)
    assert compiled_digest(len) == compiled_digest(len) != compiled_digest(abs)  # no code to read: named
