"""The cache folder on disk: the user's permissions only, damaged results recomputed with a warning, nothing unpickled blindly."""

from __future__ import annotations

import pickle
import sqlite3
import stat
import subprocess
import sys
import textwrap
import warnings
import zlib

import pytest
from hamilton import base, driver
from hamilton_cache import CacheWarning
from hamilton_cache.store import INLINE_LIMIT, CacheStore, StoreVersionError

FLOW = """
def big(n: int) -> list:
    _ran("big")
    return list(range(n))


def small(n: int) -> int:
    _ran("small")
    return n * 2


def total(big: list, small: int) -> int:
    _ran("total")
    return sum(big) + small
"""

N = 5000  # big's pickle is far above the inline limit: it goes to a file


def run(module, cache_dir):
    dr = driver.Builder().with_modules(module).with_adapters(base.DictResult()).with_cache(path=cache_dir).build()
    return dr, dr.execute(["total"], inputs={"n": N})


def result_files(cache_dir):
    return sorted(p for p in (cache_dir / "results").rglob("*") if p.is_file())


def test_large_results_go_to_files_small_ones_into_the_database(flows, cache_dir):
    run(flows.make(FLOW), cache_dir)
    files = result_files(cache_dir)
    assert len(files) == 1 and files[0].suffix == ".pickle"
    assert files[0].stat().st_size > INLINE_LIMIT
    stem, checksum = files[0].stem.split(".")  # a digest of its data version, its CRC-32
    assert len(stem) == 32 and f"{zlib.crc32(files[0].read_bytes()):08x}" == checksum
    with sqlite3.connect(cache_dir / "cache.db") as db:
        rows = dict(db.execute("SELECT data_version, file IS NULL FROM results"))
    assert sorted(rows.values()) == [0, 1, 1]  # one file, two inline


def test_everything_is_readable_by_the_owner_only(flows, cache_dir):
    dr, _ = run(flows.make(FLOW), cache_dir)
    dr.cache.store._db()  # the connection stays open: the write-ahead log files exist now
    paths = [cache_dir, *cache_dir.rglob("*")]
    assert any(p.name == "cache.db-wal" for p in paths)
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_a_corrupted_result_file_is_recomputed_with_a_warning(flows, cache_dir):
    module = flows.make(FLOW)
    _, first = run(module, cache_dir)
    flows.calls()
    (path,) = result_files(cache_dir)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.warns(CacheWarning, match=r"cached result of node 'big' is unusable: .*corrupted"):
        dr, again = run(module, cache_dir)
    assert again == first
    assert flows.calls() == ["big"]  # total still a hit: big's value did not change
    assert "corrupted" in dr.cache.report().recomputed["big"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        run(module, cache_dir)  # stored anew: a clean hit
    assert flows.calls() == []


def test_a_missing_result_file_is_recomputed_with_a_warning(flows, cache_dir):
    module = flows.make(FLOW)
    _, first = run(module, cache_dir)
    flows.calls()
    for path in result_files(cache_dir):
        path.unlink()
    with pytest.warns(CacheWarning, match="is missing"):
        _, again = run(module, cache_dir)
    assert again == first and flows.calls() == ["big"]


class Trap:
    """Unpickling it leaves a file behind: the proof that something was unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_tampered_file_is_never_unpickled(flows, cache_dir, tmp_path):
    module = flows.make(FLOW)
    run(module, cache_dir)
    flows.calls()
    (path,) = result_files(cache_dir)
    marker = tmp_path / "unpickled"
    path.write_bytes(pickle.dumps(Trap(str(marker))))  # a valid pickle that runs code, in place of the result
    with pytest.warns(CacheWarning, match="corrupted"):
        run(module, cache_dir)
    assert not marker.exists()
    assert flows.calls() == ["big"]


def test_files_the_database_does_not_list_are_never_read(flows, cache_dir, tmp_path):
    module = flows.make(FLOW)
    marker = tmp_path / "unpickled"
    planted = cache_dir / "results" / ("0" * 32 + ".00000000.pickle")
    planted.parent.mkdir(parents=True)
    planted.write_bytes(pickle.dumps(Trap(str(marker))))
    run(module, cache_dir)
    run(module, cache_dir)
    assert not marker.exists()
    store = CacheStore(cache_dir)
    with pytest.raises(Exception, match="invalid file"):
        store.file_path("../../etc/passwd")


def test_a_folder_of_another_schema_is_refused(cache_dir):
    cache_dir.mkdir()
    with sqlite3.connect(cache_dir / "cache.db") as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreVersionError, match="another version of hamilton-cache"):
        CacheStore(cache_dir).count()


def test_a_forked_child_opens_its_own_connection(tmp_path):
    """In a fresh interpreter: forking this test process, where Dask and Ray threads may run, can deadlock the child."""
    script = textwrap.dedent(
        """
        import os, sys
        from hamilton import base, driver
        from hamilton.testing import module_from_source

        module = module_from_source("forked_flow", "def doubled(n: int) -> int:\\n    return n * 2\\n")
        builder = driver.Builder().with_modules(module).with_adapters(base.DictResult())
        dr = builder.with_cache(path=sys.argv[1]).build()
        dr.execute(["doubled"], inputs={"n": 2})
        store = dr.cache.store
        parent = store._db()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: must not reuse the parent's SQLite connection
            try:
                ok = store._db() is not parent and store.count()["cache_keys"] == 1
                os.write(write, b"1" if ok else b"0")
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        print(os.read(read, 1).decode(), store._db() is parent)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "cache")], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "True"]
