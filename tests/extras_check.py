"""Run in a fresh virtualenv after ``pip install 'hamilton-core[EXTRA]'``: ``python tests/extras_check.py EXTRA``.

Fails unless exactly hamilton-core (this project's, at the expected version) and the
extra's package arrived, and the Driver's default result then comes from that package.
"""

import importlib.metadata
import sys
import types

VERSION = "0.9.0.dev1"
# extra -> (the distribution it brings, the module of the type a default Driver then returns)
EXTRAS = {"polars": ("hamilton-polars", "polars"), "pandas": ("hamilton-pandas", "pandas")}

extra = sys.argv[1]
distribution, result_module = EXTRAS[extra]
first_party = sorted(
    (dist.metadata["Name"], dist.version)
    for dist in importlib.metadata.distributions()
    if dist.metadata["Name"].startswith("hamilton")
)
expected = [("hamilton-core", VERSION), (distribution, VERSION)]
if first_party != expected:
    sys.exit(f"hamilton-core[{extra}] installed {first_party}, expected {expected}")

from hamilton import driver  # noqa: E402

module = types.ModuleType("extras_check_functions")
exec("def doubled(x: int) -> int:\n    return 2 * x\n", module.__dict__)
result = driver.Driver({}, module).execute(["doubled"], inputs={"x": 21})
if type(result).__module__.partition(".")[0] != result_module:
    sys.exit(f"with hamilton-core[{extra}] the default result is a {type(result)!r}, not a {result_module} one")
print(f"ok: hamilton-core[{extra}] brought {distribution}; the default result is a {type(result).__qualname__}")
