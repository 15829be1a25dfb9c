"""Plugins add `hamilton` subcommands through the `hamilton_register_commands` hook (hamilton-cli)."""

from __future__ import annotations

import importlib
import importlib.metadata
import textwrap

import pytest
from hamilton import plugins, registry
from hamilton.testing import module_from_source

pytest.importorskip("hamilton_cli")
from hamilton_cli.main import main


class FakeDistribution:
    def __init__(self, name):
        self.name, self.version = name, "1.0"


class FakeEntryPoint:
    def __init__(self, name, value, distribution):
        self.name, self.value, self.dist = name, value, FakeDistribution(distribution)

    def load(self):
        return importlib.import_module(self.value)


@pytest.fixture
def entry_points(monkeypatch):
    fakes = []
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group: list(fakes) if group == "hamilton.plugins" else []
    )
    plugins.reset()
    yield fakes
    plugins.reset()


GREET = """
import click

@click.command()
@click.argument("who")
def greet(who):
    '''Say hello.'''
    click.echo(f"hello {who}")
"""

PLUGIN = """
from hamilton.plugins import hookimpl

@hookimpl
def hamilton_register_commands(register):
    register("greet", "fake_cli_commands:greet", description="say hello")
    register("run", "fake_cli_commands:greet", description="tries to take a built-in name")
    register("broken", "fake_cli_commands:nothing_here", description="a reference that does not resolve")
"""


def test_hook_hamilton_register_commands(entry_points, capsys):
    module_from_source("fake_cli_commands", textwrap.dedent(GREET))
    module_from_source("fake_cli_plugin", textwrap.dedent(PLUGIN))
    entry_points.append(FakeEntryPoint("greeter", "fake_cli_plugin", "hamilton-greeter"))

    entries = registry.entries("command")
    assert entries["greet"].distribution == "hamilton-greeter"
    assert entries["greet"].obj == "fake_cli_commands:greet"  # by reference: nothing imported to list it

    assert main(["greet", "world"]) == 0
    assert capsys.readouterr().out == "hello world\n"

    assert main(["--help"]) == 0
    help_text = capsys.readouterr().out
    assert "greet" in help_text and "say hello [hamilton-greeter]" in help_text

    assert main(["run", "--help"]) == 0  # a built-in name stays the built-in command
    assert "Run the dataflow" in capsys.readouterr().out

    assert main(["broken"]) == 1
    err = capsys.readouterr().err
    assert "'broken' of plugin 'greeter' (distribution hamilton-greeter)" in err
    assert "AttributeError" in err


def test_plugin_commands_are_listed_by_the_core(entry_points):
    from hamilton.registry import listing

    module_from_source("fake_cli_plugin_listed", textwrap.dedent(PLUGIN))
    entry_points.append(FakeEntryPoint("greeter", "fake_cli_plugin_listed", "hamilton-greeter"))
    assert listing()["commands"]["greet"]["description"] == "say hello"
