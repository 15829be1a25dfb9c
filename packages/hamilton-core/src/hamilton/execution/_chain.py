"""The ``hamilton_execute_node`` chain of one Driver, run without pluggy's call loop.

State structures, before any code:

- ``_Impl``: one implementation: its function, which of the hook's arguments it takes
  (``picks``, indices into ``(node, kwargs, run_id, call_inner)``), whether it is a
  ``wrapper=True`` generator, and the plugin it belongs to.
- ``NodeChain.wrappers``: the wrappers, outermost first; ``NodeChain.plain``: the plain
  implementations in call order. The core's own implementation is not in either: it is
  the bottom of the chain, ``node.callable(**kwargs)``.
- a *suspended* list: the wrappers of one call that have reached their ``yield``,
  outermost first; unwinding sends the inner result (or throws the inner error) into
  them innermost first.

The order is pluggy's (``tryfirst`` outermost); only the calling is ours, so a run pays
for the implementations it has and nothing else.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Generator, Sequence
from typing import Any

from hamilton.errors import plugin_error
from hamilton.hookspecs import Computed
from hamilton.node import Node

__all__ = ["NodeChain", "picker"]

HOOK = "hamilton_execute_node"
_ARGUMENTS = ("node", "kwargs", "run_id", "call_inner")
Bottom = Callable[[Node, dict[str, Any]], Any]


def picker(spec: Sequence[str], argnames: Sequence[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Selects, from a hook's arguments in spec order, the ones one implementation takes (in C, mostly)."""
    indices = [spec.index(name) for name in argnames]
    if indices == list(range(len(spec))):
        return lambda args: args
    if not indices:
        return lambda args: ()
    if len(indices) == 1:
        (only,) = indices
        return lambda args: (args[only],)
    return operator.itemgetter(*indices)


class _Impl:
    __slots__ = ("function", "pick", "plugin", "position", "takes_call_inner", "wrapper")

    def __init__(self, hookimpl: Any) -> None:
        self.function = hookimpl.function
        self.pick = picker(_ARGUMENTS, hookimpl.argnames)
        self.takes_call_inner = "call_inner" in hookimpl.argnames
        self.wrapper = bool(hookimpl.wrapper or hookimpl.hookwrapper)
        self.plugin = hookimpl.plugin
        self.position = 0  # among the wrappers, or among the plain implementations


