"""Hamilton: plain Python functions as a dataflow.

Importing this package does no work: modules load on first use, plugins on the
first Driver or registry call.
"""

__all__ = ["__version__"]

__version__ = "0.9.0.dev1"
