"""``ProgressBar``: a tqdm bar per run, driven by the lifecycle hooks.

- ``hamilton_before_run`` opens the bar with the plan's size as its total (the nodes that will
  run: overridden ones and their upstream are not counted). A node that runs once per item of
  a ``Parallelizable`` block adds one to the total as each item starts it.
- ``hamilton_before_node`` / ``hamilton_after_node`` keep the description on the nodes running
  now (several at once on a thread or process pool) and advance the bar by one per node.
- ``hamilton_after_run`` closes it, marks a failure, and prints the slowest nodes if asked.

Every executor calls these hooks from the process that called ``execute``, so the bar works
on the thread, process, Dask and Ray executors alike. ``tqdm.auto`` picks the notebook widget
in Jupyter (when ipywidgets is installed) and the text bar elsewhere.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from hamilton.plugins import hookimpl

__all__ = ["ProgressBar"]


class _Run:
    """One run's bar, the nodes running now, and how long each finished node took."""

    __slots__ = ("bar", "durations", "failed", "running")

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.running: dict[tuple[str, tuple[int, ...] | None], None] = {}  # insertion-ordered set
        self.durations: dict[str, float] = {}
        self.failed = ""


class ProgressBar:
    """A tqdm progress bar of the nodes run: done of planned, the ones running now, the time elapsed.

    :param desc: the text before the bar (the dataflow's name is a good choice).
    :param max_node_name_width: node names longer than this are cut in the description.
    :param slowest: when a run ends, print its this many slowest nodes with their durations (0: none).
    :param tqdm_kwargs: more keyword arguments for ``tqdm`` (``file``, ``leave``, ``colour``, ``disable``...).
    """

    def __init__(
        self, desc: str = "Graph execution", max_node_name_width: int = 50, slowest: int = 0, **tqdm_kwargs: Any
    ) -> None:
        if max_node_name_width < 4:
            raise ValueError(f"max_node_name_width must be at least 4, not {max_node_name_width!r}.")
        if slowest < 0:
            raise ValueError(f"slowest must be 0 (print none) or more, not {slowest!r}.")
        self.desc = desc
        self.max_node_name_width = max_node_name_width
        self.slowest = slowest
        self.tqdm_kwargs = tqdm_kwargs
        self._runs: dict[str, _Run] = {}
        self._lock = threading.Lock()  # one bar object may serve runs in several threads

    @hookimpl
    def hamilton_before_run(self, run_id: str, plan: Any) -> None:
        from tqdm.auto import tqdm

        options = {"desc": self.desc, "unit": "node", "dynamic_ncols": True, **self.tqdm_kwargs}
        once = sum(1 for step in plan.steps if step.block is None)  # a block's steps count per item
        bar = tqdm(total=once, **options)
        with self._lock:
            self._runs[run_id] = _Run(bar)

    @hookimpl
    def hamilton_before_node(self, run_id: str, node: Any, item_index: tuple[int, ...] | None) -> None:
        run = self._runs.get(run_id)
        if run is None:
            return
        with self._lock:  # items of a block may run on several threads at once
            if item_index is not None:
                run.bar.total += 1
            run.running[(node.name, item_index)] = None
        self._describe(run)
        bar = run.bar
        # redraw now if tqdm would (its own rule in update): a slow node shows as soon as it starts
        if time.time() - getattr(bar, "last_print_t", 0.0) >= getattr(bar, "mininterval", 0.1):
            bar.refresh()

    @hookimpl
    def hamilton_after_node(
        self, run_id: str, node: Any, error: BaseException | None, duration: float, item_index: tuple[int, ...] | None
    ) -> None:
        run = self._runs.get(run_id)
        if run is None:
            return
        with self._lock:
            run.running.pop((node.name, item_index), None)
            run.durations[node.name] = run.durations.get(node.name, 0.0) + duration  # summed over items
        if error is not None and not run.failed:
            run.failed = node.name
        self._describe(run)
        run.bar.update(1)

    @hookimpl
    def hamilton_after_run(self, run_id: str, error: BaseException | None, duration: float) -> None:
        with self._lock:
            run = self._runs.pop(run_id, None)
        if run is None:
            return
        bar = run.bar
        if error is None:
            bar.set_description_str(f"{self.desc} -> done", refresh=False)
        else:
            where = f" in {run.failed}" if run.failed else ""
            bar.set_description_str(f"{self.desc} -> failed{where}", refresh=False)
        bar.close()
        if self.slowest:
            self._print_slowest(run, duration, bar)

    def _describe(self, run: _Run) -> None:
        names = [self._short(name) for name, _ in run.running]
        if not names:
            text = self.desc
        elif len(names) <= 2:
            text = f"{self.desc} -> {', '.join(names)}"
        else:
            text = f"{self.desc} -> {', '.join(names[:2])} +{len(names) - 2} more"
        run.bar.set_description_str(text, refresh=False)

    def _short(self, name: str) -> str:
        width = self.max_node_name_width
        return name if len(name) <= width else name[: width - 3] + "..."

    def _print_slowest(self, run: _Run, total: float, bar: Any) -> None:
        ranked = sorted(run.durations.items(), key=lambda item: item[1], reverse=True)[: self.slowest]
        if not ranked:
            return
        width = max(len(self._short(name)) for name, _ in ranked)
        lines = [f"slowest nodes of {len(run.durations)} (run: {_seconds(total)}):"]
        lines += [f"  {self._short(name):<{width}}  {_seconds(seconds):>9}" for name, seconds in ranked]
        file: Any = getattr(bar, "fp", None) or self.tqdm_kwargs.get("file") or sys.stderr
        file.write("\n".join(lines) + "\n")
        file.flush()


def _seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"
