"""The hooks one Driver's plugins implement, resolved once into plain calls.

A notification hook (``before_run``, ``before_node``, ``after_node``, ``after_run``)
becomes a ``Notifier``: each implementation called in pluggy's order with just the
arguments it names, and a raising one reported as a ``PluginError`` naming it. A
Driver whose plugins implement none of them never calls anything per node.

An implementation may be ``async def``: the async Driver awaits it (``Notifier.acall``);
the sync Driver refuses it when the hooks are resolved, naming the plugin.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from hamilton.errors import HamiltonError, attach_error, plugin_error
from hamilton.execution._chain import NodeChain, picker
from hamilton.hookspecs import Computed
from hamilton.plugins import PluginManager

__all__ = ["FirstResult", "Lifecycle", "Notifier", "async_lifecycle_hooks", "named_error", "notifier"]

BEFORE_RUN = ("run_id", "plan", "final_vars", "inputs", "overrides")
AFTER_RUN = ("run_id", "results", "error", "duration")
BEFORE_NODE = ("run_id", "node", "kwargs", "item_index")
AFTER_NODE = ("run_id", "node", "kwargs", "result", "error", "duration", "item_index")


class Notifier:
    """Calls every implementation of one notification hook: ``notifier(*arguments_in_spec_order)``.

    Every implementation is called even if an earlier one raised; then the first
    error is raised as a ``PluginError`` (the others attached to it).
    """

    __slots__ = ("_calls", "_describe", "_hook", "_node_at")

    def __init__(self, hook: str, spec: Sequence[str], hookimpls: list[Any], describe: Callable[[Any], str]) -> None:
        self._hook = hook
        self._calls = [(i.function, picker(spec, i.argnames), i.plugin) for i in reversed(hookimpls)]
        self._describe = describe
        self._node_at = spec.index("node") if "node" in spec else None

    def __call__(self, *args: Any) -> None:
        failures = None  # a list only once something fails: nothing allocated per node otherwise
        for function, pick, plugin in self._calls:
            try:
                answer = function(*pick(args))
                if answer is not None and inspect.isawaitable(answer):
                    _refuse_awaitable(answer)
            except Exception as exc:
                failures = [*(failures or ()), self._named(plugin, exc, args)]
        if failures:
            _raise_together(failures)

    async def acall(self, *args: Any) -> None:
        """The same, awaiting the implementations that are ``async def`` (or return an awaitable)."""
        failures = None  # a list only once something fails: nothing allocated per node otherwise
        for function, pick, plugin in self._calls:
            try:
                answer = function(*pick(args))
                if answer is not None and inspect.isawaitable(answer):
                    await answer
            except Exception as exc:
                failures = [*(failures or ()), self._named(plugin, exc, args)]
        if failures:
            _raise_together(failures)

    def _named(self, plugin: Any, exc: Exception, args: tuple[Any, ...]) -> Exception:
        node = args[self._node_at].name if self._node_at is not None else None
        error = plugin_error(self._describe(plugin), self._hook, exc, node)
        error.__cause__ = exc
        return error


class _WrappedNotifier:
    """A notification hook some of whose implementations are pluggy wrappers: called through pluggy."""

    __slots__ = ("_caller", "_hook", "_manager", "_spec")

    def __init__(self, caller: Any, hook: str, spec: Sequence[str], manager: PluginManager) -> None:
        self._caller, self._hook, self._spec, self._manager = caller, hook, spec, manager

    def __call__(self, *args: Any) -> None:
        kwargs = dict(zip(self._spec, args, strict=True))
        try:
            for answer in self._caller(**kwargs) or ():
                if answer is not None and inspect.isawaitable(answer):
                    _refuse_awaitable(answer)
        except Exception as exc:
            node = kwargs.get("node")
            raise named_error(self._caller, self._hook, exc, self._manager, node.name if node else None) from exc

    async def acall(self, *args: Any) -> None:
        kwargs = dict(zip(self._spec, args, strict=True))
        try:
            for answer in self._caller(**kwargs) or ():
                if answer is not None and inspect.isawaitable(answer):
                    await answer
        except Exception as exc:
            node = kwargs.get("node")
            raise named_error(self._caller, self._hook, exc, self._manager, node.name if node else None) from exc


def _raise_together(failures: list[Exception]) -> NoReturn:
    """Raise the first failure, the others attached to it."""
    for also in failures[1:]:
        attach_error(failures[0], also)
    raise failures[0]


def _refuse_awaitable(answer: Any) -> None:
    """A hook of a sync run answered with a coroutine (an ``async def`` method behind a class-style adapter)."""
    close = getattr(answer, "close", None)
    if close is not None:
        close()  # never awaited: no "coroutine was never awaited" warning on top of this error
    raise TypeError(
        "it is async (it returned an awaitable), which the sync Driver cannot await: use hamilton.async_driver"
    )


_RUN_HOOKS = ("hamilton_before_run", "hamilton_before_node", "hamilton_after_node", "hamilton_after_run")


def async_lifecycle_hooks(plugin: object) -> list[str]:
    """The lifecycle hooks ``plugin`` implements with ``async def`` (only the async Driver can await them)."""
    found = []
    for hook in _RUN_HOOKS:
        function = getattr(plugin, hook, None)
        code = getattr(getattr(function, "__func__", function), "__code__", None)
        if code is not None and code.co_flags & inspect.CO_COROUTINE:
            found.append(hook)
    return found


def refuse_async_hooks(manager: PluginManager) -> None:
    """Raise if a lifecycle hook is implemented ``async def``: the sync Driver cannot await it."""
    for hook in _RUN_HOOKS:
        for impl in getattr(manager.hook, hook).get_hookimpls():
            code = getattr(impl.function, "__code__", None)
            if code is not None and code.co_flags & inspect.CO_COROUTINE:
                raise TypeError(
                    f"{manager.describe(impl.plugin)} implements {hook} with async def, which the sync Driver "
                    f"cannot await. Use the async Driver: `from hamilton import async_driver`, "
                    f"`dr = await async_driver.Builder()...build()`."
                )


def notifier(manager: PluginManager, hook: str, spec: Sequence[str]) -> Callable[..., None] | None:
    """A caller of ``hook``'s implementations with blame, or ``None`` if nothing implements it."""
    caller = getattr(manager.hook, hook)
    hookimpls = caller.get_hookimpls()
    if not hookimpls:
        return None
    if any(i.wrapper or i.hookwrapper for i in hookimpls):
        return _WrappedNotifier(caller, hook, spec, manager)
    return Notifier(hook, spec, hookimpls, manager.describe)


