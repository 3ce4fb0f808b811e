"""The optional search engine: a tantivy index in the index home's `tantivy/` folder.

Chosen at ingest (`ingest --engine tantivy`, see `engines`). tantivy is fed the terms our own
analyzer makes (`analysis.SearchTokenizer`, as pre-tokenized text with their positions), and
queries are parsed by our own parser (`query.parse`) and built as tantivy Query objects
(`tantivy_rank`), so folding, possessives, amounts, spellings, stemming and the query language
are the same as with Whoosh. Ranking follows the same design (per-field BM25 with the title
boosted, times the share of query words a document holds, then the proximity and phrase bonus
for the best candidates); tantivy's BM25 idf and its quantised field lengths differ slightly
from Whoosh's, so scores (not semantics) differ.

`import tantivy` happens only here and in `tantivy_rank`, so a Whoosh home never loads it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus_search.errors import CorpusSearchError, IndexDamaged, IndexNotFound, NotFound
from corpus_search.models import SearchResult
from corpus_search.search.analysis import FORMAT_VERSION, SearchTokenizer, terms
from corpus_search.search.base import NamesFor, SearchOptions, TextsFor
from corpus_search.search.dates import date_bounds
from corpus_search.search.query import Clause, Group, Parsed, Words, parse

FORMAT_FILE = "corpus-search-format.json"
LAYOUT = 1  # bump when this module's schema changes
NONE = "~"  # dup_of of a document that is no near-duplicate of an earlier one
SIMILAR_TERMS = 25
HEAP = 64_000_000
TEXT_FIELDS = ("title", "body", "names", "org")


class IndexOutdated(CorpusSearchError):
    def __init__(self, where: object) -> None:
        super().__init__(f"the search index in {where} was written by an older corpus-search: "
                         "run `corpus-search ingest --rebuild`")


def _tantivy() -> Any:
    try:
        import tantivy
    except ImportError as exc:  # the optional extra is missing
        raise CorpusSearchError("this index home uses the tantivy engine: install it with "
                                "`pip install 'corpus-search[tantivy]'`") from exc
    return tantivy


def person_key(name: str) -> str:
    return " ".join(name.lower().split())


def _schema() -> Any:
    t = _tantivy()
    sb = t.SchemaBuilder()
    sb.add_text_field("doc_id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("root", tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="raw")  # pre-tokenized by SearchTokenizer
    sb.add_text_field("body", tokenizer_name="raw")
    sb.add_text_field("names", tokenizer_name="raw", index_option="freq")
    sb.add_text_field("org", tokenizer_name="raw", index_option="freq")
    for name in ("doc_type", "year", "sentiment", "dup_of"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_text_field("people", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("bands", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("date_start", indexed=True, fast=True)
    sb.add_integer_field("date_end", indexed=True, fast=True)
    sb.add_integer_field("sort_date", fast=True)  # date_start, 0 when undated (for --sort date)
    sb.add_bytes_field("meta", stored=True)  # title, date, doc_type, sentiment, pages, dup_of, sig (JSON)
    sb.add_bytes_field("text", stored=True)  # the body, for positions of the best candidates
    return sb.build()


def exists(folder: Path) -> bool:
    return (folder / FORMAT_FILE).is_file()


def verify(folder: Path) -> int:
    """Open the index and read its table of ids; RETURNS live documents, or raises IndexNotFound,
    IndexOutdated or IndexDamaged (as the Whoosh engine's `verify`)."""
    if not exists(folder):
        raise IndexNotFound(folder.parent)
    try:
        ix = open_tantivy(folder)
        searcher = ix.searcher()
        for _ in zip(range(3), searcher.terms_with_prefix("doc_id", "")):
            pass
        return int(searcher.num_docs)
    except CorpusSearchError:
        raise
    except Exception as exc:
        raise IndexDamaged(folder.parent, exc) from exc


def _check_format(folder: Path) -> None:
    try:
        data = json.loads((folder / FORMAT_FILE).read_text())
    except (OSError, ValueError):
        data = {}
    if data.get("version") != FORMAT_VERSION or data.get("layout") != LAYOUT:
        raise IndexOutdated(folder.parent)


_OPEN: dict[tuple[str, int, int], Any] = {}  # indexes opened by this process (a server, a benchmark)


def open_tantivy(folder: Path, create: bool = False) -> Any:
    """The tantivy index in `folder`, opened once per process (and per index created there),
    reloaded to the last commit."""
    t = _tantivy()
    if exists(folder):
        _check_format(folder)
        st = (folder / FORMAT_FILE).stat()
        key = (str(folder.resolve()), st.st_ino, st.st_mtime_ns)
        if key not in _OPEN:
            _OPEN[key] = t.Index.open(str(folder))
        _OPEN[key].reload()
        return _OPEN[key]
    if not create:
        raise IndexNotFound(folder.parent)
    folder.mkdir(parents=True, exist_ok=True)
    ix = t.Index(_schema(), path=str(folder))
    (folder / FORMAT_FILE).write_text(json.dumps({"version": FORMAT_VERSION, "layout": LAYOUT, "engine": "tantivy"}))
    return ix


def _pretokenized(t: Any, text: str) -> Any:
    tokens = [t.Token(tok.text, tok.pos, tok.startchar, tok.endchar)
              for tok in SearchTokenizer()(text, positions=True, chars=True)]
    return t.PreTokenizedString(text, tokens) if tokens else None


def make_document(t: Any, row: dict[str, Any], dup_of: str, sig: str | None, bands: list[str]) -> Any:
    people = row.get("people") or []
    doc = t.Document()
    doc.add_text("doc_id", row["doc_id"])
    doc.add_text("root", row.get("root") or "")
    texts = {"title": row.get("title") or "", "body": row.get("text") or "",
             "names": " ; ".join(people), "org": row.get("organisation") or ""}
    for name, value in texts.items():
        pre = _pretokenized(t, value) if value else None
        if pre is not None:
            doc.add_pre_tokenized_text(name, pre)
    doc_type = row.get("doc_type") or "other"
    sentiment = row.get("sentiment") or "neutral"
    doc.add_text("doc_type", doc_type)
    doc.add_text("sentiment", sentiment)
    doc.add_text("dup_of", dup_of or NONE)
    for p in dict.fromkeys(person_key(p) for p in people):
        doc.add_text("people", p)
    for b in bands:
        doc.add_text("bands", b)
    sort_date = 0
    if row.get("date"):
        start, end = date_bounds(row["date"])
        doc.add_text("year", row["date"][:4])
        doc.add_integer("date_start", start)
        doc.add_integer("date_end", end)
        sort_date = start
    doc.add_integer("sort_date", sort_date)
    meta = {"title": row.get("title") or "", "date": row.get("date"), "doc_type": doc_type, "sentiment": sentiment,
            "pages": row.get("pages") or [], "dup_of": dup_of or "", "sig": sig or "",
            "organisation": row.get("organisation") or ""}
    doc.add_bytes("meta", json.dumps(meta).encode())
    doc.add_bytes("text", (row.get("text") or "").encode())
    return doc


def read_meta(searcher: Any, addr: Any) -> dict[str, Any]:
    doc = searcher.doc(addr)
    meta: dict[str, Any] = json.loads(doc.get_first("meta"))
    meta["doc_id"] = doc.get_first("doc_id")
    return meta


class TantivyIndex:
    """`SearchIndex` over tantivy. Writing holds tantivy's writer lock until `close`."""

    def __init__(self, folder: Path, create: bool = False) -> None:
        self.folder = folder
        self._t = _tantivy()
        self._ix = open_tantivy(folder, create=create)
        self._writer: Any = None

    # ---- writing ------------------------------------------------------------------------
    def write(self, rows: Iterable[dict[str, Any]], delete_ids: Iterable[str] = ()) -> None:
        """One tantivy commit per batch, so an interrupted ingest loses one batch at most."""
        rows = list(rows)
        delete_ids = list(delete_ids)
        if not rows and not delete_ids:
            return
        marks = self._mark_duplicates(rows)
        if self._writer is None:
            self._writer = self._ix.writer(heap_size=HEAP, num_threads=1)
        w = self._writer
        try:
            for doc_id in delete_ids:
                w.delete_documents_by_term("doc_id", doc_id)
            for row, (dup_of, sig, bands) in zip(rows, marks):
                w.delete_documents_by_term("doc_id", row["doc_id"])
                w.add_document(make_document(self._t, row, dup_of, sig, bands))
        except BaseException:
            w.rollback()
            raise
        w.commit()
        self._ix.reload()

    def _mark_duplicates(self, rows: list[dict[str, Any]]) -> list[tuple[str, str | None, list[str]]]:
        """(dup_of, signature, bands) per row, as the Whoosh engine marks them (`dedup.mark_batch`):
        the group of an earlier near-duplicate in the index or earlier in this batch."""
        from corpus_search.search import dedup

        searcher = self._ix.searcher()
        schema = self._ix.schema

        def indexed(band: str) -> list[dedup.Indexed]:
            if not searcher.num_docs or not 0 < searcher.doc_freq("bands", band) <= dedup.MAX_BAND_DOCS:
                return []
            hits = searcher.search(self._t.Query.term_query(schema, "bands", band), dedup.MAX_BAND_DOCS,
                                   count=False).hits
            metas = [read_meta(searcher, addr) for _s, addr in hits]
            return [(m["doc_id"], m.get("dup_of"), m.get("sig")) for m in metas]

        marks = dedup.mark_batch([(r["doc_id"], r.get("text") or "") for r in rows], indexed)
        return [(dup_of, dedup.encode(sig) if sig is not None else None, bands) for dup_of, sig, bands in marks]

    def delete(self, doc_ids: Iterable[str]) -> None:
        self.write([], delete_ids=doc_ids)

    def _live(self, doc_ids: Iterable[str]) -> set[str]:
        searcher = self._ix.searcher()
        schema = self._ix.schema
        ids = list(doc_ids)
        if not ids or not searcher.num_docs:
            return set()
        q = self._t.Query.term_set_query(schema, "doc_id", ids)
        return {searcher.doc(a).get_first("doc_id") for _s, a in searcher.search(q, len(ids), count=False).hits}

    def count(self) -> int:
        """Live documents."""
        return int(self._ix.searcher().num_docs)

    def doc_ids(self) -> set[str]:
        searcher = self._ix.searcher()
        return self._live(t for t, _n in searcher.terms_with_prefix("doc_id", "")) if searcher.num_docs else set()

    def ids_not_in(self, known: set[str]) -> set[str]:
        """Live documents whose id is not in `known` (the doc_id term list still holds ids deleted
        since the last merge, so those few are checked)."""
        searcher = self._ix.searcher()
        if not searcher.num_docs:
            return set()
        return self._live({t for t, _n in searcher.terms_with_prefix("doc_id", "")} - known)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    # ---- reading ------------------------------------------------------------------------
    def search(self, query: str, options: SearchOptions, *, text_for: TextsFor,
               names_for: NamesFor | None = None) -> SearchResult:
        from corpus_search.search import tantivy_rank

        options.check()
        parsed = parse(query, require_all=options.require_all)
        return tantivy_rank.run(self._ix, query, parsed, options, text_for=text_for, names_for=names_for)

    def facets(self, query: str, options: SearchOptions) -> dict[str, dict[str, int]]:
        from dataclasses import replace

        return self.search(query, replace(options, limit=0), text_for=lambda ids: {}).facets

    def similar(self, doc_id: str, *, text_for: TextsFor, limit: int = 10, collapse: bool = True) -> SearchResult:
        """The documents most like `doc_id`: an optional-word search over its most distinctive
        words (count × idf, Whoosh's idf formula), the document itself left out."""
        import math
        from collections import Counter

        from corpus_search.search import tantivy_rank

        searcher = self._ix.searcher()
        schema = self._ix.schema
        found = searcher.search(self._t.Query.term_query(schema, "doc_id", doc_id), 1, count=False).hits \
            if searcher.num_docs else []
        if not found:
            raise NotFound(f"no document {doc_id!r} in the index; `corpus-search status` lists what is indexed")
        meta = read_meta(searcher, found[0][1])
        text = (meta.get("title") or "") + "\n" + text_for([doc_id]).get(doc_id, "")
        counts = Counter(t for t in terms(text) if not t[:1].isdigit())
        n = searcher.num_docs
        weight = {}
        for term, c in counts.items():
            df = searcher.doc_freq("body", term)
            if df:
                weight[term] = c * (math.log(n / (df + 1)) + 1)
        best = sorted(weight, key=lambda t: (-weight[t], t))[:SIMILAR_TERMS]
        if not best:
            return SearchResult(query=doc_id, total=0, results=[], facets={},
                                message="the document has no words to compare")
        parsed = Parsed(tree=Group([Clause(Words(t, analysed=True)) for t in best]), explicit=False, plain=[])
        result = tantivy_rank.run(self._ix, doc_id, parsed, SearchOptions(limit=limit, collapse=collapse),
                                  text_for=text_for, names_for=None, exclude=doc_id)
        result.facets = {}
        return result
