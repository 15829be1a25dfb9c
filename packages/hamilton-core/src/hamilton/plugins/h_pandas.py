"""The original's ``hamilton.plugins.h_pandas``: ``with_columns`` for pandas comes with hamilton-pandas."""

from hamilton.plugins._redirect import redirect

__all__ = ["with_columns"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(__name__, {"with_columns": ("hamilton_pandas", "with_columns", "hamilton-pandas")})
