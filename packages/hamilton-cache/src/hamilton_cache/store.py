"""The cache folder: an SQLite database of keys and small results, and a folder of larger result files.

Layout of the folder (created with the user's permissions only, 0o700 and 0o600):

- ``cache.db`` (SQLite, write-ahead log), four tables:

  - ``cache_keys``: cache key -> node name, code version, the data versions of its
    inputs (JSON), the data version and format of its result, run id, time;
  - ``results``: (data version, format) -> the result: its pickle itself when it is
    small (``value``), else the name of its file, the file's CRC-32 and size, and the
    type a data format's loader reads it back as;
  - ``latest_keys``: node name -> its most recently written key with its result (a
    copy of the two rows above), read ahead when a run starts in one query without
    joins: a node whose inputs did not change finds its key there;
  - ``code_versions``: digest of a decorated function's raw source -> digest of it
    compiled (see ``code_versions.py``), so a later process need not compile it again.

- ``results/<digest>.<crc32>.<format>``: the larger results (pickles; parquet for
  DataFrames and tables), named by a digest of their data version and their checksum.

Safety rules, each enforced here:

- a result file is written under a temporary name and renamed once complete, so no
  reader, in this process or another, sees half of one;
- a file is read only through a ``results`` row naming it, and only if its CRC-32
  matches the row's checksum and it starts as this cache's files do: anything else in
  the folder is never unpickled (the checksum catches damage; whoever can write the
  folder can write the database too, so the folder must be trusted like code);
- a run's rows are written in one transaction when the run ends; SQLite serialises
  the transactions of processes sharing the folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sqlite3
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["INLINE_LIMIT", "CacheStore", "NewResult", "ResultUnavailableError", "Row", "StoreVersionError"]

SCHEMA_VERSION = 3
INLINE_LIMIT = 2048  # pickles up to this size live in the database: a row costs less than a file
_CHUNK = 500  # parameters per query (SQLite's limit is 999 on old builds)
_FILE_NAME = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{8}\.[a-z0-9_]+")
_MAGIC = b"hamilton-cache 1"  # the first bytes of a pickle result file
_ALIGN = 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_keys (
    cache_key TEXT PRIMARY KEY,
    node_name TEXT NOT NULL,
    code_version TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    data_version TEXT NOT NULL,
    format TEXT NOT NULL,
    run_id TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS cache_keys_by_node ON cache_keys (node_name, created);
CREATE TABLE IF NOT EXISTS results (
    data_version TEXT NOT NULL,
    format TEXT NOT NULL,
    value BLOB,
    file TEXT,
    checksum TEXT,
    size INTEGER NOT NULL,
    value_type TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (data_version, format)
);
CREATE TABLE IF NOT EXISTS latest_keys (
    node_name TEXT PRIMARY KEY,
    cache_key TEXT NOT NULL,
    code_version TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    data_version TEXT NOT NULL,
    format TEXT NOT NULL,
    value BLOB,
    file TEXT,
    checksum TEXT,
    size INTEGER,
    value_type TEXT
);
CREATE TABLE IF NOT EXISTS code_versions (
    source_digest TEXT PRIMARY KEY,
    normalised TEXT NOT NULL
);
"""

_COLUMNS = (
    "k.cache_key, k.node_name, k.code_version, k.dependencies, k.data_version, k.format, "
    "r.value, r.file, r.checksum, r.size, r.value_type"
)


_LATEST_COLUMNS = (
    "cache_key, node_name, code_version, dependencies, data_version, format, value, file, checksum, size, value_type"
)
_COPY_TO_LATEST = (
    f"INSERT OR REPLACE INTO latest_keys ({_LATEST_COLUMNS.replace('cache_key, node_name', 'node_name, cache_key')}) "
    f"SELECT k.node_name, k.cache_key, k.code_version, k.dependencies, k.data_version, k.format, "
    f"r.value, r.file, r.checksum, r.size, r.value_type FROM cache_keys AS k "
    f"LEFT JOIN results AS r ON r.data_version = k.data_version AND r.format = k.format WHERE k.cache_key = ?"
)


