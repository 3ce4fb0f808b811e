"""Organisation profiles, gathered from what documents, roles and grades already name.

An organisation is a name as the facts give it (the issuing body of a document, the organisation
of a role or of an inspection grade), grouped case- and accent-insensitively. A grade that names no
organisation is attributed to the body that issued its document, and says so (`"via": "issuer"`).
Money is listed item by item with its year: amounts from unrelated items are never added up.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from typing import Any

from corpus_search.config import Settings
from corpus_search.errors import NotFound
from corpus_search.names import fold
from corpus_search.web import data

GRADES = ("outstanding", "good", "requires improvement", "inadequate")


def organisation_key(name: str) -> str:
    key = re.sub(r"\s+", " ", fold(name)).strip(" .,;:")
    return re.sub(r"^the ", "", key)


class _Index:
    def __init__(self) -> None:
        self.names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.documents: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.grades: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.money: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.people: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def name(self, raw: str | None) -> str | None:
        if not raw or not raw.strip():
            return None
        key = organisation_key(raw)
        if not key:
            return None
        self.names[key][raw.strip()] += 1
        return key


def _build(settings: Settings) -> _Index:
    ix = _Index()
    issuer: dict[str, str] = {}
    docs: dict[str, dict[str, Any]] = {}
    for doc in data.documents(settings):
        docs[doc["doc_id"]] = doc
        key = ix.name(doc.get("organisation"))
        if key:
            issuer[doc["doc_id"]] = key
            ix.documents[key].append(doc)
    for row in data.report_rows(settings, "judgements"):
        key = ix.name(row.get("organisation"))
        via = "stated"
        if key is None and row["doc_id"] in issuer:
            key, via = issuer[row["doc_id"]], "issuer"
        if key:
            ix.grades[key].append(
                row | {"via": via, "date": row.get("date") or docs.get(row["doc_id"], {}).get("date")}
            )
    for row in data.report_rows(settings, "roles"):
        key = ix.name(row.get("organisation"))
        if key:
            ix.people[key].append(row)
            if row["doc_id"] in docs and docs[row["doc_id"]] not in ix.documents[key]:
                ix.documents[key].append(docs[row["doc_id"]])
    for row in data.report_rows(settings, "money"):
        key = issuer.get(row["doc_id"])
        if key:
            date = docs[row["doc_id"]].get("date")
            ix.money[key].append(row | {"date": date, "year": date[:4] if date else None})
    for key, grades in ix.grades.items():
        for g in grades:
            if g["doc_id"] in docs and docs[g["doc_id"]] not in ix.documents[key]:
                ix.documents[key].append(docs[g["doc_id"]])
    return ix


_CACHE: dict[str, tuple[str, _Index]] = {}
_LOCK = threading.Lock()


def _index(settings: Settings) -> _Index:
    version = data.index_version(settings)
    home = str(settings.index_dir)
    with _LOCK:
        hit = _CACHE.get(home)
        if hit and hit[0] == version:
            return hit[1]
    ix = _build(settings)
    with _LOCK:
        _CACHE[home] = (version, ix)
    return ix


def _display(ix: _Index, key: str) -> str:
    variants = ix.names[key]
    return max(variants.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def list_organisations(settings: Settings) -> list[dict[str, Any]]:
    ix = _index(settings)
    out = [
        {"name": _display(ix, key), "documents": len(ix.documents[key]), "roles": len(ix.people[key]),
         "grades": len(ix.grades[key])}
        for key in ix.names
    ]
    return sorted(out, key=lambda o: (-o["documents"] - o["roles"], o["name"]))


def organisation(settings: Settings, name: str) -> dict[str, Any]:
    """Grades over time, document sentiment over time, money item by item, people with roles there."""
    ix = _index(settings)
    key = organisation_key(name)
    if key not in ix.names:
        raise NotFound(f"no organisation called {name!r} in the index")

    def by_date(row: dict[str, Any]) -> tuple[bool, str, str]:
        return (row.get("date") is None, row.get("date") or "", row.get("doc_id") or "")

    docs = sorted(ix.documents[key], key=by_date)
    people: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(ix.people[key], key=by_date):
        people.setdefault(r["person"], []).append(
            {"role": r["role"], "status": r["status"], "date": r["date"], "doc_id": r["doc_id"], "start": r["start"]})
    return {
        "name": _display(ix, key),
        "variants": sorted(ix.names[key]),
        "documents": [
            {
                "doc_id": d["doc_id"],
                "title": d["title"],
                "date": d["date"],
                "doc_type": d["doc_type"],
                "sentiment": d["sentiment"],
                "sentiment_scores": d["sentiment_scores"],
            }
            for d in docs
        ],
        "grades": [
            {
                "grade": g["grade"],
                "area": g["area"],
                "date": g["date"],
                "doc_id": g["doc_id"],
                "start": g["start"],
                "text": g["text"],
                "via": g["via"],
            }
            for g in sorted(ix.grades[key], key=by_date)
        ],
        "money": [
            {
                "year": m["year"],
                "date": m["date"],
                "doc_id": m["doc_id"],
                "text": m["text"],
                "value": m["value"],
                "currency": m["currency"],
                "purpose": m["purpose"],
                "start": m["start"],
            }
            for m in sorted(ix.money[key], key=by_date)
        ],
        "people": [{"name": person, "roles": roles} for person, roles in sorted(people.items())],
    }
