"""The four executors, chosen by name, agree with a sequential run on random DAGs and on errors."""

from __future__ import annotations

import random
import textwrap
import threading

import pytest
from hamilton import base, driver, registry
from hamilton.errors import NodeExecutionError
from hamilton.executors import ThreadPoolGraphAdapter
from hamilton.testing import module_from_source, random_dag_module
from hypothesis import given, settings
from hypothesis import strategies as st


def sequential(module, outputs, **kwargs):
    return driver.Driver({}, module, adapter=base.SimplePythonGraphAdapter(base.DictResult())).raw_execute(
        outputs, **kwargs
    )


def test_all_four_are_registered_by_name():
    pytest.importorskip("hamilton_dask")
    pytest.importorskip("hamilton_ray")
    entries = registry.entries("adapter")
    assert {"threads", "processes", "dask", "ray"} <= set(entries)
    assert entries["dask"].distribution == "hamilton-dask"
    assert entries["ray"].distribution == "hamilton-ray"
    assert all(entries[name].description for name in ("threads", "processes", "dask", "ray"))


@pytest.mark.parametrize("seed", [101, 202])
def test_random_dags_agree_with_sequential(any_executor, seed):
    rng = random.Random(seed)
    size = rng.randint(15, 45)
    module = random_dag_module(seed, size, name=f"parallel_agreement_{seed}")
    outputs = rng.sample([f"n{i}" for i in range(size)], k=5)
    overrides = {f"n{rng.randrange(size)}": -1}
    expected = sequential(module, outputs, inputs={"seed_value": seed}, overrides=overrides)
    got = driver.Driver({}, module, adapter=any_executor).raw_execute(
        outputs, inputs={"seed_value": seed}, overrides=overrides
    )
    assert got == expected


def test_a_failure_reads_the_same_everywhere(any_executor):
    module = module_from_source(
        "parallel_failure",
        textwrap.dedent(
            """
            def base_value(x: int) -> int:
                return x

            def ratio(base_value: int) -> float:
                return 1 / (base_value - base_value)

            def scaled(ratio: float) -> float:
                return ratio * 2
            """
        ),
    )
    with pytest.raises(ZeroDivisionError) as local:
        sequential(module, ["scaled"], inputs={"x": 4})
    with pytest.raises(ZeroDivisionError) as parallel:
        driver.Driver({}, module, adapter=any_executor).raw_execute(["scaled"], inputs={"x": 4})
    assert isinstance(parallel.value, NodeExecutionError)
    assert str(parallel.value) == str(local.value) == "Node 'ratio' raised ZeroDivisionError: division by zero"
    assert type(parallel.value.__cause__) is ZeroDivisionError


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 100_000), workers=st.integers(1, 4))
def test_threads_match_sequential_on_many_random_dags(seed, workers):
    module = random_dag_module(seed, 30, name=f"parallel_threads_{seed}")
    outputs = [f"n{i}" for i in range(seed % 3, 30, 4)]
    with ThreadPoolGraphAdapter(max_workers=workers) as adapter:
        got = driver.Driver({}, module, adapter=adapter).raw_execute(outputs, inputs={"seed_value": seed})
    assert got == sequential(module, outputs, inputs={"seed_value": seed})


def test_the_calling_thread_is_free_for_other_drivers(any_executor):
    # two runs from two threads through one adapter: no shared state between runs
    module = random_dag_module(7, 20, name="parallel_two_threads")
    outputs = ["n19", "n13"]
    results: dict[int, dict] = {}

    def run(seed: int) -> None:
        results[seed] = driver.Driver({}, module, adapter=any_executor).raw_execute(
            outputs, inputs={"seed_value": seed}
        )

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == {seed: sequential(module, outputs, inputs={"seed_value": seed}) for seed in (1, 2)}
