"""The web layer's one door into the library.

Every page and API route asks this module, and this module calls the same library functions the
CLI's `--json` paths call (`queries.who/show/status`, `queries.search`, `report.write_report`,
`sentiment.runtime`), so the API answers exactly what `corpus-search ... --json` prints. When the
library moves (a store package, new search options), this is the one place to re-point.
"""
from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, IndexNotFound, NotFound

SORTS = ("relevance", "date")


class NotSupported(CorpusSearchError):
    """The library this build sits on cannot do that yet (HTTP 501)."""


def index_exists(settings: Settings) -> bool:
    from corpus_search import search as engine
    from corpus_search.store import is_server_url

    # A server store's existence is the server's to tell: opening it raises IndexNotFound.
    return engine.exists(settings.whoosh_dir) and (is_server_url(settings.db_url) or settings.db_path.exists())


def _require_index(settings: Settings) -> None:
    if not index_exists(settings):
        raise IndexNotFound(settings.index_dir)


# ---- search ------------------------------------------------------------------------------
def search(
    settings: Settings,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    doc_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sentiment: str | None = None,
    person: str | None = None,
    org: str | None = None,
    all_words: bool = False,
    collapse: bool = True,
) -> dict[str, Any]:
    """What `corpus-search search QUERY --json` prints, for the same options."""
    from corpus_search import queries

    _require_index(settings)
    result = queries.search(
        settings, query, limit=limit, offset=offset, sort=sort, doc_type=doc_type, since=since, until=until,
        sentiment=sentiment, person=person, org=org, require_all=all_words, collapse=collapse,
    )
    return queries.search_json(result, facets=True)


def similar(settings: Settings, doc_id: str, limit: int = 10) -> dict[str, Any]:
    """What `corpus-search similar DOC_ID --json` prints."""
    from corpus_search import queries

    _require_index(settings)
    with queries.open_store(settings) as store:
        if store.document(doc_id) is None:
            raise NotFound(f"no document {doc_id!r} in the index")
    return queries.search_json(queries.similar(settings, doc_id, limit=limit), facets=False)


# ---- who / show / status -----------------------------------------------------------------
def who(settings: Settings, name: str) -> dict[str, Any]:
    """What `corpus-search who NAME --json` prints; raises queries.Ambiguous / UnknownPerson."""
    from corpus_search import queries

    _require_index(settings)
    data: dict[str, Any] = queries.who(settings, name)
    return data


def show(settings: Settings, doc_id: str) -> dict[str, Any]:
    """What `corpus-search show DOC_ID --json` prints."""
    from corpus_search import queries

    _require_index(settings)
    data: dict[str, Any] = queries.show(settings, doc_id)
    return data


def status(settings: Settings) -> dict[str, Any]:
    """What `corpus-search status --json` prints."""
    from corpus_search import queries

    _require_index(settings)
    data: dict[str, Any] = queries.status(settings)
    return data


# ---- report / classify -------------------------------------------------------------------
def report_jsonl(settings: Settings, kind: str) -> str:
    """What `corpus-search report --kind K --format jsonl` prints."""
    from corpus_search.queries import open_store
    from corpus_search.report import parse_kinds, write_report

    parse_kinds(kind)  # a bad kind is a 400 even without an index
    _require_index(settings)
    out = io.StringIO()
    with open_store(settings) as store:
        write_report(store, kind, "jsonl", out)
    return out.getvalue()


def report_rows(settings: Settings, kind: str) -> Iterator[dict[str, Any]]:
    """The report's rows (one dict per fact) for the pages that aggregate them."""
    import json

    for line in report_jsonl(settings, kind).splitlines():
        yield json.loads(line)


_MODELS: dict[tuple[str, float], Any] = {}


def classify(settings: Settings, lines: list[str]) -> list[dict[str, Any]]:
    """What `corpus-search classify --json` prints for these input lines: one object per line."""
    from corpus_search.sentiment.runtime import load_for_index, model_path_for

    path = model_path_for(settings.index_dir)
    key = (str(path), path.stat().st_mtime if path.exists() else 0.0)
    model = _MODELS.get(key)
    if model is None:
        _MODELS.clear()
        model = _MODELS[key] = load_for_index(settings.index_dir)
    if not lines:
        return []
    return [
        {"text": text, "label": label, "scores": scores} for text, (label, scores) in zip(lines, model.predict(lines))
    ]


# ---- original files ----------------------------------------------------------------------
@dataclass(frozen=True)
class OriginalFile:
    path: Path
    name: str
    format: str


def original_file(settings: Settings, doc_id: str) -> OriginalFile:
    """The original file of a document, only if it lies inside the root it was ingested from.

    Refused (NotFound): ids with `..` or an absolute path, unknown ids, files that are gone, and
    files whose real path (symlinks resolved) leaves the ingest root.
    """
    parts = doc_id.replace("\\", "/").split("/")
    if doc_id.startswith("/") or ".." in parts or "\x00" in doc_id or (len(doc_id) > 1 and doc_id[1] == ":"):
        raise NotFound(f"no document {doc_id!r} in the index")
    doc = show(settings, doc_id)
    root = Path(os.path.realpath(doc["root"]))
    original = Path(doc["path"])
    # A document inside a file (`box.mbox/2/plan.pdf`, ingest/parts.py): its original is that file.
    while not original.exists() and original.parent != original:
        original = original.parent
    real = Path(os.path.realpath(original))
    inside = real == root if root.is_file() else real.is_relative_to(root)
    if not inside or not real.is_file():
        raise NotFound(f"the original file of {doc_id!r} is not available inside its ingest root")
    return OriginalFile(path=real, name=original.name, format=str(doc.get("format") or ""))


def documents(settings: Settings) -> Iterator[dict[str, Any]]:
    """Every document row (metadata only, no text), for the organisation pages."""
    from corpus_search.queries import open_store

    _require_index(settings)
    with open_store(settings) as store:
        for doc in store.documents():
            doc.pop("text", None)
            doc.pop("raw_text", None)
            yield doc


def index_version(settings: Settings) -> str:
    """Changes whenever an ingest commits: a cache key for aggregates over the whole index."""
    from corpus_search.store import is_server_url

    if is_server_url(settings.db_url):  # no file to look at: the store notes its own changes
        from corpus_search.queries import open_store

        with open_store(settings) as store:
            return store.meta("changed_at") or ""
    try:
        return (
            str(settings.db_path.stat().st_mtime_ns)
            + ":"
            + str((settings.index_dir / "facts.db-wal").stat().st_mtime_ns)
        )
    except OSError:
        return str(settings.db_path.stat().st_mtime_ns) if settings.db_path.exists() else ""
