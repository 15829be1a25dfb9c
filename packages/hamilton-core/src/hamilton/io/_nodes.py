"""The nodes that load and save data, shared by ``to``/``from_`` and ``@load_from``/``@save_to``/``@dataloader``.

Node names and tags are the original's:

- a load is two nodes: ``<load name>`` returns ``(data, metadata)`` (tags
  ``hamilton.data_loader.has_metadata=True``), ``<select name>`` returns the data;
- a save is one node returning the save's metadata (tag ``hamilton.data_saver``).

Node callables are small classes, so that the process pool can pickle them; their
``repr`` shows what they do, which is what a cache versions them by.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hamilton.function_modifiers.base import InvalidDecoratorException
from hamilton.function_modifiers.dependencies import LiteralDependency, ParametrizedDependency, UpstreamDependency
from hamilton.io.formats import format_names, loader_for, saver_for, saves_from
from hamilton.node import Node

__all__ = ["Arguments", "LoadData", "SaveData", "SelectData", "load_nodes", "save_node"]

LOADER_TAG, SAVER_TAG = "hamilton.data_loader", "hamilton.data_saver"


class Arguments:
    """An adapter's arguments as written: fixed values (literals, ``value(...)``) and ``source(...)`` nodes."""

    def __init__(self, given: Mapping[str, Any], where: str) -> None:
        self.where = where
        self.fixed: dict[str, Any] = {}
        self.sources: dict[str, str] = {}
        for name, argument in given.items():
            if isinstance(argument, UpstreamDependency):
                self.sources[name] = argument.source
            elif isinstance(argument, LiteralDependency):
                self.fixed[name] = argument.value
            elif isinstance(argument, ParametrizedDependency):
                raise InvalidDecoratorException(
                    f"{where}: {name}={argument!r}; an adapter's argument is a value, value(...) or source(...)."
                )
            else:
                self.fixed[name] = argument

    def check(self, adapter: Any) -> None:
        """Raise naming the missing and unknown arguments of ``adapter`` (a loader or saver class)."""
        required, optional = adapter.get_required_arguments(), adapter.get_optional_arguments()
        given = {*self.fixed, *self.sources}
        missing = sorted(set(required) - given)
        unknown = sorted(given - set(required) - set(optional))
        if missing or unknown:
            problems = [f"it needs {', '.join(missing)}"] if missing else []
            problems += [f"it takes no {', '.join(unknown)}"] if unknown else []
            raise InvalidDecoratorException(
                f"{self.where}: {adapter.__qualname__} ({adapter.name()!r}) cannot be made: {'; '.join(problems)}. "
                f"Required: {', '.join(required) or 'nothing'}; optional: {', '.join(optional) or 'nothing'}."
            )

    def dependencies(self, adapter: Any) -> dict[str, Any]:
        """The nodes the sources name, with the types the adapter declares for them."""
        declared = {**adapter.get_optional_arguments(), **adapter.get_required_arguments()} if adapter else {}
        return {node: declared.get(parameter, Any) for parameter, node in self.sources.items()}

    def resolve(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The adapter's keyword arguments, the sources' values taken from a node's ``kwargs``."""
        return {**self.fixed, **{parameter: kwargs[node] for parameter, node in self.sources.items()}}

    def __repr__(self) -> str:
        return f"fixed={self.fixed!r}, sources={self.sources!r}"


class LoadData:
    """A loader node: makes the loader from its arguments, returns ``(data, metadata)``."""

    def __init__(self, loader: Any, produced: type, arguments: Arguments) -> None:
        self.loader, self.produced, self.arguments = loader, produced, arguments

    def __call__(self, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        return self.loader(**self.arguments.resolve(kwargs)).load_data(self.produced)

    def __repr__(self) -> str:
        return f"LoadData({self.loader.__module__}.{self.loader.__qualname__}, {self.arguments!r})"


class SelectData:
    """The node after a loader: its data, without the metadata."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream

    def __call__(self, **kwargs: Any) -> Any:
        return kwargs[self.upstream][0]

    def __repr__(self) -> str:
        return f"SelectData({self.upstream!r})"


class SaveData:
    """A saver node: picks the format's saver for the value's type (unless known when built), saves, gives metadata."""

    def __init__(self, format: str, saver: Any, arguments: Arguments, data: str) -> None:
        self.format, self.saver, self.arguments, self.data = format, saver, arguments, data

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        value = kwargs[self.data]
        saver = self.saver
        if saver is None or not any(saves_from(type(value), kind) for kind in saver.applicable_types()):
            saver = saver_for(self.format, type(value))
            self.arguments.check(saver)
        return saver(**self.arguments.resolve(kwargs)).save_data(value)

    def __repr__(self) -> str:
        saver = f"{self.saver.__module__}.{self.saver.__qualname__}" if self.saver is not None else None
        return f"SaveData({self.format!r}, {saver}, {self.arguments!r}, data={self.data!r})"


def load_nodes(
    format: str, target: str, declared: Any, arguments: Arguments, load_name: str, select_name: str
) -> list[Node]:
    """The two nodes loading ``format`` into what ``declared`` annotates, for the node or parameter ``target``."""
    loader, produced = loader_for(format, declared)
    arguments.check(loader)
    tags = {
        LOADER_TAG: True,
        f"{LOADER_TAG}.source": format,
        f"{LOADER_TAG}.classname": loader.__qualname__,
        f"{LOADER_TAG}.node": target,
    }
    loaded_type = declared if declared is not None else produced
    load = Node(
        load_name,
        tuple[loaded_type, dict[str, Any]],  # type: ignore[valid-type]
        LoadData(loader, produced, arguments),
        arguments.dependencies(loader),
        doc=f"Loads {target} from {format} ({loader.__qualname__}), with the load's metadata.",
        tags={**tags, f"{LOADER_TAG}.has_metadata": True},
    )
    select = Node(
        select_name,
        loaded_type,
        SelectData(load_name),
        {load_name: load.type},
        doc=f"{target}, as loaded from {format}.",
        tags={**tags, f"{LOADER_TAG}.has_metadata": False},
    )
    return [load, select]


def save_node(format: str, name: str, data: str, data_type: Any, arguments: Arguments, doc: str = "") -> Node:
    """The node saving the node ``data`` in ``format``, named ``name``; it returns the save's metadata.

    The saver is chosen now if ``data_type`` says enough, else when a value arrives.
    """
    saver = None
    if isinstance(data_type, type) and data_type is not object and data_type is not Any:  # Any is a class in 3.11
        saver = saver_for(format, data_type)
        arguments.check(saver)
    elif format not in format_names("save"):
        saver_for(format, object)  # raises, listing the formats there are
    dependencies = {**arguments.dependencies(saver), data: data_type}
    return Node(
        name,
        dict[str, Any],
        SaveData(format, saver, arguments, data),
        dependencies,
        doc=doc or f"Saves {data} as {format}; returns what the save reports.",
        tags={
            SAVER_TAG: True,
            f"{SAVER_TAG}.sink": format,
            f"{SAVER_TAG}.classname": saver.__qualname__ if saver is not None else format,
        },
    )
