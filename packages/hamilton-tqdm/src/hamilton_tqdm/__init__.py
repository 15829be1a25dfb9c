"""A tqdm progress bar for Hamilton runs: ``ProgressBar(...)`` in the Driver's ``adapter`` list, or ``"tqdm"`` by name.

Installing the package registers the adapter name ``tqdm`` and no hook: runs that do not
ask for a progress bar are exactly as fast as without it. The original's
``from hamilton.plugins import h_tqdm`` gives this ``ProgressBar`` too.
"""

from hamilton.plugins import lazy_exports

__all__ = ["ProgressBar"]

# imported on first use, so loading the plugin's entry point does not import tqdm
__getattr__, __dir__ = lazy_exports(__name__, {"ProgressBar": "progress"})
