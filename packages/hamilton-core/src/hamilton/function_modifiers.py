"""Decorators that shape the DAG. The core ships ``config``; data plugins add their own.

``@config.when(key=value)`` keeps a function in the DAG only when the config
matches. Its name may end in ``__suffix`` so several variants of one node can live
side by side: ``avg_rolling_spend__CA`` and ``avg_rolling_spend__US`` both define
``avg_rolling_spend``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

CONDITIONS_ATTRIBUTE = "__hamilton_config_conditions__"
NAME_ATTRIBUTE = "__hamilton_node_name__"


class _Condition:
    __slots__ = ("describe", "test")

    def __init__(self, describe: str, test: Callable[[Mapping[str, Any]], bool]) -> None:
        self.describe = describe
        self.test = test


def _decorator(condition: _Condition, name: str | None) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        conditions = list(getattr(fn, CONDITIONS_ATTRIBUTE, ()))
        conditions.append(condition)
        setattr(fn, CONDITIONS_ATTRIBUTE, tuple(conditions))
        if name is not None:
            setattr(fn, NAME_ATTRIBUTE, name)
        return fn

    return decorate


_MISSING = object()


class config:  # noqa: N801 - the seed spells it in lower case
    """Choose functions by configuration. Several conditions on one function all must hold."""

    @staticmethod
    def when(name: str | None = None, **key_value_pairs: Any) -> Callable[[F], F]:
        """Keep the function when every ``key`` in the config equals its ``value``."""
        _require_pairs("when", key_value_pairs)
        return _decorator(
            _Condition(
                _describe(key_value_pairs, "="),
                lambda cfg: all(cfg.get(k, _MISSING) == v for k, v in key_value_pairs.items()),
            ),
            name,
        )

    @staticmethod
    def when_not(name: str | None = None, **key_value_pairs: Any) -> Callable[[F], F]:
        """Keep the function when no ``key`` in the config equals its ``value``."""
        _require_pairs("when_not", key_value_pairs)
        return _decorator(
            _Condition(
                _describe(key_value_pairs, "!="),
                lambda cfg: all(cfg.get(k, _MISSING) != v for k, v in key_value_pairs.items()),
            ),
            name,
        )

    @staticmethod
    def when_in(name: str | None = None, **key_value_group_pairs: Collection[Any]) -> Callable[[F], F]:
        """Keep the function when every ``key`` in the config is one of its values."""
        _require_pairs("when_in", key_value_group_pairs)
        return _decorator(
            _Condition(
                _describe(key_value_group_pairs, " in "),
                lambda cfg: all(cfg.get(k, _MISSING) in v for k, v in key_value_group_pairs.items()),
            ),
            name,
        )

    @staticmethod
    def when_not_in(name: str | None = None, **key_value_group_pairs: Collection[Any]) -> Callable[[F], F]:
        """Keep the function when no ``key`` in the config is one of its values."""
        _require_pairs("when_not_in", key_value_group_pairs)
        return _decorator(
            _Condition(
                _describe(key_value_group_pairs, " not in "),
                lambda cfg: all(cfg.get(k, _MISSING) not in v for k, v in key_value_group_pairs.items()),
            ),
            name,
        )


def _require_pairs(which: str, pairs: Mapping[str, Any]) -> None:
    if not pairs:
        raise ValueError(
            f"@config.{which}() needs at least one key=value condition, e.g. @config.{which}(region='US')."
        )


def _describe(pairs: Mapping[str, Any], op: str) -> str:
    return ", ".join(f"{k}{op}{v!r}" for k, v in pairs.items())


def active_branch(fn: Callable[..., Any], cfg: Mapping[str, Any]) -> str | None:
    """The description of ``fn``'s config conditions if they all hold, else ``None``.

    A function without conditions is active with an empty description.
    """
    conditions: tuple[_Condition, ...] = getattr(fn, CONDITIONS_ATTRIBUTE, ())
    for condition in conditions:
        if not condition.test(cfg):
            return None
    return "; ".join(c.describe for c in conditions)


def node_name(fn: Callable[..., Any]) -> str:
    """The node a function defines: an explicit name, else its name less a ``__suffix`` if it is config-guarded."""
    explicit = getattr(fn, NAME_ATTRIBUTE, None)
    if explicit:
        return explicit
    name: str = fn.__name__
    if getattr(fn, CONDITIONS_ATTRIBUTE, None) and "__" in name.strip("_"):
        return name.rsplit("__", 1)[0]
    return name


TAGS_ATTRIBUTE = "__hamilton_tags__"


def tag(**tags: Any) -> Callable[[F], F]:
    """Attach metadata (``owner="growth"``) to a function's node; listed by ``list_available_variables``."""

    def decorate(fn: F) -> F:
        setattr(fn, TAGS_ATTRIBUTE, {**getattr(fn, TAGS_ATTRIBUTE, {}), **tags})
        return fn

    return decorate


