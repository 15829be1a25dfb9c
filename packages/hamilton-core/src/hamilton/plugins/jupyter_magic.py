"""The original's ``%load_ext hamilton.plugins.jupyter_magic``: the magics come with hamilton-viz."""

from hamilton.plugins._redirect import redirect

__all__ = ["HamiltonMagics", "load_ipython_extension"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {
        "HamiltonMagics": ("hamilton_viz.jupyter", "HamiltonMagics", "hamilton-viz"),
        "load_ipython_extension": ("hamilton_viz.jupyter", "load_ipython_extension", "hamilton-viz"),
    },
)
