"""The facts store: the only place SQL is written.

`FactStore` is what the rest of the package may ask of a store; `SQLiteStore` (also exported as
`Store`) is the default implementation, one SQLite file in the index home. `open_store` picks one.
"""

from __future__ import annotations

from pathlib import Path

from corpus_search.store.base import FactStore
from corpus_search.store.read import page_of
from corpus_search.store.schema import SCHEMA_VERSION, StoreOutdated
from corpus_search.store.sqlite import SQLiteStore

Store = SQLiteStore


def is_server_url(url: str | None) -> bool:
    """True for a PostgreSQL URL (`--db postgresql://user@host:port/db`)."""
    return bool(url) and str(url).startswith(("postgresql://", "postgres://"))


def open_store(db_path: Path, create: bool = False, url: str | None = None) -> FactStore:
    """The facts store: on the PostgreSQL server at `url` if one is given, else the SQLite file
    `db_path`; `create` makes it if needed. Raises IndexNotFound, StoreOutdated."""
    if url is not None and is_server_url(url):
        from corpus_search.store.postgres import PostgresStore  # psycopg only when asked for

        return PostgresStore(url, create=create)
    return SQLiteStore(db_path, create=create)


def drop_store(db_path: Path, url: str | None = None) -> None:
    """Delete everything the store holds (`ingest --rebuild`)."""
    if url is not None and is_server_url(url):
        from corpus_search.store.postgres import drop_all

        drop_all(url)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)


__all__ = [
    "SCHEMA_VERSION", "FactStore", "SQLiteStore", "Store", "StoreOutdated",
    "drop_store", "is_server_url", "open_store", "page_of",
]
