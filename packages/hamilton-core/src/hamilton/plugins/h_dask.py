"""The original's ``hamilton.plugins.h_dask``: ``DaskGraphAdapter`` and ``DaskExecutor`` come with hamilton-dask."""

from hamilton.plugins._redirect import redirect

__all__ = ["DaskExecutor", "DaskGraphAdapter"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {
        "DaskExecutor": ("hamilton_dask", "DaskExecutor", "hamilton-dask"),
        "DaskGraphAdapter": ("hamilton_dask", "DaskGraphAdapter", "hamilton-dask"),
    },
)
