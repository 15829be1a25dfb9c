"""The original's ``hamilton.plugins.h_polars``: polars results and ``with_columns`` come with hamilton-polars."""

from hamilton.plugins._redirect import redirect

__all__ = ["PolarsDataFrameResult", "PolarsLazyFrameResult", "with_columns"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__,
    {
        "PolarsDataFrameResult": ("hamilton_polars", "PolarsDataFrameResult", "hamilton-polars"),
        "PolarsLazyFrameResult": ("hamilton_polars", "PolarsLazyFrameResult", "hamilton-polars"),
        "with_columns": ("hamilton_polars", "with_columns", "hamilton-polars"),
    },
)
