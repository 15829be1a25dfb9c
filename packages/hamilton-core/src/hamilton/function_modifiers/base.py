"""The decorator extension point: how a decorator turns one function into nodes.

A decorator is an object of one of the stage classes below; applying it to a
function only records it there (in ``fn.__hamilton_decorators__``, innermost
first). When a Driver is built, ``resolve_nodes`` runs the recorded decorators of
each function, stage by stage, in this order:

1. ``NodeResolver``: keep the function, replace it, or drop it (``@config.when``).
2. ``NodeCreator``: make the first nodes from the function (default: one node, the
   function itself; ``@does``, ``@subdag``). One per function.
3. ``NodeInjector``: add nodes feeding the parameters no node of the function
   provides, possibly renaming them (``@pipe_input``, ``@inject``, ``@with_columns``).
4. ``NodeExpander``: turn the node into several (``@parameterize``,
   ``@extract_fields``, ``@extract_columns``). One per function.
5. ``NodeTransformer``: replace target nodes with other nodes (``@check_output``,
   ``@pipe_output``).
6. ``NodeDecorator``: change target nodes' metadata (``@tag``, ``@schema.output``).

Within a stage, the decorator written closest to the function runs first. The
targets of a transformer or decorator are, by default, the *final* nodes of what the
function made so far: those no other node of that function depends on and not tagged
``NON_FINAL_TAG`` (the inner nodes of a ``@subdag``). ``target_=...`` targets all of
them, a name or a list of names those nodes.

A third-party package adds a decorator family by subclassing a stage class;
``hamilton.testing.DecoratorContract`` checks it honours this contract.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Collection, Mapping, Sequence
from types import EllipsisType
from typing import Any, ClassVar

from hamilton.node import Node

__all__ = [
    "DECORATORS_ATTRIBUTE",
    "NON_FINAL_TAG",
    "DynamicResolver",
    "InvalidDecoratorException",
    "MissingConfigParametersException",
    "NodeCreator",
    "NodeDecorator",
    "NodeExpander",
    "NodeInjector",
    "NodeResolver",
    "NodeTransformLifecycle",
    "NodeTransformer",
    "SingleNodeNodeTransformer",
    "TargetType",
    "decorators_of",
    "final_nodes",
    "function_node",
    "rename_dependencies",
    "resolve_nodes",
    "select_nodes",
]

DECORATORS_ATTRIBUTE = "__hamilton_decorators__"
TargetType = str | Collection[str] | EllipsisType | None

_STAGES = ("resolve", "create", "inject", "expand", "transform", "decorate")


class InvalidDecoratorException(ValueError):  # noqa: N818 - the original name
    """A decorator is used wrongly: the message names the function and the decorator."""


class MissingConfigParametersException(InvalidDecoratorException):
    """A decorator needs config keys the Driver was not given."""


class NodeTransformLifecycle(abc.ABC):
    """Base of every decorator: records itself on the function it decorates.

    Subclass one of the stage classes, not this one directly.
    """

    stage: ClassVar[str]
    multiple: ClassVar[bool] = True

    @classmethod
    def get_lifecycle_name(cls) -> str:
        """The stage this decorator belongs to (``resolve``, ``create``, ``expand``...)."""
        return cls.stage

    @classmethod
    def allows_multiple(cls) -> bool:
        """Whether several decorators of this stage may sit on one function."""
        return cls.multiple

    def validate(self, fn: Callable[..., Any]) -> None:  # noqa: B027 - optional hook
        """Check the decorator fits ``fn`` when it is applied; raise ``InvalidDecoratorException`` if not."""

    def required_config(self) -> list[str] | None:
        """Config keys this decorator needs (``None``: none declared)."""
        return None

    def optional_config(self) -> dict[str, Any]:
        """Config keys this decorator may read, with their defaults."""
        return {}

    @property
    def name(self) -> str:
        return type(self).__name__

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if not callable(fn):
            raise InvalidDecoratorException(f"@{self.name} decorates functions; got {fn!r}.")
        self.validate(fn)
        recorded = list(fn.__dict__.get(DECORATORS_ATTRIBUTE, ()))
        if not self.allows_multiple() and any(d.get_lifecycle_name() == self.stage for d in recorded):
            others = [d.name for d in recorded if d.get_lifecycle_name() == self.stage]
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name} cannot be combined with @{', @'.join(others)}; only one "
                f"{self.stage!r} decorator may sit on a function."
            )
        recorded.append(self)
        setattr(fn, DECORATORS_ATTRIBUTE, recorded)
        return fn


class NodeResolver(NodeTransformLifecycle):
    """Decides whether (and as which function) a function becomes nodes."""

    stage = "resolve"

    @abc.abstractmethod
    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> Callable[..., Any] | None:
        """``fn`` (or a replacement) to keep it, ``None`` to drop it for this config."""

    def node_name(self, fn: Callable[..., Any]) -> str | None:
        """The name the function's node takes (``None``: unchanged)."""
        return None

    def describe(self) -> str:
        """Why the function was kept, as pictures show it (``region='US'``); empty for nothing to show."""
        return ""

    def decorate_nodes(self, nodes: list[Node]) -> list[Node]:
        """Mark the nodes the kept function made (say, with the config keys it read)."""
        return nodes


