"""How a node's function reaches another process: by reference, or by value with its module's code.

Pickle sends a function by reference: the receiving process imports its module by name.
That works for what is installed in the Python environment, which workers share, but not
for your own code, which the workers of a fresh cluster have never seen: a module next to
your script or notebook, a folder you put on ``sys.path``, a module made in memory. That
code travels by value instead, pickled with cloudpickle, so the workers need no copy of it.

- **By value**: the modules of the functions a node was made from, and the modules of your
  own code they use (found through their globals), unless they live in the environment.
- **By reference**: modules under the environment's library folders (the standard library,
  site-packages), hamilton and its plugin packages (the workers need them installed anyway,
  as they need the executor's package), ``__main__`` (cloudpickle sends its functions by
  value by itself), and the top-level packages named in ``by_reference``: code you install
  or deploy on the workers yourself. ``by_reference=True`` sends everything by reference,
  as plain pickle does.

Code whose module holds globals that cannot be pickled (a lock, an open connection) goes
by reference after all. Without cloudpickle installed, everything goes by reference;
``hint`` says what to install when a worker then cannot import a module.
"""

from __future__ import annotations

import functools
import importlib
import os
import pickle
import site
import sys
import sysconfig
import threading
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from hamilton.node import Node

__all__ = ["ByReference", "ShippedFunction", "Shipper", "hint"]

#: ``True`` (everything by reference) or the top-level package names to send by reference
ByReference = bool | Iterable[str]

_registry_lock = threading.Lock()  # cloudpickle's by-value registry is global to the process
_LOADED_LIMIT = 256
_loaded: dict[bytes, Callable[..., Any]] = {}  # in a worker: payload -> function, so each is unpickled once


class ShippedFunction:
    """A node's function pickled (by value, or by reference when asked): calling it loads it, in the worker.

    Loading inside the call makes a worker that cannot load it fail that node's task, with
    the node named, rather than the transport underneath (Dask waits forever on a task it
    cannot unpickle).
    """

    __slots__ = ("cloudpickle_at_sender", "name", "payload")

    def __init__(self, name: str, payload: bytes, cloudpickle_at_sender: bool = True) -> None:
        self.name = name
        self.payload = payload
        self.cloudpickle_at_sender = cloudpickle_at_sender  # so the hint knows what could have been done

    def load(self) -> Callable[..., Any]:
        """The function itself (unpickled once per process)."""
        function = _loaded.get(self.payload)
        if function is None:
            try:
                function = pickle.loads(self.payload)
            except Exception as exc:
                message = (
                    f"The function of {self.name} could not be loaded in this worker ({type(exc).__name__}: {exc})."
                    f"{hint(str(exc), self.cloudpickle_at_sender)}"
                )
                if isinstance(exc, ImportError):
                    raise ModuleNotFoundError(message, name=exc.name) from exc
                raise RuntimeError(message) from exc
            if len(_loaded) >= _LOADED_LIMIT:
                _loaded.clear()
            _loaded[self.payload] = function
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.load()(*args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ShippedFunction, (self.name, self.payload, self.cloudpickle_at_sender))

    def __repr__(self) -> str:
        return f"<{self.name}, shipped by value ({len(self.payload)} bytes)>"


