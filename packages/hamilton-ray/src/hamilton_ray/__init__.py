"""Run a Hamilton dataflow on Ray."""

from hamilton_ray.adapter import RayGraphAdapter

__all__ = ["RayGraphAdapter"]
