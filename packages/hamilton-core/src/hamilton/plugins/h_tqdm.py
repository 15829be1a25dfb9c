"""The original's ``hamilton.plugins.h_tqdm``: ``ProgressBar`` comes with hamilton-tqdm."""

from hamilton.plugins._redirect import redirect

__all__ = ["ProgressBar"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(__name__, {"ProgressBar": ("hamilton_tqdm", "ProgressBar", "hamilton-tqdm")})
