"""The SQLite facts store: documents, people, aliases, mentions, roles, dates, money, judgements,
sentences and failed files. The only module that writes SQL."""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from corpus_search.errors import IndexNotFound
from corpus_search.models import Processed
from corpus_search.names import display_case, fold, name_key, person_key, surname

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT, root TEXT, content_hash TEXT, format TEXT, title TEXT,
    doc_type TEXT, date TEXT, organisation TEXT, words INTEGER, sentiment TEXT,
    sentiment_scores TEXT, duplicate_of TEXT, raw_text TEXT, text TEXT, ingested_at REAL);
CREATE INDEX IF NOT EXISTS documents_root ON documents(root);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS failures (
    doc_id TEXT PRIMARY KEY, path TEXT, root TEXT, content_hash TEXT, reason TEXT, at REAL);
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE, surname TEXT,
    folded TEXT);
CREATE INDEX IF NOT EXISTS people_surname ON people(surname);
CREATE TABLE IF NOT EXISTS aliases (person_id INTEGER, doc_id TEXT, alias TEXT, key TEXT);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE INDEX IF NOT EXISTS aliases_person ON aliases(person_id);
CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc_id);
CREATE TABLE IF NOT EXISTS doc_people (
    doc_id TEXT, person_id INTEGER, honours TEXT, mentions INTEGER, PRIMARY KEY (doc_id, person_id));
