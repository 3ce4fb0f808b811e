"""The facts store's tables, built from the fact-kind registry, and the schema-version check.

Fixed tables: `meta`, `documents`, `failures`, and the people tables (`people`, `aliases`,
`doc_people`, `mentions`), which hold the `person` kind. A person's `key` is their identity
(people/identity.py: "john smith", "john smith#2" for another John Smith); `name_key` is the key
of their name, which several people may share. `held_people` keeps the rows of people a user
rejected, so that undoing the rejection restores them without re-reading the documents.
Every other fact kind gets a table named for its plural with `doc_id`, a `person_id` if the kind
refers to a person, and its columns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus_search import kinds
from corpus_search.errors import CorpusSearchError
from corpus_search.kinds import BOOL, INTEGER, JSON, REAL, FactKind

# Bump when a table or column changes meaning or goes away; an index home written with another
# version is refused on open with a message to rebuild it.
SCHEMA_VERSION = "3"  # 3: people names need not be unique; held_people

# The documents table: the document row of the registry plus what the store keeps besides it.
DOCUMENT_COLUMNS = (
    ("doc_id", "TEXT PRIMARY KEY"),
    ("path", "TEXT"),
    ("root", "TEXT"),
    ("content_hash", "TEXT"),
    ("format", "TEXT"),
    ("title", "TEXT"),
    ("doc_type", "TEXT"),
    ("date", "TEXT"),
    ("organisation", "TEXT"),
    ("words", "INTEGER"),
    ("sentiment", "TEXT"),
    ("sentiment_scores", "TEXT"),
    ("duplicate_of", "TEXT"),
    ("pages", "TEXT"),
    ("verdict_sentences", "TEXT"),
    ("raw_text", "TEXT"),
    ("text", "TEXT"),
    ("ingested_at", "REAL"),
)
DOCUMENT_JSON = ("sentiment_scores", "pages", "verdict_sentences")

FIXED = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents ({documents});
CREATE INDEX IF NOT EXISTS documents_root ON documents(root);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS failures (
    doc_id TEXT PRIMARY KEY, path TEXT, root TEXT, content_hash TEXT, reason TEXT, at REAL);
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE, name_key TEXT NOT NULL,
    surname TEXT, folded TEXT);
CREATE INDEX IF NOT EXISTS people_surname ON people(surname);
CREATE INDEX IF NOT EXISTS people_name_key ON people(name_key);
CREATE TABLE IF NOT EXISTS aliases (person_id INTEGER, doc_id TEXT, alias TEXT, key TEXT);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE INDEX IF NOT EXISTS aliases_person ON aliases(person_id);
CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc_id);
CREATE TABLE IF NOT EXISTS doc_people (
    doc_id TEXT, person_id INTEGER, honours TEXT, mentions INTEGER, PRIMARY KEY (doc_id, person_id));
CREATE INDEX IF NOT EXISTS doc_people_person ON doc_people(person_id);
CREATE TABLE IF NOT EXISTS mentions (doc_id TEXT, person_id INTEGER, text TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS held_people (doc_id TEXT, name TEXT, tbl TEXT, row TEXT);
CREATE INDEX IF NOT EXISTS held_people_doc ON held_people(doc_id);
"""
PEOPLE_TABLES = ("aliases", "doc_people", "mentions", "held_people")
PERSON_KIND = "person"  # the kind the people tables hold


class StoreOutdated(CorpusSearchError):
    """The facts database was written with another schema version."""

    def __init__(self, db_path: Path, found: str | None) -> None:
        if found is not None and found.isdigit() and int(found) > int(SCHEMA_VERSION):
            what = f"a newer corpus-search (facts schema {found}, this one reads {SCHEMA_VERSION}): upgrade, or"
        else:
            what = f"an older corpus-search (facts schema {found or 'unknown'}, this one needs {SCHEMA_VERSION}):"
        super().__init__(f"the index in {db_path.parent} was written by {what} run `corpus-search ingest --rebuild`")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_type(column_type: str) -> str:
    return {INTEGER: "INTEGER", BOOL: "INTEGER", REAL: "REAL", JSON: "TEXT"}.get(column_type, "TEXT")


def stored_columns(kind: FactKind) -> list[str]:
    """The kind's columns as its table keeps them: a person column becomes `person_id`."""
    return ["person_id" if c == kind.person_column else c for c in kind.column_names]


def kind_ddl(kind: FactKind) -> str:
    cols = ["doc_id TEXT"]
    for column in kind.columns:
        if column.name == kind.person_column:
            cols.append("person_id INTEGER")
        else:
            cols.append(f"{quote(column.name)} {sql_type(column.type)}")
    table = quote(kind.table)
    out = f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)});\n"
    out += f"CREATE INDEX IF NOT EXISTS {quote(kind.table + '_doc')} ON {table}(doc_id);\n"
    if kind.person_column:
        out += f"CREATE INDEX IF NOT EXISTS {quote(kind.table + '_person')} ON {table}(person_id);\n"
    return out


def generic_kinds() -> list[FactKind]:
    """Fact kinds kept in a table of their own (all but `person`)."""
    return [k for k in kinds.fact_kinds() if k.name != PERSON_KIND]


def ddl() -> str:
    documents = ", ".join(f"{quote(name)} {decl}" for name, decl in DOCUMENT_COLUMNS)
    return FIXED.format(documents=documents) + "".join(kind_ddl(k) for k in generic_kinds())


def create(conn: sqlite3.Connection) -> None:
    """Create whatever tables are missing (a new home, or a kind registered since) and stamp the version."""
    conn.executescript(ddl())
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))


def found_version(conn: sqlite3.Connection) -> str | None:
    """The schema version recorded in the database; None for an empty database."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return "unknown" if "documents" in tables else None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return str(row[0]) if row else ("unknown" if "documents" in tables else None)


def check(conn: sqlite3.Connection, db_path: Path) -> None:
    found = found_version(conn)
    if found is not None and found != SCHEMA_VERSION:
        raise StoreOutdated(db_path, found)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