class NodeChain:
    """The wrappers and plain implementations of ``hamilton_execute_node`` around ``node.callable``."""

    __slots__ = ("describe", "plain", "wrappers")

    def __init__(self, hookimpls: list[Any], describe: Callable[[Any], str]) -> None:
        ordered = [_Impl(hookimpl) for hookimpl in reversed(hookimpls)]  # pluggy lists them innermost first
        self.wrappers = [impl for impl in ordered if impl.wrapper]
        self.plain = [impl for impl in ordered if not impl.wrapper]
        for group in (self.wrappers, self.plain):
            for position, impl in enumerate(group):
                impl.position = position
        self.describe = describe

    def call(self, node: Node, kwargs: dict[str, Any], run_id: str, bottom: Bottom | None = None) -> Any:
        """The node's value through the whole chain; ``bottom`` computes it where the core would call it."""
        return self.run(0, node, kwargs, run_id, bottom).value

    def run(self, start: int, node: Node, kwargs: dict[str, Any], run_id: str, bottom: Bottom | None) -> Computed:
        """The chain from wrapper ``start`` inwards, as a ``Computed``."""
        suspended, answer = self.enter(start, node, kwargs, run_id, bottom)
        if answer is None:
            try:
                if self.plain or bottom is not None:
                    answer = self.compute(0, node, kwargs, run_id, bottom)
                else:
                    answer = Computed(node.callable(**kwargs))
            except BaseException as exc:
                return self.unwind(suspended, node, None, exc)
        if not suspended:
            return answer
        return self.unwind(suspended, node, answer, None)

    def enter(
        self, start: int, node: Node, kwargs: dict[str, Any], run_id: str, bottom: Bottom | None
    ) -> tuple[list[tuple[Generator[Any, Any, Any], _Impl]], Computed | None]:
        """Run wrappers from ``start`` up to their ``yield``: the suspended ones, and an answer if one gave it."""
        suspended: list[tuple[Generator[Any, Any, Any], _Impl]] = []
        arguments = (node, kwargs, run_id, None)
        for impl in self.wrappers[start:] if start else self.wrappers:
            if impl.takes_call_inner:
                inner = self._call_inner(impl.position + 1, True, node, kwargs, run_id, bottom)
                generator = impl.function(*impl.pick((node, kwargs, run_id, inner)))
            else:
                generator = impl.function(*impl.pick(arguments))
            try:
                next(generator)
            except StopIteration as stop:  # returned before its yield: it answers for everything inside
                answer = stop.value
                if type(answer) is not Computed:
                    answer = self._computed(answer, impl, node, "returned before its yield")
                return suspended, answer
            except BaseException as exc:  # the outer wrappers see it at their yield, as pluggy's would
                return [], self.unwind(suspended, node, None, exc)
            suspended.append((generator, impl))
        return suspended, None

    def unwind(
        self,
        suspended: list[tuple[Generator[Any, Any, Any], _Impl]],
        node: Node,
        result: Computed | None,
        error: BaseException | None,
    ) -> Computed:
        """Hand the inner result (or error) to the suspended wrappers, innermost first; return what they give."""
        for generator, impl in reversed(suspended):
            try:
                if error is None:
                    generator.send(result)
                else:
                    generator.throw(error)
            except StopIteration as stop:
                answer = stop.value
                if answer is not None:
                    result = answer if type(answer) is Computed else self._computed(answer, impl, node, "returned")
                    error = None
                elif error is not None:
                    error = self._broken(impl, node, "swallowed the node's error without returning a Computed")
            except BaseException as exc:
                result, error = None, exc
            else:
                generator.close()
                error = self._broken(impl, node, "yielded twice; a wrapper yields exactly once")
        if error is not None:
            raise error
        return result  # type: ignore[return-value]

    def compute(self, start: int, node: Node, kwargs: dict[str, Any], run_id: str, bottom: Bottom | None) -> Computed:
        """The plain implementations from ``start``, then the bottom: the first ``Computed`` answers."""
        for impl in self.plain[start:] if start else self.plain:
            inner = (
                self._call_inner(impl.position + 1, False, node, kwargs, run_id, bottom)
                if impl.takes_call_inner
                else None
            )
            answer = impl.function(*impl.pick((node, kwargs, run_id, inner)))
            if answer is not None:
                return answer if type(answer) is Computed else self._computed(answer, impl, node, "returned")
        return Computed(node.callable(**kwargs) if bottom is None else bottom(node, kwargs))

    def _call_inner(
        self, start: int, wrapper: bool, node: Node, kwargs: dict[str, Any], run_id: str, bottom: Bottom | None
    ) -> Callable[..., Computed]:
        """The ``call_inner`` of one implementation: the chain after it, again."""

        def call_inner(new_kwargs: dict[str, Any] | None = None) -> Computed:
            use = kwargs if new_kwargs is None else new_kwargs
            if wrapper:
                return self.run(start, node, use, run_id, bottom)
            return self.compute(start, node, use, run_id, bottom)

        return call_inner

    def _computed(self, answer: Any, impl: _Impl, node: Node, how: str) -> Computed:
        if isinstance(answer, Computed):
            return answer
        raise self._broken(impl, node, f"{how} {type(answer).__name__}, not hamilton.hookspecs.Computed(value)")

    def _broken(self, impl: _Impl, node: Node, what: str) -> Exception:
        error = TypeError(f"its {HOOK} {what}.")
        return plugin_error(self.describe(impl.plugin), HOOK, error, node.name)
