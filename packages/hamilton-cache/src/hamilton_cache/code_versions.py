"""Code versions: what a node runs, as a digest that comments, docstrings and formatting do not change.

A node is versioned by the function it comes from (its first originating function, else
its callable):

- its *compiled code*: the instructions, names and constants of the function as it is
  loaded (nested functions and lambdas included; line numbers and docstring left out),
  and its default argument values. Comments, blank lines, spacing, line breaks and
  quotes do not change it; any change to what the function does does. It is the code
  that runs, so a source file edited after its module was imported cannot be mistaken
  for it.
- for a function with decorators, also their *source*, compiled the same way, since
  their arguments (``@parameterize(x=value(1))``) shape the nodes. Compiling costs some
  20 µs a function: a ``CodeVersions`` keeps every function's version for the life of the
  process, and the store keeps each decorated source's digest across processes.

Bytecode differs between Python versions, so a new Python recomputes everything once.
What a function calls (another function of the module) is not part of its version.
"""

from __future__ import annotations

import functools
import hashlib
import linecache
import textwrap
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hamilton.function_modifiers.base import DECORATORS_ATTRIBUTE
from hamilton.node import Node

__all__ = ["CodeVersions", "decorated_source", "normalised_digest", "versioned_callable"]

_DIGEST_LENGTH = 32


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:_DIGEST_LENGTH]


def versioned_callable(node: Node) -> Any:
    """The function whose code a node's version follows: its first originating function, else its callable."""
    return node.originating_functions[0] if node.originating_functions else node.callable


class CodeVersions:
    """Every callable's code version, computed once per process.

    ``versions_for(nodes, lookup)`` versions many nodes at once; for decorated functions,
    ``lookup(raw digests)`` gives the normalised digests the store already has, so that
    only sources never seen before are compiled; the new pairs are left in ``fresh`` for
    the store to keep.
    """

    def __init__(self) -> None:
        self._by_callable: dict[int, tuple[Any, str]] = {}  # id -> (the callable, kept alive; its version)
        self.fresh: dict[str, str] = {}

    def versions_for(self, nodes: Iterable[Node], lookup: Callable[[list[str]], Mapping[str, str]]) -> dict[str, str]:
        """Versions of ``nodes`` by name."""
        out: dict[str, str] = {}
        by_callable = self._by_callable
        pending: list[tuple[str, Any, str, str]] = []  # name, callable, its compiled digest, its raw decorated source
        for node in nodes:
            fn = versioned_callable(node)
            found = by_callable.get(id(fn))
            if found is not None and found[0] is fn:
                out[node.name] = found[1]
                continue
            compiled = compiled_digest(fn)
            raw = decorated_source(fn)
            if raw is None:
                by_callable[id(fn)] = (fn, compiled)
                out[node.name] = compiled
            else:
                pending.append((node.name, fn, compiled, raw))
        if pending:
            digests = {raw: _digest(raw.encode("utf-8", "surrogatepass")) for _, _, _, raw in pending}
            stored = dict(lookup(sorted(set(digests.values()))))
            for name, fn, compiled, raw in pending:
                raw_digest = digests[raw]
                normalised = stored.get(raw_digest) or self.fresh.get(raw_digest)
                if normalised is None:
                    normalised = self.fresh[raw_digest] = normalised_digest(raw)
                version = _digest(f"{compiled}:{normalised}".encode())
                by_callable[id(fn)] = (fn, version)
                out[name] = version
        return out

    def version_of(self, node: Node) -> str:
        """One node's version (compiled now if this process has not yet)."""
        return self.versions_for([node], lambda digests: {})[node.name]


def normalised_digest(raw: str) -> str:
    """The digest of ``raw`` source compiled alone; of the text itself if it does not compile alone."""
    try:
        code = compile(textwrap.dedent(raw), "<source>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):  # e.g. a line of a multi-line string less indented than the def
        return _digest(raw.encode("utf-8", "surrogatepass"))
    return _code_digest(code)


def compiled_digest(fn: Any) -> str:
    """The digest of what ``fn`` runs: its code (see ``_code_digest``), default values, a partial's arguments."""
    extra = ""
    if isinstance(fn, functools.partial):
        extra = f"partial{_stable_repr(fn.args)}{_stable_repr(tuple(sorted(fn.keywords.items())))}"
        fn = fn.func
    function = getattr(fn, "__func__", fn)  # a bound method
    code = getattr(function, "__code__", None)
    if not isinstance(code, types.CodeType):  # a callable object: its class's __call__, and its state if it shows
        call = getattr(type(fn), "__call__", None)  # noqa: B004 - the method itself, not a callability test
        code = getattr(call, "__code__", None)
        try:
            shown = repr(fn)
        except Exception:
            shown = " at 0x"
        extra += f"{type(fn).__module__}.{type(fn).__qualname__}" + ("" if " at 0x" in shown else shown)
        if not isinstance(code, types.CodeType):
            return _digest(f"opaque:{extra}".encode("utf-8", "surrogatepass"))
        function = call
    defaults = (getattr(function, "__defaults__", None), getattr(function, "__kwdefaults__", None))
    if defaults != (None, None):
        extra += _stable_repr(defaults[0] or ()) + _stable_repr(tuple(sorted((defaults[1] or {}).items())))
    digest = _code_digest(code)
    return _digest(f"{digest}{extra}".encode("utf-8", "surrogatepass")) if extra else digest


def decorated_source(fn: Any) -> str | None:
    """The source of ``fn`` from its first decorator to its end, if it has decorators that shape its nodes."""
    function = getattr(fn, "__func__", fn)
    marks = getattr(function, "__dict__", {})
    if DECORATORS_ATTRIBUTE not in marks and "__wrapped__" not in marks:
        return None
    code = getattr(function, "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, getattr(function, "__globals__", None))
    if not lines:
        return None
    first = code.co_firstlineno  # the first decorator's line
    last = max((end for _, end, _, _ in code.co_positions() if end is not None), default=first)
    return "".join(lines[first - 1 : last])


_NO_DOCSTRING_SLOT = frozenset({"<module>", "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>", "<lambda>"})
_SPECIAL = frozenset({types.CodeType, frozenset, tuple})


def _code_digest(code: types.CodeType) -> str:
    """Instructions, names and constants of ``code`` and the code nested in it; no line numbers, no docstrings.

    ``co_code`` is the code as compiled (CPython hands back the unspecialised
    instructions), so the digest does not change as the interpreter warms up.
    """
    hasher = hashlib.sha256()
    stack = [code]
    while stack:
        current = stack.pop()
        consts = current.co_consts
        if consts and type(consts[0]) is str and current.co_name not in _NO_DOCSTRING_SLOT:
            consts = (None, *consts[1:])  # a function's first constant is its docstring, or None without one
        hasher.update(current.co_code)
        if any(type(const) in _SPECIAL for const in consts):
            stack.extend(const for const in consts if type(const) is types.CodeType)
            consts = tuple("<code>" if type(c) is types.CodeType else _stable_repr(c) for c in consts)
        shown = repr((current.co_names, current.co_varnames, current.co_freevars, consts))
        hasher.update(shown.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()[:_DIGEST_LENGTH]


def _stable_repr(const: Any) -> str:
    """``repr`` of a constant, with sets (``x in {"a", "b"}``) in an order that does not depend on the hash seed."""
    if isinstance(const, frozenset | set):
        return f"{type(const).__name__}({sorted(_stable_repr(item) for item in const)!r})"
    if isinstance(const, tuple):
        return "(" + ", ".join(_stable_repr(item) for item in const) + ",)"
    return repr(const)
