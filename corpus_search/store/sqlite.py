"""The default facts store: one SQLite file in the index home."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote as urlquote

from corpus_search.errors import IndexNotFound
from corpus_search.store import schema
from corpus_search.store.read import Reader
from corpus_search.store.write import Writer


def writable(db_path: Path) -> bool:
    """Whether this process may write the database and its folder (a read-only mount says no,
    also to root)."""
    return os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)


def _open_read_only(db_path: Path) -> sqlite3.Connection:
    """A database in a home this process may not write (a published archive, a read-only mount).

    `mode=ro` reads through the write-ahead log when its index file (-shm) is there; with no -shm
    in a folder that cannot be written, SQLite cannot open a WAL database at all, so it is opened
    `immutable` (no locks, no -shm). That is exact when no -wal is left (a clean close deletes
    it), which is how an ingest leaves a home."""
    base = "file:" + urlquote(str(db_path.resolve()))
    shm = Path(str(db_path) + "-shm")
    if shm.exists():
        conn = sqlite3.connect(base + "?mode=ro", uri=True, isolation_level=None, timeout=30)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
    return sqlite3.connect(base + "?immutable=1", uri=True, isolation_level=None, timeout=30)


def connect(db_path: Path, create: bool = False) -> sqlite3.Connection:
    """Open the database; `create` makes it (and any missing table). Refuses another schema version.

    Opening to read writes nothing: the journal mode (WAL) is set once, when the file is created,
    and kept in the file; a home that cannot be written is opened read-only."""
    if not create and not db_path.exists():
        raise IndexNotFound(db_path.parent)
    if create:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=30)
    elif writable(db_path):
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=30)
    else:
        conn = _open_read_only(db_path)
    try:
        conn.row_factory = sqlite3.Row
        if create:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=OFF")
        schema.check(conn, db_path)
        if create:
            schema.create(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def replace_database(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` in one transaction, then delete `source` (the swap at the
    end of `ingest --rebuild`).

    Readers that have `target` open keep reading their snapshot until they finish (WAL), and the
    next reader sees the new content whole: SQLite's backup copies the pages under the target's
    write lock and commits once. Renaming the new file over the old one would not do: the old
    file's -wal and -shm would be left beside the new one. Only a target that is missing or not a
    database at all (the rebuild of a damaged home) is replaced by renaming; any other failure
    (a full disk) is raised with the target untouched."""
    if not _readable_database(target):
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        src = sqlite3.connect(str(source), isolation_level=None)
        try:
            src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            src.close()
        os.replace(source, target)
        for suffix in ("-wal", "-shm"):
            Path(str(source) + suffix).unlink(missing_ok=True)
        return
    src = sqlite3.connect(str(source), isolation_level=None)
    try:
        dst = sqlite3.connect(str(target), isolation_level=None, timeout=60)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(source) + suffix).unlink(missing_ok=True)


def _readable_database(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=60)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "not a database" not in str(exc):
            raise  # locked, full, unreadable: not ours to replace by renaming
        return False
    return True


class SQLiteStore(Reader, Writer):
    """The facts database of one index home (see `FactStore` for what it offers)."""

    def __init__(self, db_path: Path, create: bool = False) -> None:
        self.path = db_path
        conn = connect(db_path, create=create)
        Reader.__init__(self, conn)
        Writer.__init__(self, conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
