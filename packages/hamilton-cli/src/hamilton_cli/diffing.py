"""What changed between two dataflows: nodes added, removed, changed in code, and affected.

Two Drivers are compared, a *base* and a *current* one: the same modules under two
configs, two versions of the modules (files, or a file and its committed version), or
both at once. A node is

- ``added`` / ``removed``: it exists on one side only;
- ``changed``: its code differs: the function that defines it (decorators included,
  comments, formatting and docstring ignored), or a different function altogether
  (``@config.when`` picked another), or its type, its dependencies or its tags;
- ``affected``: unchanged itself, but downstream of a changed or added node or of a
  config value that differs; its value may differ.

Code is read from each module's source text (``inspect.getsource``), so a module
loaded from a git version compares that version.
"""

from __future__ import annotations

import ast
import inspect
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DataflowDiff", "NodeChange", "diff_drivers"]

ADDED, REMOVED, CHANGED, AFFECTED = "added", "removed", "changed", "affected"
_MISSING = object()


@dataclass(frozen=True)
class NodeChange:
    """One node that differs: its name, how (``added``, ``removed``, ``changed``, ``affected``), and why."""

    name: str
    kind: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataflowDiff:
    """The differences between a base and a current dataflow; false when there are none."""

    nodes: list[NodeChange]
    config: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.config)

    def of_kind(self, kind: str) -> list[NodeChange]:
        """The changes of one kind, by node name."""
        return [change for change in self.nodes if change.kind == kind]

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the config differences and the node names by kind, with details."""
        missing = "(unset)"
        return {
            "config": {
                key: {"base": missing if old is _MISSING else old, "current": missing if new is _MISSING else new}
                for key, (old, new) in self.config.items()
            },
            **{
                kind: [{"node": c.name, "details": list(c.details)} for c in self.of_kind(kind)]
                for kind in (ADDED, REMOVED, CHANGED, AFFECTED)
            },
        }


def diff_drivers(base: Any, current: Any) -> DataflowDiff:
    """Compare two built Drivers node by node (see the module's docstring)."""
    base_nodes, current_nodes = base.graph.nodes, current.graph.nodes
    base_code, current_code = _Code(base.modules), _Code(current.modules)
    changes: list[NodeChange] = []
    for name in sorted(current_nodes.keys() - base_nodes.keys()):
        changes.append(NodeChange(name, ADDED, (current_code.origin(current_nodes[name]),)))
    for name in sorted(base_nodes.keys() - current_nodes.keys()):
        changes.append(NodeChange(name, REMOVED, (base_code.origin(base_nodes[name]),)))
    for name in sorted(base_nodes.keys() & current_nodes.keys()):
        details = _node_differences(base_nodes[name], current_nodes[name], base_code, current_code)
        if details:
            changes.append(NodeChange(name, CHANGED, tuple(details)))
    config = _config_differences(base.config, current.config)
    seeds = [c.name for c in changes if c.kind in (ADDED, CHANGED)]
    seeds += [key for key in config if key in current.graph.external or key in current_nodes]
    if seeds:
        touched = {c.name for c in changes}
        downstream = {v.name for v in current.what_is_downstream_of(*seeds) if not v.is_external_input}
        for name in sorted(downstream - touched):
            reasons = sorted(set(seeds) & {v.name for v in current.what_is_upstream_of(name)})
            changes.append(NodeChange(name, AFFECTED, (f"downstream of {', '.join(reasons)}",)))
    return DataflowDiff(changes, config)


def _node_differences(old: Any, new: Any, base_code: _Code, current_code: _Code) -> list[str]:
    details = []
    old_origin, new_origin = base_code.origin(old), current_code.origin(new)
    if old_origin != new_origin:
        details.append(f"defined by {old_origin} -> {new_origin}")
    elif base_code.fingerprint(old) != current_code.fingerprint(new):
        details.append("code")
    if _type_text(old.type) != _type_text(new.type):
        details.append(f"type {_type_text(old.type)} -> {_type_text(new.type)}")
    old_deps, new_deps = set(old.dependencies), set(new.dependencies)
    if old_deps != new_deps:
        moves = [f"+{d}" for d in sorted(new_deps - old_deps)] + [f"-{d}" for d in sorted(old_deps - new_deps)]
        details.append("dependencies " + " ".join(moves))
    if old.tags != new.tags:
        details.append(f"tags {old.tags!r} -> {new.tags!r}")
    return details


def _config_differences(base: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        key: (base.get(key, _MISSING), current.get(key, _MISSING))
        for key in sorted(base.keys() | current.keys())
        if base.get(key, _MISSING) != current.get(key, _MISSING)
    }


def _type_text(annotation: Any) -> str:
    return annotation.__qualname__ if isinstance(annotation, type) else repr(annotation)


class _Code:
    """The functions of a Driver's modules, each as a normalised syntax tree."""

    def __init__(self, modules: tuple[types.ModuleType, ...]) -> None:
        self.modules = {module.__name__: module for module in modules}
        self._trees: dict[str, dict[str, str]] = {}

    def origin(self, node: Any) -> str:
        """Where ``node`` comes from, e.g. ``my_functions.avg_rolling_spend__CA``."""
        return node.source.split(" (", 1)[0]

    def fingerprint(self, node: Any) -> str:
        """The node's defining function, normalised; its origin text if the source cannot be read."""
        origin = self.origin(node)
        module_name, _, function = origin.rpartition(".")
        module = self.modules.get(module_name)
        if module is None:
            return origin + node.source
        return self._functions(module).get(function, origin) + node.source

    def _functions(self, module: types.ModuleType) -> dict[str, str]:
        trees = self._trees.get(module.__name__)
        if trees is None:
            try:
                tree = ast.parse(inspect.getsource(module))
            except (OSError, TypeError, SyntaxError):
                tree = ast.Module(body=[], type_ignores=[])
            trees = self._trees[module.__name__] = {
                statement.name: _normalised(statement)
                for statement in tree.body
                if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
            }
        return trees


def _normalised(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The function's tree without its docstring: comments and formatting never reach the tree."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]
    copy = ast.FunctionDef(
        name=function.name,
        args=function.args,
        body=body,
        decorator_list=function.decorator_list,
        returns=function.returns,
        type_comment=None,
        type_params=getattr(function, "type_params", []),
    )
    return ast.dump(copy, annotate_fields=False, include_attributes=False)
