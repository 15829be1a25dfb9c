"""Two processes sharing one cache folder at the same time: no corruption, no half-written read, every value right."""

from __future__ import annotations

import multiprocessing
import sqlite3
import warnings
import zlib

import cache_racers
import cache_workers
from hamilton import base, driver
from hamilton_cache import CacheWarning


def expected(x: int) -> int:
    return sum(range((x + 1) * 1000)) + (x + 1) * 3


def test_two_processes_racing_on_one_folder(cache_dir, worker_log):
    context = multiprocessing.get_context("spawn")  # two real, separate interpreters
    start, results = context.Event(), context.Queue()
    racers = [
        context.Process(target=cache_racers.race, args=(str(cache_dir), str(worker_log.path), seed, start, results))
        for seed in (1, 2)
    ]
    for racer in racers:
        racer.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=60)
    for status, detail in outcomes:
        assert status == "ok", detail
        assert all(value == expected(x) for x, value in detail)
    calls = worker_log.calls()
    assert calls.count("d") >= 6  # each x computed at least once...
    assert calls.count("d") <= 12  # ...and at most once per process: the rest were hits

    with sqlite3.connect(cache_dir / "cache.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        files = db.execute("SELECT file, checksum FROM results WHERE file IS NOT NULL").fetchall()
        keys = db.execute("SELECT COUNT(*) FROM cache_keys").fetchone()[0]
    assert len(files) == 6 and keys == 6 * 4
    for name, checksum in files:
        assert f"{zlib.crc32((cache_dir / 'results' / name).read_bytes()):08x}" == checksum
    assert not [p for p in (cache_dir / "results").rglob("*") if p.name.endswith(".tmp")]

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        dr = driver.Builder().with_modules(cache_workers).with_adapters(base.DictResult()).with_cache(path=cache_dir)
        dr = dr.build()
        for x in range(1, 7):
            assert dr.execute(["d"], inputs={"x": x, "log": str(worker_log.path)}) == {"d": expected(x)}
    assert worker_log.calls() == []
