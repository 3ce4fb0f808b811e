"""Writing the facts store: one transaction per batch of processed documents."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from corpus_search import kinds
from corpus_search.kinds import JSON
from corpus_search.models import Processed, to_dict
from corpus_search.names import display_case, fold, name_key, person_key, surname
from corpus_search.store import schema
from corpus_search.store.schema import quote

# Document types whose issuing body is not where the people it names belong (a newspaper's article).
_NOT_A_BODYS_OWN = frozenset({"news"})


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
            self._stamp()
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
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
            self._stamp()
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
            raise

    def repoint(self, moves: Iterable[tuple[str, str, str, str]]) -> None:
        """Documents found again under another root: (old doc_id, new doc_id, root, path) each.
        Their facts stay; only where they are from changes (a moved or renamed folder)."""
        c = self.conn
        tables = ("failures", *schema.PEOPLE_TABLES, *(k.table for k in schema.generic_kinds()))
        c.execute("BEGIN IMMEDIATE")
        try:
            for old, new, root, path in moves:
                if new != old:
                    self._delete(new)
                    c.execute("DELETE FROM failures WHERE doc_id = ?", (new,))
                    for table in tables:
                        c.execute(f"UPDATE {quote(table)} SET doc_id = ? WHERE doc_id = ?", (new, old))
                    c.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?", (new, old))
                c.execute(
                    "UPDATE documents SET doc_id = ?, root = ?, path = ? WHERE doc_id = ?", (new, root, path, old)
                )
            self._stamp()
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
            raise

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ---- inside a transaction -------------------------------------------------------------
    def _stamp(self) -> None:
        """Note that the store changed (`meta("changed_at")`): a cache key for readers that cannot
        look at a file's modification time (a server store)."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('changed_at', ?)", (f"{time.time():.6f}",))

    def _delete(self, doc_id: str) -> None:
        self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        for table in (*schema.PEOPLE_TABLES, *(k.table for k in schema.generic_kinds())):
            self.conn.execute(f"DELETE FROM {quote(table)} WHERE doc_id = ?", (doc_id,))

    def _drop_orphan_people(self) -> None:
        self.conn.execute("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM doc_people)")

    def _person_id(self, name: str, key: str | None = None) -> int:
        """The id of the people row with this key, made if missing. At ingest the key is the
        name's (`person_key`: "Mrs Carter" and "Mr Carter" are two people) until reconcile_people
        gives every person the key of their identity; with `key` given, the row takes `name`
        (without it, the first name stored under the key stays, as the PostgreSQL store's bulk
        insert keeps it)."""
        given = key is not None
        key = key or person_key(name)
        row = self.conn.execute("SELECT id, name FROM people WHERE key = ?", (key,)).fetchone()
        if row:
            if given and row[1] != name:
                self.conn.execute(
                    "UPDATE people SET name = ?, name_key = ?, surname = ?, folded = ? WHERE id = ?",
                    (name, name_key(name), surname(name), fold(name), row[0]),
                )
            return int(row[0])
        return self._new_person(key, name)

    def _new_person(self, key: str, name: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO people (name, key, name_key, surname, folded) VALUES (?,?,?,?,?)",
            (name, key, name_key(name), surname(name), fold(name)),
        )
        return int(cur.lastrowid or 0)

    def _person_tables(self) -> list[str]:
        """Every table with a row per (document, person): what moves when a person does."""
        return ["doc_people", "aliases", "mentions", *(k.table for k in schema.generic_kinds() if k.person_column)]

    def _hold(self, doc_id: str, person_id: int, name: str) -> None:
        """Set aside a rejected person's rows of one document in `held_people`."""
        for table in self._person_tables():
            sql = f"SELECT * FROM {quote(table)} WHERE doc_id = ? AND person_id = ?"
            for row in self.conn.execute(sql, (doc_id, person_id)).fetchall():
                values = {k: row[k] for k in row.keys() if k not in ("person_id", "rowid")}  # noqa: SIM118
                self.conn.execute("INSERT INTO held_people VALUES (?,?,?,?)", (doc_id, name, table, json.dumps(values)))
            self.conn.execute(f"DELETE FROM {quote(table)} WHERE doc_id = ? AND person_id = ?", (doc_id, person_id))

    def _restore_held(self) -> None:
        """Put every held row back, under a person of its document's name, for identity to decide
        again (an undone rejection returns at once; one still in force is held again)."""
        tables = set(self._person_tables())
        columns = {t: set(self._table_columns(t)) for t in tables}
        for doc_id, name, table, raw in self.conn.execute("SELECT * FROM held_people").fetchall():
            values = json.loads(raw)
            if table not in tables or not set(values) <= columns[table]:
                continue  # a kind no longer registered: nothing to put it back into
            # A row of its own per held (document, name), whatever else the document holds.
            values["person_id"] = self._person_id(name, f"held:{name_key(name)}@{doc_id}")
            cols = sorted(values)
            into = "INSERT OR REPLACE INTO doc_people" if table == "doc_people" else f"INSERT INTO {quote(table)}"
            self.conn.execute(
                f"{into} ({', '.join(map(quote, cols))}) VALUES ({','.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
        self.conn.execute("DELETE FROM held_people")

    def _table_columns(self, table: str) -> list[str]:
        cur = self.conn.execute(f"SELECT * FROM {quote(table)} WHERE 0 = 1")
        return [d[0] for d in cur.description]

    def reconcile_people(self, corrections: list[Any] | None = None) -> None:
        """Decide who is who over the whole store (people/identity.py: pure, order independent),
        apply the user's corrections (people/corrections.py) and point each document's person at
        its canonical person, one people row per identity (two John Smiths stay two rows);
        rejected people's rows are held aside (`held_people`). Run after every ingest."""
        from corpus_search.people import corrections as fixes
        from corpus_search.people.identity import resolve

        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            self._restore_held()
            apps = self._appearances()
            people, rejected = fixes.apply(resolve(apps.values()), corrections or [])
            identity = {a: p for p in people for a in p.appearances}
            for (doc_id, pid), app in sorted(apps.items()):
                if (doc_id, app.name) in rejected:
                    self._hold(doc_id, pid, app.name)
                    continue
                ident = identity.get((doc_id, app.name))
                new = self._person_id(ident.name, ident.person_id) if ident else self._person_id(app.name)
                if new != pid:
                    self._move(doc_id, pid, new)
                if not c.execute(
                    "SELECT 1 FROM aliases WHERE person_id = ? AND doc_id = ? AND alias = ?", (new, doc_id, app.name)
                ).fetchone():
                    # The document's own name, which the search index holds for it.
                    c.execute("INSERT INTO aliases VALUES (?,?,?,?)", (new, doc_id, app.name, name_key(app.name)))
            self._drop_orphan_people()
            self._stamp()
        except BaseException:
            _rollback(c)
            raise
        c.execute("COMMIT")

    def _move(self, doc_id: str, old: int, new: int) -> None:
        c = self.conn
        for table in self._person_tables()[1:]:
            c.execute(f"UPDATE {quote(table)} SET person_id = ? WHERE doc_id = ? AND person_id = ?", (new, doc_id, old))
        # doc_people has one row per (document, person): keep the canonical person's if it has one.
        if c.execute("SELECT 1 FROM doc_people WHERE doc_id = ? AND person_id = ?", (doc_id, new)).fetchone():
            c.execute("DELETE FROM doc_people WHERE doc_id = ? AND person_id = ?", (doc_id, old))
        else:
            c.execute("UPDATE doc_people SET person_id = ? WHERE doc_id = ? AND person_id = ?", (new, doc_id, old))

    def _appearances(self) -> dict[tuple[str, int], Any]:
        """Every (document, person row) of the store as an identity.Appearance."""
        from corpus_search.people.identity import Appearance, document_name

        c = self.conn
        roles = quote(kinds.by_name("role").table)
        grouped: dict[tuple[str, str, int], list[tuple[str, str | None]]] = {}
        for table, cols in (("aliases", "alias, ''"), (roles, "role, organisation")):
            for doc_id, pid, a, b in c.execute(f"SELECT doc_id, person_id, {cols} FROM {table}").fetchall():
                grouped.setdefault((table, doc_id, pid), []).append((a, b))
        rows = c.execute(
            "SELECT dp.doc_id, dp.person_id, p.name, d.organisation, d.doc_type FROM doc_people dp "
            "JOIN people p ON p.id = dp.person_id JOIN documents d ON d.doc_id = dp.doc_id"
        ).fetchall()

        def aliases(d: str, p: int) -> list[str]:
            return [a for a, _ in grouped.get(("aliases", d, p), [])]

        names = {(d, p): display_case(document_name(aliases(d, p), n)) for d, p, n, _, _ in rows}
        seen: dict[tuple[str, str], int] = {}
        for (d, _), n in names.items():
            seen[(d, n)] = seen.get((d, n), 0) + 1
        for d, p, n, _, _ in rows:
            if seen[(d, names[(d, p)])] > 1:  # "Mrs Carter" and "Mr Carter" in one document
                names[(d, p)] = display_case(document_name(aliases(d, p), n, True))
        in_doc: dict[str, list[tuple[int, str]]] = {}
        for (d, p), n in names.items():
            in_doc.setdefault(d, []).append((p, n))
        apps = {}
        for doc_id, pid, _, doc_org, doc_type in rows:
            held = grouped.get((roles, doc_id, pid), [])
            role_orgs = {o for _, o in held if o}
            # A body's own paper ties the people it names to the body; a newspaper's article does
            # not tie them to the newspaper.
            issuer = {doc_org} if doc_org and doc_type not in _NOT_A_BODYS_OWN else set()
            apps[(doc_id, pid)] = Appearance(
                doc_id, names[(doc_id, pid)], tuple(sorted(aliases(doc_id, pid))),
                organisations=tuple(sorted(role_orgs | ({doc_org} if doc_org else set()))),
                roles=tuple(sorted(r for r, _ in held)),
                related=tuple(sorted(n for p, n in in_doc[doc_id] if p != pid)),
                ties=tuple(sorted(role_orgs | issuer)),
                posts_at=tuple(sorted(role_orgs)),
            )
        return apps

    def _insert_sql(self, table: str) -> str:
        sql = self._inserts.get(table)
        if sql is None:
            cols = insert_columns(table)
            marks = ",".join("?" * len(cols))
            sql = f"INSERT INTO {quote(table)} ({', '.join(map(quote, cols))}) VALUES ({marks})"
            self._inserts[table] = sql
        return sql

    def _insert(self, item: Processed) -> None:
        ids = {name: self._person_id(name) for name in people_named(item)}
        for table, rows in fact_rows(item, ids).items():
            self.conn.executemany(self._insert_sql(table), rows)


def insert_columns(table: str) -> list[str]:
    """The columns `fact_rows` gives values for, in order, for one table."""
    if table == "documents":
        return [name for name, _ in schema.DOCUMENT_COLUMNS]
    fixed = {
        "doc_people": ["doc_id", "person_id", "honours", "mentions"],
        "aliases": ["person_id", "doc_id", "alias", "key"],
        "mentions": ["doc_id", "person_id", "text", "start", "end"],
    }
    if table in fixed:
        return fixed[table]
    kind = next(k for k in schema.generic_kinds() if k.table == table)
    return ["doc_id", *schema.stored_columns(kind)]


def people_named(item: Processed) -> list[str]:
    """Every name a processed document refers a fact to (its people, then people of other kinds' facts)."""
    facts = item.facts
    assert facts is not None
    names = [person.name for person in facts.people]
    for kind in schema.generic_kinds():
        if kind.person_column:
            names += [getattr(fact, kind.person_column) for fact in kind.facts_of(facts)]
    return list(dict.fromkeys(names))


def fact_rows(item: Processed, ids: dict[str, int]) -> dict[str, list[list[Any]]]:
    """The rows one processed document adds, table by table (in `insert_columns` order), with
    person ids from `ids` (name → id, every name `people_named` gives). The same rows for both stores."""
    doc, facts = item.document, item.facts
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
    out: dict[str, list[list[Any]]] = {"documents": [[row[n] for n in insert_columns("documents")]]}
    # One (document, person) row per person id: two names of one person, the last one's.
    doc_people: dict[int, list[Any]] = {}
    aliases: list[list[Any]] = []
    mentions: list[list[Any]] = []
    for person in facts.people:
        pid = ids[person.name]
        doc_people.pop(pid, None)
        doc_people[pid] = [doc_id, pid, json.dumps(person.honours), len(person.mentions)]
        aliases += [[pid, doc_id, alias, name_key(alias)] for alias in sorted(set(person.aliases))]
        mentions += [[doc_id, pid, m.text, m.start, m.end] for m in person.mentions]
    out["doc_people"], out["aliases"], out["mentions"] = list(doc_people.values()), aliases, mentions
    for kind in schema.generic_kinds():
        values = []
        for fact in kind.facts_of(facts):
            cells: list[Any] = [doc_id]
            for column in kind.columns:
                value = getattr(fact, column.name)
                if column.name == kind.person_column:
                    value = ids[value]
                elif column.type == JSON:
                    value = json.dumps(value, default=_plain)
                cells.append(value)
            values.append(cells)
        out[kind.table] = values
    return {table: rows for table, rows in out.items() if rows}


def _rollback(conn: Any) -> None:
    """Undo the open transaction, if there still is one: SQLite has already rolled back by itself
    after some errors (a full disk), and a second ROLLBACK would hide the error that matters."""
    with contextlib.suppress(Exception):  # the caller re-raises the original error
        conn.execute("ROLLBACK")


def _plain(value: Any) -> Any:
    """json.dumps fallback: dataclasses inside a JSON column (a list of mentions) as dicts."""
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value)
    raise TypeError(f"cannot store {type(value).__name__} in a JSON column")
