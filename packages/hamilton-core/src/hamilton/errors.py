"""The errors the Driver raises; each carries its facts as attributes."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any


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
    ``except ValueError`` still catches a node's ``ValueError``.
    """

    node_name: str


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
