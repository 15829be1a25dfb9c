"""Choosing functions by configuration: ``@config.when*`` and ``@hamilton_exclude``.

``@config.when(key=value)`` keeps a function in the DAG only when the config
matches. Its name may end in ``__suffix`` so several variants of one node can live
side by side: ``avg_rolling_spend__CA`` and ``avg_rolling_spend__US`` both define
``avg_rolling_spend``. The node is tagged ``hamilton.config`` with the keys it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException, NodeResolver
from hamilton.node import Node

__all__ = ["CONFIG_TAG", "config", "hamilton_exclude"]

CONFIG_TAG = "hamilton.config"
_MISSING = object()


class config(NodeResolver):  # noqa: N801 - the seed spells it in lower case
    """Keep a function when ``resolves(config)`` is true. Several on one function all must hold.

    Use the constructors ``config.when``, ``when_not``, ``when_in`` and ``when_not_in``.
    """

    def __init__(
        self,
        resolves: Callable[[Mapping[str, Any]], bool],
        target_name: str | None = None,
        config_used: Collection[str] | None = None,
        describe: str = "",
    ) -> None:
        self.does_resolve = resolves
        self.target_name = target_name
        self.config_used = list(config_used or ())
        self.description = describe

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> Callable[..., Any] | None:
        return fn if self.does_resolve(config) else None

    def node_name(self, fn: Callable[..., Any]) -> str | None:
        """An explicit ``name=``, else the function's name less its ``__suffix``."""
        if self.target_name:
            return self.target_name
        name: str = fn.__name__
        return name.rsplit("__", 1)[0] if "__" in name.strip("_") else None

    def describe(self) -> str:
        return self.description

    def decorate_nodes(self, nodes: list[Node]) -> list[Node]:
        if not self.config_used:
            return nodes
        for node in nodes:
            node.tags[CONFIG_TAG] = ",".join(self.config_used)
        return nodes

    @staticmethod
    def when(name: str | None = None, **key_value_pairs: Any) -> config:
        """Keep the function when every ``key`` in the config equals its ``value``."""
        _require_pairs("when", key_value_pairs)
        return config(
            lambda cfg: all(cfg.get(k, _MISSING) == v for k, v in key_value_pairs.items()),
            name,
            list(key_value_pairs),
            _describe(key_value_pairs, "="),
        )

    @staticmethod
    def when_not(name: str | None = None, **key_value_pairs: Any) -> config:
        """Keep the function when no ``key`` in the config equals its ``value``."""
        _require_pairs("when_not", key_value_pairs)
        return config(
            lambda cfg: all(cfg.get(k, _MISSING) != v for k, v in key_value_pairs.items()),
            name,
            list(key_value_pairs),
            _describe(key_value_pairs, "!="),
        )

    @staticmethod
    def when_in(name: str | None = None, **key_value_group_pairs: Collection[Any]) -> config:
        """Keep the function when every ``key`` in the config is one of its values."""
        _require_pairs("when_in", key_value_group_pairs)
        return config(
            lambda cfg: all(cfg.get(k, _MISSING) in v for k, v in key_value_group_pairs.items()),
            name,
            list(key_value_group_pairs),
            _describe(key_value_group_pairs, " in "),
        )

    @staticmethod
    def when_not_in(name: str | None = None, **key_value_group_pairs: Collection[Any]) -> config:
        """Keep the function when no ``key`` in the config is one of its values."""
        _require_pairs("when_not_in", key_value_group_pairs)
        return config(
            lambda cfg: all(cfg.get(k, _MISSING) not in v for k, v in key_value_group_pairs.items()),
            name,
            list(key_value_group_pairs),
            _describe(key_value_group_pairs, " not in "),
        )


def _require_pairs(which: str, pairs: Mapping[str, Any]) -> None:
    if not pairs:
        raise InvalidDecoratorException(
            f"@config.{which}() needs at least one key=value condition, e.g. @config.{which}(region='US')."
        )


def _describe(pairs: Mapping[str, Any], op: str) -> str:
    return ", ".join(f"{k}{op}{v!r}" for k, v in pairs.items())


class _Exclude(NodeResolver):
    """Leave the function out of the DAG: a helper that lives among the dataflow's functions."""

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> None:
        return None

    @property
    def name(self) -> str:
        return "hamilton_exclude"


hamilton_exclude = _Exclude()
