"""``HamiltonCacheAdapter``: the node wrapper behind ``Builder().with_cache()``, and ``dr.cache``.

One run, in the order the hooks fire:

1. ``hamilton_before_run``: each planned node's behaviour (``behaviors.py``) and code
   version (``code_versions.py``); the latest key of each of those nodes is read from
   the store in one query, so that a node whose inputs did not change finds its key in
   a dict.
2. ``hamilton_execute_node`` (a wrapper, for every node): the node's cache key is the
   digest of its name, its code version and the data versions of what it receives
   (upstream results, inputs, overrides, config). A key with a stored, intact result
   answers before the ``yield`` (a hit: nothing inside runs, no task goes to a process
   pool). Otherwise the node runs; its result is versioned (``data_versions.py``) and
   stored at once (a node downstream could change it): small pickles in the database,
   larger ones in files, written from the value's own buffers, DataFrames as parquet.
3. ``hamilton_after_run``: writes the run's keys and results in one transaction, also
   when the run failed (what did run is kept).

State of the adapter, before any code:

- ``_runs``: run id -> ``_Run`` for the runs in progress (a Driver may run in several
  threads at once);
- ``_history``: run id -> ``RunRecord`` of the last ``HISTORY`` runs, for ``dr.cache``;
- ``_plans``: behaviours resolved per plan, kept for the plans a Driver reuses.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import pickle
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Literal

from hamilton.function_modifiers.caching import FORMAT_TAG
from hamilton.hookspecs import Computed
from hamilton.io.formats import FormatError, loader_for, saver_for
from hamilton.node import Node
from hamilton.plan import Plan
from hamilton.plugins import hookimpl

from hamilton_cache.behaviors import BehaviorRules, CachingBehavior
from hamilton_cache.code_versions import CodeVersions
from hamilton_cache.data_versions import PICKLE_PROTOCOL, DataVersions, digest
from hamilton_cache.records import (
    FAILED,
    HIT,
    NOT_CACHED,
    RECOMPUTED,
    NodeRecord,
    RunRecord,
    RunReport,
    by_node,
    events_of,
)
from hamilton_cache.store import INLINE_LIMIT, CacheStore, NewResult, ResultUnavailableError, Row

__all__ = ["CacheWarning", "HamiltonCacheAdapter"]

HISTORY = 64
_PLANS_KEPT = 128
DEFAULT, RECOMPUTE, DISABLE, IGNORE = (
    CachingBehavior.DEFAULT,
    CachingBehavior.RECOMPUTE,
    CachingBehavior.DISABLE,
    CachingBehavior.IGNORE,
)
IGNORED = "<ignore>"  # the data version of an ignored value: the same every run
NO_VERSION = "<no version>"  # a value without version (disabled, unhashable): whoever reads it is recomputed
FORMAT = "pickle"


class CacheWarning(UserWarning):
    """The cache could not do its job for a node (an unhashable value, a damaged result); the run goes on."""


class HamiltonCacheAdapter:
    """Caches node results in a folder, keyed by code version and input data versions; ``dr.cache`` is this object.

    Pass it to a Driver's adapters, or let ``driver.Builder().with_cache(...)`` make it.
    The folder must be trusted like code: results are unpickled from it. It is created
    readable by its owner only; a result file is unpickled only if the cache's own
    database lists it with a matching checksum. Several processes may share a folder.

    :param path: the cache folder.
    :param default: node names (or ``True``: every node) whose results are reused when unchanged.
    :param recompute: node names (or ``True``) always run, their results stored.
    :param ignore: node names (or ``True``) run without the cache and left out of downstream keys.
    :param disable: node names (or ``True``) run without the cache; their dependents are recomputed.
    :param default_behavior: the behaviour of the other nodes (``"default"`` if not given).
    :param default_loader_behavior: for nodes that load data (``"recompute"`` if not given).
    :param default_saver_behavior: for nodes that save data (``"recompute"`` if not given).
    :param log_to_file: also append each run's events, as JSON lines, to ``cache_logs.jsonl`` in the folder.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ".hamilton_cache",
        metadata_store: Any = None,
        result_store: Any = None,
        default: bool | Collection[str] | None = None,
        recompute: bool | Collection[str] | None = None,
        ignore: bool | Collection[str] | None = None,
        disable: bool | Collection[str] | None = None,
        default_behavior: str | CachingBehavior | None = None,
        default_loader_behavior: str | CachingBehavior | None = None,
        default_saver_behavior: str | CachingBehavior | None = None,
        log_to_file: bool = False,
    ) -> None:
        if metadata_store is not None or result_store is not None:
            raise TypeError(
                "metadata_store= and result_store= are not supported: this cache keeps its keys, small results "
                "and result files together in one folder, path=..., so that they stay consistent."
            )
        self.path = Path(path)
        self.rules = BehaviorRules(
            {"default": default, "recompute": recompute, "ignore": ignore, "disable": disable},
            default_behavior,
            default_loader_behavior,
            default_saver_behavior,
        )
        self.store = CacheStore(self.path)
        self.log_to_file = log_to_file
        self._code = CodeVersions()
        self._data = DataVersions()
        self._runs: dict[str, _Run] = {}
        self._history: OrderedDict[str, RunRecord] = OrderedDict()
        self._plans: OrderedDict[int, tuple[Plan, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._formats: dict[type, str] = {}  # value type -> the format its results are stored in by default

    def __repr__(self) -> str:
        return f"HamiltonCacheAdapter(path={str(self.path)!r})"

    # ------------------------------------------------------------------ hooks

    @hookimpl
    def hamilton_before_run(
        self, run_id: str, plan: Plan, final_vars: list[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any]
    ) -> None:
        behaviors, per_item, expands = self._behaviors_for(plan)
        cached = [step.node for step in plan.node_steps() if behaviors[step.name] in (DEFAULT, RECOMPUTE)]
        with self._lock:
            code_versions = self._code.versions_for(cached, self.store.normalised_sources)
        record = RunRecord(run_id, list(final_vars), sorted(inputs), sorted(overrides))
        run = _Run(self, record, behaviors, code_versions, per_item, expands)
        for row in self.store.latest([node.name for node in cached]):
            run.known[row.cache_key] = row
            run.latest[row.node_name] = row
        with self._lock:
            self._runs[run_id] = run
            self._history[run_id] = record
            while len(self._history) > HISTORY:
                self._history.popitem(last=False)

    @hookimpl(wrapper=True)
    def hamilton_execute_node(self, node: Node, kwargs: dict[str, Any], run_id: str) -> Any:
        run = self._runs.get(run_id)
        if run is None:  # registered on the Driver after this run started
            return (yield)
        name = node.name
        behavior = run.behaviors.get(name, DEFAULT)
        if name in run.expands:  # yields a Parallelizable block's items: there is nothing to store
            try:
                result = yield
            except BaseException as exc:
                run.failed(name, behavior, exc)
                raise
            run.note(NodeRecord(name, NOT_CACHED, "it yields the items of a Parallelizable block", "recompute"))
            return result
        if behavior is DISABLE or behavior is IGNORE:
            try:
                result = yield
            except BaseException as exc:
                run.failed(name, behavior, exc)
                raise
            run.versions[name] = IGNORED if behavior is IGNORE else NO_VERSION
            run.note(NodeRecord(name, NOT_CACHED, f"its behavior is {behavior.name.lower()!r}", _b(behavior)))
            return result
        key, parts = run.key(name, kwargs)
        unusable = None
        if key is None:
            reason = run.unversioned(parts)
        elif behavior is RECOMPUTE:
            reason = "its behavior is 'recompute'"
        else:
            row = run.known.get(key)
            if row is None and name in run.latest:  # a node never stored has no older key either
                row = self.store.find(key)
                if row is not None:  # an older key used again: the latest from now on
                    run.reused.append(key)
            if row is not None:
                try:
                    value = self.store.load(row, self._read_as(row) if row.format != FORMAT else None)
                except ResultUnavailableError as exc:
                    unusable = exc.reason
                    self._unusable(run, name, row, exc.reason)
                else:
                    version = run.versions[name] = row.data_version
                    run.note(_record((name, HIT, "", "default", key, parts[1], version, False, None)))
                    return Computed(value)
            reason = unusable or run.why(name, parts)
        try:
            result = yield
        except BaseException as exc:
            run.failed(name, behavior, exc, key)
            raise
        self._keep(run, node, key, parts, result.value, reason, behavior, unusable)
        return result

    @hookimpl
    def hamilton_after_run(self, run_id: str, error: BaseException | None) -> None:
        with self._lock:
            run = self._runs.pop(run_id, None)
        if run is None:
            return
        run.record.finished = time.time()
        try:
            self._commit(run)
        except Exception as exc:  # the run's own result or error matters more than the cache's bookkeeping
            warnings.warn(
                f"The cache could not record run {run_id} in {str(self.path)!r} ({type(exc).__name__}: {exc}); "
                f"its results will be computed again next time.",
                CacheWarning,
                stacklevel=2,
            )
        if self.log_to_file:
            self._append_log(run.record)

    # ------------------------------------------------------------------ storing

    def _keep(
        self,
        run: _Run,
        node: Node,
        key: str | None,
        parts: list[str],
        value: Any,
        reason: str,
        behavior: CachingBehavior,
        unusable: str | None,
    ) -> None:
        """Version a computed result and, if it has a key, queue it for storing."""
        name = node.name
        versioned = self._data.version(value)
        version = versioned.version
        if version is None:
            run.versions[name] = NO_VERSION
            self._warn_once(
                run,
                name,
                f"Node {name!r} returned a {type(value).__module__}.{type(value).__qualname__}, which can neither be "
                f"versioned by a plugin nor pickled: it is run every time, and so are the nodes that use it. "
                f"Mark it @cache(behavior='ignore') (or 'disable') to say so and silence this warning.",
            )
            run.note(
                NodeRecord(name, RECOMPUTED, f"{reason}; its result cannot be versioned", _b(behavior), key, None, None)
            )
            return
        run.versions[name] = version
        stored = False
        if key is not None:
            stored = run.keep(node, key, parts, version, versioned.pickled, value)
        run.note(
            NodeRecord(
                name, RECOMPUTED, reason, _b(behavior), key, run.code_versions.get(name), version, stored, unusable
            )
        )

    def _format_for(self, node: Node, value: Any) -> str:
        """Where a result is stored: its ``@cache(format=...)``, parquet if a plugin writes its type so, else pickle."""
        tagged = node.tags.get(FORMAT_TAG)
        if tagged is not None:
            return str(tagged)
        kind = type(value)
        found = self._formats.get(kind)
        if found is None:
            try:
                saver_for("parquet", kind)
                found = "parquet"
            except FormatError:
                found = FORMAT
            self._formats[kind] = found
        return found

    def _save_as(self, format: str, version: str, value: Any) -> tuple[str, str, int]:
        """Write ``value`` with the ``format`` saver its type has: name, checksum and size of the file."""
        saver = saver_for(format, type(value))
        return self.store.write_with(version, lambda path: saver(path=path).save_data(value), format)

    def _read_as(self, row: Row) -> Any:
        """How to read back a result stored by a data format's saver."""
        if row.format == FORMAT:
            return None
        kind = _type_named(row.value_type or "builtins:object")
        loader, _ = loader_for(row.format, kind)
        return lambda path: loader(path=path).load_data(kind)[0]

    def _commit(self, run: _Run) -> None:
        results, keys = list(run.written.values()), run.keys
        with self._lock:
            fresh = list(self._code.fresh.items())
            self._code.fresh.clear()
        try:
            self.store.commit(keys, results, fresh, run.forget, time.time(), run.reused)
        except BaseException:
            with self._lock:
                self._code.fresh.update(fresh)
            raise

    def _unusable(self, run: _Run, name: str, row: Row, reason: str) -> None:
        self.store.forget_file(row)
        run.forget.append((row.data_version, row.format))
        warnings.warn(
            f"The cached result of node {name!r} is unusable: {reason}. The node is computed again and its "
            f"result stored anew.",
            CacheWarning,
            stacklevel=4,
        )

    def _warn_once(self, run: _Run, name: str, message: str) -> None:
        if name not in run.warned:
            run.warned.add(name)
            warnings.warn(message, CacheWarning, stacklevel=4)

    def _behaviors_for(self, plan: Plan) -> tuple[dict[str, CachingBehavior], frozenset[str], frozenset[str]]:
        """Each planned name's behaviour; the nodes run once per item of a block; the Parallelizable nodes."""
        kept = self._plans.get(id(plan))
        if kept is not None and kept[0] is plan:
            return kept[1]
        behaviors = {step.name: self.rules.behavior(step.name, step.node.tags) for step in plan.node_steps()}
        for name in (*plan.inputs, *plan.overrides, *plan.config):
            behaviors[name] = self.rules.behavior(name, {})
        per_item = frozenset(step.name for block in plan.blocks for step in block.steps if step.block is None)
        expands = frozenset(block.expand for block in plan.blocks)
        with self._lock:
            self._plans[id(plan)] = (plan, (behaviors, per_item, expands))
            while len(self._plans) > _PLANS_KEPT:
                self._plans.popitem(last=False)
        return behaviors, per_item, expands

    def _append_log(self, record: RunRecord) -> None:
        path = self.path / "cache_logs.jsonl"
        lines = "".join(json.dumps(event.as_dict()) + "\n" for event in events_of(record, "debug"))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as file:
            file.write(lines)

    # ------------------------------------------------------------------ inspecting runs

    @property
    def run_ids(self) -> list[str]:
        """The ids of the runs this cache remembers (the last 64), oldest first."""
        return list(self._history)

    @property
    def last_run_id(self) -> str:
        """The id of the last run that started."""
        if not self._history:
            raise LookupError("The cache has seen no run yet: execute the Driver first.")
        return next(reversed(self._history))

    def _record(self, run_id: str | None) -> RunRecord:
        run_id = self.last_run_id if run_id is None else run_id
        try:
            return self._history[run_id]
        except KeyError:
            raise KeyError(f"Run {run_id!r} is not among the {len(self._history)} runs this cache remembers.") from None

    def report(self, run_id: str | None = None) -> RunReport:
        """Which nodes of a run (the last one by default) were hits, which were recomputed and why."""
        return RunReport(self._record(run_id))

    def logs(self, run_id: str | None = None, level: Literal["debug", "info"] = "info") -> dict[str, Any]:
        """The events of the cache, as the original lists them.

        With ``run_id``: ``{node name: [CachingEvent, ...]}`` for that run. Without: ``{run id:
        [CachingEvent, ...]}`` for every remembered run. ``"info"`` keeps results read and
        nodes run; ``"debug"`` adds keys, data versions, results stored and behaviours.
        """
        if run_id is not None:
            return dict(by_node(events_of(self._record(run_id), level)))
        return {rid: events_of(record, level) for rid, record in self._history.items()}

    @property
    def behaviors(self) -> dict[str, dict[str, CachingBehavior]]:
        """``{run id: {node name: behaviour}}``."""
        return {
            rid: {name: CachingBehavior[node.behavior.upper()] for name, node in record.nodes.items()}
            for rid, record in self._history.items()
        }

    @property
    def cache_keys(self) -> dict[str, dict[str, str | None]]:
        """``{run id: {node name: cache key}}`` (``None`` for a node that could not have one)."""
        return {rid: {n: node.cache_key for n, node in r.nodes.items()} for rid, r in self._history.items()}

    @property
    def data_versions(self) -> dict[str, dict[str, str | None]]:
        """``{run id: {node name: data version of its result}}``."""
        return {rid: {n: node.data_version for n, node in r.nodes.items()} for rid, r in self._history.items()}

    @property
    def code_versions(self) -> dict[str, dict[str, str | None]]:
        """``{run id: {node name: code version}}``."""
        return {rid: {n: node.code_version for n, node in r.nodes.items()} for rid, r in self._history.items()}

    def get_cache_key(self, run_id: str, node_name: str, task_id: str | None = None) -> str | None:
        """The cache key ``node_name`` had in run ``run_id`` (``None`` if it had none)."""
        node = self._record(run_id).nodes.get(node_name)
        return None if node is None else node.cache_key

    def get_data_version(
        self, run_id: str, node_name: str, cache_key: str | None = None, task_id: str | None = None
    ) -> str | None:
        """The data version of ``node_name``'s result in run ``run_id``; else the one stored for ``cache_key``."""
        node = self._history.get(run_id, RunRecord(run_id, [], [], [])).nodes.get(node_name)
        if node is not None and node.data_version is not None:
            return node.data_version
        if cache_key is not None:
            row = self.store.find(cache_key)
            return row.data_version if row is not None else None
        return None

    def version_data(self, result: Any, run_id: str | None = None) -> str | None:
        """The data version of any value, as the cache computes it (``None`` if it cannot be versioned)."""
        return self._data.version(result).version

    def version_code(self, node_name: str, run_id: str | None = None) -> str:
        """The code version of ``node_name`` in a run (the last one by default)."""
        version = self._record(run_id).nodes.get(node_name)
        if version is None or version.code_version is None:
            raise KeyError(f"Node {node_name!r} has no code version in that run (it was not cached).")
        return version.code_version

    def version_node(self, node: Node) -> str:
        """The code version of a node, computed now."""
        return self._code.version_of(node)


_record = functools.partial(tuple.__new__, NodeRecord)  # NodeRecord from all its fields, without Python-level __new__


def _b(behavior: CachingBehavior) -> str:
    return behavior.name.lower()


class _Run:
    """One run in progress: the versions computed so far and what it will store."""

    __slots__ = (
        "adapter",
        "behaviors",
        "by_value",
        "code_versions",
        "expands",
        "forget",
        "items",
        "keys",
        "known",
        "latest",
        "per_item",
        "record",
        "reused",
        "versions",
        "warned",
        "written",
    )

    def __init__(
        self,
        adapter: HamiltonCacheAdapter,
        record: RunRecord,
        behaviors: dict[str, CachingBehavior],
        code_versions: dict[str, str],
        per_item: frozenset[str] = frozenset(),
        expands: frozenset[str] = frozenset(),
    ) -> None:
        self.adapter = adapter
        self.record = record
        self.behaviors = behaviors
        self.code_versions = code_versions
        self.per_item = per_item  # the nodes run once per item of a Parallelizable block
        # names whose value differs per item (an item, a node run per item, the list gathered from one):
        # versioned from the value each node receives, never from a version kept for the run
        self.by_value = per_item | expands
        self.expands = expands
        self.items: dict[str, tuple[int, int, NodeRecord | None]] = {}  # per-item node -> items, hits, first miss
        self.versions: dict[str, str] = {}  # node, input, override or config name -> data version
        self.known: dict[str, Row] = {}  # cache key -> row read ahead
        self.latest: dict[str, Row] = {}  # node name -> its most recent key, to say what changed
        self.keys: list[tuple[Any, ...]] = []  # cache_keys rows to write
        self.written: dict[tuple[str, str], NewResult] = {}  # (data version, format) -> result to record
        self.forget: list[tuple[str, str]] = []  # results found unusable
        self.reused: list[str] = []  # older keys hit again, to become their node's latest
        self.warned: set[str] = set()  # names already warned about in this run

    def key(self, name: str, kwargs: Mapping[str, Any]) -> tuple[str | None, list[str]]:
        """The node's cache key (``None`` if one of its inputs has no version), and what it was made of."""
        versions = self.versions
        parts = [name, self.code_versions[name]]
        complete = True
        by_value = self.by_value
        for dep, value in kwargs.items():
            version = versions.get(dep) if dep not in by_value else self._item_version(dep, value)
            if version is None:
                version = self._input_version(dep, value)
            if version is NO_VERSION:
                complete = False
            parts.append(dep)
            parts.append(version)
        if not complete:
            return None, parts
        return digest("\x00".join(parts).encode("utf-8", "surrogatepass")), parts

    def _input_version(self, name: str, value: Any) -> str:
        """The version of an input, override or config value, computed the first time a node reads it."""
        behavior = self.behaviors.get(name, DEFAULT)
        if behavior is IGNORE:
            version = IGNORED
        elif behavior is DISABLE:
            version = NO_VERSION
        else:
            version = self.adapter._data.version(value).version or NO_VERSION
            if version is NO_VERSION:
                self.adapter._warn_once(
                    self,
                    name,
                    f"{name!r} (a {type(value).__module__}.{type(value).__qualname__}) can neither be versioned by "
                    f"a plugin nor pickled: the nodes that read it are run every time. If it does not change "
                    f"their results (a client, a connection), pass with_cache(ignore=[{name!r}]).",
                )
        self.versions[name] = version
        return version

    def note(self, record: NodeRecord) -> None:
        """Record a node's outcome; a node run per item gets one record for all its items."""
        name = record.name
        if name not in self.per_item:
            self.record.nodes[name] = record
            return
        with self.adapter._lock:  # items may run on several threads
            items, hits, first = self.items.get(name, (0, 0, None))
            items, hits = items + 1, hits + (record.status == HIT)
            if first is None and record.status != HIT:
                first = record  # the first item not a hit: its status and reason stand for the node's
            self.items[name] = (items, hits, first)
            if first is None:
                self.record.nodes[name] = record._replace(reason=f"all {items} items")
            else:
                self.record.nodes[name] = first._replace(reason=f"{items - hits} of {items} items: {first.reason}")

    def _item_version(self, name: str, value: Any) -> str:
        """The version of a value that differs per item (see ``by_value``), computed each time."""
        behavior = self.behaviors.get(name, DEFAULT)
        if behavior is IGNORE or behavior is DISABLE:
            return IGNORED if behavior is IGNORE else NO_VERSION
        version = self.adapter._data.version(value).version
        if version is None:
            self.adapter._warn_once(
                self,
                name,
                f"{name!r} (a {type(value).__module__}.{type(value).__qualname__}, one per item of a Parallelizable "
                f"block) can neither be versioned by a plugin nor pickled: the nodes that read it are run every time.",
            )
            return NO_VERSION
        return version

    def unversioned(self, parts: list[str]) -> str:
        names = [parts[i] for i in range(2, len(parts), 2) if parts[i + 1] is NO_VERSION]
        return f"{', '.join(map(repr, names))} has no data version (disabled, or cannot be versioned)"

    def why(self, name: str, parts: list[str]) -> str:
        """Why the key of ``name`` is new, compared with the most recent key stored for it."""
        previous = self.latest.get(name)
        if previous is None:
            return "no result stored for it yet"
        changed = []
        if previous.code_version != parts[1]:
            changed.append("its code changed")
        try:
            before = json.loads(previous.dependencies)
        except ValueError:
            before = {}
        now = dict(zip(parts[2::2], parts[3::2], strict=True))
        differing = [dep for dep in now if before.get(dep) != now[dep]]
        differing += [dep for dep in before if dep not in now]
        if differing:
            changed.append(f"{', '.join(map(repr, differing))} changed")
        return "; ".join(changed) or "no result stored for these inputs"

    def keep(self, node: Node, key: str, parts: list[str], version: str, pickled: bytes | None, value: Any) -> bool:
        """Store a computed result (now, before a node downstream can change the value); whether it was."""
        adapter = self.adapter
        format = adapter._format_for(node, value)
        if (version, format) not in self.written and (
            (version, format) in self.forget or not adapter.store.has_result(version, format)
        ):
            try:
                stored = self._store(node, version, format, pickled, value)
            except Exception as exc:  # a full disk, a read-only folder: the run goes on without storing it
                adapter._warn_once(
                    self,
                    node.name,
                    f"The cache could not store the result of node {node.name!r} in {str(adapter.path)!r} "
                    f"({type(exc).__name__}: {exc}); it will be computed again next time.",
                )
                return False
            if stored is None:
                return False
            format = stored.format
            self.written[(version, format)] = stored
        dependencies = json.dumps(dict(zip(parts[2::2], parts[3::2], strict=True)), separators=(",", ":"))
        self.keys.append((key, node.name, parts[1], dependencies, version, format, self.record.run_id, time.time()))
        return True

    def _store(self, node: Node, version: str, format: str, pickled: bytes | None, value: Any) -> NewResult | None:
        """Write one result: with a data plugin's saver, else as a pickle (inline when small); ``None`` if it cannot."""
        adapter = self.adapter
        value_type = f"{type(value).__module__}:{type(value).__qualname__}"
        if format != FORMAT:
            try:
                file, checksum, size = adapter._save_as(format, version, value)
            except Exception as exc:
                adapter._warn_once(
                    self,
                    node.name,
                    f"The result of node {node.name!r} could not be stored as {format} ({type(exc).__name__}: "
                    f"{exc}); it is pickled instead.",
                )
            else:
                return NewResult(version, format, None, file, checksum, size, value_type)
        buffers: list[pickle.PickleBuffer] = []
        if pickled is None:
            try:  # the large buffers of arrays stay out of the pickle: written from where they are, not copied
                pickled = pickle.dumps(value, PICKLE_PROTOCOL, buffer_callback=buffers.append)
            except Exception:
                return None
        views = [buffer.raw() for buffer in buffers]
        size = len(pickled) + sum(view.nbytes for view in views)
        if size <= INLINE_LIMIT:
            inline = pickle.dumps(value, PICKLE_PROTOCOL) if views else pickled
            return NewResult(version, FORMAT, inline, None, None, len(inline), value_type)
        file, checksum, size = adapter.store.write_pickle(version, pickled, views)
        return NewResult(version, FORMAT, None, file, checksum, size, value_type)

    def failed(self, name: str, behavior: CachingBehavior, exc: BaseException, key: str | None = None) -> None:
        self.note(
            NodeRecord(name, FAILED, f"{type(exc).__name__}: {exc}", _b(behavior), key, self.code_versions.get(name))
        )


def _type_named(reference: str) -> type:
    """The class a ``"package.module:Class"`` reference (written by this cache) names."""
    module, _, qualname = reference.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found
