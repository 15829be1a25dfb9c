"""Run a Hamilton dataflow on a Dask cluster."""

from hamilton_dask.adapter import DaskGraphAdapter

__all__ = ["DaskGraphAdapter"]
