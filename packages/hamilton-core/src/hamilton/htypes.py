"""Annotations with a meaning for the engine: ``Parallelizable`` fans out, ``Collect`` gathers.

A node annotated ``-> Parallelizable[T]`` returns (or yields) items of type ``T``. Every node
that depends on it, directly or through other nodes, runs once per item: that is the node's
*block*. A parameter annotated ``Collect[T]`` ends the block: it receives the list of the
values the block computed for that parameter, one per item, in item order::

    def url(urls: list[str]) -> Parallelizable[str]:
        yield from urls

    def page_size(url: str) -> int:        # once per url
        return len(fetch(url))

    def total_size(page_size: Collect[int]) -> int:   # once, with every page_size
        return sum(page_size)
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar, runtime_checkable

__all__ = ["Collect", "Parallelizable", "is_collect", "is_parallelizable", "item_type"]

_Item = TypeVar("_Item", covariant=True)


@runtime_checkable
class Parallelizable(Iterable[_Item], Protocol[_Item]):
    """The return annotation of a node whose items each run the nodes downstream of it, up to a ``Collect``."""

    def __iter__(self) -> Iterator[_Item]: ...


@runtime_checkable
class Collect(Iterable[_Item], Protocol[_Item]):
    """The annotation of a parameter that gathers one value per item of a ``Parallelizable`` block."""

    def __iter__(self) -> Iterator[_Item]: ...


def is_parallelizable(annotation: Any) -> bool:
    """Whether ``annotation`` is ``Parallelizable`` or ``Parallelizable[T]``."""
    return annotation is Parallelizable or getattr(annotation, "__origin__", None) is Parallelizable


def is_collect(annotation: Any) -> bool:
    """Whether ``annotation`` is ``Collect`` or ``Collect[T]``."""
    return annotation is Collect or getattr(annotation, "__origin__", None) is Collect


def item_type(annotation: Any) -> Any:
    """``T`` for ``Parallelizable[T]`` or ``Collect[T]`` (``Any`` when bare); other annotations as they are."""
    if is_parallelizable(annotation) or is_collect(annotation):
        args = typing.get_args(annotation)
        return args[0] if args else Any
    return annotation
