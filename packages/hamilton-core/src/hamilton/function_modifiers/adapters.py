"""Loading and saving data next to the function: ``@load_from``, ``@save_to``, ``@dataloader``, ``@datasaver``.

- ``@load_from.csv(path=source("where"), inject_=None)``: the function's parameter (its
  only one, or ``inject_``) is loaded with the format's loader for its annotation. Nodes
  ``<fn>.load_data.<parameter>`` (data and metadata) and ``<fn>.select_data.<parameter>``.
- ``@save_to.json(path=value("out.json"), output_name_=None)``: adds a node saving the
  function's result, named ``output_name_`` or ``save.<node>``, returning the save's metadata.
- ``@dataloader()``: the function returns ``(data, metadata)``; node ``<fn>.loader`` keeps
  both, node ``<fn>`` the data.
- ``@datasaver()``: the function saves something and returns a metadata dict.

Arguments are values, ``value(...)`` or ``source("node or input")``. The formats are those
the data plugins offer (``hamilton.io.formats``); the nodes and their tags are the same
as ``to``/``from_`` make, so caches and trackers treat them alike.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any

from hamilton.function_modifiers.base import (
    InvalidDecoratorException,
    NodeCreator,
    NodeInjector,
    NodeTransformer,
    TargetType,
    _where,
    final_nodes,
    function_node,
)
from hamilton.io import _nodes  # a module, not names from it: hamilton.io._nodes imports this package too
from hamilton.io.formats import FormatNamespace
from hamilton.node import Node

__all__ = ["LoadFromDecorator", "SaveToDecorator", "dataloader", "datasaver", "load_from", "save_to"]


class LoadFromDecorator(NodeInjector):
    """``@load_from.<format>(...)``: loads one parameter of the function from ``format``."""

    def __init__(self, format: str, inject_: str | None = None, **arguments: Any) -> None:
        self.format = format
        self.inject = inject_
        self.arguments = arguments

    @property
    def name(self) -> str:
        return f"load_from.{self.format}"

    def validate(self, fn: Callable[..., Any]) -> None:
        parameters = list(_hints(fn, with_return=False))
        if self.inject is None and len(parameters) != 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name} loads one parameter, but the function has "
                f"{len(parameters) or 'no'} ({', '.join(parameters)}); name the one to load with inject_=..."
            )
        if self.inject is not None and self.inject not in parameters:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name}(inject_={self.inject!r}): the function has no such parameter "
                f"(it has {', '.join(parameters) or 'none'})."
            )

    def inject_nodes(
        self, params: dict[str, Any], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> tuple[list[Node], dict[str, str]]:
        parameter = self.inject or next(iter(_hints(fn, with_return=False)))
        if parameter not in params:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name}: {parameter!r} is already provided by a node of the function."
            )
        arguments = _nodes.Arguments(self.arguments, f"{_where(fn)}: @{self.name}")
        base = fn.__name__
        nodes = _nodes.load_nodes(
            self.format,
            parameter,
            params[parameter],
            arguments,
            f"{base}.load_data.{parameter}",
            f"{base}.select_data.{parameter}",
        )
        return nodes, {parameter: nodes[1].name}


class SaveToDecorator(NodeTransformer):
    """``@save_to.<format>(...)``: adds a node saving the function's result as ``format``."""

    def __init__(
        self, format: str, output_name_: str | None = None, target_: TargetType = None, **arguments: Any
    ) -> None:
        super().__init__(target=target_)
        self.format = format
        self.output_name = output_name_
        self.arguments = arguments

    @property
    def name(self) -> str:
        return f"save_to.{self.format}"

    def select_nodes(self, target: TargetType, nodes: typing.Sequence[Node]) -> list[Node]:
        if target is not None:
            return super().select_nodes(target, nodes)
        # the function's final nodes, not another @save_to's saver (the original saves that saver's metadata)
        return final_nodes([n for n in nodes if not n.tags.get(_nodes.SAVER_TAG)])

    def transform_targets(
        self, targets: typing.Sequence[Node], config: Mapping[str, Any], fn: Callable[..., Any]
    ) -> list[Node]:
        if self.output_name is not None and len(targets) != 1:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @{self.name}(output_name_={self.output_name!r}) names one saver, but it would save "
                f"{len(targets)} nodes ({', '.join(n.name for n in targets)}); pick one with target_=..."
            )
        return super().transform_targets(targets, config, fn)

    def transform_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        arguments = _nodes.Arguments(self.arguments, f"{_where(fn)}: @{self.name}")
        name = self.output_name or f"save.{node_.name}"
        return [_nodes.save_node(self.format, name, node_.name, node_.type, arguments), node_]


