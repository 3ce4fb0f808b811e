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


def open_store(db_path: Path, create: bool = False) -> FactStore:
    """The facts store at `db_path`; `create` makes it if needed. Raises IndexNotFound, StoreOutdated."""
    return SQLiteStore(db_path, create=create)


__all__ = ["SCHEMA_VERSION", "FactStore", "SQLiteStore", "Store", "StoreOutdated", "open_store", "page_of"]
