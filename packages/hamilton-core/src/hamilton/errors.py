"""The errors the Driver raises; each carries its facts as attributes."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

__all__ = [
    "CycleError",
    "DuplicateNodeError",
    "ExecutionError",
    "GraphError",
    "HamiltonError",
    "MissingInputsError",
    "NodeExecutionError",
    "ParallelBlockError",
    "PluginError",
    "TypeMismatchError",
    "attach_error",
    "node_error",
    "param_type_name",
    "plugin_error",
]


class HamiltonError(Exception):
    """Base of the errors raised by hamilton itself."""


class GraphError(HamiltonError, ValueError):
    """The functions cannot form a valid DAG."""


class DuplicateNodeError(GraphError):
    """Two definitions produce one node name."""

    def __init__(self, name: str, sources: Sequence[str]) -> None:
        self.name = name
        self.sources = list(sources)
        places = " and ".join(self.sources)
        super().__init__(
            f"Node {name!r} is defined twice: by {places}. Rename one of them, or guard "
            f"them with @config.when so that only one is active for a given config."
        )


class CycleError(GraphError):
    """The dependencies loop back on themselves."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__(
            "The functions form a cycle, which a DAG cannot hold: "
            + " -> ".join(self.cycle)
            + ". Break it by renaming a parameter or a function."
        )


class TypeMismatchError(GraphError):
    """A node's output type does not fit what a consumer declares."""

    def __init__(self, mismatches: Sequence[tuple[str, Any, str, Any]]) -> None:
        self.mismatches = list(mismatches)
        lines = [
            f"  {consumer!r} expects {param_type_name(required)} for {provider!r}, "
            f"which returns {param_type_name(provided)}"
            for provider, provided, consumer, required in self.mismatches
        ]
        super().__init__(
            "Type mismatch between connected nodes:\n"
            + "\n".join(lines)
            + "\nFix the annotations, or register a type-equivalence plugin."
        )


class ParallelBlockError(GraphError):
    """A node's ``Parallelizable`` / ``Collect`` wiring cannot be run (``hamilton.htypes``)."""

    def __init__(self, node_name: str, problem: str) -> None:
        self.node_name = node_name
        self.problem = problem
        super().__init__(f"Node {node_name!r} cannot run: {problem}")


