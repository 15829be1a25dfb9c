"""The original's ``hamilton.plugins.h_ray``: ``RayGraphAdapter`` and ``RayTaskExecutor`` come with hamilton-ray."""

from hamilton.plugins._redirect import redirect

__all__ = ["RayGraphAdapter", "RayTaskExecutor"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {
        "RayGraphAdapter": ("hamilton_ray", "RayGraphAdapter", "hamilton-ray"),
        "RayTaskExecutor": ("hamilton_ray", "RayTaskExecutor", "hamilton-ray"),
    },
    {"RayWorkflowGraphAdapter": "Ray workflows are not supported; use hamilton_ray.RayGraphAdapter."},
)