CREATE INDEX IF NOT EXISTS doc_people_person ON doc_people(person_id);
CREATE TABLE IF NOT EXISTS mentions (doc_id TEXT, person_id INTEGER, text TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS roles (
    doc_id TEXT, person_id INTEGER, role TEXT, organisation TEXT, status TEXT, date TEXT,
    evidence TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS roles_doc ON roles(doc_id);
CREATE INDEX IF NOT EXISTS roles_person ON roles(person_id);
CREATE TABLE IF NOT EXISTS dates (doc_id TEXT, text TEXT, start INTEGER, "end" INTEGER, value TEXT, end_value TEXT);
CREATE INDEX IF NOT EXISTS dates_doc ON dates(doc_id);
CREATE TABLE IF NOT EXISTS money (
    doc_id TEXT, text TEXT, start INTEGER, "end" INTEGER, value REAL, currency TEXT, purpose TEXT,
    end_value REAL, note TEXT);
CREATE INDEX IF NOT EXISTS money_doc ON money(doc_id);
CREATE TABLE IF NOT EXISTS judgements (
    doc_id TEXT, grade TEXT, area TEXT, organisation TEXT, date TEXT, text TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS judgements_doc ON judgements(doc_id);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT, text TEXT, start INTEGER, "end" INTEGER, label TEXT, scores TEXT);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(doc_id);
"""
FACT_TABLES = ("aliases", "doc_people", "mentions", "roles", "dates", "money", "judgements", "sentences")


def connect(db_path: Path, create: bool = False) -> sqlite3.Connection:
    if not create and not db_path.exists():
        raise IndexNotFound(db_path.parent)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    if create:
        conn.executescript(SCHEMA)
        money_columns = {row[1] for row in conn.execute("PRAGMA table_info(money)")}
        for column, kind in (("end_value", "REAL"), ("note", "TEXT")):  # a store made before ranges
            if column not in money_columns:
                conn.execute(f"ALTER TABLE money ADD COLUMN {column} {kind}")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return conn


class Store:
    """The facts database of one index home."""

    def __init__(self, db_path: Path, create: bool = False) -> None:
        self.path = db_path
        self.conn = connect(db_path, create=create)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------------
    def known_documents(self) -> dict[str, tuple[str, str]]:
        """doc_id → (content_hash, root) of every stored document."""
        rows = self.conn.execute("SELECT doc_id, content_hash, root FROM documents")
        return {r[0]: (r[1], r[2]) for r in rows}

    def known_failures(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT doc_id, content_hash FROM failures")}

    def hash_owner(self, content_hash: str, doc_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND doc_id != ? ORDER BY doc_id LIMIT 1",
            (content_hash, doc_id),
        ).fetchone()
        return row[0] if row else None

    def save_batch(self, batch: Iterable[Processed]) -> None:
        """Replace the stored facts of every document in the batch, in one transaction."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for item in batch:
                src = item.source
                if item.error is not None:
                    self._delete(src.doc_id)
                    c.execute(
                        "INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?,?)",
                        (src.doc_id, src.path, src.root, src.content_hash, item.error, time.time()),
                    )
                    continue
                assert item.document is not None and item.facts is not None
                self._delete(src.doc_id)
                c.execute("DELETE FROM failures WHERE doc_id = ?", (src.doc_id,))
                self._insert(item)
            self._drop_orphan_people()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for doc_id in doc_ids:
                self._delete(doc_id)
                c.execute("DELETE FROM failures WHERE doc_id = ?", (doc_id,))
            self._drop_orphan_people()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def clear(self) -> None:
        self.conn.executescript(
            "BEGIN; DELETE FROM documents; DELETE FROM failures; DELETE FROM people;"
            + "".join(f"DELETE FROM {t};" for t in FACT_TABLES)
            + "COMMIT;"
        )

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _delete(self, doc_id: str) -> None:
        self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        for table in FACT_TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def _drop_orphan_people(self) -> None:
        self.conn.execute("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM doc_people)")

    def _person_id(self, name: str) -> int:
        key = person_key(name)
        row = self.conn.execute("SELECT id FROM people WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO people (name, key, surname, folded) VALUES (?,?,?,?)",
            (name, key, surname(name), fold(name)),
        )
        return int(cur.lastrowid or 0)

    def reconcile_people(self, corrections: list[Any] | None = None) -> None:
        """Decide who is who over the whole store (people/identity.py: pure, order independent),
        apply the user's corrections (people/corrections.py) and point each document's person at
        its canonical person; rejected people are dropped. Run after every ingest."""
        from corpus_search.people import corrections as fixes
        from corpus_search.people.identity import Appearance, document_name, resolve

        c = self.conn
        grouped: dict[tuple[str, str, int], list[tuple[str, str | None]]] = {}
        for table, cols in (("aliases", "alias, ''"), ("roles", "role, organisation")):
            for doc_id, pid, a, b in c.execute(f"SELECT doc_id, person_id, {cols} FROM {table}"):
                grouped.setdefault((table, doc_id, pid), []).append((a, b))
        rows = c.execute("SELECT dp.doc_id, dp.person_id, p.name, d.organisation FROM doc_people dp "
                         "JOIN people p ON p.id = dp.person_id JOIN documents d ON d.doc_id = dp.doc_id").fetchall()
        names = {(d, p): display_case(document_name([a for a, _ in grouped.get(("aliases", d, p), [])], n))
                 for d, p, n, _ in rows}
        seen: dict[tuple[str, str], int] = {}
        for (d, _), n in names.items():
            seen[(d, n)] = seen.get((d, n), 0) + 1
        for d, p, n, _ in rows:
            if seen[(d, names[(d, p)])] > 1:  # "Mrs Carter" and "Mr Carter" in one document
                names[(d, p)] = display_case(document_name([a for a, _ in grouped.get(("aliases", d, p), [])], n, True))
        in_doc: dict[str, list[tuple[int, str]]] = {}
        for (d, p), n in names.items():
            in_doc.setdefault(d, []).append((p, n))
        apps = {}
        for doc_id, pid, _, doc_org in rows:
            roles = grouped.get(("roles", doc_id, pid), [])
            apps[(doc_id, pid)] = Appearance(
                doc_id, names[(doc_id, pid)], tuple(sorted(a for a, _ in grouped.get(("aliases", doc_id, pid), []))),
                organisations=tuple(sorted({o for _, o in roles if o} | ({doc_org} if doc_org else set()))),
                roles=tuple(sorted(r for r, _ in roles)),
                related=tuple(sorted(n for p, n in in_doc[doc_id] if p != pid)))
        people, rejected = fixes.apply(resolve(apps.values()), corrections or [])
        canonical = {a: p.name for p in people for a in p.appearances}
        c.execute("BEGIN IMMEDIATE")
        for (doc_id, pid), app in sorted(apps.items()):
            if (doc_id, app.name) in rejected:
                for table in ("doc_people", "aliases", "mentions", "roles"):
                    c.execute(f"DELETE FROM {table} WHERE doc_id = ? AND person_id = ?", (doc_id, pid))
                continue
            new = self._person_id(canonical.get((doc_id, app.name), app.name))
            if new == pid:
                continue
            for table in ("doc_people", "aliases", "mentions", "roles"):
                c.execute(f"UPDATE OR IGNORE {table} SET person_id = ? WHERE doc_id = ? AND person_id = ?", (new, doc_id, pid))
            c.execute("DELETE FROM doc_people WHERE doc_id = ? AND person_id = ?", (doc_id, pid))
            if not c.execute("SELECT 1 FROM aliases WHERE person_id = ? AND doc_id = ? AND alias = ?", (new, doc_id, app.name)).fetchone():
                # The document's own name, which the search index holds for it.
                c.execute("INSERT INTO aliases VALUES (?,?,?,?)", (new, doc_id, app.name, name_key(app.name)))
        self._drop_orphan_people()
        c.execute("COMMIT")

    def _insert(self, item: Processed) -> None:
        doc, facts, c = item.document, item.facts, self.conn
        assert doc is not None and facts is not None
        doc_id = doc.doc_id
        c.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, doc.path, doc.root, doc.content_hash, doc.format, doc.title, doc.doc_type, doc.date,
             doc.organisation, doc.words, facts.sentiment, json.dumps(facts.sentiment_scores),
             doc.duplicate_of, doc.raw_text, doc.text, time.time()),
        )
        ids: dict[str, int] = {}
        for person in facts.people:
            pid = ids[person.name] = self._person_id(person.name)
            c.execute(
                "INSERT OR REPLACE INTO doc_people VALUES (?,?,?,?)",
                (doc_id, pid, json.dumps(person.honours), len(person.mentions)),
            )
            c.executemany(
                "INSERT INTO aliases VALUES (?,?,?,?)",
                [(pid, doc_id, alias, name_key(alias)) for alias in sorted(set(person.aliases))],
            )
            c.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?)",
                [(doc_id, pid, m.text, m.start, m.end) for m in person.mentions],
            )
        c.executemany(
            "INSERT INTO roles VALUES (?,?,?,?,?,?,?,?,?)",
            [(doc_id, ids.get(r.person) or self._person_id(r.person), r.role, r.organisation, r.status,
              r.date, r.evidence, r.start, r.end) for r in facts.roles],
        )
        c.executemany(
            "INSERT INTO dates VALUES (?,?,?,?,?,?)",
            [(doc_id, d.text, d.start, d.end, d.value, d.end_value) for d in facts.dates],
        )
        c.executemany(
            "INSERT INTO money VALUES (?,?,?,?,?,?,?,?,?)",
            [(doc_id, m.text, m.start, m.end, m.value, m.currency, m.purpose, m.end_value, m.note) for m in facts.money],
        )
        c.executemany(
            "INSERT INTO judgements VALUES (?,?,?,?,?,?,?,?)",
            [(doc_id, j.grade, j.area, j.organisation, j.date, j.text, j.start, j.end) for j in facts.judgements],
        )
        c.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?)",
            [(doc_id, s.text, s.start, s.end, s.label, json.dumps(s.scores)) for s in facts.sentences],
        )

    # ---- reading -------------------------------------------------------------------------
    def texts(self, doc_ids: list[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.conn.execute(f"SELECT doc_id, text FROM documents WHERE doc_id IN ({marks})", doc_ids)
        return {r[0]: r[1] for r in rows}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return _document_row(row) if row else None

    def documents(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT * FROM documents ORDER BY doc_id"):
            yield _document_row(row)

    def doc_ids_like(self, doc_id: str, limit: int = 5) -> list[str]:
        """Stored ids that end with or contain the given id, for a 'did you mean' hint."""
        rows = self.conn.execute(
            "SELECT doc_id FROM documents WHERE doc_id LIKE ? ORDER BY doc_id LIMIT ?", (f"%{doc_id}%", limit)
        )
        return [r[0] for r in rows]

    def people_in(self, doc_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT p.name FROM doc_people d JOIN people p ON p.id = d.person_id WHERE d.doc_id = ? ORDER BY p.name",
            (doc_id,),
        )
        return [r[0] for r in rows]

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, tuple(params)))

    def iter_rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.conn.execute(sql, tuple(params))

    def failures(self) -> list[dict[str, str]]:
        rows = self.conn.execute("SELECT doc_id, path, reason FROM failures ORDER BY doc_id")
        return [{"doc_id": r[0], "path": r[1], "reason": r[2]} for r in rows]

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def _document_row(row: sqlite3.Row) -> dict[str, Any]:
    out = {k: row[k] for k in row.keys() if k not in ("raw_text", "text", "sentiment_scores")}
    out["sentiment_scores"] = json.loads(row["sentiment_scores"] or "{}")
    out["text"] = row["text"]
    out["raw_text"] = row["raw_text"]
    return out
