from __future__ import annotations

import itertools
import sys
import textwrap
import types

import pytest

_counter = itertools.count()


@pytest.fixture
def make_module():
    """Build a real, uniquely named module from dedented source (with numpy as np, pandas as pd)."""

    def make(source: str) -> types.ModuleType:
        name = f"hamilton_pandas_test_module_{next(_counter)}"
        module = types.ModuleType(name)
        lines = textwrap.dedent(source).strip().splitlines()
        future = [line for line in lines if line.startswith("from __future__")]
        body = [line for line in lines if not line.startswith("from __future__")]
        code = "\n".join([*future, "import numpy as np", "import pandas as pd", *body, ""])
        # dont_inherit: this file's `from __future__ import annotations` must not leak into the module
        exec(compile(code, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
        sys.modules[name] = module  # process-pool workers unpickle functions by module name
        return module

    return make
