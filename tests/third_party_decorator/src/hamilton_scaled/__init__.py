"""Example third-party decorator family (test fixture)."""

from hamilton_scaled.decorators import also_scaled

__all__ = ["also_scaled"]