class DynamicResolver(NodeTransformLifecycle):
    """Becomes another decorator once the config is known (``@resolve``)."""

    stage = "dynamic"

    @abc.abstractmethod
    def resolve(self, config: Mapping[str, Any], fn: Callable[..., Any]) -> NodeTransformLifecycle | None:
        """The decorator to apply for this config, or ``None`` for none."""


class NodeCreator(NodeTransformLifecycle):
    """Makes the first nodes of a function. At most one per function."""

    stage = "create"
    multiple = False

    @abc.abstractmethod
    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        """The nodes ``fn`` stands for."""


class NodeInjector(NodeTransformLifecycle):
    """Adds nodes that feed the function's unsatisfied parameters."""

    stage = "inject"

    @abc.abstractmethod
    def inject_nodes(
        self, params: dict[str, Any], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> tuple[list[Node], dict[str, str]]:
        """New nodes, and parameter renames (``{parameter: new upstream name}``) for the existing ones.

        :param params: every parameter no node of the function provides, with its type.
        """

    def transform_dag(self, nodes: list[Node], config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        return self.apply_injection(nodes, lambda params: self.inject_nodes(params, config, fn))

    @staticmethod
    def apply_injection(
        nodes: list[Node], inject: Callable[[dict[str, Any]], tuple[list[Node], dict[str, str]]]
    ) -> list[Node]:
        """``nodes`` rewired by ``inject(params)``, which gets every parameter no node of ``nodes`` provides."""
        made = {n.name for n in nodes}
        params: dict[str, Any] = {}
        for node in nodes:
            for name, annotation in node.dependencies.items():
                if name not in made:
                    params.setdefault(name, annotation)
        injected, renames = inject(params)
        out = [rename_dependencies(n, renames) if renames.keys() & n.dependencies.keys() else n for n in nodes]
        return out + list(injected)


class NodeExpander(NodeTransformLifecycle):
    """Turns the function's node into several. At most one per function."""

    stage = "expand"
    multiple = False

    @abc.abstractmethod
    def expand_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        """The nodes that replace ``node_``."""

    def transform_dag(self, nodes: list[Node], config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        targets = final_nodes(nodes)
        if len(targets) != 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name} expands one node, but the function makes "
                f"{len(targets)} final nodes ({', '.join(n.name for n in targets)})."
            )
        (target,) = targets
        return [n for n in nodes if n is not target] + list(self.expand_node(target, config, fn))


class NodeTransformer(NodeTransformLifecycle):
    """Replaces each target node with the nodes ``transform_node`` returns."""

    stage = "transform"

    def __init__(self, target: TargetType = None) -> None:
        _check_target(target, type(self).__name__)
        self.target = target

    @abc.abstractmethod
    def transform_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        """The nodes replacing ``node_`` (usually including one named like it)."""

    def select_nodes(self, target: TargetType, nodes: Sequence[Node]) -> list[Node]:
        return select_nodes(target, nodes, self.name)

    def transform_targets(
        self, targets: Sequence[Node], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> list[Node]:
        out: list[Node] = []
        for target in targets:
            out.extend(self.transform_node(target, config, fn))
        return out

    def transform_dag(self, nodes: list[Node], config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        targets = self.select_nodes(self.target, nodes)
        chosen = {id(n) for n in targets}
        return [n for n in nodes if id(n) not in chosen] + self.transform_targets(targets, config, fn)


class SingleNodeNodeTransformer(NodeTransformer):
    """A transformer that applies to exactly one node: the function's only final node."""

    def __init__(self) -> None:
        super().__init__(target=None)

    def transform_targets(
        self, targets: Sequence[Node], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> list[Node]:
        if len(targets) != 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name} applies to one node, but the function makes {len(targets)} "
                f"final nodes ({', '.join(n.name for n in targets)}); put it below the decorator that expands it."
            )
        return super().transform_targets(targets, config, fn)


class NodeDecorator(NodeTransformer):
    """Changes target nodes one by one (their tags, usually) without adding nodes."""

    stage = "decorate"

    @abc.abstractmethod
    def decorate_node(self, node_: Node) -> Node:
        """The changed node."""

    def transform_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        return [self.decorate_node(node_)]


# ---------------------------------------------------------------------------- resolution


def decorators_of(fn: Callable[..., Any]) -> list[NodeTransformLifecycle]:
    """The decorators recorded on ``fn``, innermost first."""
    return list(getattr(fn, DECORATORS_ATTRIBUTE, ()))


def resolve_nodes(fn: Callable[..., Any], config: Mapping[str, Any], name: str | None = None) -> list[Node]:
    """The nodes ``fn`` stands for under ``config``: its decorators run stage by stage.

    ``name`` is the node name the crawler found for ``fn`` (its attribute name).
    An error raised by a decorator is re-raised naming the function and the decorator.
    """
    by_stage: dict[str, list[NodeTransformLifecycle]] = {stage: [] for stage in _STAGES}
    for decorator in decorators_of(fn):
        if decorator.get_lifecycle_name() == "dynamic":
            decorator = _resolve_dynamic(decorator, fn, config)  # type: ignore[arg-type]
            if decorator is None:
                continue
        by_stage[decorator.get_lifecycle_name()].append(decorator)
    for stage in ("create", "expand"):  # a dynamic resolver may have added a second one
        if len(by_stage[stage]) > 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{', @'.join(d.name for d in by_stage[stage])} cannot be combined; only one "
                f"{stage!r} decorator may sit on a function."
            )
    original = fn
    branches = []
    for resolver in by_stage["resolve"]:
        _check_config(resolver, fn, config)
        resolved = _guarded(resolver, original, lambda r=resolver, f=fn: r.resolve(f, config))
        if resolved is None:
            return []
        fn = resolved
        name = resolver.node_name(original) or name  # type: ignore[attr-defined]
        branches.append(resolver.describe())  # type: ignore[attr-defined]
    creators = by_stage["create"]
    if creators:
        _check_config(creators[0], fn, config)
        nodes = list(_guarded(creators[0], original, lambda: creators[0].generate_nodes(fn, config)))
    else:
        nodes = [function_node(fn, name)]
    if name and name != original.__name__:  # a resolver renamed it (``avg__CA`` -> ``avg``)
        nodes = [n.copy_with(name=name) if n.name == original.__name__ else n for n in nodes]
    branch = "; ".join(b for b in branches if b)
    for node in nodes:
        node.config_branch = node.config_branch or branch
    for resolver in by_stage["resolve"]:
        nodes = resolver.decorate_nodes(nodes)  # type: ignore[attr-defined]
    for stage in ("inject", "expand", "transform", "decorate"):
        for decorator in by_stage[stage]:
            _check_config(decorator, fn, config)
            nodes = list(
                _guarded(decorator, original, lambda d=decorator, ns=nodes: d.transform_dag(ns, config, fn))  # type: ignore[attr-defined]
            )
    for node in nodes:
        if original not in node.originating_functions:
            node.originating_functions = (*node.originating_functions, original)
    return nodes


def function_node(fn: Callable[..., Any], name: str | None = None) -> Node:
    """The plain node of ``fn``: named ``name`` (default its ``__name__``), parameters as dependencies."""
    from hamilton.discovery import function_node as crawl_one

    return crawl_one(fn, name or fn.__name__)  # type: ignore[arg-type]


def _resolve_dynamic(
    decorator: DynamicResolver, fn: Callable[..., Any], config: Mapping[str, Any]
) -> NodeTransformLifecycle | None:
    resolved = _guarded(decorator, fn, lambda: decorator.resolve(config, fn))
    if resolved is not None and not isinstance(resolved, NodeTransformLifecycle):
        raise InvalidDecoratorException(
            f"{_where(fn)}: @{decorator.name} produced {resolved!r}, which is not a decorator."
        )
    if resolved is not None:
        resolved.validate(fn)
    return resolved


def _check_config(decorator: NodeTransformLifecycle, fn: Callable[..., Any], config: Mapping[str, Any]) -> None:
    missing = [key for key in decorator.required_config() or () if key not in config]
    if missing:
        raise MissingConfigParametersException(
            f"{_where(fn)}: @{decorator.name} needs the config key(s) {', '.join(map(repr, missing))}; "
            f"pass them in the Driver's config."
        )


def _guarded(decorator: NodeTransformLifecycle, fn: Callable[..., Any], step: Callable[[], Any]) -> Any:
    """Run one decorator step; an error that does not name the function is re-raised naming it and the decorator."""
    try:
        return step()
    except Exception as exc:
        where = _where(fn)
        if where in str(exc):
            raise
        raise InvalidDecoratorException(f"{where}: @{decorator.name} failed: {exc}") from exc


def _where(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', fn)}"


# ---------------------------------------------------------------------------- helpers for decorator authors


def final_nodes(nodes: Sequence[Node]) -> list[Node]:
    """The nodes no other node of ``nodes`` depends on (the sinks of a function's subgraph), less inner ones."""
    consumed = {dep for n in nodes for dep in n.dependencies}
    return [n for n in nodes if n.name not in consumed and not n.tags.get(NON_FINAL_TAG)]


NON_FINAL_TAG = "hamilton.non_final_node"  # the original's tag: the node is made *inside* a function's nodes


def select_nodes(target: TargetType, nodes: Sequence[Node], decorator: str = "decorator") -> list[Node]:
    """The nodes of ``nodes`` that ``target`` designates (see the module docstring)."""
    if target is None:
        return final_nodes(nodes)
    if target is Ellipsis:
        return list(nodes)
    wanted = [target] if isinstance(target, str) else list(target)  # type: ignore[arg-type]
    found = [n for n in nodes if n.name in wanted]
    missing = sorted(set(wanted) - {n.name for n in found})
    if missing:
        raise InvalidDecoratorException(
            f"@{decorator} targets {', '.join(map(repr, missing))}, which the function does not make "
            f"(it makes {', '.join(repr(n.name) for n in nodes)})."
        )
    return found


def _check_target(target: Any, decorator: str) -> None:
    if target is None or target is Ellipsis or isinstance(target, str):
        return
    if isinstance(target, Collection) and all(isinstance(t, str) for t in target):
        return
    raise InvalidDecoratorException(
        f"@{decorator}: target_ must be None (the final nodes), ... (all nodes), a node name or a list of "
        f"names; got {target!r}."
    )


def rename_dependencies(node: Node, renames: Mapping[str, str]) -> Node:
    """A copy of ``node`` reading each dependency ``old`` from the node ``renames[old]`` instead."""
    from hamilton.function_modifiers.calls import RenamedCall

    if not renames.keys() & node.dependencies.keys():
        return node
    dependencies = {renames.get(name, name): annotation for name, annotation in node.dependencies.items()}
    optional = frozenset(renames.get(name, name) for name in node.optional)
    to_parameter = {renames[name]: name for name in node.dependencies if name in renames}
    return node.copy_with(
        dependencies=dependencies, optional=optional, callable=RenamedCall(node.callable, to_parameter)
    )