class StoreVersionError(RuntimeError):
    """The cache folder was written by an incompatible version of hamilton-cache."""


class ResultUnavailableError(Exception):
    """A stored result cannot be used (missing, corrupted, not loadable); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Row(NamedTuple):
    """A cache key and, if still stored, its result (``format`` is ``None`` when it is not)."""

    cache_key: str
    node_name: str
    code_version: str
    dependencies: str
    data_version: str
    format: str
    value: bytes | None
    file: str | None
    checksum: str | None
    size: int | None
    value_type: str | None

    @property
    def stored(self) -> bool:
        return self.size is not None


class NewResult(NamedTuple):
    """A result to record: inline (``value``) or in a file already written (``file``, ``checksum``).

    ``value_type`` (``"package.module:Class"``) is the type a data format's loader reads it back as.
    """

    data_version: str
    format: str
    value: bytes | None
    file: str | None
    checksum: str | None
    size: int
    value_type: str


class CacheStore:
    """One cache folder; thread-safe, and safe to share with other processes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def __repr__(self) -> str:
        return f"CacheStore({str(self.path)!r})"

    # ------------------------------------------------------------------ connection

    def _db(self) -> sqlite3.Connection:
        """The connection of this process (a forked child opens its own)."""
        if self._connection is None or self._pid != os.getpid():
            self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        _private_dir(self.path)
        _private_dir(self.path / "results")
        database = self.path / "cache.db"
        if not database.exists():
            os.close(os.open(database, os.O_RDWR | os.O_CREAT, 0o600))  # SQLite gives its -wal/-shm files these rights
        connection = sqlite3.connect(database, timeout=60, check_same_thread=False, isolation_level=None)
        _while_locked(lambda: connection.execute("PRAGMA journal_mode=WAL"))
        connection.execute("PRAGMA synchronous=NORMAL")
        version = _while_locked(lambda: connection.execute("PRAGMA user_version").fetchone()[0])
        if version not in (0, SCHEMA_VERSION):
            connection.close()
            raise StoreVersionError(
                f"The cache folder {str(self.path)!r} was written by another version of hamilton-cache "
                f"(schema {version}, this one reads {SCHEMA_VERSION}). Use another path, or delete the folder."
            )
        if version == 0:  # a new folder; another process may be creating it too: every statement tolerates that
            _while_locked(lambda: connection.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;"))  # one write to disk
            _while_locked(lambda: connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}"))
        return connection

    def close(self) -> None:
        """Close this process's connection (a later use opens a new one)."""
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None

    # ------------------------------------------------------------------ reading keys

    def latest(self, node_names: Sequence[str]) -> list[Row]:
        """The most recently written key of each node, with its result: read once when a run starts."""
        rows: list[Row] = []
        with self._lock:
            db = self._db()
            for start in range(0, len(node_names), _CHUNK):
                chunk = node_names[start : start + _CHUNK]
                query = f"SELECT {_LATEST_COLUMNS} FROM latest_keys WHERE node_name IN ({','.join('?' * len(chunk))})"
                rows.extend(map(Row._make, db.execute(query, chunk)))
        return rows

    def find(self, cache_key: str) -> Row | None:
        """The key ``cache_key`` and its result, if stored."""
        query = (
            f"SELECT {_COLUMNS} FROM cache_keys AS k LEFT JOIN results AS r "
            f"ON r.data_version = k.data_version AND r.format = k.format WHERE k.cache_key = ?"
        )
        with self._lock:
            found = self._db().execute(query, (cache_key,)).fetchone()
        return Row._make(found) if found is not None else None

    def has_result(self, data_version: str, format: str) -> bool:
        """Whether a result of this data version is stored in this format."""
        with self._lock:
            found = (
                self._db()
                .execute("SELECT 1 FROM results WHERE data_version = ? AND format = ?", (data_version, format))
                .fetchone()
            )
        return found is not None

    def normalised_sources(self, source_digests: Sequence[str]) -> dict[str, str]:
        """The normalised digest of each raw source digest already parsed by some process."""
        out: dict[str, str] = {}
        with self._lock:
            db = self._db()
            for start in range(0, len(source_digests), _CHUNK):
                chunk = source_digests[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT source_digest, normalised FROM code_versions WHERE source_digest IN ({marks})"
                out.update(db.execute(query, chunk))
        return out

    def count(self) -> dict[str, int]:
        """How many keys and results are stored."""
        with self._lock:
            db = self._db()
            keys = db.execute("SELECT COUNT(*) FROM cache_keys").fetchone()[0]
            results = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        return {"cache_keys": keys, "results": results}

    # ------------------------------------------------------------------ results

    def load(self, row: Row, read: Callable[[Path], Any] | None = None) -> Any:
        """The value stored for ``row``; ``ResultUnavailableError`` if it is missing, corrupted or will not load.

        A file is checked against its checksum before anything reads it; ``read(path)``
        loads a file in a format other than pickle (a data plugin's reader).
        """
        if row.value is not None:
            try:
                return pickle.loads(row.value)
            except Exception as exc:  # e.g. a class that no longer exists
                raise ResultUnavailableError(f"its stored pickle did not load ({type(exc).__name__}: {exc})") from None
        if not row.stored:
            raise ResultUnavailableError("its result is no longer stored")
        path = self.file_path(row.file)
        try:
            with open(path, "rb") as file:
                data = bytearray(os.fstat(file.fileno()).st_size)  # writable: arrays loaded from it can be changed
                file.readinto(data)
        except FileNotFoundError:
            raise ResultUnavailableError(f"its result file {row.file} is missing") from None
        except OSError as exc:
            raise ResultUnavailableError(f"its result file {row.file} cannot be read ({exc})") from None
        if row.checksum is None or f"{zlib.crc32(data):08x}" != row.checksum:
            raise ResultUnavailableError(f"its result file {row.file} is corrupted (its checksum does not match)")
        try:
            return _unpickled_file(data) if read is None else read(path)
        except ResultUnavailableError:
            raise
        except Exception as exc:
            raise ResultUnavailableError(
                f"its result file {row.file} did not load ({type(exc).__name__}: {exc})"
            ) from None

    def file_path(self, name: str | None) -> Path:
        """Where the result file ``name`` (as a ``results`` row names it) is; names of any other shape are refused."""
        if name is None or not _FILE_NAME.fullmatch(name):
            raise ResultUnavailableError(f"its result names an invalid file {name!r}")
        return self.path / "results" / name

    def write_pickle(
        self, data_version: str, header: bytes, buffers: Sequence[memoryview] = ()
    ) -> tuple[str, str, int]:
        """Write a pickle (protocol 5, its out-of-band buffers after it) as a result file; its name, checksum, size.

        Written from the value's own buffers, with no copy of them, under a temporary
        name renamed once complete. The layout: ``_MAGIC``, the number of buffers, the
        length of the pickle and of each buffer, then the pickle and the buffers, each
        starting at a multiple of ``_ALIGN`` so that arrays loaded from it are aligned.
        """
        lengths = [len(header), *(buffer.nbytes for buffer in buffers)]
        table = _MAGIC + struct.pack(f"<{len(lengths) + 1}Q", len(buffers), *lengths)
        pieces: list[Any] = [table]
        offset = len(table)
        for piece, length in zip([header, *buffers], lengths, strict=True):
            padding = -offset % _ALIGN
            pieces += [b"\0" * padding, piece]
            offset += padding + length
        checksum = 0
        for piece in pieces:
            checksum = zlib.crc32(piece, checksum)
        return self._place(data_version, f"{checksum:08x}", "pickle", offset, lambda file: file.writelines(pieces))

    def write_with(self, data_version: str, save: Callable[[Path], None], format: str) -> tuple[str, str, int]:
        """Write a result file with ``save(path)`` (a data plugin's writer); its name, checksum and size."""
        staging = self.path / "results" / f".staging.{os.getpid()}.{threading.get_ident()}.{format}"
        try:
            save(staging)
            os.chmod(staging, 0o600)
            with open(staging, "rb") as file:
                checksum = 0
                while chunk := file.read(1 << 20):
                    checksum = zlib.crc32(chunk, checksum)
            size = staging.stat().st_size
            return self._place(data_version, f"{checksum:08x}", format, size, staging)
        finally:
            staging.unlink(missing_ok=True)

    def _place(
        self, data_version: str, checksum: str, format: str, size: int, content: Callable[[Any], None] | Path
    ) -> tuple[str, str, int]:
        """Put a result file at its name (data version digest, checksum), atomically: readers see all or nothing."""
        stem = hashlib.sha256(data_version.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        name = f"{stem}.{checksum}.{format}"
        final = self.path / "results" / name
        if isinstance(content, Path):
            os.replace(content, final)
            return name, checksum, size
        temporary = final.parent / f".{stem}.{os.getpid()}.{threading.get_ident()}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as file:
                content(file)
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return name, checksum, size

    def forget_file(self, row: Row) -> None:
        """Delete a result file found corrupted, so that the result is written again."""
        if row.file is not None:
            try:
                self.file_path(row.file).unlink(missing_ok=True)
            except (OSError, ResultUnavailableError):
                pass

    # ------------------------------------------------------------------ writing

    def commit(
        self,
        keys: Iterable[tuple[Any, ...]],
        results: Iterable[NewResult],
        normalised_sources: Iterable[tuple[str, str]],
        forget: Iterable[tuple[str, str]] = (),
        created: float = 0.0,
        reused: Iterable[str] = (),
    ) -> None:
        """Record a run, in one transaction: results (known ones kept), keys (latest wins), parsed sources.

        ``forget`` lists ``(data_version, format)`` results found unusable, deleted first;
        ``reused`` older keys used again, which become their node's latest.
        """
        keys, results, normalised_sources = list(keys), list(results), list(normalised_sources)
        forget, reused = list(forget), list(reused)
        if not (keys or results or normalised_sources or forget or reused):
            return
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("DELETE FROM results WHERE data_version = ? AND format = ?", forget)
                db.executemany(
                    "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*result, created) for result in results],
                )
                db.executemany("INSERT OR REPLACE INTO cache_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?)", keys)
                db.executemany(_COPY_TO_LATEST, [(k[0],) for k in keys] + [(key,) for key in reused])
                db.executemany("INSERT OR IGNORE INTO code_versions VALUES (?, ?)", normalised_sources)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise


def _while_locked(statement: Callable[[], Any], patience: float = 60.0) -> Any:
    """Run ``statement`` again while SQLite answers "database is locked".

    Setting up a new folder (the switch to WAL, its recovery) can be refused at once,
    without the busy timeout, while another process sets up the same folder.
    """
    deadline = time.monotonic() + patience
    pause = 0.01
    while True:
        try:
            return statement()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _unpickled_file(data: bytearray) -> Any:
    """The value of a pickle result file (see ``CacheStore.write_pickle``), its arrays reading the file's bytes."""
    if not data.startswith(_MAGIC):
        raise ResultUnavailableError("its result file is not one this cache wrote")
    view = memoryview(data)
    offset = len(_MAGIC)
    (count,) = struct.unpack_from("<Q", data, offset)
    lengths = struct.unpack_from(f"<{count + 1}Q", data, offset + 8)
    offset += 8 * (count + 2)
    pieces = []
    for length in lengths:
        offset += -offset % _ALIGN
        pieces.append(view[offset : offset + length])
        offset += length
    return pickle.loads(pieces[0], buffers=pieces[1:])


def _private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by the user only, if missing."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
