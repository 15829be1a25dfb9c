"""Run a Hamilton dataflow on a Dask cluster."""

from hamilton.plugins import lazy_exports

__all__ = [
    "DaskExecutor",
    "DaskGraphAdapter",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "DaskExecutor": "executor",
        "DaskGraphAdapter": "adapter",
    },
)
