"""Read-only questions to an index home: a person's profile (`who`), a document (`show`), and
what the index holds (`status`). Fast paths: no spaCy, no scikit-learn."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_search import kinds, roots
from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, IndexNotFound, NotFound
from corpus_search.models import SearchResult
from corpus_search.names import fold, name_key
from corpus_search.store import FactStore, is_server_url
from corpus_search.store import open_store as store_at


class Ambiguous(NotFound):
    """A name that fits several people; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[dict[str, Any]]) -> None:
        names = ", ".join(c["name"] for c in candidates)
        super().__init__(f"{name!r} could be several people: {names}; give the full name")
        self.candidates = candidates
        self.payload = {"candidates": candidates}  # what `who --json` prints


class UnknownPerson(NotFound):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no person called {name!r} in the index{hint}")
        self.suggestions = suggestions
        self.payload = {"candidates": [], "suggestions": suggestions}


class FactsMissing(IndexNotFound):
    def __init__(self, db_path: Path) -> None:
        CorpusSearchError.__init__(
            self,
            f"the facts database {db_path} is missing, though the search index is there: the facts cannot be "
            "rebuilt from the search index, so run `corpus-search ingest --rebuild PATH...` over the same folders",
        )


def open_store(settings: Settings) -> FactStore:
    """The facts store for reading; a missing facts.db beside a search index says what to run."""
    try:
        return store_at(settings.db_path, url=settings.db_url)
    except IndexNotFound:
        from corpus_search import search as engine

        if not is_server_url(settings.db_url) and engine.exists(settings.whoosh_dir):
            raise FactsMissing(settings.db_path) from None
        raise


class SearchIndexMissing(IndexNotFound):
    def __init__(self, whoosh_dir: Path) -> None:
        CorpusSearchError.__init__(
            self,
            f"the search index {whoosh_dir} is missing, though the facts database is there: run "
            "`corpus-search reindex --from-db` (or any `corpus-search ingest`) to rebuild it from the facts",
        )


def open_search_index(settings: Settings) -> Any:
    """The search index for reading; a missing whoosh/ beside a facts store says what to run."""
    from corpus_search import search as engine

    try:
        return engine.open_index(settings.whoosh_dir)
    except IndexNotFound:
        if is_server_url(settings.db_url) or settings.db_path.exists():
            raise SearchIndexMissing(settings.whoosh_dir) from None
        raise


def resolve_person(store: FactStore, name: str) -> int:
    """The id of the one person `name` denotes: full name, alias, or surname; else raise."""
    key = name_key(name)
    if not key:
        raise UnknownPerson(name, [])
    ids = store.people_by_name(key)
    if len(ids) > 1:
        # Two people of one name (two John Smiths, Mr and Mrs Carter): the name as written may
        # still pick one ("Mrs Carter"); else the user chooses among the candidates.
        exact = [i for i in store.people_named(fold(name.strip())) if i in ids]
        if len(exact) == 1:
            return int(exact[0])
        raise Ambiguous(name, store.person_candidates(ids))
    if ids and len(key.split()) == 1:
        # A surname alone that identity could not give to one of several full names ("Cllr
        # Smith" beside Roger and Jane Smith): the user chooses among all of them.
        # A courtesy title written as the person is named ("Mrs Carter") still picks one.
        others = [i for i in store.people_by_surname(key) if i not in ids]
        exact = [i for i in store.people_named(fold(name.strip())) if i in ids] if fold(name.strip()) != key else []
        if others and len(exact) != 1:
            raise Ambiguous(name, store.person_candidates(ids + others))
        if others:
            return int(exact[0])
    if ids:
        return int(ids[0])
    ids = store.people_by_alias(key)
    if not ids and len(key.split()) == 1:
        ids = store.people_by_surname(key) or store.people_by_first_word(key)
    if len(ids) == 1:
        return int(ids[0])
    if len(ids) > 1:
        raise Ambiguous(name, store.person_candidates(ids))
    raise UnknownPerson(name, suggest(store, name))


def suggest(store: FactStore, name: str, limit: int = 3) -> list[str]:
    """Close matches for a name nobody in the index has (typos, missing letters)."""
    from rapidfuzz import fuzz, process

    names = store.person_names()
    if not names:
        return []
    folded = [fold(n) for n in names]
    matches = process.extract(fold(name), folded, scorer=fuzz.WRatio, limit=limit, score_cutoff=75)
    return [names[idx] for _, _, idx in matches]


