"""The default facts store: one SQLite file in the index home."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus_search.errors import IndexNotFound
from corpus_search.store import schema
from corpus_search.store.read import Reader
from corpus_search.store.write import Writer


def connect(db_path: Path, create: bool = False) -> sqlite3.Connection:
    """Open the database; `create` makes it (and any missing table). Refuses another schema version."""
    if not create and not db_path.exists():
        raise IndexNotFound(db_path.parent)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
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
