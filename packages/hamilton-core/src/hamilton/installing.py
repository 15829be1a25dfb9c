"""How to install a first-party package, as the errors that need one say it.

The packages are not on the public index yet: the command that works today installs
one from a checkout of the repository; the name it will have once published follows.

>>> install_hint("hamilton-viz")
'`pip install ./packages/hamilton-viz` at the root of a hamilton checkout (once published: `pip install hamilton-viz`)'
"""

from __future__ import annotations

__all__ = ["install_hint"]


def install_hint(distribution: str) -> str:
    """The command that installs ``distribution`` today, and the one that will once it is published."""
    if not distribution.startswith("hamilton-"):
        return f"`pip install {distribution}`"  # a library of the public index
    return (
        f"`pip install ./packages/{distribution}` at the root of a hamilton checkout "
        f"(once published: `pip install {distribution}`)"
    )
