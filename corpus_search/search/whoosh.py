"""The default search engine: a Whoosh-Reloaded index in the index home's `whoosh/` folder.

Body text is indexed, not stored: snippets come from the cleaned text in the facts store.
Ranking of plain words (optional, BM25F over title, body and canonical people names, times
the share of query words a document holds, then a proximity and phrase bonus for the best
candidates) is computed here from posting lists as arrays; explicit syntax compiles to Whoosh
queries and is scored by Whoosh itself.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus_search.errors import CorpusSearchError, IndexDamaged, IndexNotFound, UsageError
from corpus_search.models import SearchResult
from corpus_search.search import whoosh_patches
from corpus_search.search.analysis import FORMAT_VERSION, analyzer, terms
from corpus_search.search.base import NamesFor, SearchOptions, TextsFor
from corpus_search.search.dates import date_bounds
from corpus_search.search.query import AllOf, AnyOf, Clause, Group, Node, Words, parse
from corpus_search.search.scoring import is_simple

FACET_FIELDS = ("doc_type", "year", "sentiment")
RANK_FIELDS = ("title", "body", "names")
FORMAT_FILE = "corpus-search-format.json"
WINDOW = 40  # candidates re-ranked by proximity
MAX_TERMS = 100


# What a damaged index file raises from inside Whoosh (a truncated or overwritten segment, table
# of contents or posting block); a file gone is a swap by `ingest --rebuild` (retried once).
DAMAGE = (EOFError, ValueError, IndexError, KeyError, TypeError, AttributeError, OSError, MemoryError)


class IndexOutdated(CorpusSearchError):
    def __init__(self, where: object) -> None:
        super().__init__(f"the search index in {where} was written by an older corpus-search: "
                         "run `corpus-search ingest --rebuild`")


def person_key(name: str) -> str:
    """How a canonical person name is stored in the `people` keyword field."""
    return " ".join(name.lower().split())


def _schema() -> Any:
    from whoosh.columns import RefBytesColumn
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    an = analyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        root=ID,
        title=TEXT(analyzer=an, stored=True, field_boost=2.0, phrase=True),
        body=TEXT(analyzer=an, phrase=True),
        names=TEXT(analyzer=an, phrase=False),  # canonical names of the people in the document
        org=TEXT(analyzer=an, phrase=False),
        organisation=STORED,
        doc_type=ID(stored=True, sortable=RefBytesColumn()),
        year=ID(stored=True, sortable=RefBytesColumn()),
        date=ID(stored=True),
        date_start=NUMERIC(int, bits=32, sortable=True),  # signed: whoosh mis-reads open ranges on unsigned fields
        date_end=NUMERIC(int, bits=32),
        sentiment=ID(stored=True, sortable=RefBytesColumn()),
        people=KEYWORD(commas=True, lowercase=True),
        # near-duplicates: LSH bands, the MinHash signature, and the group (first member's id)
        # of documents that are near-duplicates of an earlier one ("" for the others)
        bands=KEYWORD(stored=True),
        sig=STORED,
        dup_of=ID(stored=True, sortable=RefBytesColumn()),
        pages=STORED,
    )


def exists(index_dir: Path) -> bool:
    """Whether an index is there; one whose table of contents cannot be read is (open_ix says it is damaged)."""
    from whoosh import index

    if not index_dir.is_dir():
        return False
    try:
        return bool(index.exists_in(str(index_dir)))
    except Exception:
        return any(index_dir.glob("*.toc"))


def _storage(index_dir: Path) -> Any:
    return whoosh_patches.storage(str(index_dir))


def _check_format(index_dir: Path) -> None:
    try:
        version = json.loads((index_dir / FORMAT_FILE).read_text())["version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version != FORMAT_VERSION:
        raise IndexOutdated(index_dir.parent)


def open_ix(index_dir: Path, create: bool = False) -> Any:
    if exists(index_dir):
        _check_format(index_dir)
        try:
            return _storage(index_dir).open_index()
        except FileNotFoundError:
            if not exists(index_dir):
                raise IndexNotFound(index_dir.parent) from None
            return _storage(index_dir).open_index()  # swapped while we listed it: once more
        except Exception as exc:
            raise IndexDamaged(index_dir.parent, exc) from exc
    if not create:
        raise IndexNotFound(index_dir.parent)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / FORMAT_FILE).write_text(json.dumps({"version": FORMAT_VERSION}))
    return _storage(index_dir).create_index(_schema())


def document_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A row (see `index_row`) → the fields Whoosh stores for it (without near-duplicate fields)."""
    people = row.get("people") or []
    fields: dict[str, Any] = {
        "doc_id": row["doc_id"],
        "root": row.get("root") or "",
        "title": row.get("title") or "",
        "body": row.get("text") or "",
        "names": " ; ".join(people),
        "org": row.get("organisation") or "",
        "organisation": row.get("organisation") or "",
        "doc_type": row.get("doc_type") or "other",
        "sentiment": row.get("sentiment") or "neutral",
        "people": ",".join(person_key(p) for p in people),
        "pages": row.get("pages") or [],
        "dup_of": "",
    }
    if row.get("date"):
        start, end = date_bounds(row["date"])
        fields.update(date=row["date"], year=row["date"][:4], date_start=start, date_end=end)
    return fields


