"""Reading the facts store: the rows `report`, `show`, `who` and `status` present, and what the
pipeline asks before it writes."""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from corpus_search import kinds
from corpus_search.kinds import BOOL, JSON, FactKind
from corpus_search.models import Page
from corpus_search.store import schema
from corpus_search.store.schema import quote


def page_of(pages: Sequence[Page], offset: int) -> int | None:
    """The 1-based page on which character `offset` of the text stands, or None if not paged."""
    if not pages:
        return None
    i = bisect_right([p.start for p in pages], offset) - 1
    return pages[max(i, 0)].page


def _pages(raw: str | None) -> list[Page]:
    return [Page(*p) for p in json.loads(raw or "[]")]


def document_row(row: sqlite3.Row) -> dict[str, Any]:
    """A documents row as a plain dict: JSON columns decoded, `pages` as dicts, texts last."""
    out: dict[str, Any] = {k: row[k] for k in row.keys() if k not in ("raw_text", "text")}  # noqa: SIM118
    for key in schema.DOCUMENT_JSON:
        out[key] = json.loads(row[key] or ("{}" if key == "sentiment_scores" else "[]"))
    out["pages"] = [{"page": p, "start": s, "end": e} for p, s, e in out["pages"]]
    out["text"] = row["text"]
    out["raw_text"] = row["raw_text"]
    return out


