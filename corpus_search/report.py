"""Batch reports of every extracted fact: JSONL, CSV, Markdown, and a self-contained HTML page.

`fact_rows` streams the contract's row shapes straight from SQLite, so a report of a large
index never holds it all in memory (HTML, which draws plots, is the exception: it aggregates).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from corpus_search.errors import UsageError
from corpus_search.store import Store

KINDS = ("people", "roles", "dates", "money", "judgements", "documents", "sentences")
FACT_KINDS = ("people", "roles", "dates", "money", "judgements", "sentences")
SINGULAR = {"people": "person", "roles": "role", "dates": "date", "money": "money", "judgements": "judgement",
            "documents": "document", "sentences": "sentence"}
FORMATS = ("jsonl", "csv", "md", "html")
COLUMNS = {
    "document": ["doc_id", "title", "date", "doc_type", "sentiment", "sentiment_scores"],
    "person": ["doc_id", "name", "honours", "mentions"],
    "role": ["doc_id", "person", "role", "organisation", "status", "date", "evidence", "start", "end"],
    "date": ["doc_id", "text", "start", "end", "value", "end_value"],
    "money": ["doc_id", "text", "start", "end", "value", "end_value", "currency", "note", "purpose"],
    "judgement": ["doc_id", "grade", "area", "organisation", "date", "text", "start", "end"],
    "sentence": ["doc_id", "text", "start", "end", "label", "scores"],
}


def parse_kinds(kind: str) -> tuple[str, ...]:
    if kind == "all":
        return ("documents",) + FACT_KINDS
    if kind not in KINDS:
        raise UsageError(f"unknown --kind {kind!r}: use all, {', '.join(KINDS)}")
    return (kind,)


def fact_rows(store: Store, kinds: Iterable[str], doc_id: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the given kinds (plural names), each with `kind` (singular) and `doc_id`."""
    where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
    for kind in kinds:
        if kind == "documents":
            for r in store.iter_rows(f"SELECT doc_id, title, date, doc_type, sentiment, sentiment_scores FROM documents {where} ORDER BY doc_id", params):
                yield {"kind": "document", "doc_id": r[0], "title": r[1], "date": r[2], "doc_type": r[3],
                       "sentiment": r[4], "sentiment_scores": json.loads(r[5] or "{}")}
        elif kind == "people":
            dp_where = "WHERE dp.doc_id = ?" if doc_id else ""
            sql = (
                "SELECT dp.doc_id, dp.person_id, p.name, dp.honours FROM doc_people dp JOIN people p ON p.id = dp.person_id "
                f"{dp_where} ORDER BY dp.doc_id, p.name"
            )
            for r in store.iter_rows(sql, params):
                mentions = [
                    {"text": m[0], "start": m[1], "end": m[2]}
                    for m in store.rows('SELECT text, start, "end" FROM mentions WHERE doc_id = ? AND person_id = ? ORDER BY start', (r[0], r[1]))
                ]
                yield {"kind": "person", "doc_id": r[0], "name": r[2], "honours": json.loads(r[3] or "[]"), "mentions": mentions}
        elif kind == "roles":
            r_where = "WHERE r.doc_id = ?" if doc_id else ""
            sql = (
                'SELECT r.doc_id, p.name, r.role, r.organisation, r.status, r.date, r.evidence, r.start, r."end" '
                f"FROM roles r JOIN people p ON p.id = r.person_id {r_where} ORDER BY r.doc_id, r.start"
            )
            for r in store.iter_rows(sql, params):
                yield {"kind": "role", "doc_id": r[0], "person": r[1], "role": r[2], "organisation": r[3],
                       "status": r[4], "date": r[5], "evidence": r[6], "start": r[7], "end": r[8]}
        elif kind == "dates":
            for r in store.iter_rows(f'SELECT doc_id, text, start, "end", value, end_value FROM dates {where} ORDER BY doc_id, start', params):
                yield {"kind": "date", "doc_id": r[0], "text": r[1], "start": r[2], "end": r[3], "value": r[4], "end_value": r[5]}
        elif kind == "money":
            for r in store.iter_rows(f'SELECT doc_id, text, start, "end", value, currency, purpose, end_value, note FROM money {where} ORDER BY doc_id, start', params):
                yield {"kind": "money", "doc_id": r[0], "text": r[1], "start": r[2], "end": r[3], "value": r[4], "currency": r[5], "purpose": r[6],
                       "end_value": r[7], "note": r[8]}
        elif kind == "judgements":
            for r in store.iter_rows(f'SELECT doc_id, grade, area, organisation, date, text, start, "end" FROM judgements {where} ORDER BY doc_id, start', params):
                yield {"kind": "judgement", "doc_id": r[0], "grade": r[1], "area": r[2], "organisation": r[3], "date": r[4], "text": r[5], "start": r[6], "end": r[7]}
        elif kind == "sentences":
            for r in store.iter_rows(f'SELECT doc_id, text, start, "end", label, scores FROM sentences {where} ORDER BY doc_id, start', params):
                yield {"kind": "sentence", "doc_id": r[0], "text": r[1], "start": r[2], "end": r[3], "label": r[4], "scores": json.loads(r[5] or "{}")}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        if value and isinstance(value, list) and isinstance(value[0], dict) and "text" in value[0]:
            return "; ".join(v["text"] for v in value)
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else ", ".join(map(str, value))
    return str(value)


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, single_kind: bool) -> int:
    """CSV: the kind's own columns for one kind; `kind,doc_id,field,...` as JSON for `all`."""
    n = 0
    writer = csv.writer(out)
    header_for: str | None = None
    for row in rows:
        kind = row["kind"]
        cols = COLUMNS[kind]
        if single_kind:
            if header_for is None:
                writer.writerow(cols)
                header_for = kind
            writer.writerow([_cell(row.get(c)) for c in cols])
        else:
            if header_for is None:
                writer.writerow(["kind", "doc_id", "data"])
                header_for = "all"
            data = {k: v for k, v in row.items() if k not in ("kind", "doc_id")}
            writer.writerow([kind, row["doc_id"], json.dumps(data, ensure_ascii=False)])
        n += 1
    return n


def _md_escape(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def write_markdown(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    current = None
    for row in rows:
        kind = row["kind"]
        cols = COLUMNS[kind]
        if kind != current:
            out.write(("\n" if current else "") + f"## {kind}\n\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
            current = kind
        out.write("| " + " | ".join(_md_escape(_cell(row.get(c))) for c in cols) + " |\n")
        n += 1
    if n == 0:
        out.write("No facts in the index.\n")
    return n


def write_html(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A self-contained HTML page (see report_html)."""
    from corpus_search.report_html import write_html as write

    return write(rows, out)


def write_report(store: Store, kind: str, fmt: str, out: TextIO) -> int:
    """Write the report; RETURNS the number of fact rows written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}: use {', '.join(FORMATS)}")
    kinds = parse_kinds(kind)
    rows = fact_rows(store, kinds)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "csv":
        return write_csv(rows, out, single_kind=len(kinds) == 1)
    if fmt == "md":
        return write_markdown(rows, out)
    return write_html(rows, out)
