"""Read-only questions to an index home: a person's profile (`who`), a document (`show`), and
what the index holds (`status`). Fast paths: no spaCy, no scikit-learn."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corpus_search.config import Settings
from corpus_search.errors import NotFound
from corpus_search.names import fold, name_key
from corpus_search.store import Store


class Ambiguous(NotFound):
    """A name that fits several people; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[dict[str, Any]]) -> None:
        names = ", ".join(c["name"] for c in candidates)
        super().__init__(f"{name!r} could be several people: {names}; give the full name")
        self.candidates = candidates


class UnknownPerson(NotFound):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no person called {name!r} in the index{hint}")
        self.suggestions = suggestions


def open_store(settings: Settings) -> Store:
    return Store(settings.db_path)


def _candidates(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(ids))
    rows = store.rows(
        f"SELECT p.id, p.name, COUNT(d.doc_id) AS n FROM people p LEFT JOIN doc_people d ON d.person_id = p.id "
        f"WHERE p.id IN ({marks}) GROUP BY p.id ORDER BY n DESC, p.name",
        ids,
    )
    return [{"id": r["id"], "name": r["name"], "documents": r["n"]} for r in rows]


def resolve_person(store: Store, name: str) -> int:
    """The id of the one person `name` denotes: full name, alias, or surname; else raise."""
    key = name_key(name)
    if not key:
        raise UnknownPerson(name, [])
    row = store.rows("SELECT id FROM people WHERE key = ?", (key,))
    if row:
        return int(row[0]["id"])
    ids = [r[0] for r in store.rows("SELECT DISTINCT person_id FROM aliases WHERE key = ?", (key,))]
    if not ids and len(key.split()) == 1:
        ids = [r[0] for r in store.rows("SELECT id FROM people WHERE surname = ?", (key,))]
        if not ids:
            ids = [r[0] for r in store.rows("SELECT id FROM people WHERE key LIKE ?", (key + " %",))]
    if len(ids) == 1:
        return int(ids[0])
    if len(ids) > 1:
        cands = _candidates(store, ids)
        raise Ambiguous(name, [{"name": c["name"], "documents": c["documents"]} for c in cands])
    raise UnknownPerson(name, suggest(store, name))


def suggest(store: Store, name: str, limit: int = 3) -> list[str]:
    """Close matches for a name nobody in the index has (typos, missing letters)."""
    from rapidfuzz import fuzz, process

    names = [r[0] for r in store.rows("SELECT name FROM people")]
    if not names:
        return []
    folded = [fold(n) for n in names]
    matches = process.extract(fold(name), folded, scorer=fuzz.WRatio, limit=limit, score_cutoff=75)
    return [names[idx] for _, _, idx in matches]


def people_matching(store: Store, names: list[str]) -> list[str]:
    """Canonical names for `search --person`: every person each name can denote."""
    out: list[str] = []
    for name in names:
        try:
            pid = resolve_person(store, name)
            out += [r[0] for r in store.rows("SELECT name FROM people WHERE id = ?", (pid,))]
            # The names documents gave this person before identity merged them (the search index holds those).
            out += [r[0] for r in store.rows("SELECT DISTINCT alias FROM aliases WHERE person_id = ?", (pid,))]
        except Ambiguous as exc:
            out += [c["name"] for c in exc.candidates]
    return out


def who(settings: Settings, name: str) -> dict[str, Any]:
    """A person's profile per CONTRACT.md: name, aliases, honours, roles by date, documents, related."""
    with open_store(settings) as store:
        pid = resolve_person(store, name)
        person = store.rows("SELECT name FROM people WHERE id = ?", (pid,))[0]
        aliases = sorted({r[0] for r in store.rows("SELECT alias FROM aliases WHERE person_id = ?", (pid,))} - {person["name"]})
        honours: list[str] = []
        for r in store.rows("SELECT honours FROM doc_people WHERE person_id = ?", (pid,)):
            for h in json.loads(r[0] or "[]"):
                if h not in honours:
                    honours.append(h)
        roles = [
            {"role": r["role"], "organisation": r["organisation"], "status": r["status"], "date": r["date"],
             "doc_id": r["doc_id"], "evidence": r["evidence"]}
            for r in store.rows(
                "SELECT role, organisation, status, date, doc_id, evidence FROM roles WHERE person_id = ? "
                "ORDER BY date IS NULL, date, doc_id, start",
                (pid,),
            )
        ]
        documents = [
            {"doc_id": r["doc_id"], "title": r["title"], "date": r["date"], "mentions": r["mentions"]}
            for r in store.rows(
                "SELECT d.doc_id, d.title, d.date, dp.mentions FROM doc_people dp JOIN documents d ON d.doc_id = dp.doc_id "
                "WHERE dp.person_id = ? ORDER BY d.date IS NULL, d.date, d.doc_id",
                (pid,),
            )
        ]
        related = [
            {"name": r["name"], "documents": r["n"]}
            for r in store.rows(
                "SELECT p.name, COUNT(*) AS n FROM doc_people a JOIN doc_people b ON a.doc_id = b.doc_id "
                "AND b.person_id != a.person_id JOIN people p ON p.id = b.person_id WHERE a.person_id = ? "
                "GROUP BY p.id ORDER BY n DESC, p.name LIMIT 25",
                (pid,),
            )
        ]
    return {"name": person["name"], "aliases": aliases, "honours": honours, "roles": roles,
            "documents": documents, "related": related}


def document_facts(store: Store, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every fact of one document, in the report's row shapes (without `kind`/`doc_id`)."""
    from corpus_search import report

    facts: dict[str, list[dict[str, Any]]] = {}
    for row in report.fact_rows(store, kinds=report.FACT_KINDS, doc_id=doc_id):
        kind = row.pop("kind")
        row.pop("doc_id", None)
        facts.setdefault(kind, []).append(row)
    return facts


def show(settings: Settings, doc_id: str) -> dict[str, Any]:
    with open_store(settings) as store:
        doc = store.document(doc_id)
        if doc is None:
            like = store.doc_ids_like(Path(doc_id).name)
            hint = f"; did you mean {', '.join(like)}?" if like else "; `corpus-search status` lists what is indexed"
            raise NotFound(f"no document {doc_id!r} in the index{hint}")
        doc.pop("raw_text", None)
        doc["people"] = store.people_in(doc_id)
        doc["facts"] = document_facts(store, doc_id)
    return doc


def status(settings: Settings) -> dict[str, Any]:
    from corpus_search.sentiment.runtime import model_path_for

    with open_store(settings) as store:
        by_type = {r[0]: r[1] for r in store.rows("SELECT doc_type, COUNT(*) FROM documents GROUP BY doc_type ORDER BY doc_type")}
        by_year = {
            (r[0] or "undated"): r[1]
            for r in store.rows("SELECT substr(date, 1, 4), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1")
        }
        counts = {t: store.rows(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("people", "roles", "dates", "money", "judgements", "sentences")}
        total = store.rows("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM documents")[0]
        failures = store.failures()
        last = store.meta("last_ingest")
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
        "sentiment_model": "user-trained (" + str(model) + ")" if model.parent == settings.index_dir else "default (packaged)",
    }