class Reader:
    """The read half of the SQLite store, over one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._tables: set[str] | None = None

    def _has_table(self, table: str) -> bool:
        if self._tables is None:
            self._tables = schema.tables(self.conn)
        return table in self._tables

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row else None

    def _column(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return [r[0] for r in self.conn.execute(sql, tuple(params))]

    # ---- for the pipeline -----------------------------------------------------------------
    def known_documents(self) -> dict[str, tuple[str, str]]:
        """doc_id → (content_hash, root) of every stored document."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT doc_id, content_hash, root FROM documents")}

    def hash_owner(self, content_hash: str, doc_id: str) -> str | None:
        """The first other document with this content, if any."""
        return self._one(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND doc_id != ? ORDER BY doc_id LIMIT 1",
            (content_hash, doc_id),
        )

    def ids_under_roots(self, roots: Sequence[str]) -> tuple[list[str], list[str]]:
        """(document ids, failed-file ids) recorded from these roots."""
        if not roots:
            return [], []
        marks = ",".join("?" * len(roots))
        docs = self._column(f"SELECT doc_id FROM documents WHERE root IN ({marks})", roots)
        failed = self._column(f"SELECT doc_id FROM failures WHERE root IN ({marks})", roots)
        return docs, failed

    def roots(self) -> list[dict[str, Any]]:
        """Every root recorded, with how many documents and failed files it holds, by root."""
        out: dict[str, dict[str, Any]] = {}
        for table, key in (("documents", "documents"), ("failures", "failed")):
            for root, n in self.conn.execute(f"SELECT root, COUNT(*) FROM {table} GROUP BY root"):
                out.setdefault(root, {"root": root, "documents": 0, "failed": 0})[key] = int(n)
        return [out[r] for r in sorted(out)]

    # ---- documents --------------------------------------------------------------------------
    def texts(self, doc_ids: list[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        return {
            r[0]: r[1]
            for r in self.conn.execute(f"SELECT doc_id, text FROM documents WHERE doc_id IN ({marks})", doc_ids)
        }

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return document_row(row) if row else None

    def documents(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT * FROM documents ORDER BY doc_id"):
            yield document_row(row)

    def doc_ids_like(self, fragment: str, limit: int = 5) -> list[str]:
        """Stored ids that contain `fragment`, for a 'did you mean' hint."""
        return self._column(
            "SELECT doc_id FROM documents WHERE doc_id LIKE ? ORDER BY doc_id LIMIT ?", (f"%{fragment}%", limit)
        )

    def people_in(self, doc_id: str) -> list[str]:
        return self._column(
            "SELECT p.name FROM doc_people d JOIN people p ON p.id = d.person_id WHERE d.doc_id = ? ORDER BY p.name",
            (doc_id,),
        )

    def failures(self) -> list[dict[str, str]]:
        rows = self.conn.execute("SELECT doc_id, path, reason FROM failures ORDER BY doc_id")
        return [{"doc_id": r[0], "path": r[1], "reason": r[2]} for r in rows]

    def meta(self, key: str) -> str | None:
        return self._one("SELECT value FROM meta WHERE key = ?", (key,))

    # ---- status -----------------------------------------------------------------------------
    def totals(self) -> tuple[int, int]:
        """(documents, words)."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM documents").fetchone()
        return int(row[0]), int(row[1])

    def counts_by_type(self) -> dict[str, int]:
        return dict(
            self.conn.execute("SELECT doc_type, COUNT(*) FROM documents GROUP BY doc_type ORDER BY doc_type").fetchall()
        )

    def counts_by_year(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT substr(date, 1, 4), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1")
        return {(r[0] or "undated"): r[1] for r in rows}

    def fact_counts(self) -> dict[str, int]:
        """Facts held per kind (plural): distinct people, and rows of every other kind."""
        out: dict[str, int] = {}
        for kind in kinds.fact_kinds():
            table = "people" if kind.name == schema.PERSON_KIND else kind.table
            out[kind.plural] = int(self._one(f"SELECT COUNT(*) FROM {quote(table)}")) if self._has_table(table) else 0
        return out

    # ---- fact rows --------------------------------------------------------------------------
    def _paged(self, doc_id: str | None) -> dict[str, list[Page]]:
        """Pages of every paged document (or of one)."""
        sql = "SELECT doc_id, pages FROM documents WHERE pages IS NOT NULL AND pages != '[]'"
        rows = self.conn.execute(sql + " AND doc_id = ?", (doc_id,)) if doc_id else self.conn.execute(sql)
        return {r[0]: _pages(r[1]) for r in rows}

    def fact_rows(self, which: Iterable[FactKind], doc_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Report rows of the given kinds, each `{"kind", "doc_id", ...columns, ["page"]}`.

        A fact with offsets from a paged document carries `page`, the page of its `start`.
        """
        paged = self._paged(doc_id)
        for kind in which:
            if kind.name == kinds.DOCUMENT.name:
                yield from self._document_rows(doc_id)
            elif kind.name == schema.PERSON_KIND:
                yield from self._person_rows(doc_id, paged)
            elif self._has_table(kind.table):
                yield from self._kind_rows(kind, doc_id, paged)

    def _document_rows(self, doc_id: str | None) -> Iterator[dict[str, Any]]:
        cols = ["doc_id", *kinds.DOCUMENT.column_names]
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        sql = f"SELECT {', '.join(map(quote, cols))} FROM documents {where} ORDER BY doc_id"
        json_cols = {c.name for c in kinds.DOCUMENT.columns if c.type == JSON}
        for r in self.conn.execute(sql, params):
            row: dict[str, Any] = {"kind": kinds.DOCUMENT.name}
            for name, value in zip(cols, r):
                row[name] = json.loads(value or "{}") if name in json_cols else value
            yield row

    def _person_rows(self, doc_id: str | None, paged: dict[str, list[Page]]) -> Iterator[dict[str, Any]]:
        where, params = ("WHERE dp.doc_id = ?", (doc_id,)) if doc_id else ("", ())
        sql = (
            "SELECT dp.doc_id, dp.person_id, p.name, dp.honours FROM doc_people dp "
            f"JOIN people p ON p.id = dp.person_id {where} ORDER BY dp.doc_id, p.name"
        )
        for r in self.conn.execute(sql, params).fetchall():
            pages = paged.get(r[0])
            mentions = []
            for m in self.conn.execute(
                'SELECT text, start, "end" FROM mentions WHERE doc_id = ? AND person_id = ? ORDER BY start',
                (r[0], r[1]),
            ):
                mention: dict[str, Any] = {"text": m[0], "start": m[1], "end": m[2]}
                if pages:
                    mention["page"] = page_of(pages, m[1])
                mentions.append(mention)
            row: dict[str, Any] = {
                "kind": schema.PERSON_KIND,
                "doc_id": r[0],
                "name": r[2],
                "honours": json.loads(r[3] or "[]"),
                "mentions": mentions,
            }
            if pages and mentions:
                row["page"] = mentions[0]["page"]
            yield row

    def _kind_rows(self, kind: FactKind, doc_id: str | None, paged: dict[str, list[Page]]) -> Iterator[dict[str, Any]]:
        select = ["t.doc_id"]
        for column in kind.columns:
            select.append("p.name" if column.name == kind.person_column else f"t.{quote(column.name)}")
        join = " JOIN people p ON p.id = t.person_id" if kind.person_column else ""
        where, params = ("WHERE t.doc_id = ?", (doc_id,)) if doc_id else ("", ())
        order = "t.doc_id, t.start" if kind.has_offsets else "t.doc_id, t.rowid"
        sql = f"SELECT {', '.join(select)} FROM {quote(kind.table)} t{join} {where} ORDER BY {order}"
        names = ["doc_id", *kind.column_names]
        json_cols = {c.name for c in kind.columns if c.type == JSON}
        bool_cols = {c.name for c in kind.columns if c.type == BOOL}
        for r in self.conn.execute(sql, params):
            row: dict[str, Any] = {"kind": kind.name}
            for name, value in zip(names, r):
                if value is not None and name in json_cols:
                    value = json.loads(value)
                elif value is not None and name in bool_cols:
                    value = bool(value)
                row[name] = value
            pages = paged.get(row["doc_id"])
            if pages and kind.has_offsets and row.get("start") is not None:
                row["page"] = page_of(pages, row["start"])
            yield row

    # ---- people -----------------------------------------------------------------------------
    def people_by_name(self, key: str) -> list[int]:
        """People whose canonical name has this `name_key` (two John Smiths: two ids)."""
        return self._column("SELECT id FROM people WHERE name_key = ? ORDER BY id", (key,))

    def people_named(self, folded: str) -> list[int]:
        """People whose canonical name, folded, is exactly this ("mrs carter", not "mr carter")."""
        return self._column("SELECT id FROM people WHERE folded = ? ORDER BY id", (folded,))

    def people_by_alias(self, key: str) -> list[int]:
        return self._column("SELECT DISTINCT person_id FROM aliases WHERE key = ?", (key,))

    def people_by_surname(self, surname: str) -> list[int]:
        return self._column("SELECT id FROM people WHERE surname = ?", (surname,))

    def people_by_first_word(self, word: str) -> list[int]:
        """People whose name key starts with this word (a first name given alone)."""
        return self._column("SELECT id FROM people WHERE name_key LIKE ?", (word + " %",))

    def person_candidates(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """`{"name", "documents", "organisations"}` for each person id, most documents first; the
        organisations (of the documents and of the roles) tell two people of one name apart."""
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT p.id, p.name, COUNT(d.doc_id) AS n FROM people p LEFT JOIN doc_people d ON d.person_id = p.id "
            f"WHERE p.id IN ({marks}) GROUP BY p.id, p.name",
            tuple(ids),
        ).fetchall()
        out = []
        for pid, name, n in rows:
            orgs = set(self._column(
                "SELECT d.organisation FROM doc_people dp JOIN documents d ON d.doc_id = dp.doc_id "
                "WHERE dp.person_id = ? AND d.organisation IS NOT NULL", (pid,)))
            orgs |= {r["organisation"] for r in self.person_roles(pid) if r["organisation"]}
            out.append({"name": name, "documents": n, "organisations": sorted(orgs)})
        return sorted(out, key=lambda c: (-c["documents"], c["name"], c["organisations"]))

    def people_overview(self) -> list[dict[str, Any]]:
        """Every person: `{"name", "documents", "aliases"}` (the mentions as written), one entry
        per person even when two share a name; most documents first."""
        rows = self.conn.execute(
            "SELECT p.id, p.name, COUNT(d.doc_id) FROM people p JOIN doc_people d ON d.person_id = p.id "
            "GROUP BY p.id, p.name"
        ).fetchall()
        aliases: dict[int, set[str]] = {}
        for pid, text in self.conn.execute("SELECT person_id, text FROM mentions").fetchall():
            aliases.setdefault(pid, set()).add(text)
        out = [{"name": name, "documents": n, "aliases": sorted(aliases.get(pid, set()))} for pid, name, n in rows]
        return sorted(out, key=lambda p: (-p["documents"], p["name"], p["aliases"]))

    def person_names(self) -> list[str]:
        return self._column("SELECT name FROM people")

    def person_name(self, person_id: int) -> str | None:
        return self._one("SELECT name FROM people WHERE id = ?", (person_id,))

    def person_aliases(self, person_id: int) -> list[str]:
        return sorted(set(self._column("SELECT alias FROM aliases WHERE person_id = ?", (person_id,))))

    def person_honours(self, person_id: int) -> list[str]:
        honours: list[str] = []
        for raw in self._column("SELECT honours FROM doc_people WHERE person_id = ?", (person_id,)):
            honours += [h for h in json.loads(raw or "[]") if h not in honours]
        return honours

    def person_roles(self, person_id: int) -> list[dict[str, Any]]:
        """Roles of one person by date: `role, organisation, status, date, doc_id, evidence[, page]`."""
        rows = self.conn.execute(
            "SELECT role, organisation, status, date, doc_id, evidence, start FROM roles WHERE person_id = ? "
            "ORDER BY date IS NULL, date, doc_id, start",
            (person_id,),
        ).fetchall()
        paged = self._paged_of({r["doc_id"] for r in rows})
        out = []
        for r in rows:
            role = {k: r[k] for k in ("role", "organisation", "status", "date", "doc_id", "evidence")}
            if r["doc_id"] in paged and r["start"] is not None:
                role["page"] = page_of(paged[r["doc_id"]], r["start"])
            out.append(role)
        return out

    def person_documents(self, person_id: int) -> list[dict[str, Any]]:
        """Documents naming one person, by date: `doc_id, title, date, mentions[, pages]`."""
        rows = self.conn.execute(
            "SELECT d.doc_id, d.title, d.date, dp.mentions, d.pages FROM doc_people dp JOIN documents d "
            "ON d.doc_id = dp.doc_id WHERE dp.person_id = ? ORDER BY d.date IS NULL, d.date, d.doc_id",
            (person_id,),
        ).fetchall()
        out = []
        for r in rows:
            doc: dict[str, Any] = {"doc_id": r[0], "title": r[1], "date": r[2], "mentions": r[3]}
            pages = _pages(r[4])
            if pages:
                starts = self._column(
                    "SELECT start FROM mentions WHERE doc_id = ? AND person_id = ?", (r[0], person_id)
                )
                doc["pages"] = sorted({p for p in (page_of(pages, s) for s in starts) if p is not None})
            out.append(doc)
        return out

    def related_people(self, person_id: int, limit: int = 25) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT p.name, COUNT(*) AS n FROM doc_people a JOIN doc_people b ON a.doc_id = b.doc_id "
            "AND b.person_id != a.person_id JOIN people p ON p.id = b.person_id WHERE a.person_id = ? "
            "GROUP BY p.id ORDER BY n DESC, p.name LIMIT ?",
            (person_id, limit),
        )
        return [{"name": r[0], "documents": r[1]} for r in rows]

    def _paged_of(self, doc_ids: set[str]) -> dict[str, list[Page]]:
        if not doc_ids:
            return {}
        ids = sorted(doc_ids)
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT doc_id, pages FROM documents WHERE doc_id IN ({marks})", ids)
        return {r[0]: pages for r in rows if (pages := _pages(r[1]))}
