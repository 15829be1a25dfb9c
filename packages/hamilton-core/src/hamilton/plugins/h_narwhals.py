"""The original's ``hamilton.plugins.h_narwhals``: no package provides its adapters here yet."""

from hamilton.plugins._redirect import redirect

__all__: list[str] = []

__getattr__, __dir__ = redirect(
    __name__,
    {},
    {
        "NarwhalsAdapter": "no package provides it yet; the column decorators work on pandas and polars directly.",
        "NarwhalsDataFrameResultBuilder": "no package provides it yet; use the pandas or polars result builder.",
    },
)
