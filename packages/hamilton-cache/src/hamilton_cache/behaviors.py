"""What the cache does with each node: ``CachingBehavior``, and how a node's is chosen.

In order of precedence: the node named in ``with_cache(default=..., recompute=...,
ignore=..., disable=...)``; its ``@cache(behavior=...)`` tag; ``default_loader_behavior``
for nodes that load data and ``default_saver_behavior`` for nodes that save it;
``default_behavior`` for the rest.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from hamilton.function_modifiers.caching import BEHAVIOR_TAG

__all__ = ["LOADER_TAG", "SAVER_TAG", "BehaviorRules", "CachingBehavior"]

LOADER_TAG = "hamilton.data_loader"
SAVER_TAG = "hamilton.data_saver"


class CachingBehavior(enum.Enum):
    """What the cache does with a node.

    - ``DEFAULT``: reuse the stored result if the node's code, inputs and config are
      unchanged; otherwise run it and store the result.
    - ``RECOMPUTE``: always run it; store the result and its version.
    - ``DISABLE``: run it as if there were no cache; nodes that depend on it are
      recomputed too, since its value has no version.
    - ``IGNORE``: run it as if there were no cache, and leave it out of the keys of
      the nodes that depend on it (a client, a connection).
    """

    DEFAULT = 1
    RECOMPUTE = 2
    DISABLE = 3
    IGNORE = 4

    @classmethod
    def from_string(cls, string: str) -> CachingBehavior:
        """``"recompute"`` -> ``CachingBehavior.RECOMPUTE``; an unknown name is a ``ValueError`` listing the names."""
        try:
            return cls[string.upper()]
        except (KeyError, AttributeError):
            names = ", ".join(repr(member.name.lower()) for member in cls)
            raise ValueError(f"{string!r} is not a caching behavior; use one of {names}.") from None


_LISTS = ("default", "recompute", "ignore", "disable")


class BehaviorRules:
    """The options of ``with_cache(...)`` that choose behaviours, checked once."""

    def __init__(
        self,
        lists: Mapping[str, bool | Collection[str] | None],
        default_behavior: str | CachingBehavior | None,
        default_loader_behavior: str | CachingBehavior | None,
        default_saver_behavior: str | CachingBehavior | None,
    ) -> None:
        everything = [name for name in _LISTS if lists.get(name) is True]
        if len(everything) > 1:
            raise ValueError(
                f"{' and '.join(everything)} are both True: only one behaviour can apply to every node; "
                f"pass lists of node names instead."
            )
        self.for_all = CachingBehavior[everything[0].upper()] if everything else None
        self.named: dict[str, CachingBehavior] = {}
        for option in _LISTS:
            names = lists.get(option)
            if names is None or names is True:
                continue
            if isinstance(names, str) or not isinstance(names, Iterable):
                raise TypeError(f"with_cache({option}=...) takes a list of node names or True, not {names!r}.")
            for name in names:
                behavior = CachingBehavior[option.upper()]
                if self.named.get(name, behavior) is not behavior:
                    raise ValueError(
                        f"Node {name!r} is given two caching behaviors, {self.named[name].name.lower()} and "
                        f"{option}; name it in one list only."
                    )
                self.named[name] = behavior
        self.default = _behavior(default_behavior, CachingBehavior.DEFAULT, "default_behavior")
        # unless told otherwise, loaders read again every run (their file may have changed; the nodes
        # downstream are still hits when the data is the same) and savers write every run
        data_default = CachingBehavior.RECOMPUTE if self.default is CachingBehavior.DEFAULT else self.default
        self.loader = _behavior(default_loader_behavior, data_default, "default_loader_behavior")
        self.saver = _behavior(default_saver_behavior, data_default, "default_saver_behavior")

    def behavior(self, name: str, tags: Mapping[str, Any]) -> CachingBehavior:
        """The behaviour of the node (or input) ``name`` with ``tags``."""
        named = self.named.get(name)
        if named is not None:
            return named
        if self.for_all is not None:
            return self.for_all
        tagged = tags.get(BEHAVIOR_TAG)
        if tagged is not None:
            return CachingBehavior.from_string(tagged)
        if tags.get(LOADER_TAG):
            return self.loader
        if tags.get(SAVER_TAG):
            return self.saver
        return self.default


def _behavior(given: str | CachingBehavior | None, fallback: CachingBehavior, option: str) -> CachingBehavior:
    if given is None:
        return fallback
    if isinstance(given, CachingBehavior):
        return given
    if not isinstance(given, str):
        raise TypeError(f"with_cache({option}=...) takes a behaviour name such as 'recompute', not {given!r}.")
    return CachingBehavior.from_string(given)
