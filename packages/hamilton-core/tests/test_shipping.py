"""Node functions reach worker processes that cannot import their module (hamilton.shipping)."""

from __future__ import annotations

import math
import multiprocessing
import pickle
import sys

import pytest
from hamilton import base, driver, shipping
from hamilton.executors import ProcessPoolGraphAdapter, SerializationError
from hamilton.node import Node

HELPERS = {
    "shipping_helpers": """
    FACTOR = 3

    def scale(x):
        return x * FACTOR
    """
}

FUNCTIONS = """
import shipping_helpers

OFFSET = 10

def doubled(x: int) -> int:
    return 2 * x + OFFSET

def scaled(doubled: int) -> int:
    return shipping_helpers.scale(doubled)
"""


def _spawn_pool(**options):
    return ProcessPoolGraphAdapter(
        base.DictResult(), max_workers=1, mp_context=multiprocessing.get_context("spawn"), **options
    )


def test_a_module_only_this_process_can_import_runs_on_a_spawn_pool(driver_only_module):
    pytest.importorskip("cloudpickle")
    module = driver_only_module(FUNCTIONS, **HELPERS)
    with _spawn_pool() as adapter:
        dr = driver.Driver({}, module, adapter=adapter)
        assert dr.execute(["scaled"], inputs={"x": 1}) == {
            "scaled": 36
        }  # (2 * 1 + 10) * 3: helper and globals came along
        assert dr.execute(["scaled"], inputs={"x": 2}) == {"scaled": 42}


def test_without_cloudpickle_the_error_says_what_to_install(driver_only_module, monkeypatch):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    monkeypatch.setitem(sys.modules, "cloudpickle", None)  # `import cloudpickle` fails, as when it is not installed
    with _spawn_pool() as adapter:
        dr = driver.Driver({}, module, adapter=adapter)
        with pytest.raises(
            SerializationError, match=r"No module named 'driver_only_.*pip install cloudpickle"
        ) as caught:
            dr.execute(["scaled"], inputs={"x": 1})
    assert caught.value.node_name == "doubled"


def test_what_travels_by_value_and_what_by_reference(driver_only_module, dataflow_module):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    own = Node("scaled", int, module.scaled, originating_functions=(module.scaled,))
    shipper = shipping.Shipper()
    assert shipper.by_value(own) == sorted([module.__name__, "shipping_helpers"])  # the helper it uses, too
    assert shipping.Shipper(by_reference=["shipping_helpers"]).by_value(own) == [module.__name__]
    assert shipping.Shipper(by_reference=True).by_value(own) == []
    in_memory = dataflow_module("def a() -> int:\n    return 1\n")
    assert shipper.by_value(Node("a", int, in_memory.a)) == [in_memory.__name__]
    # the standard library and hamilton itself are imported by the workers
    assert shipper.by_value(Node("root", float, math.sqrt)) == []
    assert shipper.by_value(Node("getter", int, shipping.hint)) == []


def test_a_shipped_function_carries_its_code_and_names_its_node_when_it_cannot_load(driver_only_module):
    pytest.importorskip("cloudpickle")
    module = driver_only_module(FUNCTIONS, **HELPERS)
    shipped = shipping.Shipper().ship(Node("doubled", int, module.doubled, originating_functions=(module.doubled,)))
    assert isinstance(shipped, shipping.ShippedFunction)
    assert pickle.loads(pickle.dumps(shipped))(x=4) == 18
    broken = shipping.ShippedFunction("node 'doubled'", b"not a pickle")
    with pytest.raises(RuntimeError, match=r"The function of node 'doubled' could not be loaded in this worker"):
        broken(x=1)


def test_by_reference_leaves_the_function_as_it_is(driver_only_module):
    module = driver_only_module(FUNCTIONS, **HELPERS)
    node = Node("doubled", int, module.doubled, originating_functions=(module.doubled,))
    assert shipping.Shipper(by_reference=True).ship(node) is module.doubled


def test_code_whose_globals_cannot_be_pickled_goes_by_reference(driver_only_module):
    pytest.importorskip("cloudpickle")
    module = driver_only_module(
        "import threading\n\nLOCK = threading.Lock()\n\ndef locked(x: int) -> int:\n    with LOCK:\n        return x\n"
    )
    node = Node("locked", int, module.locked, originating_functions=(module.locked,))
    assert shipping.Shipper().ship(node) is module.locked  # as plain pickle would send it
    wrapped = shipping.Shipper(wrap=True).ship(node)
    assert "sent by reference since its module's globals cannot be pickled by value" in wrapped.name
    assert wrapped(x=3) == 3  # this process can import it


def test_the_hint_says_what_the_sender_could_have_done():
    missing = "No module named 'my_pipeline'"
    assert "leave it out of by_reference" in shipping.hint(missing, cloudpickle_at_sender=True)
    assert "pip install cloudpickle" in shipping.hint(missing, cloudpickle_at_sender=False)
    assert shipping.hint("division by zero", cloudpickle_at_sender=False) == ""
    # a function sent by reference from a process without cloudpickle (Ray brings its own: it has one)
    broken = shipping.ShippedFunction("node 'a'", pickle.dumps(math.sqrt)[:-3], cloudpickle_at_sender=False)
    restored = pickle.loads(pickle.dumps(broken))
    assert restored.cloudpickle_at_sender is False