class WhooshIndex:
    """`SearchIndex` over Whoosh. Open one per command; writing holds Whoosh's write lock."""

    def __init__(self, index_dir: Path, create: bool = False, procs: int = 1, limitmb: int = 64) -> None:
        self.index_dir = index_dir
        self._ix = open_ix(index_dir, create=create)
        self._procs = procs
        self._limitmb = limitmb

    # ---- writing ------------------------------------------------------------------------
    def write(self, rows: Iterable[dict[str, Any]], delete_ids: Iterable[str] = ()) -> None:
        """One Whoosh commit per batch, so an interrupted ingest loses one batch at most.

        limitmb caps the postings Whoosh holds in memory before it spills a sorted run to disk;
        merges push every posting of the merged segments through the same pool.
        """
        rows = list(rows)
        delete_ids = list(delete_ids)
        if not rows and not delete_ids:
            return
        fields = [document_fields(r) for r in rows]
        self._mark_duplicates(rows, fields)
        multi = self._procs > 1 and len(rows) >= 64
        writer = self._ix.writer(limitmb=self._limitmb, procs=self._procs if multi else 1, multisegment=multi)
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("doc_id", doc_id)
            for f in fields:
                writer.update_document(**f)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _mark_duplicates(self, rows: list[dict[str, Any]], fields: list[dict[str, Any]]) -> None:
        """Signature and bands for each document; `dup_of` the group of an earlier near-duplicate
        (in the index, or earlier in this batch: `dedup.mark_batch`)."""
        from corpus_search.search import dedup  # only writing needs it (and numpy.random: ~20 ms)

        with self._ix.searcher() as searcher:
            reader = searcher.reader()

            def indexed(band: str) -> list[dedup.Indexed]:
                if ("bands", band) not in reader or reader.doc_frequency("bands", band) > dedup.MAX_BAND_DOCS:
                    return []
                stored = [searcher.stored_fields(d) for d in searcher.docs_for_query(_term("bands", band))]
                return [(f["doc_id"], f.get("dup_of"), f.get("sig")) for f in stored]

            marks = dedup.mark_batch([(r["doc_id"], r.get("text") or "") for r in rows], indexed)
        for f, (dup_of, sig, bands) in zip(fields, marks):
            if sig is None:
                continue
            f["sig"] = dedup.encode(sig)
            f["bands"] = " ".join(bands)
            if dup_of:
                f["dup_of"] = dup_of

    def delete(self, doc_ids: Iterable[str]) -> None:
        self.write([], delete_ids=doc_ids)

    def doc_ids(self) -> set[str]:
        with self._ix.searcher() as searcher:
            return {fields["doc_id"] for fields in searcher.all_stored_fields()}

    def ids_not_in(self, known: set[str]) -> set[str]:
        """Live documents whose id is not in `known` (read from the doc_id term list; it still
        holds ids deleted since the last merge, so those few are checked)."""
        with self._ix.searcher() as searcher:
            candidates = {t.decode() if isinstance(t, bytes) else t for t in searcher.lexicon("doc_id")} - known
            return {d for d in candidates if searcher.document_number(doc_id=d) is not None}

    def count(self) -> int:
        """Live documents."""
        return int(self._ix.doc_count())

    def close(self) -> None:
        self._ix.close()

    def _reading(self, run: Any) -> Any:
        """Run a read; an index swapped in by `ingest --rebuild` between opening and reading is
        opened again (once); a damaged one is one line saying how to rebuild it."""
        for attempt in (1, 2):
            try:
                return run()
            except CorpusSearchError:
                raise
            except FileNotFoundError as exc:
                if attempt == 2:
                    raise IndexDamaged(self.index_dir.parent, exc) from exc
                self._ix = open_ix(self.index_dir)
            except DAMAGE as exc:
                if not _damaged(self.index_dir):
                    raise
                raise IndexDamaged(self.index_dir.parent, exc) from exc
        raise AssertionError("unreachable")

    # ---- reading ------------------------------------------------------------------------
    def search(self, query: str, options: SearchOptions, *, text_for: TextsFor,
               names_for: NamesFor | None = None) -> SearchResult:
        from corpus_search.search import ranking

        options.check()
        parsed = parse(query, require_all=options.require_all)
        return self._reading(
            lambda: ranking.run(self._ix, query, parsed, options, text_for=text_for, names_for=names_for)
        )

    def facets(self, query: str, options: SearchOptions) -> dict[str, dict[str, int]]:
        from dataclasses import replace

        return self.search(query, replace(options, limit=0), text_for=lambda ids: {}).facets

    def similar(self, doc_id: str, *, text_for: TextsFor, limit: int = 10, collapse: bool = True) -> SearchResult:
        from corpus_search.search.similar import similar

        return self._reading(lambda: similar(self._ix, doc_id, text_for=text_for, limit=limit, collapse=collapse))


