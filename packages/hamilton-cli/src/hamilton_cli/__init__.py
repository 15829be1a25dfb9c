"""The ``hamilton`` command line: run, validate, view, list and diff a dataflow without writing a script.

``hamilton --help`` lists the commands; plugins add their own through the
``hamilton_register_commands`` hook. From Python, ``diff_drivers(base, current)``
compares two Drivers the way ``hamilton diff`` does.
"""

from hamilton.plugins import lazy_exports

__all__ = ["CommandError", "DataflowDiff", "NodeChange", "cli", "diff_drivers", "main"]

# imported on first use, so `import hamilton_cli` imports neither click nor rich
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CommandError": "errors",
        "DataflowDiff": "diffing",
        "NodeChange": "diffing",
        "cli": "main",
        "diff_drivers": "diffing",
        "main": "main",
    },
)
