"""Chains of small transformations: ``step(...)``, ``@pipe_input``, ``@pipe_output``, ``@mutate``.

A ``step(fn, *args, **kwargs)`` is one transformation: ``fn``'s first parameter takes
the value flowing through the chain, the others are bound by ``args``/``kwargs``
(``source(...)``, ``value(...)``, or a plain literal) or read the node of their own
name. Each step is a node, named ``<namespace>.with_<fn name>`` (``with_add`` for
``_add``; repeats get ``_1``, ``_2``...) unless ``.named(...)``; the namespace is the
decorated node's name unless set.

- ``@pipe_input(*steps)`` runs the chain on a parameter (the first, or ``on_input=``)
  before the function sees it.
- ``@pipe_output(*steps)`` runs it on the function's output: the function becomes
  ``<node>.raw`` and ``<node>`` the chain's result.
- ``@mutate(target, ...)`` adds the decorated function as a step of ``target``'s
  ``@pipe_output``, from elsewhere in the module; the decorated function is no node.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from types import EllipsisType
from typing import Any

from hamilton.function_modifiers.base import (
    DECORATORS_ATTRIBUTE,
    InvalidDecoratorException,
    NodeInjector,
    NodeTransformer,
    TargetType,
    _where,
    final_nodes,
    function_node,
)
from hamilton.function_modifiers.binding import bind
from hamilton.function_modifiers.calls import Identity
from hamilton.function_modifiers.configuration import config, hamilton_exclude
from hamilton.function_modifiers.dependencies import ParametrizedDependency, UpstreamDependency, value
from hamilton.node import Node

__all__ = [
    "Applicable",
    "NamespaceType",
    "NotSameModuleError",
    "apply_to",
    "mutate",
    "pipe",
    "pipe_input",
    "pipe_output",
    "step",
]

NamespaceType = str | EllipsisType | None


class NotSameModuleError(InvalidDecoratorException):
    """``@mutate`` names a function of another module; mutations must live next to what they change."""


class Applicable:
    """One step of a chain: a function, its bound arguments, and when and where it applies.

    Made by ``step(fn, ...)`` (or ``apply_to(target, ...)`` for ``@mutate``); each
    method returns a changed copy.
    """

    __slots__ = (
        "_bound",
        "_node",
        "args",
        "conditions",
        "fn",
        "input_target",
        "kwargs",
        "name",
        "namespace",
        "output_target",
        "target_fn",
    )

    def __init__(
        self,
        fn: Callable[..., Any] | None,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        target_fn: Callable[..., Any] | None = None,
    ) -> None:
        self.fn = fn
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})
        self.target_fn = target_fn
        self.conditions: tuple[config, ...] = ()
        self.name: str | None = None
        self.namespace: NamespaceType = ...
        self.output_target: TargetType = None
        self.input_target: tuple[str, ...] = ()
        self._bound: dict[str, ParametrizedDependency] | None = None
        self._node: Node | None = None

    def _copy(self, **changes: Any) -> Applicable:
        made = Applicable.__new__(Applicable)
        for slot in Applicable.__slots__:
            setattr(made, slot, changes.get(slot, getattr(self, slot)))
        made._bound = made._node = None
        return made

    def when(self, **key_value_pairs: Any) -> Applicable:
        """Apply the step only when the config has these values (as ``@config.when``)."""
        return self._copy(conditions=(*self.conditions, config.when(**key_value_pairs)))

    def when_not(self, **key_value_pairs: Any) -> Applicable:
        """Apply the step only when the config has none of these values."""
        return self._copy(conditions=(*self.conditions, config.when_not(**key_value_pairs)))

    def when_in(self, **key_value_group_pairs: Collection[Any]) -> Applicable:
        """Apply the step only when each config key has one of the values listed."""
        return self._copy(conditions=(*self.conditions, config.when_in(**key_value_group_pairs)))

    def when_not_in(self, **key_value_group_pairs: Collection[Any]) -> Applicable:
        """Apply the step only when no config key has one of the values listed."""
        return self._copy(conditions=(*self.conditions, config.when_not_in(**key_value_group_pairs)))

    def named(self, name: str, namespace: NamespaceType = ...) -> Applicable:
        """Name the step's node ``name`` (in ``namespace``: ``...`` the chain's, ``None`` none, or a string).

        As in the original, ``@pipe_output`` and ``@mutate`` keep every step in their own
        namespace, whatever the step's; and an empty name makes the node ``<namespace>.``.
        """
        if not isinstance(name, str):
            raise InvalidDecoratorException(f"step(...).named() takes a node name; got {name!r}.")
        _check_namespace(namespace, "step(...).named(namespace=...)")
        return self._copy(name=name, namespace=namespace)

    def namespaced(self, namespace: NamespaceType) -> Applicable:
        """Put the step's node in ``namespace`` (``...`` the chain's, ``None`` none, or a string)."""
        _check_namespace(namespace, "step(...).namespaced()")
        return self._copy(namespace=namespace)

    def on_output(self, target: TargetType) -> Applicable:
        """In ``@pipe_output``/``@mutate``: apply the step only to these of the function's outputs."""
        _check_names(target, "step(...).on_output()")
        return self._copy(output_target=target)

    def on_input(self, target: str | Collection[str]) -> Applicable:
        """In ``@pipe_input``: apply the step to these parameters (as well as to ``on_input=``'s)."""
        _check_names(target, "step(...).on_input()")
        return self._copy(input_target=(target,) if isinstance(target, str) else tuple(target))

    def resolves(self, cfg: Mapping[str, Any]) -> bool:
        """Whether every ``.when*`` condition holds for ``cfg``."""
        return all(condition.does_resolve(cfg) for condition in self.conditions)

    def applies_to_output(self, name: str) -> bool:
        target = self.output_target
        return (
            target is None or target is Ellipsis or name == target or (not isinstance(target, str) and name in target)
        )  # type: ignore[operator]

    def bindings(self, where: str) -> dict[str, ParametrizedDependency]:
        """The bound parameters (all but the first), each a ``source``/``value``/... binding; worked out once.

        :raises InvalidDecoratorException: an argument matches no parameter, or binds the first.
        """
        if self._bound is None:
            self._bound = self._bindings(where)
        return self._bound

    def _bindings(self, where: str) -> dict[str, ParametrizedDependency]:
        fn = self.fn
        assert fn is not None
        parameters = list(inspect.signature(fn).parameters.values())
        label = f"{where}: step({_name(fn)}, ...)"
        if not parameters or parameters[0].kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise InvalidDecoratorException(
                f"{label}: {_name(fn)} needs a first parameter, which takes the value piped in."
            )
        rest = [p.name for p in parameters[1:] if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if len(self.args) > len(rest):
            raise InvalidDecoratorException(
                f"{label}: {len(self.args)} positional argument(s) for {len(rest)} parameter(s) after the first "
                f"({', '.join(rest) or 'none'})."
            )
        bound = dict(zip(rest, self.args, strict=False))
        first = parameters[0].name
        unknown = sorted(k for k in self.kwargs if k not in rest)
        if unknown:
            hint = f"; {first!r} is the first parameter, which takes the piped value" if first in unknown else ""
            raise InvalidDecoratorException(
                f"{label}: {', '.join(map(repr, unknown))} match(es) no parameter of {_name(fn)} after the first "
                f"(they are: {', '.join(rest) or 'none'}){hint}."
            )
        twice = sorted(set(bound) & set(self.kwargs))
        if twice:
            raise InvalidDecoratorException(f"{label}: {', '.join(map(repr, twice))} given by position and by name.")
        bound.update(self.kwargs)
        return {p: b if isinstance(b, ParametrizedDependency) else value(b) for p, b in bound.items()}

    def template(self, where: str) -> tuple[Node, dict[str, ParametrizedDependency]]:
        """The step function's node and its bindings, made once per step (every Driver build reuses them).

        The node is made at the first build, not when decorating: its annotations may name
        something the module defines further down.
        """
        if self._node is None:
            self._node = function_node(self.fn)  # type: ignore[arg-type]
        return self._node, self.bindings(where)

    def __repr__(self) -> str:
        return f"step({_name(self.fn) if self.fn else '?'}{', ...' if self.args or self.kwargs else ''})"


def step(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Applicable:
    """One step of ``@pipe_input``/``@pipe_output``: ``fn`` with its parameters after the first bound.

    ``step(_scale, factor=source("k"))``, ``step(_add, value(1))``; a plain literal
    means ``value(literal)``. Then ``.named(...)``, ``.when(...)``, ``.on_output(...)``...
    """
    if not callable(fn):
        raise InvalidDecoratorException(f"step() takes the function to apply first; got {fn!r}.")
    return Applicable(fn, args, kwargs)


def apply_to(fn_: Callable[..., Any], **mutating_fn_kwargs: Any) -> Applicable:
    """For ``@mutate``: the function to change, with arguments for the mutating function (``.named``, ``.when``...)."""
    if not callable(fn_):
        raise InvalidDecoratorException(
            f"apply_to() takes the function whose output @mutate changes (the function itself); got {fn_!r}."
        )
    return Applicable(None, (), mutating_fn_kwargs, target_fn=fn_)


# ---------------------------------------------------------------------------- naming


def default_step_name(fn: Callable[..., Any]) -> str:
    """``with_add`` for ``_add`` or ``add``, ``with__add`` for ``__add``: the original's names."""
    name = getattr(fn, "__name__", "step")
    return f"with{name}" if name.startswith("_") else f"with_{name}"


def _step_names(steps: Sequence[Applicable], namespace: str | None, own_namespaces: bool = True) -> list[str]:
    """Each active step's node name: explicit or ``with_<fn>`` (repeats ``_1``, ``_2``...), then namespaced.

    ``own_namespaces=False`` puts every step in ``namespace``, whatever the step says (the
    original's ``@pipe_output`` does so).
    """
    seen: dict[str, int] = {}
    names = []
    for applicable in steps:
        base = applicable.name
        if base is None:
            base = default_step_name(applicable.fn)  # type: ignore[arg-type]
            count = seen.get(base, 0)
            seen[base] = count + 1
            base = f"{base}_{count}" if count else base
        space = namespace if applicable.namespace is Ellipsis or not own_namespaces else applicable.namespace
        if not space and not base:
            raise InvalidDecoratorException(f"{applicable!r}.named('') needs a namespace to name its node.")
        names.append(f"{space}.{base}" if space else base)
    return names


def _chain(
    steps: Sequence[Applicable],
    names: Sequence[str],
    upstream: str,
    cfg: Mapping[str, Any],
    where: str,
) -> list[Node]:
    """One node per step, each reading the previous (the first reads ``upstream``)."""
    nodes = []
    for applicable, name in zip(steps, names, strict=True):
        fn = applicable.fn
        base, bindings = applicable.template(where)
        first = next(iter(base.dependencies))
        made = bind(base, {first: UpstreamDependency(upstream), **bindings}, cfg, f"{where}: step({_name(fn)})", name)
        made.source = f"{where} (step {_name(fn)})"
        nodes.append(made)
        upstream = name
    return nodes


# ---------------------------------------------------------------------------- the decorators


class pipe_input(NodeInjector):  # noqa: N801 - the original's spelling
    """Run a chain of steps on a parameter before the function sees it.

    ``@pipe_input(step(_clean), step(_scale, by=source("k")))`` on ``def f(raw: ..., other: ...)``
    feeds ``f`` with ``_scale(_clean(raw), by=k)`` as ``raw``. ``on_input`` names the
    parameter (default: the first); ``step(...).on_input(...)`` sends a step to others too.
    ``namespace``: ``...`` (default) the function's name, ``None`` none, or a string.
    """

    def __init__(
        self,
        *transforms: Applicable,
        namespace: NamespaceType = ...,
        on_input: str | Collection[str] | None = None,
        collapse: bool = False,
    ) -> None:
        self.transforms = _check_steps(transforms, self.name, namespace, collapse)
        self.namespace = namespace
        if on_input is not None:
            _check_names(on_input, f"@{self.name}(on_input=...)")
        self.on_input: tuple[str, ...] = (
            () if on_input is None else (on_input,) if isinstance(on_input, str) else tuple(on_input)
        )

    def validate(self, fn: Callable[..., Any]) -> None:
        where = f"{_where(fn)}: @{self.name}"
        parameters = list(inspect.signature(fn).parameters)
        if not parameters:
            raise InvalidDecoratorException(f"{where} pipes a parameter into the function, but it takes none.")
        targeted = set(self.on_input).union(*(s.input_target for s in self.transforms))
        unknown = sorted(targeted - set(parameters))
        if unknown:
            raise InvalidDecoratorException(
                f"{where}: on_input names {', '.join(map(repr, unknown))}, which match(es) no parameter of the "
                f"function (its parameters: {', '.join(parameters)})."
            )
        if (
            not self.on_input
            and any(s.input_target for s in self.transforms)
            and not all(s.input_target for s in self.transforms)
        ):
            raise InvalidDecoratorException(
                f"{where}: some steps name their parameter with .on_input(...) and others do not; set on_input= on "
                f"@{self.name} for those, or .on_input(...) on every step."
            )
        for applicable in self.transforms:
            applicable.bindings(where)

    def transform_dag(self, nodes: list[Node], cfg: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        finals = final_nodes(nodes)  # the default namespace is the node's name (``f`` for ``f__variant``)
        self_named = finals[0].name if len(finals) == 1 else fn.__name__
        return self.apply_injection(nodes, lambda params: self._chains(params, cfg, fn, self_named))

    def inject_nodes(
        self, params: dict[str, Any], cfg: Mapping[str, Any], fn: Callable[..., Any]
    ) -> tuple[list[Node], dict[str, str]]:
        return self._chains(params, cfg, fn, fn.__name__)

    def _chains(
        self, params: dict[str, Any], cfg: Mapping[str, Any], fn: Callable[..., Any], named: str
    ) -> tuple[list[Node], dict[str, str]]:
        where = f"{_where(fn)}: @{self.name}"
        parameters = [p for p in inspect.signature(fn).parameters if p in params]
        active = [s for s in self.transforms if s.resolves(cfg)]
        default_targets = self.on_input or (() if any(s.input_target for s in self.transforms) else parameters[:1])
        per_parameter = {p: [s for s in active if p in default_targets or p in s.input_target] for p in parameters}
        per_parameter = {p: steps for p, steps in per_parameter.items() if steps}
        namespace = named if self.namespace is Ellipsis else self.namespace
        injected: list[Node] = []
        renames: dict[str, str] = {}
        for parameter, steps in per_parameter.items():
            space = namespace
            if len(per_parameter) > 1:  # one chain per parameter: keep their nodes apart
                space = f"{namespace}.{parameter}" if namespace else parameter
            names = _step_names(steps, space)
            injected.extend(_chain(steps, names, parameter, cfg, where))
            renames[parameter] = names[-1]
        return injected, renames


class pipe(pipe_input):  # noqa: N801
    """The original's former name of ``@pipe_input`` (deprecated there too)."""

    def __init__(
        self, *transforms: Applicable, namespace: NamespaceType = ..., on_input: Any = None, collapse: bool = False
    ) -> None:
        warnings.warn(
            "@pipe is the former name of @pipe_input; use @pipe_input (same arguments).",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(*transforms, namespace=namespace, on_input=on_input, collapse=collapse)


class pipe_output(NodeTransformer):  # noqa: N801
    """Run a chain of steps on the function's output.

    The function's node ``x`` becomes ``x.raw``; each step a node ``x.with_<fn>``; ``x``
    is the chain's result. Applies to the function's final nodes, or those named by
    ``on_output``; ``step(...).on_output(...)`` limits one step to some of them.
    """

    def __init__(
        self,
        *transforms: Applicable,
        namespace: NamespaceType = ...,
        on_output: TargetType = None,
        collapse: bool = False,
    ) -> None:
        _check_names(on_output, f"@{self.name}(on_output=...)", allow_all=True)
        super().__init__(target=on_output)
        self.transforms = _check_steps(transforms, self.name, namespace, collapse)
        self.namespace = namespace
        self.collapse = collapse

    def validate(self, fn: Callable[..., Any]) -> None:
        for applicable in self.transforms:
            applicable.bindings(f"{_where(fn)}: @{self.name}")

    def with_steps(self, *more: Applicable) -> pipe_output:
        """A copy with ``more`` steps at the end (how ``@mutate`` adds to a function's chain)."""
        return pipe_output(
            *self.transforms, *more, namespace=self.namespace, on_output=self.target, collapse=self.collapse
        )

    def transform_node(self, node_: Node, cfg: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        steps = [s for s in self.transforms if s.resolves(cfg) and s.applies_to_output(node_.name)]
        if not steps:
            return [node_]
        where = f"{_where(fn)}: @{self.name}"
        raw = node_.copy_with(name=f"{node_.name}.raw")
        namespace = node_.name if self.namespace is Ellipsis else self.namespace
        names = _step_names(steps, namespace, own_namespaces=False)
        chain = _chain(steps, names, raw.name, cfg, where)
        last = chain[-1]
        result = Node(
            node_.name,
            node_.type,
            Identity(last.name),
            {last.name: last.type},
            doc=node_.doc,
            tags=node_.tags,
            source=f"{where} (result of {last.name})",
            config_branch=node_.config_branch,
        )
        return [raw, *chain, result]


class mutate:  # noqa: N801
    """Add the decorated function as a ``@pipe_output`` step of each target function.

    ``@mutate(data_1, data_2)`` above ``def _drop_nans(df: ...)`` makes ``data_1`` and
    ``data_2`` end with that step (nodes ``data_1.with_drop_nans``...), in the order the
    mutations are written. Targets are functions of the same module, or
    ``apply_to(target, **kwargs).named(...).when(...)``; ``mutating_function_kwargs``
    bind the step's other parameters. The decorated function itself is no node.
    """

    def __init__(
        self,
        *target_functions: Applicable | Callable[..., Any],
        collapse: bool = False,
        **mutating_function_kwargs: Any,
    ) -> None:
        if not target_functions:
            raise InvalidDecoratorException("@mutate needs at least one function to change, e.g. @mutate(data).")
        if collapse:
            raise InvalidDecoratorException("@mutate(collapse=True) is not supported (nor is it by the original).")
        targets = []
        for target in target_functions:
            if isinstance(target, Applicable):
                if target.target_fn is None:
                    raise InvalidDecoratorException(
                        f"@mutate takes functions or apply_to(function, ...); {target!r} is a step(...), whose "
                        f"function is the one being decorated here."
                    )
                targets.append(target)
            elif callable(target) and not isinstance(target, str):
                targets.append(Applicable(None, (), {}, target_fn=target))
            else:
                raise InvalidDecoratorException(
                    f"@mutate takes the functions to change themselves (or apply_to(function, ...)), not {target!r}."
                )
        self.targets = targets
        self.kwargs = mutating_function_kwargs

    def __call__(self, mutating_fn: Callable[..., Any]) -> Callable[..., Any]:
        where = f"{_where(mutating_fn)}: @mutate"
        for target in self.targets:
            target_fn = target.target_fn
            assert target_fn is not None
            if getattr(target_fn, "__module__", None) != getattr(mutating_fn, "__module__", None):
                raise NotSameModuleError(
                    f"{where} changes {_where(target_fn)}, from another module; put the mutating function in "
                    f"{target_fn.__module__}, next to the function it changes."
                )
            applicable = target._copy(fn=mutating_fn, kwargs={**self.kwargs, **target.kwargs}, target_fn=None)
            applicable.bindings(where)
            _add_output_step(target_fn, applicable)
        return hamilton_exclude(mutating_fn)


def _add_output_step(target_fn: Callable[..., Any], applicable: Applicable) -> None:
    """Append a step to ``target_fn``'s ``@pipe_output``, adding one (outermost) if it has none."""
    recorded = list(target_fn.__dict__.get(DECORATORS_ATTRIBUTE, ()))
    for index in range(len(recorded) - 1, -1, -1):
        if isinstance(recorded[index], pipe_output):
            recorded[index] = recorded[index].with_steps(applicable)  # a copy: the object may sit on other functions
            break
    else:
        recorded.append(pipe_output(applicable))
    setattr(target_fn, DECORATORS_ATTRIBUTE, recorded)


# ---------------------------------------------------------------------------- checks


def _check_steps(transforms: Sequence[Any], decorator: str, namespace: Any, collapse: bool) -> tuple[Applicable, ...]:
    if collapse:
        raise InvalidDecoratorException(f"@{decorator}(collapse=True) is not supported (nor is it by the original).")
    if not transforms:
        raise InvalidDecoratorException(f"@{decorator} needs at least one step(...), e.g. @{decorator}(step(_clean)).")
    wrong = [t for t in transforms if not isinstance(t, Applicable) or t.fn is None]
    if wrong:
        raise InvalidDecoratorException(f"@{decorator} takes step(fn, ...) objects; got {wrong!r}.")
    _check_namespace(namespace, f"@{decorator}(namespace=...)")
    if namespace is not Ellipsis and any(t.namespace is not Ellipsis for t in transforms):
        raise InvalidDecoratorException(
            f"@{decorator}: a namespace is set both for the whole chain and on a step(...).named(..., namespace=...); "
            f"set it in one place (as in the original)."
        )
    return tuple(transforms)


def _check_namespace(namespace: Any, where: str) -> None:
    if namespace is not None and namespace is not Ellipsis and not (isinstance(namespace, str) and namespace):
        raise InvalidDecoratorException(
            f"{where} is ... (the default), None (no namespace) or a name; got {namespace!r}."
        )


def _check_names(target: Any, where: str, allow_all: bool = False) -> None:
    if target is None or (allow_all and target is Ellipsis) or (isinstance(target, str) and target):
        return
    if (
        isinstance(target, Collection)
        and not isinstance(target, str)
        and target
        and all(isinstance(t, str) for t in target)
    ):
        return
    raise InvalidDecoratorException(f"{where} takes a name or a list of names; got {target!r}.")


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
