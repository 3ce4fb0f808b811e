"""Writing the facts store: one transaction per batch of processed documents."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from corpus_search.kinds import JSON, FactKind
from corpus_search.models import Processed, to_dict
from corpus_search.names import fold, name_key, surname
from corpus_search.store import schema
from corpus_search.store.schema import quote


class Writer:
    """The write half of the SQLite store, over one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._inserts: dict[str, str] = {}

    def save_batch(self, batch: Iterable[Processed]) -> None:
        """Replace the stored facts of every document in the batch, in one transaction."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for item in batch:
                src = item.source
                self._delete(src.doc_id)
                if item.error is not None:
                    c.execute(
                        "INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?,?)",
                        (src.doc_id, src.path, src.root, src.content_hash, item.error, time.time()),
                    )
                    continue
                c.execute("DELETE FROM failures WHERE doc_id = ?", (src.doc_id,))
                self._insert(item)
            self._drop_orphan_people()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Forget documents (and failures recorded for those ids)."""
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

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ---- inside a transaction -------------------------------------------------------------
    def _delete(self, doc_id: str) -> None:
        self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        for table in (*schema.PEOPLE_TABLES, *(k.table for k in schema.generic_kinds())):
            self.conn.execute(f"DELETE FROM {quote(table)} WHERE doc_id = ?", (doc_id,))

    def _drop_orphan_people(self) -> None:
        self.conn.execute("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM doc_people)")

    def _person_id(self, name: str) -> int:
        key = name_key(name)
        row = self.conn.execute("SELECT id FROM people WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO people (name, key, surname, folded) VALUES (?,?,?,?)", (name, key, surname(name), fold(name))
        )
        return int(cur.lastrowid or 0)

    def _insert_sql(self, kind: FactKind) -> str:
        sql = self._inserts.get(kind.name)
        if sql is None:
            cols = ["doc_id", *schema.stored_columns(kind)]
            marks = ",".join("?" * len(cols))
            sql = f"INSERT INTO {quote(kind.table)} ({', '.join(map(quote, cols))}) VALUES ({marks})"
            self._inserts[kind.name] = sql
        return sql

    def _insert(self, item: Processed) -> None:
        doc, facts, c = item.document, item.facts, self.conn
        assert doc is not None and facts is not None
        doc_id = doc.doc_id
        row: dict[str, Any] = {
            "doc_id": doc_id,
            "path": doc.path,
            "root": doc.root,
            "content_hash": doc.content_hash,
            "format": doc.format,
            "title": doc.title,
            "doc_type": doc.doc_type,
            "date": doc.date,
            "organisation": doc.organisation,
            "words": doc.words,
            "sentiment": facts.sentiment,
            "sentiment_scores": json.dumps(facts.sentiment_scores),
            "duplicate_of": doc.duplicate_of,
            "pages": json.dumps([[p.page, p.start, p.end] for p in doc.pages]),
            "verdict_sentences": json.dumps(list(facts.verdict_sentences)),
            "raw_text": doc.raw_text,
            "text": doc.text,
            "ingested_at": time.time(),
        }
        names = [name for name, _ in schema.DOCUMENT_COLUMNS]
        c.execute(
            f"INSERT INTO documents ({', '.join(map(quote, names))}) VALUES ({','.join('?' * len(names))})",
            [row[n] for n in names],
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
        for kind in schema.generic_kinds():
            rows = kind.facts_of(facts)
            if not rows:
                continue
            values = []
            for fact in rows:
                out: list[Any] = [doc_id]
                for column in kind.columns:
                    value = getattr(fact, column.name)
                    if column.name == kind.person_column:
                        value = ids.get(value) or self._person_id(value)
                    elif column.type == JSON:
                        value = json.dumps(value, default=_plain)
                    out.append(value)
                values.append(out)
            c.executemany(self._insert_sql(kind), values)


def _plain(value: Any) -> Any:
    """json.dumps fallback: dataclasses inside a JSON column (a list of mentions) as dicts."""
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value)
    raise TypeError(f"cannot store {type(value).__name__} in a JSON column")
