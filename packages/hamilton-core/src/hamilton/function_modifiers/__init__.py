"""Decorators that shape the DAG: which functions count, how many nodes each makes, what they carry.

The families live in submodules (``configuration``, ``expanders``, ``metadata``...)
and are all importable from here, as in the original library. A package adds its own
family by subclassing a stage class of ``hamilton.function_modifiers.base``.
"""

from hamilton.function_modifiers import (
    base,
    configuration,
    delayed,
    dependencies,
    expanders,
    macros,
    metadata,
    recursive,
)
from hamilton.function_modifiers.adapters import dataloader, datasaver, load_from, save_to
from hamilton.function_modifiers.base import InvalidDecoratorException
from hamilton.function_modifiers.caching import cache
from hamilton.function_modifiers.columns import ColumnNotFoundError
from hamilton.function_modifiers.configuration import config, hamilton_exclude
from hamilton.function_modifiers.delayed import ResolveAt, resolve, resolve_from_config
from hamilton.function_modifiers.dependencies import (
    LiteralDependency,
    UpstreamDependency,
    group,
    source,
    value,
)
from hamilton.function_modifiers.expanders import (
    ParameterizedExtract,
    extract_columns,
    extract_fields,
    inject,
    parameterize,
    parameterize_extract_columns,
    parameterize_sources,
    parameterize_values,
    unpack_fields,
)
from hamilton.function_modifiers.macros import (
    Applicable,
    apply_to,
    does,
    mutate,
    pipe,
    pipe_input,
    pipe_output,
    step,
)
from hamilton.function_modifiers.metadata import schema, tag, tag_outputs
from hamilton.function_modifiers.recursive import parameterized_subdag, subdag, with_columns
from hamilton.function_modifiers.validation import check_output, check_output_custom

# as in the original: the name is the dependency kind; the submodule stays importable by its path
configuration = dependencies.configuration  # noqa: F811

__all__ = [
    "Applicable",
    "ColumnNotFoundError",
    "InvalidDecoratorException",
    "LiteralDependency",
    "ParameterizedExtract",
    "ResolveAt",
    "UpstreamDependency",
    "apply_to",
    "base",
    "cache",
    "check_output",
    "check_output_custom",
    "config",
    "configuration",
    "dataloader",
    "datasaver",
    "delayed",
    "dependencies",
    "does",
    "expanders",
    "extract_columns",
    "extract_fields",
    "group",
    "hamilton_exclude",
    "inject",
    "load_from",
    "macros",
    "metadata",
    "mutate",
    "parameterize",
    "parameterize_extract_columns",
    "parameterize_sources",
    "parameterize_values",
    "parameterized_subdag",
    "pipe",
    "pipe_input",
    "pipe_output",
    "recursive",
    "resolve",
    "resolve_from_config",
    "save_to",
    "schema",
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "unpack_fields",
    "value",
    "with_columns",
]
