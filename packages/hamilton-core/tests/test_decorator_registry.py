"""Dataframe types and validators are registry kinds: one collection, a failing plugin named and skipped."""

import importlib.metadata
import textwrap

import pytest
from hamilton import base, driver, plugins, registry
from hamilton.data_quality.base import DataValidationError
from hamilton.function_modifiers import extensions
from hamilton.testing import module_from_source

FRAMES = '''
from hamilton.data_quality.base import BaseDefaultValidator, ValidationResult
from hamilton.plugins import hookimpl


class Table:
    """A toy dataframe: a dict of lists."""

    def __init__(self, columns):
        self.columns = dict(columns)


class TableOperations:
    dataframe_type = Table
    column_type = list

    @staticmethod
    def get_column(df, name, function=""):
        return df.columns[name]

    @staticmethod
    def column_names(df):
        return list(df.columns)

    @staticmethod
    def with_columns(df, columns):
        return Table({**df.columns, **columns})

    @staticmethod
    def select(df, names):
        return Table({n: df.columns[n] for n in names})

    @staticmethod
    def from_columns(columns):
        return Table(columns)

    @staticmethod
    def filled(df, scalar):
        return [scalar] * len(next(iter(df.columns.values()), []))


class ShortList(BaseDefaultValidator):
    def __init__(self, max_length, importance):
        super().__init__(importance)
        self.max_length = max_length

    @classmethod
    def arg(cls):
        return "max_length"

    @classmethod
    def applies_to(cls, datatype):
        return datatype is list

    def description(self):
        return f"at most {self.max_length} items"

    def validate(self, dataset):
        passes = len(dataset) <= self.max_length
        return ValidationResult(passes, f"length {len(dataset)} {'<=' if passes else '>'} {self.max_length}")


@hookimpl
def hamilton_register_dataframe_types(register):
    register("fake_tables:Table", "fake_tables:TableOperations")


@hookimpl
def hamilton_register_validators(register):
    register("max_length", "fake_tables:ShortList", needs="fake_tables")
'''

BROKEN = """
def hamilton_register_validators(register):
    raise RuntimeError("validators went wrong")

def hamilton_register_dataframe_types(register):
    register("only-one-argument")
"""


class FakeDistribution:
    def __init__(self, name):
        self.name, self.version, self.requires = name, "1.0", []


class FakeEntryPoint:
    def __init__(self, name, value, distribution):
        self.name, self.value, self.dist = name, value, FakeDistribution(distribution)

    def load(self):
        return importlib.import_module(self.value)


@pytest.fixture
def installed(monkeypatch, fresh_plugins):
    module_from_source("fake_tables", textwrap.dedent(FRAMES))
    module_from_source("fake_broken_registration", BROKEN)
    fakes = [
        FakeEntryPoint("tables", "fake_tables", "hamilton-tables"),
        FakeEntryPoint("broken", "fake_broken_registration", "hamilton-broken"),
    ]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: fakes if group == "hamilton.plugins" else [])


def test_both_hooks_are_registry_kinds():
    assert registry.KINDS["dataframe_type"] == "hamilton_register_dataframe_types"
    assert registry.KINDS["validator"] == "hamilton_register_validators"


def test_a_plugin_whose_registration_raises_is_named_and_the_others_still_count(installed):
    with pytest.warns(plugins.PluginLoadWarning) as caught:
        validators = registry.entries("validator")
        frames = registry.entries("dataframe_type")
    messages = " | ".join(str(w.message) for w in caught)
    assert "plugin 'broken' (hamilton-broken 1.0) raised RuntimeError: validators went wrong" in messages
    assert "hamilton_register_dataframe_types" in messages  # the wrong register(...) call is named too
    assert [e.details["arg"] for e in validators.values()] == ["max_length"]
    assert list(frames) == ["fake_tables:Table"] and frames["fake_tables:Table"].plugin == "tables"


def test_registered_dataframe_type_and_validator_serve_the_decorators(installed, dataflow_module):
    import fake_tables

    with pytest.warns(plugins.PluginLoadWarning):
        assert extensions.dataframe_operations(fake_tables.Table) is fake_tables.TableOperations
    assert extensions.validator_classes("max_length") == [("max_length", fake_tables.ShortList)]
    module = dataflow_module(
        """
        from hamilton.function_modifiers import check_output, extract_columns
        from fake_tables import Table

        @extract_columns("a")
        def table(n: int) -> Table:
            return Table({"a": list(range(n))})

        @check_output(max_length=3, importance="fail")
        def short(a: list) -> list:
            return a
        """
    )
    dr = driver.Driver({}, module, adapter=base.DictResult())
    assert dr.execute(["short"], inputs={"n": 2}) == {"short": [0, 1]}
    with pytest.raises(DataValidationError, match="length 5 > 3"):
        dr.execute(["short"], inputs={"n": 5})
