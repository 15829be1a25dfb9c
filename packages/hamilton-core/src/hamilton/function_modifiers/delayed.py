"""``@resolve``: a decorator chosen by the config when the Driver is built (power-user mode)."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.function_modifiers.base import (
    DynamicResolver,
    InvalidDecoratorException,
    MissingConfigParametersException,
    NodeTransformLifecycle,
    _where,
)
from hamilton.settings import ENABLE_POWER_USER_MODE

__all__ = ["ResolveAt", "resolve", "resolve_from_config"]


class ResolveAt(enum.Enum):
    """When a ``@resolve`` decorator is chosen."""

    CONFIG_AVAILABLE = "config_available"


class resolve(DynamicResolver):  # noqa: N801 - the original's spelling
    """Decorate with ``decorate_with(**config values)``, called when the Driver is built.

    ``decorate_with``'s parameters name config keys (a default makes one optional)::

        @resolve(
            when=ResolveAt.CONFIG_AVAILABLE,
            decorate_with=lambda regions: parameterize(**{f"spend_{r}": {"region": value(r)} for r in regions}),
        )
        def spend(region: str) -> float: ...

    As in the original, it needs ``hamilton.enable_power_user_mode=True`` in the config
    (``hamilton.settings.ENABLE_POWER_USER_MODE``): a DAG whose shape depends on the
    config is harder to read.
    """

    def __init__(self, *, when: ResolveAt, decorate_with: Callable[..., NodeTransformLifecycle]) -> None:
        if not isinstance(when, ResolveAt):
            raise InvalidDecoratorException(
                f"@resolve(when=...) takes a ResolveAt, e.g. ResolveAt.CONFIG_AVAILABLE; got {when!r}."
            )
        if not callable(decorate_with):
            raise InvalidDecoratorException(
                f"@resolve(decorate_with=...) takes a function of config values that returns a decorator; "
                f"got {decorate_with!r}."
            )
        self.when = when
        self.decorate_with = decorate_with
        parameters = inspect.signature(decorate_with).parameters.values()
        self._required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
        self._optional = {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}

    def required_config(self) -> list[str]:
        return list(self._required)

    def optional_config(self) -> dict[str, Any]:
        return {**self._optional, ENABLE_POWER_USER_MODE: False}

    def resolve(self, config: Mapping[str, Any], fn: Callable[..., Any]) -> NodeTransformLifecycle | None:
        if config.get(ENABLE_POWER_USER_MODE) is not True:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @resolve chooses decorators from the config, which is only allowed in power-user "
                f"mode; pass {ENABLE_POWER_USER_MODE!r}: True in the Driver's config "
                f"(hamilton.settings.ENABLE_POWER_USER_MODE)."
            )
        missing = [key for key in self._required if key not in config]
        if missing:
            raise MissingConfigParametersException(
                f"{_where(fn)}: @resolve needs the config key(s) {', '.join(map(repr, missing))} to choose its "
                f"decorator; pass them in the Driver's config."
            )
        values = {key: config.get(key, default) for key, default in self._optional.items()}
        values.update({key: config[key] for key in self._required})
        return self.decorate_with(**values)


def resolve_from_config(*, decorate_with: Callable[..., NodeTransformLifecycle]) -> resolve:
    """``@resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=...)``."""
    return resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=decorate_with)