class ExecutionError(HamiltonError, ValueError):
    """The requested execution cannot run as asked (bad outputs, inputs, overrides)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class MissingInputsError(ExecutionError):
    """Required inputs were not provided."""

    def __init__(self, missing: Mapping[str, Sequence[str]], extra: Sequence[str] = ()) -> None:
        self.missing = {name: list(needers) for name, needers in missing.items()}
        lines = [
            f"  {name!r}, needed by {', '.join(repr(n) for n in needers)}" for name, needers in self.missing.items()
        ]
        problems = [
            f"{len(lines)} required input(s) missing; pass them in `inputs=` "
            f"(or `config`, or `overrides=`):\n" + "\n".join(lines),
            *extra,
        ]
        super().__init__(problems)


class NodeExecutionError(HamiltonError):
    """A node's function raised; the original exception is ``__cause__``.

    Raised as a subclass of the original exception's type where possible, so
    ``except ValueError`` still catches a node's ``ValueError``. ``node_name``
    names the node; ``item_index`` is the index of the item it failed on when it
    runs once per item of a ``Parallelizable`` block (a tuple, one index per nested
    block), else ``None``.
    """

    node_name: str
    item_index: tuple[int, ...] | None = None


class PluginError(HamiltonError):
    """A plugin raised in one of its hooks, or broke the contract.

    ``plugin`` names it (with its distribution, where one is known) and ``hook`` the
    hook it was in; ``node_name`` is set when it happened for one node. Raised as a
    subclass of the original exception's type where possible, with the original as
    ``__cause__``.
    """

    plugin: str
    hook: str
    node_name: str | None


def node_error(
    node_name: str, exc: BaseException, item_index: tuple[int, ...] | None = None, expands: Sequence[str] = ()
) -> Exception:
    """An error naming the node, both a ``NodeExecutionError`` and of ``exc``'s type; raise it ``from exc``.

    It keeps what code inspects on the original: its ``args``, its attributes
    (``errno`` and ``filename`` of an ``OSError``, a custom exception's fields). For a node
    that failed on one item of a ``Parallelizable`` block, ``item_index`` is the item's
    index (one per nested block, outermost first) and ``expands`` the ``Parallelizable``
    nodes they are items of; the message names them and the error keeps ``item_index``.
    """
    where = ""
    if item_index is not None:
        located = list(zip(item_index, expands, strict=True))
        places = [f"on item {index} of {expand!r}" for index, expand in reversed(located)]
        if expands and expands[-1] == node_name:  # the Parallelizable node's own code, yielding that item
            places[0] = f"producing item {item_index[-1]}"
        where = ", " + " within ".join(places).replace(" within on ", " within ") + ","
    error = _named(NodeExecutionError, exc, f"Node {node_name!r}{where} raised {_describe(exc)}")
    error.node_name = node_name  # type: ignore[attr-defined]
    error.item_index = item_index  # type: ignore[attr-defined]
    return error


def plugin_error(plugin: str, hook: str, exc: BaseException, node_name: str | None = None) -> Exception:
    """An error naming the plugin and its hook, both a ``PluginError`` and of ``exc``'s type; raise it ``from exc``.

    :param plugin: who the plugin is, e.g. ``"plugin 'progress' (hamilton-progress 0.1)"``.
    :param hook: the hook it raised in.
    :param node_name: the node it was called for, if any.
    """
    where = f" for node {node_name!r}" if node_name else ""
    error = _named(PluginError, exc, f"{plugin} raised in {hook}{where}: {_describe(exc)}")
    error.plugin, error.hook, error.node_name = plugin, hook, node_name  # type: ignore[attr-defined]
    return error


def attach_error(error: BaseException, also: BaseException) -> None:
    """Record on ``error`` a second error raised while handling it, without hiding ``error``.

    The second one is appended to ``error.hamilton_also_raised`` and described in a note.
    """
    also_raised = getattr(error, "hamilton_also_raised", None)
    if also_raised is None:
        also_raised = []
        try:
            error.hamilton_also_raised = also_raised  # type: ignore[attr-defined]
        except AttributeError:  # a type with __slots__: the note still tells
            pass
    also_raised.append(also)
    error.add_note(f"While handling it, {also if isinstance(also, HamiltonError) else _describe(also)}")


def _describe(exc: BaseException) -> str:
    """``"ValueError: message"``, even for an exception whose ``__str__`` raises."""
    try:
        text = str(exc)
    except Exception as broken:
        text = f"<str() of this exception raised {type(broken).__name__}>"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_OS_ERROR_FIELDS = ("errno", "strerror", "filename", "filename2")


def _named(base: type[HamiltonError], exc: BaseException, message: str) -> Exception:
    cls = _named_type(base, type(exc))
    error: Exception
    try:
        error = cls(*exc.args)  # the original's own arguments rebuild what its __init__ derives from them
    except Exception:  # an __init__ wanting other arguments: skip it, keep the args
        try:
            error = cls.__new__(cls, *exc.args)
            error.args = exc.args
        except Exception:  # a type that cannot be built this way: keep the message only
            error = _PLAIN[base]()
    if isinstance(exc, OSError) and isinstance(error, OSError):
        for field in _OS_ERROR_FIELDS:  # set by OSError's C code, not kept in __dict__
            setattr(error, field, getattr(exc, field))
    error.__dict__.update(getattr(exc, "__dict__", {}))
    error.hamilton_message = message  # type: ignore[attr-defined]
    return error


class _NamedMixin:
    hamilton_message: str
    _hamilton_base: type[HamiltonError]

    def __str__(self) -> str:
        return self.hamilton_message

    def __reduce__(self) -> tuple[Any, ...]:
        # a dynamic subclass cannot be pickled by name: send a plain one across processes
        facts = {k: v for k, v in self.__dict__.items() if k in _PORTABLE_FACTS}
        return (_rebuild, (self._hamilton_base, facts))


_PORTABLE_FACTS = frozenset({"hamilton_message", "node_name", "item_index", "plugin", "hook"})


class _PlainNodeError(_NamedMixin, NodeExecutionError):
    _hamilton_base = NodeExecutionError


class _PlainPluginError(_NamedMixin, PluginError):
    _hamilton_base = PluginError


_PLAIN: dict[type[HamiltonError], type[Exception]] = {
    NodeExecutionError: _PlainNodeError,
    PluginError: _PlainPluginError,
}


def _rebuild(base: type[HamiltonError], facts: dict[str, Any]) -> Exception:
    error = _PLAIN[base]()
    error.__dict__.update(facts)
    return error


@lru_cache(maxsize=512)
def _named_type(base: type[HamiltonError], original: type[BaseException]) -> type[Exception]:
    """``base`` and ``original`` in one type (``NodeExecutionError[KeyError]``), or ``base``'s plain one."""
    if original is Exception or issubclass(original, base):
        return _PLAIN[base]
    try:
        return type(
            f"{base.__name__}[{original.__name__}]",
            (_NamedMixin, base, original),
            {"__module__": __name__, "_hamilton_base": base},
        )
    except TypeError:  # e.g. a layout conflict between two C base classes
        return _PLAIN[base]


def param_type_name(annotation: Any) -> str:
    """A short, readable name for an annotation: ``int``, ``pandas.Series`` (not ``pandas.core.series.Series``)."""
    if isinstance(annotation, type):
        module, name = annotation.__module__, annotation.__qualname__
        if module == "builtins":
            return name
        package = sys.modules.get(module.partition(".")[0])
        if package is not None and getattr(package, name, None) is annotation:
            module = package.__name__  # the public spelling, when the package re-exports it
        return f"{module}.{name}"
    return repr(annotation)
