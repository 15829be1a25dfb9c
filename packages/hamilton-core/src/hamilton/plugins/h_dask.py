"""The original's ``hamilton.plugins.h_dask``: ``DaskGraphAdapter`` comes with hamilton-dask."""

from hamilton.plugins._redirect import redirect

__all__ = ["DaskGraphAdapter"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {"DaskGraphAdapter": ("hamilton_dask", "DaskGraphAdapter", "hamilton-dask")},
    {"DaskExecutor": "pass adapter=hamilton_dask.DaskGraphAdapter(client) to the Driver."},
)