def verify(index_dir: Path) -> int:
    """Open the index and read every segment's table of ids; RETURNS live documents, or raises
    IndexNotFound, IndexOutdated or IndexDamaged."""
    if not exists(index_dir):
        raise IndexNotFound(index_dir.parent)
    ix = open_ix(index_dir)
    try:
        with ix.searcher() as searcher:
            for _ in searcher.lexicon("doc_id"):
                pass
            count = int(searcher.doc_count())
            for _n, _ in zip(range(3), searcher.all_stored_fields()):
                pass
            return count
    except CorpusSearchError:
        raise
    except Exception as exc:
        raise IndexDamaged(index_dir.parent, exc) from exc
    finally:
        ix.close()


def _damaged(index_dir: Path) -> bool:
    """Whether an error while reading came from the index's files (they fail to read back)
    rather than from a bug in a query path."""
    try:
        verify(index_dir)
    except CorpusSearchError:
        return True
    return False


def _term(field: str, text: str) -> Any:
    from whoosh.query import Term

    return Term(field, text)


# ---- compiling explicit syntax to Whoosh queries ---------------------------------------------
def compile_node(node: Node, schema: Any) -> Any | None:
    """A parsed query node → a Whoosh query (None when it holds no searchable terms)."""
    from whoosh import query as Q

    if isinstance(node, Words):
        if node.field in (None, "title", "body", "org"):
            fields = ("title", "body", "names") if node.field is None else (node.field,)
            words = terms(node.text)
            if not words:
                return None
            if node.phrase and len(words) > 1:
                subs = [Q.Phrase(f, words) for f in fields if f in ("title", "body")]
                return subs[0] if len(subs) == 1 else Q.Or(subs)
            per_word = [Q.Or([Q.Term(f, w) for f in fields]) if len(fields) > 1 else Q.Term(fields[0], w)
                        for w in words]
            if len(per_word) == 1:
                return per_word[0]
            return Q.And(per_word) if node.phrase or node.field else Q.Or(per_word)
        value = node.text.strip()
        if node.field == "people":
            return Q.Term("people", person_key(value))
        return Q.Term(node.field, value)
    if isinstance(node, AllOf):
        parts = [q for q in (compile_node(p, schema) for p in node.parts) if q is not None]
        return Q.And(parts) if parts else None
    if isinstance(node, AnyOf):
        parts = [q for q in (compile_node(p, schema) for p in node.options) if q is not None]
        return Q.Or(parts) if parts else None
    assert isinstance(node, Group)
    must: list[Any] = []
    should: list[Any] = []
    nots: list[Any] = []
    for clause in node.clauses:
        q = compile_node(clause.node, schema)
        if q is None:
            continue
        {"must": must, "should": should, "not": nots}[clause.occur].append(q)
    if must:
        core: Any = must[0] if len(must) == 1 else Q.And(must)
        if should:
            core = Q.AndMaybe(core, should[0] if len(should) == 1 else Q.Or(should))
    elif should:
        core = should[0] if len(should) == 1 else Q.Or(should)
    elif nots:
        core = Q.Every()
    else:
        return None
    if nots:
        core = Q.AndNot(core, nots[0] if len(nots) == 1 else Q.Or(nots))
    return core




__all__ = [
    "Clause",
    "IndexDamaged",
    "UsageError",
    "WhooshIndex",
    "compile_node",
    "exists",
    "is_simple",
    "open_ix",
    "person_key",
    "verify",
    "whoosh_patches",
]