class dataloader(NodeCreator):  # noqa: N801 - the original's spelling
    """``@dataloader()``: the function loads data and returns ``(data, metadata)``; other nodes read the data.

    Node ``<fn>.loader`` returns both (tagged as a loader with metadata), node ``<fn>`` the data.
    """

    def validate(self, fn: Callable[..., Any]) -> None:
        returned = _hints(fn).get("return")
        if typing.get_origin(returned) is not tuple or len(typing.get_args(returned)) != 2:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @dataloader functions return (data, metadata): annotate the return as "
                f"tuple[<data type>, dict], not {returned!r}."
            )
        metadata = typing.get_args(returned)[1]
        if (typing.get_origin(metadata) or metadata) is not dict:
            raise InvalidDecoratorException(f"{_where(fn)}: @dataloader's metadata is a dict, not {metadata!r}.")

    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        base = fn.__name__
        loader_name = f"{base}.loader"
        tag = _nodes.LOADER_TAG
        tags = {tag: True, f"{tag}.node": base, f"{tag}.classname": f"{base}()"}
        loader = function_node(fn, loader_name)
        loader = loader.copy_with(tags={**loader.tags, **tags, f"{tag}.has_metadata": True, f"{tag}.source": "loader"})
        data_type = typing.get_args(_hints(fn)["return"])[0]
        select = Node(
            base,
            data_type,
            _nodes.SelectData(loader_name),
            {loader_name: loader.type},
            doc=fn.__doc__ or "",
            tags={**tags, f"{tag}.has_metadata": False, f"{tag}.source": base},
        )
        return [loader, select]


class datasaver(NodeCreator):  # noqa: N801 - the original's spelling
    """``@datasaver()``: the function saves data and returns a metadata dict; it is tagged as a saver."""

    def validate(self, fn: Callable[..., Any]) -> None:
        returned = _hints(fn).get("return")
        if (typing.get_origin(returned) or returned) is not dict:
            raise InvalidDecoratorException(
                f"{_where(fn)}: @datasaver functions return a metadata dict: annotate the return as dict, "
                f"not {returned!r}."
            )

    def generate_nodes(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        node = function_node(fn)
        tag = _nodes.SAVER_TAG
        tags = {tag: True, f"{tag}.sink": fn.__name__, f"{tag}.classname": f"{fn.__name__}()"}
        return [node.copy_with(tags={**node.tags, **tags})]


def _decorator_of(decorator: type) -> Callable[[str], Callable[..., Any]]:
    """``load_from.<format>`` / ``save_to.<format>``: ``decorator`` for that format, with the user's arguments."""

    def for_format(format: str) -> Callable[..., Any]:
        def make(**arguments: Any) -> Any:
            return decorator(format, **arguments)

        make.__name__ = make.__qualname__ = format
        return make

    return for_format


class load_from(metaclass=FormatNamespace):  # noqa: N801 - the original's spelling
    """``@load_from.<format>(**arguments, inject_=None)``: load a parameter of the function from data."""

    _kind = "load"
    _factory = staticmethod(_decorator_of(LoadFromDecorator))
    _prefix = "@"


class save_to(metaclass=FormatNamespace):  # noqa: N801 - the original's spelling
    """``@save_to.<format>(**arguments, output_name_=None)``: also save the function's result."""

    _kind = "save"
    _factory = staticmethod(_decorator_of(SaveToDecorator))
    _prefix = "@"


def _hints(fn: Callable[..., Any], with_return: bool = True) -> dict[str, Any]:
    """The function's parameters (and return) with their annotations, in order; ``Any`` where there is none."""
    import inspect

    try:
        hints = typing.get_type_hints(fn)
    except Exception as exc:
        raise InvalidDecoratorException(f"{_where(fn)}: its annotations cannot be resolved ({exc}).") from exc
    found = {name: hints.get(name, Any) for name in inspect.signature(fn).parameters}
    if with_return:
        found["return"] = hints.get("return")
    return found