def person_filter(store: FactStore, names: list[str]) -> tuple[list[str], list[str] | None]:
    """`search --person`: the names the search index may hold for the people each name can
    denote, and, when every name denotes one person, the documents the store places them in
    (an alias "Smith" is also another Smith's name in another document); else None."""
    out: list[str] = []
    docs: list[str] | None = []
    for name in names:
        try:
            pid = resolve_person(store, name)
            canonical = store.person_name(pid)
            out += [canonical] if canonical else []
            # The names documents gave this person before identity merged them (the search index holds those).
            out += store.person_aliases(pid)
            if docs is not None:
                docs += [d["doc_id"] for d in store.person_documents(pid)]
        except Ambiguous as exc:
            out += [c["name"] for c in exc.candidates]
            docs = None
    return out, docs


def who(settings: Settings, name: str) -> dict[str, Any]:
    """A person's profile per CONTRACT.md: name, aliases, honours, roles by date, documents, related.

    Roles and documents from paged sources carry `page` / `pages`.
    """
    with open_store(settings) as store:
        pid = resolve_person(store, name)
        canonical = store.person_name(pid) or name
        return {
            "name": canonical,
            "aliases": [a for a in store.person_aliases(pid) if a != canonical],
            "honours": store.person_honours(pid),
            "roles": store.person_roles(pid),
            "documents": store.person_documents(pid),
            "related": store.related_people(pid),
        }


def document_facts(store: FactStore, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every fact of one document, in the report's row shapes (without `kind`/`doc_id`), by kind."""
    facts: dict[str, list[dict[str, Any]]] = {}
    for row in store.fact_rows(kinds.fact_kinds(), doc_id=doc_id):
        kind = row.pop("kind")
        row.pop("doc_id", None)
        facts.setdefault(kind, []).append(row)
    return facts


def show(settings: Settings, doc_id: str) -> dict[str, Any]:
    """A document per CONTRACT.md: the document row, `text`, `people`, `facts` by kind, and for a
    paged source `pages`; `verdict_sentences` index `facts["sentence"]`."""
    with open_store(settings) as store:
        doc = store.document(doc_id)
        if doc is None:
            like = store.doc_ids_like(Path(doc_id).name)
            hint = f"; did you mean {', '.join(like)}?" if like else "; `corpus-search status` lists what is indexed"
            raise NotFound(f"no document {doc_id!r} in the index{hint}")
        doc.pop("raw_text", None)
        if not doc["pages"]:
            del doc["pages"]
        doc["people"] = store.people_in(doc_id)
        doc["facts"] = document_facts(store, doc_id)
    return doc


def status(settings: Settings) -> dict[str, Any]:
    from corpus_search.sentiment.runtime import model_path_for

    with open_store(settings) as store:
        by_type = store.counts_by_type()
        by_year = store.counts_by_year()
        counts = store.fact_counts()
        total = store.totals()
        failures = store.failures()
        last = store.meta("last_ingest")
        recorded = store.roots()
    size = sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file())
    model = model_path_for(settings.index_dir)
    return {
        "index": str(settings.index_dir),
        "documents": total[0],
        "words": total[1],
        "by_type": by_type,
        "by_year": by_year,
        "facts": counts,
        "failed": failures,
        "index_bytes": size,
        "last_ingest": last,
        "roots": [dict(r, exists=roots.exists(r["root"])) for r in recorded],
        "sentiment_model": f"user-trained ({model})" if model.parent == settings.index_dir else "default (packaged)",
    }


def search(
    settings: Settings,
    query: str,
    *,
    person: str | None = None,
    **options: Any,
) -> SearchResult:
    """`corpus-search search`: the ranked results for `query` with the contract's options
    (`limit`, `offset`, `sort`, `doc_type`, `since`, `until`, `sentiment`, `org`, `require_all`,
    `collapse`); `person` is resolved through the facts store to every name it can denote."""
    from dataclasses import replace

    from corpus_search import search as engine
    from corpus_search.search.people import names_for

    opts = engine.SearchOptions(**options)
    opts.check()
    index = open_search_index(settings)
    with open_store(settings) as store:
        if person:
            names, docs = person_filter(store, [person])
            opts = replace(opts, people=names, documents=docs)
        return index.search(query, opts, text_for=store.texts, names_for=names_for(store))


def similar(settings: Settings, doc_id: str, *, limit: int = 10, collapse: bool = True) -> SearchResult:
    """`corpus-search similar`: the documents most like `doc_id`."""

    index = open_search_index(settings)
    with open_store(settings) as store:
        return index.similar(doc_id, text_for=store.texts, limit=limit, collapse=collapse)


def search_json(result: SearchResult, *, facets: bool = True) -> dict[str, Any]:
    """The contract's `search --json` shape (`similar --json` has no `facets`)."""
    from corpus_search.models import to_dict

    data: dict[str, Any] = to_dict(result)
    if not facets:
        data.pop("facets", None)
    if not data.get("suggestions"):
        data.pop("suggestions", None)
    if data.get("message") is None:
        data.pop("message", None)
    return data
