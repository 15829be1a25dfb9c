from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hamilton import driver


def _load_dataflow():
    """Import the test dataflow by path, so test modules can ``import viz_dataflow`` in any import mode."""
    spec = importlib.util.spec_from_file_location("viz_dataflow", Path(__file__).with_name("viz_dataflow.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["viz_dataflow"] = module
    spec.loader.exec_module(module)
    return module


viz_dataflow = _load_dataflow()


@pytest.fixture
def calls():
    """The names of the node functions called so far in this test."""
    viz_dataflow.CALLS.clear()
    yield viz_dataflow.CALLS
    viz_dataflow.CALLS.clear()


@pytest.fixture
def dr(calls):
    return driver.Driver(viz_dataflow.CONFIG, viz_dataflow)


def _svg_node_names(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    titles = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', text)
    return {title for title in titles if title != "(legend)"}


@pytest.fixture
def svg_node_names():
    """Read a Graphviz SVG: the names of the nodes drawn (each node is a group titled with its name)."""
    return _svg_node_names
