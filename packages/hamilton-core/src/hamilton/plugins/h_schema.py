"""The original's ``hamilton.plugins.h_schema``: no package provides schema tracking here yet."""

from hamilton.plugins._redirect import redirect

__all__: list[str] = []

__getattr__, __dir__ = redirect(
    __name__,
    {},
    {"SchemaValidator": "no package provides it yet; @check_output(schema=...) (hamilton-pandera) checks schemas."},
)