def named_error(
    caller: Any, hook: str, exc: BaseException, manager: PluginManager, node_name: str | None = None
) -> BaseException:
    """``exc`` as a ``PluginError`` naming the implementation it came from.

    The culprit is the implementation whose code is innermost in the traceback. An
    error hamilton already named, or one from the core's own plugin (a user's
    mistake it reports), passes as it is.
    """
    if isinstance(exc, HamiltonError):
        return exc
    codes = {getattr(i.function, "__code__", None): i.plugin for i in caller.get_hookimpls()}
    culprit = None
    frame = exc.__traceback__
    while frame is not None:
        culprit = codes.get(frame.tb_frame.f_code, culprit)
        frame = frame.tb_next
    if culprit is not None and manager.is_builtin(culprit):
        return exc
    who = manager.describe(culprit) if culprit is not None else "a plugin"
    return plugin_error(who, hook, exc, node_name)


class FirstResult:
    """Calls one firstresult hook's implementations in order until one answers, naming a plugin that raises.

    With ``boxed``, an answer must be a ``Computed``; anything else is a ``PluginError``.
    Hooks with pluggy wrappers among their implementations go through pluggy instead.
    """

    __slots__ = ("_boxed", "_caller", "_calls", "_hook", "_manager")

    def __init__(self, manager: PluginManager, hook: str, boxed: bool) -> None:
        self._caller = getattr(manager.hook, hook)
        hookimpls = self._caller.get_hookimpls()
        wrapped = any(i.wrapper or i.hookwrapper for i in hookimpls)
        self._calls = None if wrapped else [(i.function, tuple(i.argnames), i.plugin) for i in reversed(hookimpls)]
        self._hook, self._boxed, self._manager = hook, boxed, manager

    def __call__(self, **kwargs: Any) -> Any:
        if self._calls is None:
            try:
                answer = self._caller(**kwargs)
            except Exception as exc:
                raise named_error(self._caller, self._hook, exc, self._manager) from exc
            return self._checked(answer, None)
        for function, argnames, plugin in self._calls:
            try:
                answer = function(*[kwargs[name] for name in argnames])
            except HamiltonError:
                raise
            except Exception as exc:
                if self._manager.is_builtin(plugin):
                    raise
                raise plugin_error(self._manager.describe(plugin), self._hook, exc) from exc
            if answer is not None:
                return self._checked(answer, plugin)
        return None

    def _checked(self, answer: Any, plugin: Any) -> Any:
        if not self._boxed or answer is None or isinstance(answer, Computed):
            return answer
        who = self._manager.describe(plugin) if plugin is not None else "a plugin"
        problem = TypeError(f"it returned a {type(answer).__name__}, not hamilton.hookspecs.Computed(value)")
        raise plugin_error(who, self._hook, problem)


