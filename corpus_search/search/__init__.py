"""Full-text search behind one protocol (`SearchIndex`, in `base`); Whoosh is the default engine.

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
    "index_row",
    "open_index",
    "verify",
]


def exists(index_dir: Path) -> bool:
    """Whether an index was ever created in `index_dir` (it may still be empty)."""
    from corpus_search.search import whoosh

    return whoosh.exists(index_dir)


def verify(index_dir: Path) -> int:
    """Read the index's tables once: RETURNS live documents; raises IndexNotFound, IndexOutdated,
    or IndexDamaged (files that fail to read back) with the command that repairs it."""
    from corpus_search.search import whoosh

    return whoosh.verify(index_dir)


def open_index(index_dir: Path, create: bool = False, procs: int = 1) -> SearchIndex:
    """The search index in `index_dir` (created when `create`); raises IndexNotFound, or
    IndexOutdated ("run `corpus-search ingest --rebuild`") for an index of an older format."""
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
