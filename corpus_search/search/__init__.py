"""Full-text search behind one protocol (`SearchIndex`, in `base`); Whoosh is the default engine,
tantivy the optional one (`ingest --engine tantivy`, remembered in the home: see `engines`).

The rest of corpus-search uses only what this module exports; nothing outside this package
imports whoosh.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_search.search.base import (
    DOC_TYPES,
    SENTIMENTS,
    NamesFor,
    SearchIndex,
    SearchOptions,
    TextsFor,
)
from corpus_search.search.dates import date_bounds

__all__ = [
    "DOC_TYPES",
    "SENTIMENTS",
    "IndexWriter",
    "NamesFor",
    "SearchIndex",
    "SearchOptions",
    "TextsFor",
    "date_bounds",
    "exists",
    "index_folders",
    "index_row",
    "open_index",
    "remove_index",
    "use_engine",
    "verify",
]


def exists(index_dir: Path) -> bool:
    """Whether an index was ever created in `index_dir` (it may still be empty)."""
    from corpus_search.search import engines

    if engines.engine_of(index_dir) == "tantivy":
        from corpus_search.search import tantivy_index

        return tantivy_index.exists(engines.tantivy_dir(index_dir))
    from corpus_search.search import whoosh

    return whoosh.exists(index_dir)


def verify(index_dir: Path) -> int:
    """Read the index's tables once: RETURNS live documents; raises IndexNotFound, IndexOutdated,
    or IndexDamaged (files that fail to read back) with the command that repairs it."""
    from corpus_search.search import engines

    if engines.engine_of(index_dir) == "tantivy":
        from corpus_search.search import tantivy_index

        return tantivy_index.verify(engines.tantivy_dir(index_dir))
    from corpus_search.search import whoosh

    return whoosh.verify(index_dir)


def index_folders(index_dir: Path) -> tuple[Path, ...]:
    """The folders an index at `index_dir` may occupy, one per engine (to move or delete it whole)."""
    from corpus_search.search import engines

    return engines.folders(index_dir)


def use_engine(index_dir: Path, engine: str | None, rebuild: bool = False) -> str:
    """Choose the engine of the home of `index_dir` (None: keep its own); see `engines.choose`."""
    from corpus_search.search import engines

    return engines.choose(index_dir, engine, rebuild=rebuild)


def remove_index(index_dir: Path) -> None:
    """Drop the home's search index, whichever engine wrote it (the engine choice stays)."""
    from corpus_search.search import engines

    engines.remove(index_dir)


def open_index(index_dir: Path, create: bool = False, procs: int = 1) -> SearchIndex:
    """The search index in `index_dir` (created when `create`); raises IndexNotFound, or
    IndexOutdated ("run `corpus-search ingest --rebuild`") for an index of an older format."""
    from corpus_search.search import engines

    if engines.engine_of(index_dir) == "tantivy":
        from corpus_search.search.tantivy_index import TantivyIndex

        return TantivyIndex(engines.tantivy_dir(index_dir), create=create)
    from corpus_search.search.whoosh import WhooshIndex

    return WhooshIndex(index_dir, create=create, procs=procs)


def IndexWriter(index_dir: Path, procs: int = 1) -> SearchIndex:
    """The index an ingest writes to (created if missing)."""
    return open_index(index_dir, create=True, procs=procs)


def index_row(document: Any, facts: Any) -> dict[str, Any]:
    """What the index needs of a processed document (models.Document and models.Facts)."""
    return {
        "doc_id": document.doc_id,
        "root": document.root,
        "title": document.title,
        "text": document.text,
        "doc_type": document.doc_type,
        "date": document.date,
        "organisation": document.organisation,
        "sentiment": facts.sentiment,
        "people": [p.name for p in facts.people],
        "pages": [[p.page, p.start, p.end] for p in getattr(document, "pages", None) or []],
    }