class value:  # noqa: N801 - the original's spelling
    """A literal bound to a parameter by ``@parameterize``."""

    __slots__ = ("value",)

    def __init__(self, literal: Any) -> None:
        self.value = literal

    def __repr__(self) -> str:
        return f"value({self.value!r})"


class source:  # noqa: N801 - the original's spelling
    """Another node (or input) bound to a parameter by ``@parameterize``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"source({self.name!r})"


PARAMETERIZE_ATTRIBUTE = "__hamilton_parameterize__"
EXTRACT_FIELDS_ATTRIBUTE = "__hamilton_extract_fields__"


def parameterize(**variants: Mapping[str, value | source]) -> Callable[[F], F]:
    """Make one node per keyword instead of one for the function.

    ``@parameterize(spend_ca=dict(region=value("CA")), spend_us=dict(region=source("us_code")))``
    gives nodes ``spend_ca`` and ``spend_us``; each binds the named parameters to a
    literal (``value``) or to another node (``source``). The docstring may use
    ``{output_name}`` and the bound values as format fields.
    """
    if not variants:
        raise ValueError("@parameterize needs at least one output, e.g. @parameterize(out=dict(x=value(1))).")
    for output, bindings in variants.items():
        for parameter, binding in dict(bindings).items():
            if not isinstance(binding, value | source):
                raise TypeError(
                    f"@parameterize: {output}.{parameter} is {binding!r}; wrap it in value(...) for a literal "
                    f"or source(...) for another node."
                )

    def decorate(fn: F) -> F:
        setattr(fn, PARAMETERIZE_ATTRIBUTE, {o: dict(b) for o, b in variants.items()})
        return fn

    return decorate


def parameterize_values(parameter: str, assigned_output: Mapping[str | tuple[str, str], Any]) -> Callable[[F], F]:
    """``@parameterize`` with one parameter bound to a literal per output (keys may be ``(name, doc)``)."""
    return _parameterize_one(parameter, assigned_output, value)


def parameterize_sources(**parameterization: Mapping[str, str]) -> Callable[[F], F]:
    """``@parameterize`` with parameters bound to other nodes: ``out=dict(param="upstream")``."""
    return parameterize(
        **{output: {p: source(upstream) for p, upstream in binds.items()} for output, binds in parameterization.items()}
    )


def _parameterize_one(parameter: str, assigned: Mapping[Any, Any], kind: type) -> Callable[[F], F]:
    return parameterize(
        **{(key[0] if isinstance(key, tuple) else key): {parameter: kind(literal)} for key, literal in assigned.items()}
    )


def extract_fields(fields: Mapping[str, Any]) -> Callable[[F], F]:
    """A function returning a dict also exposes the named fields as nodes of the given types."""
    if not fields:
        raise ValueError("@extract_fields needs at least one field, e.g. @extract_fields({'total': int}).")

    def decorate(fn: F) -> F:
        setattr(fn, EXTRACT_FIELDS_ATTRIBUTE, dict(fields))
        return fn

    return decorate


def __getattr__(name: str) -> Any:
    # extract_columns is the pandas plugin's; the original exposed it here.
    if name == "extract_columns":
        try:
            from hamilton_pandas import extract_columns
        except ImportError as exc:
            raise ImportError(
                "extract_columns comes with the pandas plugin: `pip install hamilton-pandas` "
                "(or use hamilton_polars.extract_columns for polars)."
            ) from exc
        return extract_columns
    raise AttributeError(f"module 'hamilton.function_modifiers' has no attribute {name!r}")
