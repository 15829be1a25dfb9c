"""Time ``base.PandasDataFrameResult.build_result`` on N Series of M floats sharing one index.

Runs with any interpreter that has a ``hamilton`` offering the seed's names, so the
original and this package can be compared side by side:

    PYTHON benchmarks/build_result.py 10000 1000
"""

import logging
import statistics
import sys
import time

import numpy as np
import pandas as pd
from hamilton import base

logging.disable(logging.WARNING)


def main(n: int, m: int, repeats: int = 5) -> None:
    index = pd.RangeIndex(m)
    rng = np.random.default_rng(0)
    outputs = {f"c{i}": pd.Series(rng.standard_normal(m), index=index) for i in range(n)}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        df = base.PandasDataFrameResult.build_result(**outputs)
        times.append(time.perf_counter() - start)
    print(
        f"{n} Series x {m} rows: median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, shape {df.shape}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
