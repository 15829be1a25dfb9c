"""The original's ``hamilton.plugins.h_ray``: ``RayGraphAdapter`` comes with hamilton-ray."""

from hamilton.plugins._redirect import redirect

__all__ = ["RayGraphAdapter"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {"RayGraphAdapter": ("hamilton_ray", "RayGraphAdapter", "hamilton-ray")},
    {
        "RayTaskExecutor": "pass adapter=hamilton_ray.RayGraphAdapter() to the Driver.",
        "RayWorkflowGraphAdapter": "Ray workflows are not supported; use hamilton_ray.RayGraphAdapter.",
    },
)
