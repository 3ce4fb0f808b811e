"""The search index rebuilt from the facts store, without the NLP: `reindex --from-db`, and the
repairs an ingest makes before it plans (a `whoosh/` that is missing, damaged, of an older
format, or lacking documents the store has). The store is the record; the index is derived."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corpus_search import homes, search
from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError
from corpus_search.store import FactStore, open_store

ProgressFn = Callable[[int, int, str], None]
BATCH = 400  # documents per index commit


def stored_fields(doc: dict[str, Any], people: list[str]) -> dict[str, Any]:
    """The index fields of a document as the facts store keeps it."""
    pages = [[p["page"], p["start"], p["end"]] if isinstance(p, dict) else list(p) for p in doc.get("pages") or []]
    return {"doc_id": doc["doc_id"], "root": doc["root"], "title": doc["title"], "text": doc["text"],
            "doc_type": doc["doc_type"], "date": doc["date"], "organisation": doc.get("organisation"),
            "sentiment": doc["sentiment"], "people": people, "pages": pages}


def fill_index(store: FactStore, writer: search.SearchIndex, doc_ids: set[str] | None = None,
               progress: ProgressFn | None = None) -> int:
    """Write the store's documents (all, or `doc_ids`) to the index. RETURNS how many."""
    total = store.totals()[0] if doc_ids is None else len(doc_ids)
    done, rows = 0, []
    for doc in store.documents():
        if doc_ids is not None and doc["doc_id"] not in doc_ids:
            continue
        rows.append(stored_fields(doc, store.people_in(doc["doc_id"])))
        done += 1
        if progress:
            progress(done, total, doc["doc_id"])
        if len(rows) >= BATCH:
            writer.write(rows)
            rows = []
    writer.write(rows)
    return done


def _build_beside(store: FactStore, settings: Settings, progress: ProgressFn | None = None) -> int:
    """A new index of every stored document, built beside the live one and swapped in."""
    new = homes.beside(settings).whoosh_dir
    search.remove_index(new)
    try:
        writer = search.IndexWriter(new)
        try:
            done = fill_index(store, writer, progress=progress)
        finally:
            writer.close()
        homes.swap_index(new, settings.whoosh_dir)
    except BaseException:
        search.remove_index(new)
        raise
    return done


def restore_index(store: FactStore, settings: Settings) -> int:
    """A live index that is missing, unreadable or of an older format, beside a store that has
    documents, is built again from the store. RETURNS documents indexed (0: it was sound)."""
    if not store.totals()[0]:
        return 0
    try:
        search.verify(settings.whoosh_dir)
        return 0
    except CorpusSearchError:
        return _build_beside(store, settings)


def fill_missing(store: FactStore, writer: search.SearchIndex) -> int:
    """Documents the store has and the index lacks are indexed again; RETURNS how many. Cheap when
    they agree: one count on each side (orphans in the index are dropped before this)."""
    if writer.count() == store.totals()[0]:
        return 0
    lacking = set(store.known_documents()) - writer.doc_ids()
    return fill_index(store, writer, lacking) if lacking else 0


def reindex_from_store(settings: Settings, progress: ProgressFn | None = None) -> int:
    """Build the local search index afresh from the facts store's documents and their people,
    without running the NLP (an analyst searching a shared PostgreSQL corpus). The new index is
    built beside the old one and swapped in, so searches keep working. RETURNS documents indexed."""
    homes.check_writable(settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with homes.IngestLock(settings.lock_path):
        homes.clean_leftovers(settings)
        with open_store(settings.db_path, url=settings.db_url) as store:
            return _build_beside(store, settings, progress)


__all__ = ["fill_index", "fill_missing", "reindex_from_store", "restore_index", "stored_fields"]