class Lifecycle:
    """What one Driver's plugins implement, resolved once per plugin set (``generation``)."""

    __slots__ = (
        "after_node",
        "after_run",
        "before_node",
        "before_run",
        "build_result",
        "chain",
        "describe",
        "execute_plan",
        "generation",
        "needs_kwargs",
        "node_plugins",
        "per_node",
        "result_plugins",
        "takes_result",
        "timed",
    )

    def __init__(self, manager: PluginManager, awaits: bool = False) -> None:
        if not awaits:
            refuse_async_hooks(manager)
        hook = manager.hook
        self.generation = manager.generation
        self.describe = manager.describe
        self.before_run = notifier(manager, "hamilton_before_run", BEFORE_RUN)
        self.after_run = notifier(manager, "hamilton_after_run", AFTER_RUN)
        self.before_node = notifier(manager, "hamilton_before_node", BEFORE_NODE)
        self.after_node = notifier(manager, "hamilton_after_node", AFTER_NODE)
        after_impls = hook.hamilton_after_node.get_hookimpls()
        before_impls = hook.hamilton_before_node.get_hookimpls()
        self.takes_result = any("result" in i.argnames for i in after_impls)
        self.timed = any("duration" in i.argnames for i in after_impls)
        node_impls = [i for i in hook.hamilton_execute_node.get_hookimpls() if not manager.is_builtin(i.plugin)]
        self.chain = NodeChain(node_impls, manager.describe) if node_impls else None
        self.node_plugins = sorted({manager.describe(i.plugin) for i in node_impls if not (i.wrapper or i.hookwrapper)})
        self.needs_kwargs = self.chain is not None or any("kwargs" in i.argnames for i in [*after_impls, *before_impls])
        plan_impls = [i for i in hook.hamilton_execute_plan.get_hookimpls() if not manager.is_builtin(i.plugin)]
        self.execute_plan = FirstResult(manager, "hamilton_execute_plan", boxed=False) if plan_impls else None
        self.build_result = FirstResult(manager, "hamilton_build_result", boxed=True)
        self.result_plugins = [i.plugin for i in reversed(hook.hamilton_build_result.get_hookimpls())]
        self.per_node = bool(self.before_node or self.after_node or self.chain)
