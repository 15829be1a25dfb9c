"""The async Driver: ``async def`` nodes run concurrently on the caller's event loop.

    dr = await async_driver.Builder().with_modules(my_async_functions).build()
    result = await dr.execute(["summary"], inputs={"url": "https://example.com"})

A node's function is called as soon as its inputs are computed: plain functions run
inline, ``async def`` ones become tasks, so independent ``async def`` nodes overlap.
Lifecycle hooks (``hamilton_before_node`` and friends, or the ``hamilton.lifecycle``
classes) may be ``async def``: they are awaited. Result builders are the sync Driver's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from hamilton import base
from hamilton.driver import Builder as _SyncBuilder
from hamilton.driver import Driver
from hamilton.execution._async import execute_async

__all__ = ["AsyncDriver", "Builder"]


class AsyncDriver(Driver):
    """A Driver whose ``execute`` and ``raw_execute`` are coroutines; it accepts ``async def`` nodes.

    :param config: the config, as for the sync Driver.
    :param modules: the modules to crawl.
    :param result_builder: builds what ``execute`` returns (the registry's default if
        ``None``, as for the sync Driver).
    :param adapters: result builders, lifecycle hooks and other plugins, as the sync Driver's
        ``adapter`` list. Executors do not apply: nodes run on the event loop.
    :param allow_module_overrides: let a later module's function replace an earlier one's.
    """

    _awaits = True

    def __init__(
        self,
        config: Mapping[str, Any] | None,
        *modules: ModuleType,
        result_builder: Any = None,
        adapters: Sequence[Any] | None = None,
        allow_module_overrides: bool = False,
    ) -> None:
        adapter = [*(adapters or ()), *([result_builder] if result_builder is not None else [])]
        super().__init__(config, *modules, adapter=adapter or None, allow_module_overrides=allow_module_overrides)

    async def ainit(self) -> AsyncDriver:
        """Nothing left to do (the original's two-step start): returns the Driver."""
        return self

    async def execute(  # type: ignore[override]
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> Any:
        """Compute ``final_vars`` and build the result, awaiting ``async def`` nodes and hooks."""
        context, lifecycle, inputs, overrides = self._start(final_vars, overrides, display_graph, inputs, True)
        return await execute_async(context, lifecycle, inputs, overrides, build=True)

    async def raw_execute(  # type: ignore[override]
        self,
        final_vars: Sequence[str | Callable[..., Any]],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Compute ``final_vars`` and return them as a dict, with no result building."""
        context, lifecycle, inputs, overrides = self._start(final_vars, overrides, display_graph, inputs, False)
        return await execute_async(context, lifecycle, inputs, overrides, build=False)


class Builder(_SyncBuilder):
    """Builds an ``AsyncDriver``: ``dr = await async_driver.Builder().with_modules(m).build()``.

    As in the original, a Driver built here returns a dict unless a result builder is
    among the adapters (``AsyncDriver(...)`` itself uses the registry's default, as the
    sync Driver does).
    """

    def enable_dynamic_execution(self, *, allow_experimental_mode: bool = False) -> Builder:
        """Not for the async Driver: its ``Parallelizable`` items already run concurrently, as tasks."""
        raise ValueError(
            "Builder().enable_dynamic_execution() is not supported by the async Driver: it runs nodes as tasks on "
            "its event loop, and the items of Parallelizable blocks concurrently, without executors."
        )

    def build_without_init(self) -> AsyncDriver:
        """The Driver, built (``await build()`` does the same)."""
        return AsyncDriver(
            self._config,
            *self._modules,
            adapters=[*self._all_adapters(), base.DictResult()],  # the last resort, as the original's Builder
            allow_module_overrides=self._allow_module_overrides,
        )

    async def build(self) -> AsyncDriver:  # type: ignore[override]
        """The Driver for everything given so far."""
        return await self.build_without_init().ainit()
