"""Data quality: the validators behind ``@check_output`` and ``@check_output_custom``."""

__all__: list[str] = []
