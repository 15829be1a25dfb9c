"""Run a Hamilton dataflow on Ray."""

from hamilton.plugins import lazy_exports

__all__ = [
    "RayGraphAdapter",
    "RayTaskExecutor",
]

# imported on first use: loading the plugin's entry point must not import the data library
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "RayGraphAdapter": "adapter",
        "RayTaskExecutor": "executor",
    },
)
