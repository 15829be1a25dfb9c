"""Fail if any named module is installed or gets imported by hamilton and its plugins.

Run inside a session's virtualenv: ``python tests/assert_absent.py pandas numpy``.
"""

import importlib.util
import sys

forbidden = sys.argv[1:]
installed = [name for name in forbidden if importlib.util.find_spec(name) is not None]
if installed:
    sys.exit(f"should not be installed here: {', '.join(installed)}")

from hamilton import base, driver, registry  # noqa: E402

registry.plugins()  # load every installed plugin
driver.Driver({}, sys.modules[__name__], adapter=base.SimplePythonGraphAdapter(base.DictResult()))
imported = [name for name in forbidden if name in sys.modules]
if imported:
    sys.exit(f"imported although absent: {', '.join(imported)}")
print(f"ok: none of {', '.join(forbidden) or '(nothing)'} installed or imported")
