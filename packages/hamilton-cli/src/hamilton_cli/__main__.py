"""``python -m hamilton_cli``: the ``hamilton`` command."""

import sys

from hamilton_cli.main import main

__all__ = []

sys.exit(main())
