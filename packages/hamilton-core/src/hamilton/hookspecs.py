"""The plugin contract: every hook a plugin may implement, grouped by family.

A plugin is a module or an object whose functions are named like the hooks below
(mark them ``@hamilton.plugins.hookimpl`` to set ``tryfirst``, ``trylast`` or
``wrapper``); installed plugins are found through the entry-point group
``hamilton.plugins``. An implementation may accept any subset of a hook's parameters.

Hooks marked *firstresult* stop at the first non-``None`` answer. Those that produce
a value that may legitimately be ``None`` answer with a ``Computed(value)`` box
instead, so ``None`` always means "not mine".

The order of the execution hooks for one ``Driver.execute`` call is:

1. ``hamilton_before_run``
2. ``hamilton_execute_plan`` (the core's sequential loop unless an executor answers), which
   for each node, in dependency order, calls ``hamilton_before_node``,
   ``hamilton_execute_node`` and ``hamilton_after_node``
3. ``hamilton_build_result`` (``execute`` only; ``raw_execute`` returns the outputs as they are)
4. ``hamilton_after_run``, also when an earlier step raised

A hook that raises is reported as ``hamilton.errors.PluginError`` naming the plugin and its
distribution (still an instance of the original type, the original its ``__cause__``). A
hook that raises while a node's error is on its way out (``hamilton_after_node``,
``hamilton_after_run``) never hides it: the node's error is raised, the hook's error is
attached to it (``hamilton_also_raised`` and a note).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

import pluggy

if TYPE_CHECKING:
    from hamilton.execution import RunContext
    from hamilton.node import Node
    from hamilton.plan import Plan

__all__ = [
    "Computed",
    "hamilton_after_node",
    "hamilton_after_run",
    "hamilton_before_node",
    "hamilton_before_run",
    "hamilton_build_result",
    "hamilton_check_input_type",
    "hamilton_check_node_type_equivalence",
    "hamilton_data_version",
    "hamilton_discover_nodes",
    "hamilton_execute_node",
    "hamilton_execute_plan",
    "hamilton_input_type_hint",
    "hamilton_register_adapters",
    "hamilton_register_data_adapters",
    "hamilton_register_result_builders",
    "hamilton_register_visualizers",
    "hookspec",
]

hookspec = pluggy.HookspecMarker("hamilton")


class Computed(NamedTuple):
    """The answer of a firstresult hook whose value may itself be ``None``."""

    value: Any


# ---------------------------------------------------------------------- node discovery


@hookspec
def hamilton_discover_nodes(module: ModuleType, config: Mapping[str, Any]) -> list[Node] | None:
    """Turn one user module into nodes, for the given config.

    Called once per module when a Driver is built; the nodes of every plugin are
    collected. The core's own function crawler implements this hook. A plugin adding
    nodes (say, one per column of a DataFrame-returning function) returns only those.

    :param module: a module passed to the Driver.
    :param config: the Driver's config.
    :return: the nodes this plugin contributes, or ``None``.
    """


# -------------------------------------------------------------------------- type rules


@hookspec(firstresult=True)
def hamilton_check_node_type_equivalence(node_type: Any, input_type: Any) -> bool | None:
    """May a node returning ``input_type`` feed a parameter annotated ``node_type``?

    Asked only when the core's rules (same type, subclass, Any, Union, generic origin)
    say no. Stops at the first non-``None`` answer.

    :param node_type: the annotation of the consuming parameter.
    :param input_type: the return annotation of the upstream node.
    :return: ``True`` to accept, ``False`` to reject, ``None`` to leave it to others.
    """


@hookspec(firstresult=True)
def hamilton_check_input_type(node_type: Any, input_value: Any) -> bool | None:
    """May ``input_value``, passed in ``inputs=``, feed a parameter annotated ``node_type``?

    Asked only when the core's ``isinstance``-based check says no. Stops at the first
    non-``None`` answer.

    :param node_type: the annotation of the consuming parameter.
    :param input_value: the value the user passed.
    :return: ``True`` to accept, ``False`` to reject, ``None`` to leave it to others.
    """


@hookspec(firstresult=True)
def hamilton_input_type_hint(node_type: Any, input_value: Any) -> str | None:
    """How to turn ``input_value`` into what ``node_type`` declares, for the error a mismatch raises.

    Asked only when an input does not fit. A data plugin knows its constructors: the
    pandas plugin answers ``"wrap the list in pandas.Series(...) first"`` for a list
    passed where a ``pandas.Series`` is declared. Stops at the first non-``None`` answer.

    :param node_type: the annotation of the consuming parameter.
    :param input_value: the value the user passed.
    :return: a short imperative hint, or ``None`` to leave it to others.
    """


# --------------------------------------------------------------------------- execution


@hookspec(firstresult=True)
def hamilton_execute_plan(plan: Plan, context: RunContext) -> Mapping[str, Any] | None:
    """Run a whole plan: the hook behind the thread, process, Dask and Ray executors.

    The core's sequential loop implements it ``trylast``: an executor answering ``None``
    ("not mine") falls back to it, and a ``wrapper=True`` implementation (timing the
    whole run, say) wraps whichever executor answers. An executor must:

    1. read the values it starts from in ``context.values`` (inputs, overrides and the
       config keys the plan reads, by name) and store each node's value there;
    2. for each step of ``plan.steps``, once the steps it depends on are done (see
       ``hamilton.plan.ReadyQueue``): call ``context.before_node``, compute the node with
       ``context.call_node`` (which runs the ``hamilton_execute_node`` chain), then
       ``context.after_node``; or use ``context.run_step``, which does all three;
    3. drop the values no step still to run reads: ``step.release`` when running in plan
       order, ``ReadyQueue.started(step)`` when steps run as they become ready;
    4. report a node's failure with ``hamilton.execution.raise_node_error(name, exc)``,
       after calling ``context.after_node`` with the error;
    5. return the outputs, ``context.outputs()``.

    A step whose ``block`` is set stands for a ``Parallelizable`` block (``plan.blocks`` is
    empty when there is none): its nodes run once per item of ``block.expand``'s value.
    ``context.run_step`` runs all its items in this thread; ``hamilton.executors.run_on_futures``
    with ``items=`` a ``hamilton.execution.executors.TaskExecutor`` fans them out. An
    executor that cannot do either returns ``None`` for a plan with blocks.

    :param plan: what to compute: steps in dependency order, each with its inputs.
    :param context: the run's values, lifecycle hooks and node-calling helpers.
    :return: the values of ``plan.outputs`` by name, or ``None`` to leave the run to others.
    """


@hookspec(firstresult=True)
def hamilton_execute_node(
    node: Node, kwargs: dict[str, Any], run_id: str, call_inner: Callable[..., Computed]
) -> Computed | None:
    """Compute one node: the chain around ``node.callable(**kwargs)``.

    The chain, outermost first:

    1. ``wrapper=True`` implementations (generator functions): ``result = yield`` runs the
       rest of the chain and gives its ``Computed`` (or raises its error at the ``yield``);
       the wrapper returns the ``Computed`` to pass outward, ``result`` or a new one
       (returning ``None`` passes ``result`` on). A wrapper that returns before its
       ``yield`` answers without running the rest of the chain: a cache hit.
    2. plain implementations: the first to return a ``Computed`` answers (a custom way to
       call the node); ``None`` passes to the next.
    3. the core, last: ``Computed(node.callable(**kwargs))``.

    Among wrappers, and among plain implementations, ``tryfirst`` is outermost and
    ``trylast`` innermost; otherwise the Driver's ``adapter=[a, b]`` are outside the
    installed plugins, ``a`` outside ``b``.

    An implementation that takes ``call_inner`` can run everything after it again:
    ``call_inner()`` (or ``call_inner(new_kwargs)``) returns that chain's ``Computed``, or
    raises its error; a retry calls it once per attempt. It belongs to this one call:
    nothing is kept between Drivers or runs.

    Thread executors run the whole chain in the worker thread. The process executor
    runs the wrappers in the calling process around the remote call, and refuses plain
    implementations, which cannot follow the node into another process. Dask and Ray
    refuse both.

    :param node: the node, with ``name``, ``type``, ``callable``, ``tags``.
    :param kwargs: its dependencies' values by parameter name.
    :param run_id: the execution's id, as the lifecycle hooks receive it.
    :param call_inner: runs the chain inside this implementation; returns a ``Computed``.
    :return: ``Computed(value)``, or ``None`` to leave it to others.
    """


@hookspec
def hamilton_before_run(
    run_id: str, plan: Plan, final_vars: list[str], inputs: Mapping[str, Any], overrides: Mapping[str, Any]
) -> None:
    """An execution starts.

    :param run_id: unique id of this execution, shared by its other hooks.
    :param plan: what will run: ``len(plan.steps)`` nodes, in ``plan.steps`` order for a
        sequential run. With ``Parallelizable`` blocks, ``plan.node_steps()`` lists every
        node; those of a block (``plan.blocks``) run once per item, a number known only
        as the run goes.
    :param final_vars: the requested outputs.
    :param inputs: the run-time inputs.
    :param overrides: the overridden node values.
    """


@hookspec
def hamilton_before_node(
    run_id: str, node: Node, kwargs: Mapping[str, Any], item_index: tuple[int, ...] | None
) -> None:
    """A node is about to run.

    Sequential, thread and process runs call it when the node starts, with the values
    it will be called with. Dask and Ray call it for every node while the plan is
    submitted, before any node runs; there ``kwargs`` holds ``distributed.Future`` /
    ``ray.ObjectRef`` objects for values computed by upstream nodes (inputs, overrides
    and config keep their values).

    A node inside a ``Parallelizable`` block fires it once per item, with ``item_index``.
    Items running in this process (sequential, threads) fire it where they run, in the
    worker thread on threads; items running in other processes (processes, Dask, Ray)
    fire it in the calling process when their task comes back, just before the matching
    ``hamilton_after_node``.

    :param run_id: the execution's id.
    :param node: the node.
    :param kwargs: the values (or, on Dask and Ray, futures) it will be called with.
    :param item_index: ``None`` for a node that runs once; for a node that runs once per
        item of a ``Parallelizable`` node, the item's index, as a tuple with one index per
        nested block, outermost first (``(3,)``: the fourth item).
    """


@hookspec
def hamilton_after_node(
    run_id: str,
    node: Node,
    kwargs: Mapping[str, Any],
    result: Any,
    error: BaseException | None,
    duration: float,
    item_index: tuple[int, ...] | None,
) -> None:
    """A node ran, successfully or not.

    :param run_id: the execution's id.
    :param node: the node.
    :param kwargs: the values it was called with.
    :param result: its value (``None`` if it failed).
    :param error: the exception it raised, or ``None``.
    :param duration: seconds spent computing it.
    :param item_index: as for ``hamilton_before_node``: ``None``, or the index of the
        ``Parallelizable`` item it ran for.
    """


@hookspec
def hamilton_after_run(
    run_id: str, results: Mapping[str, Any] | None, error: BaseException | None, duration: float
) -> None:
    """An execution ended, successfully or not.

    :param run_id: the execution's id.
    :param results: the requested outputs by name (``None`` if it failed).
    :param error: the exception that ended it, or ``None``.
    :param duration: seconds from start to end.
    """


# ----------------------------------------------------------------------------- caching


@hookspec(firstresult=True)
def hamilton_data_version(value: Any) -> str | None:
    """A version of ``value``'s content, for caches: equal data, equal version; other data, another one.

    Asked by a cache (hamilton-cache installs one) for node results, inputs and config
    values that are not plain Python values, which the cache versions itself. A data
    plugin answers for its own types by hashing their content with vectorised code,
    never row by row, so that the same data has the same version in any process and on
    any machine. Answer ``None`` for a type you do not know, or for a value of yours you
    cannot version (a column of Python objects, say): the cache then versions it by
    pickling it. Look at ``type(value).__module__`` before importing your library, so
    that versioning a plain value imports nothing. Stops at the first non-``None`` answer.

    :param value: a node's result, an input, an override or a config value.
    :return: a short string naming the kind of data and a digest of it
        (``"pandas.DataFrame:3f2a..."``), or ``None`` to leave it to others.
    """


# ----------------------------------------------------------------------------- results


@hookspec(firstresult=True)
def hamilton_build_result(outputs: dict[str, Any]) -> Computed | None:
    """Assemble the requested outputs into what ``execute`` returns.

    A seed-style adapter passed to the Driver answers here; otherwise the default
    result builder of the registry does.

    :param outputs: the requested outputs by name, in the order asked for.
    :return: ``Computed(result)``.
    """


@hookspec
def hamilton_register_result_builders(register: Callable[..., None]) -> None:
    """Offer result builders by name.

    Call ``register(name, builder, default_priority=None, description="")``; the
    builder is a class with a static ``build_result(**outputs)``, or better a
    ``"package.module:Class"`` reference, imported only when used, so that loading
    plugins imports no data library. Among builders with a ``default_priority``, the
    highest is what ``execute`` returns by default.

    :param register: the callback to offer a builder with.
    """


@hookspec
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    """Offer graph adapters (executors) by name, e.g. ``threads`` or ``dask``.

    Call ``register(name, factory, description="")``; ``factory(**options)`` returns
    an object to pass as the Driver's ``adapter``. The factory may be given as a
    ``"package.module:attribute"`` reference, imported only when used.

    :param register: the callback to offer an adapter with.
    """


@hookspec
def hamilton_register_visualizers(register: Callable[..., None]) -> None:
    """Offer visualizers by name, e.g. ``graphviz`` or ``mermaid``.

    Call ``register(name, visualizer, default_priority=None, description="")``; the
    visualizer has ``draw(view, output_file_path, render_kwargs, **options)`` taking a
    ``hamilton.drawing.DagView``; it may be a ``"package.module:attribute"`` reference.

    :param register: the callback to offer a visualizer with.
    """


# ------------------------------------------------------------------------- data formats


@hookspec
def hamilton_register_data_adapters(register: Callable[..., None]) -> None:
    """Offer a data format for a Python type: how to load it and how to save it.

    Call ``register(format, type, loader=None, saver=None, description="")`` once per
    type: ``format`` is the name users write (``to.parquet``, ``@load_from.csv``,
    ``@cache(format="parquet")``), ``type`` a ``"package.module:Class"`` reference to the
    type loaded or saved (``"pandas:DataFrame"``), ``loader`` and ``saver``
    ``"package.module:Class"`` references to ``hamilton.io.data_adapters.DataLoader`` and
    ``DataSaver`` subclasses (or the classes). Nothing is imported until a node loads or
    saves a value of that type, whose library is then imported already; so
    ``to.parquet`` saves a polars DataFrame with polars' writer and a pandas one with
    pandas'. Two plugins offering one format for one type warn when plugins load, naming
    both, and neither is used. Collected once, from entry-point plugins.

    :param register: the callback to offer a format for a type with.
    """


# ------------------------------------------------------------------------ command line


@hookspec
def hamilton_register_commands(register: Callable[..., None]) -> None:
    """Offer subcommands of the ``hamilton`` command line (installed with hamilton-cli).

    Call ``register(name, command, description="")``; the command is a ``click.Command``
    (a ``typer.Typer`` app works too), or better a ``"package.module:attribute"``
    reference to one, imported only when that command runs, so ``hamilton --help`` and
    loading plugins stay light. ``hamilton NAME`` then runs it; a name the command line
    already has stays the built-in command's.

    :param register: the callback to offer a command with.
    """


# -------------------------------------------------------------------------- decorators


@hookspec
def hamilton_register_dataframe_types(register: Callable[..., None]) -> None:
    """Lend a dataframe library to the column decorators (``@extract_columns``, ``@with_columns``...).

    Call ``register(dataframe_type, operations)`` with two ``"package.module:attribute"``
    references: the dataframe class (``"pandas:DataFrame"``) and an object implementing
    ``hamilton.function_modifiers.extensions.DataFrameOperations`` for it. They are
    imported only when a decorated function is annotated with a type of that library
    (which it has imported then). Collected once into the registry, kind ``dataframe_type``
    (``registry.entries("dataframe_type")``); a plugin whose hook raises is skipped with a
    ``PluginLoadWarning`` naming it.

    :param register: the callback to lend a dataframe type with.
    """


@hookspec
def hamilton_register_validators(register: Callable[..., None]) -> None:
    """Offer default validators for ``@check_output(keyword=...)``.

    Call ``register(arg, validator, needs=None)``: ``arg`` is the ``@check_output``
    keyword it answers (``"max_fraction_nans"``), ``validator`` a
    ``hamilton.data_quality.base.BaseDefaultValidator`` subclass or a
    ``"package.module:Class"`` reference to one, ``needs`` the library that must already
    be imported for it to apply (``"pandas"``), so registering imports nothing. The
    validator's ``applies_to(datatype)`` picks it for an output type. Collected once into
    the registry, kind ``validator`` (several plugins may answer one keyword), when a
    ``@check_output`` is first resolved; a plugin whose hook raises is skipped with a
    ``PluginLoadWarning`` naming it.

    :param register: the callback to offer a validator with.
    """