class Shipper:
    """Makes node functions ready to travel, each once (use one per run: module globals are read then).

    :param by_reference: ``True`` to send everything by reference, or top-level package names
        to send by reference (the workers import them).
    :param pickler: the cloudpickle module to pickle by value with (Ray brings its own,
        ``ray.cloudpickle``); ``None`` imports ``cloudpickle`` if it is installed.
    :param wrap: wrap functions sent by reference in a ``ShippedFunction`` too, so a worker
        that cannot import their module fails the node's task instead of the transport.
    """

    def __init__(self, by_reference: ByReference = (), pickler: ModuleType | None = None, wrap: bool = False) -> None:
        self.everything_by_reference = by_reference is True
        self.by_reference = frozenset() if isinstance(by_reference, bool) else frozenset(by_reference)
        self.pickler = pickler if pickler is not None or self.everything_by_reference else _cloudpickle()
        self.wrap = wrap
        self._shipped: dict[str, Callable[..., Any]] = {}

    def ship(self, node: Node) -> Callable[..., Any]:
        """``node.callable`` itself (pickled by reference), or a ``ShippedFunction`` carrying it by value."""
        shipped = self._shipped.get(node.name)
        if shipped is None:
            shipped = self._shipped[node.name] = self._ship(node)
        return shipped

    def by_value(self, node: Node) -> list[str]:
        """The top-level packages whose code must travel with ``node``'s function, sorted."""
        if self.everything_by_reference:
            return []
        functions = node.originating_functions or (node.callable,)
        start = {getattr(fn, "__module__", None) or type(fn).__module__ for fn in functions}
        return sorted(_own_packages(start, self.by_reference))

    def _ship(self, node: Node) -> Callable[..., Any]:
        packages = self.by_value(node) if self.pickler is not None else []
        if packages:
            try:
                return ShippedFunction(f"node {node.name!r}", self._by_value(node.callable, packages))
            except Exception as exc:  # a global its code uses cannot be pickled (a lock, a connection...)
                why = f"its module's globals cannot be pickled by value ({type(exc).__name__}: {exc})"
                return self._by_reference(node, f"node {node.name!r}, sent by reference since {why}")
        return self._by_reference(node, f"node {node.name!r}")

    def _by_value(self, function: Callable[..., Any], packages: list[str]) -> bytes:
        pickler = self.pickler
        with _registry_lock:
            registered = pickler.list_registry_pickle_by_value()
            added = [name for name in packages if name not in registered and name in sys.modules]
            for name in added:
                pickler.register_pickle_by_value(sys.modules[name])
            try:
                return pickler.dumps(function, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                for name in added:
                    pickler.unregister_pickle_by_value(sys.modules[name])

    def _by_reference(self, node: Node, name: str) -> Callable[..., Any]:
        if self.wrap:
            payload = pickle.dumps(node.callable, pickle.HIGHEST_PROTOCOL)
            return ShippedFunction(name, payload, cloudpickle_at_sender=self.pickler is not None)
        return node.callable


def hint(error: str, cloudpickle_at_sender: bool | None = None) -> str:
    """What to do when a worker could not import a module: a sentence to append to ``error`` (or "").

    ``cloudpickle_at_sender``: whether the process that sent the function had a cloudpickle
    to send it by value with (``None``: whether this process can import ``cloudpickle``).
    """
    if "No module named" not in error:
        return ""
    if cloudpickle_at_sender is None:
        cloudpickle_at_sender = _cloudpickle() is not None
    if not cloudpickle_at_sender:
        return (
            " Install cloudpickle (`pip install cloudpickle`) so your modules travel to the workers with their "
            "functions, or install the module on the workers."
        )
    return " Install that module on the workers, or let it travel by value (leave it out of by_reference)."


def _cloudpickle() -> ModuleType | None:
    try:
        return importlib.import_module("cloudpickle")
    except ImportError:
        return None


def _own_packages(modules: Iterable[str], by_reference: frozenset[str]) -> set[str]:
    """Top-level packages of ``modules`` and of the user modules they use, that are not in the environment."""
    found: set[str] = set()
    seen: set[str] = set()
    queue = list(modules)
    while queue:  # no recursion: a breadth-first walk over module globals
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        top = name.partition(".")[0]
        module = sys.modules.get(name)
        if module is None or name == "__main__" or top in by_reference or top in _framework() or _in_environment(top):
            continue
        found.add(top)
        for value in list(vars(module).values()):
            used = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
            if isinstance(used, str) and used not in seen:
                queue.append(used)
    return found


def _in_environment(top: str) -> bool:
    """Whether the top-level package ``top`` is built in or lives under the environment's library folders."""
    if top in sys.builtin_module_names:
        return True
    module = sys.modules.get(top)
    if module is None:
        return True  # cannot be registered by value anyway
    files = [module.__file__] if getattr(module, "__file__", None) else list(getattr(module, "__path__", None) or [])
    if not files:
        return False  # made in memory: only its value can travel
    roots = _environment_roots()
    return all(any(_is_under(os.path.realpath(file), root) for root in roots) for file in files)


@functools.cache
def _framework() -> frozenset[str]:
    """``hamilton`` and the top-level packages of the installed ``hamilton.plugins`` entry points."""
    from importlib.metadata import entry_points

    return frozenset(
        {"hamilton", *(ep.value.partition(":")[0].partition(".")[0] for ep in entry_points(group="hamilton.plugins"))}
    )


@functools.cache
def _environment_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    roots.update(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        roots.add(site.getusersitepackages())
    return tuple(sorted(os.path.realpath(root) for root in roots))


def _is_under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
