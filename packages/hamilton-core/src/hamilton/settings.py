"""Config keys the framework itself reads, as in the original (``from hamilton import settings``)."""

__all__ = ["ENABLE_POWER_USER_MODE"]

ENABLE_POWER_USER_MODE = "hamilton.enable_power_user_mode"
"""Set it to ``True`` in the Driver's config to allow ``@resolve``: decorators chosen by the config."""
