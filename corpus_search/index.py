"""The Whoosh full-text index: schema, writing, and search. The only module importing whoosh.

Body text is indexed, not stored: snippets are highlighted from the cleaned text held in the
facts store, which keeps the index small.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from corpus_search.errors import IndexNotFound, UsageError
from corpus_search.models import SearchHit, SearchResult

FACET_FIELDS = ("doc_type", "year", "sentiment")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def date_bounds(value: str) -> tuple[int, int]:
    """An ISO date at any precision → (first day, last day) as yyyymmdd integers."""
    match = _DATE.match(value or "")
    if not match:
        raise UsageError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.group(1), match.group(2), match.group(3)
    y = int(year)
    if month is None:
        return y * 10000 + 101, y * 10000 + 1231
    m = int(month)
    if not 1 <= m <= 12:
        raise UsageError(f"bad date {value!r}: month must be 01–12")
    if day is None:
        return y * 10000 + m * 100 + 1, y * 10000 + m * 100 + _MONTH_DAYS[m - 1]
    d = int(day)
    if not 1 <= d <= _MONTH_DAYS[m - 1]:
        raise UsageError(f"bad date {value!r}: no such day")
    return (y * 10000 + m * 100 + d,) * 2  # type: ignore[return-value]


def person_key(name: str) -> str:
    """How a canonical person name is stored in the `people` keyword field."""
    return " ".join(name.lower().split())


def _schema():  # type: ignore[no-untyped-def]
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

    from whoosh.columns import RefBytesColumn

    analyzer = StemmingAnalyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        root=ID,
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, phrase=True),
        # Facet fields carry a column (one byte per document) so facets are counted from an array.
        doc_type=ID(stored=True, sortable=RefBytesColumn()),
        year=ID(stored=True, sortable=RefBytesColumn()),
        date=ID(stored=True),
        date_start=NUMERIC(int, bits=32, sortable=True),  # signed: whoosh mis-reads open ranges on unsigned fields
        date_end=NUMERIC(int, bits=32),
        sentiment=ID(stored=True, sortable=RefBytesColumn()),
        people=KEYWORD(commas=True, lowercase=True),
    )


class _ViewFile:
    """A read-only file over a memoryview that does not copy it.

    Whoosh opens each file of a segment as `BufferFile(memoryview of the mmap)`, which wraps it in
    `BytesIO(view)`, and BytesIO copies its initial buffer: every search copied the whole index
    into memory before reading a byte of it (60 ms a query at 100k documents). This gives
    BufferFile the same reading interface straight over the mapping.
    """

    __slots__ = ("_view", "_pos", "closed")

    def __init__(self, buf: Any) -> None:
        self._view = memoryview(buf).cast("B") if not isinstance(buf, bytes) else memoryview(buf)
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(start, end)
        return self._view[start:end].tobytes()

    def readinto(self, target: Any) -> int:
        n = max(0, min(len(target), len(self._view) - self._pos))
        target[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._pos
        limit = len(view) if size is None or size < 0 else min(len(view), start + size)
        end = start
        while end < limit:
            chunk = view[end : min(end + 4096, limit)].tobytes()
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return view[start:end].tobytes()

    def __iter__(self) -> Any:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def seek(self, pos: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._view)}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def write(self, data: bytes) -> int:
        raise OSError("read-only index file")


_PATCHED = False


def _no_copy_buffers() -> None:
    """Make Whoosh's BufferFile read its memory map in place (see _ViewFile), and its posting
    reader skip by bisection (see _bisecting_skip_to)."""
    global _PATCHED
    if _PATCHED:
        return
    from whoosh.filedb.structfile import BufferFile

    def init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    BufferFile.__init__ = init
    _bisecting_skip_to()
    _PATCHED = True


def _bisecting_skip_to() -> None:
    """Make Whoosh's posting reader find a target inside a block by bisection.

    W3LeafMatcher.skip_to steps through a block (up to 128 postings) one `next()` call at a time;
    ANDed terms call it for every candidate, which was most of a multi-term search at 100k
    documents. Same result, found with `bisect` on the block's id array.
    """
    from bisect import bisect_left

    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching import ReadTooFar

    def skip_to(self: Any, targetid: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        block_max_id = self.block_max_id
        if targetid > block_max_id():
            self._skip_to_block(lambda: targetid > block_max_id())
        if not self.is_active():
            return
        if self._ids is None:
            self._read_ids()
        self._i = bisect_left(self._ids, targetid, self._i, self._blocklength)
        if self._i == self._blocklength:  # not reached after the block skip; kept for safety
            self._next_block()

    W3LeafMatcher.skip_to = skip_to


def exists(index_dir: Path) -> bool:
    from whoosh import index

    return index_dir.is_dir() and index.exists_in(str(index_dir))


def open_index(index_dir: Path, create: bool = False):  # type: ignore[no-untyped-def]
    from whoosh import index

    _no_copy_buffers()

    if exists(index_dir):
        return index.open_dir(str(index_dir))
    if not create:
        raise IndexNotFound(index_dir.parent)
    index_dir.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(index_dir), _schema())


def document_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """A facts-store document row (plus `people`) → the fields Whoosh stores for it."""
    fields: dict[str, Any] = {
        "doc_id": doc["doc_id"],
        "root": doc.get("root") or "",
        "title": doc.get("title") or "",
        "body": doc.get("text") or "",
        "doc_type": doc.get("doc_type") or "other",
        "sentiment": doc.get("sentiment") or "neutral",
        "people": ",".join(person_key(p) for p in doc.get("people", [])),
    }
    if doc.get("date"):
        start, end = date_bounds(doc["date"])
        fields.update(date=doc["date"], year=doc["date"][:4], date_start=start, date_end=end)
    return fields


class IndexWriter:
    """Batched writes: one Whoosh commit per batch, so an interrupted ingest loses one batch at most.

    limitmb caps the postings Whoosh holds in memory before it spills a sorted run to disk. A
    batch of 400 documents needs about 10 MB; segment merges push every posting of the merged
    segments through the same pool, so a high cap makes memory grow with the corpus.
    """

    def __init__(self, index_dir: Path, procs: int = 1, limitmb: int = 64) -> None:
        self._ix = open_index(index_dir, create=True)
        self._procs = procs
        self._limitmb = limitmb

    def write(self, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str] = ()) -> None:
        docs = list(docs)
        delete_ids = list(delete_ids)
        if not docs and not delete_ids:
            return
        multi = self._procs > 1 and len(docs) >= 64
        writer = self._ix.writer(
            limitmb=self._limitmb, procs=self._procs if multi else 1, multisegment=multi
        )
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("doc_id", doc_id)
            for doc in docs:
                writer.update_document(**document_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def doc_ids(self) -> set[str]:
        with self._ix.searcher() as searcher:
            return {fields["doc_id"] for fields in searcher.all_stored_fields()}

    def ids_not_in(self, known: set[str]) -> set[str]:
        """Live documents whose id is not in `known`.

        Reads the doc_id term list rather than every stored document (seconds at 100k docs); the
        term list still holds ids deleted since the last merge, so those few are checked.
        """
        with self._ix.searcher() as searcher:
            candidates = {t.decode() if isinstance(t, bytes) else t for t in searcher.lexicon("doc_id")} - known
            return {doc_id for doc_id in candidates if searcher.document_number(doc_id=doc_id) is not None}

    def optimize(self) -> None:
        self._ix.optimize()

    def close(self) -> None:
        self._ix.close()


class _BoldFormatter:
    """Wrap matched terms in <b>…</b> and HTML-escape everything else."""

    def __new__(cls):  # type: ignore[no-untyped-def]
        from whoosh.highlight import Formatter, get_text

        class Bold(Formatter):
            between = " … "

            def _text(self, text: str) -> str:
                return escape(text, quote=False)

            def format_token(self, text: str, token: Any, replace: bool = False) -> str:
                return "<b>" + escape(get_text(text, token, replace), quote=False) + "</b>"

        return Bold()


_ADJACENT_MATCHES = re.compile(r"</b>([ \t]+)<b>")
_BAD_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\S)")
QUERY_FIELDS = {"title", "body", "doc_type", "year", "sentiment", "people", "doc_id"}


def _check_query(query: str) -> None:
    if not query.strip():
        raise UsageError("empty query: give some words to search for")
    if query.count('"') % 2:
        raise UsageError('malformed query: unbalanced quote (")')
    depth = 0
    for ch in query:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth != 0:
        raise UsageError("malformed query: unbalanced parentheses")
    words = query.split()
    if words[0] in ("AND", "OR") or words[-1] in ("AND", "OR", "NOT"):
        raise UsageError(f"malformed query: {query!r} starts or ends with an operator")
    for field in _BAD_FIELD.findall(query):
        if field not in QUERY_FIELDS:
            raise UsageError(f"malformed query: unknown field {field!r} (fields: title, body)")


# ---- match sets and facets, per segment -------------------------------------------------
# Whoosh's collectors call Python code for every matching document (scoring, categorising). For
# the total and the facets no score is needed, so they are computed here from whole posting
# blocks and columns with set and array operations; only the top hits go through the scorer.


def _term_docs(reader: Any, field: str, text: Any) -> set[int]:
    """Document numbers (segment-relative) of one term, a posting block at a time."""
    if (field, text) not in reader:
        return set()
    matcher = reader.postings(field, text)
    if not (hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")):
        return set(matcher.all_ids())  # another codec, or deletions (a FilterMatcher): the plain way
    docs: set[int] = set()
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        docs.update(matcher._ids)
        matcher._next_block()
    return docs


def segment_docs(q: Any, searcher: Any) -> set[int]:
    """Documents of one segment that match a query, without scoring them."""
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        return _term_docs(searcher.reader(), q.fieldname, q.text)
    if type(q) is Q.Or:
        docs: set[int] = set()
        for sub in q.subqueries:
            docs |= segment_docs(sub, searcher)
        return docs
    if type(q) is Q.And:
        # "a NOT b" parses as And([a, Not(b)]): subtract b's documents rather than list every
        # document of the index that lacks b.
        wanted = [sub for sub in q.subqueries if not isinstance(sub, Q.Not)]
        unwanted = [sub.query for sub in q.subqueries if isinstance(sub, Q.Not)]
        if wanted:
            found: set[int] = segment_docs(wanted[0], searcher)
            for sub in wanted[1:]:
                if not found:
                    return set()
                found &= segment_docs(sub, searcher)
            for sub in unwanted:
                if not found:
                    break
                found -= segment_docs(sub, searcher)
            return found
    if type(q) is Q.AndNot:
        return segment_docs(q.a, searcher) - segment_docs(q.b, searcher)
    if isinstance(q, Q.NumericRange):  # date filters: a union of trie terms
        return segment_docs(q._compile_query(searcher.reader()), searcher)
    if isinstance(q, Q.ConstantScoreQuery):
        return segment_docs(q.child, searcher)
    if isinstance(q, Q.TermRange):
        reader = searcher.reader()
        union: set[int] = set()
        for text in q._btexts(reader):
            union |= _term_docs(reader, q.fieldname, text)
        return union
    return set(q.docs(searcher))


def _exact_top(limit: int) -> Any:
    """A top-N collector that scores every match and records them by segment (`.matched`).

    Exact: Whoosh's block-quality skipping and matcher replacement use score bounds that BM25F
    with a boosted title field can exceed, and then drop the best document ("oil prices" at 100k
    lost its top hit). Scoring every match costs what listing them would, so the same pass
    gives the match set for the total and the facets.
    """
    from whoosh.collectors import TopCollector

    class ExactTop(TopCollector):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(limit=limit, usequality=False, replace=0)
            self.matched: dict[Any, set[int]] = {}
            self._docs: set[int] = set()

        def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
            super().set_subsearcher(subsearcher, offset)
            self._docs = self.matched.setdefault(_segment_key(subsearcher.reader()), set())

        def collect(self, sub_docnum: int) -> Any:
            self._docs.add(sub_docnum)
            return super().collect(sub_docnum)

    return ExactTop()


def _only_docs(by_segment: dict[Any, set[int]]) -> Any:
    """A query matching exactly the given documents of each segment, scoring zero.

    ANDed with the user's query, it makes Whoosh score only documents already known to match
    (after the filters) instead of leapfrogging through every posting list again in Python; the
    zero weight leaves the BM25F scores, and so the ranking, unchanged.
    """
    from whoosh.matching import ListMatcher, NullMatcher
    from whoosh.query import Query

    class OnlyDocs(Query):
        def __init__(self) -> None:
            self.boost = 1.0
            self.fieldname = None

        def __eq__(self, other: object) -> bool:
            return self is other

        def __hash__(self) -> int:
            return id(self)

        def __repr__(self) -> str:
            return "OnlyDocs()"

        def is_leaf(self) -> bool:
            return True

        def estimate_size(self, ixreader: Any) -> int:
            return len(by_segment.get(_segment_key(ixreader), ()))

        def docs(self, searcher: Any, deleting: bool = False) -> Any:
            return iter(sorted(by_segment.get(_segment_key(searcher.reader()), ())))

        def matcher(self, searcher: Any, context: Any = None) -> Any:
            ids = sorted(by_segment.get(_segment_key(searcher.reader()), ()))
            return ListMatcher(ids, weights=[0.0] * len(ids)) if ids else NullMatcher()

    return OnlyDocs()


def _segment_key(reader: Any) -> Any:
    segment = getattr(reader, "segment", None)
    return segment().segment_id() if callable(segment) else id(reader)


def _facet_values(reader: Any, field: str) -> tuple[Any, list[bytes]] | None:
    """(per-document value refs, distinct values) of a facet column, or None if it has none."""
    if not reader.has_column(field):
        return None
    column = reader.column_reader(field, translate=False)
    raw = getattr(column, "_uniques", None)
    if raw is None or not hasattr(column, "_dbfile"):
        values = list(column)
        uniques = sorted(set(values))
        ref = {v: i for i, v in enumerate(uniques)}
        return [ref[v] for v in values], uniques
    from array import array

    refs = array(column._typecode)
    refs.frombytes(column._dbfile.get(column._basepos, column._doccount * column._itemsize))
    if refs.itemsize > 1 and sys.byteorder == "little":
        refs.byteswap()  # stored big-endian
    return refs, raw


def count_facets(reader: Any, docs: set[int], counts: dict[str, dict[str, int]]) -> None:
    """Add the doc_type / year / sentiment counts of a segment's matching documents to `counts`."""
    from collections import Counter

    if not docs:
        return
    for field in FACET_FIELDS:
        into = counts.setdefault(field, {})
        column = _facet_values(reader, field)
        if column is not None:
            refs, uniques = column
            for ref, n in Counter(map(refs.__getitem__, docs)).items():
                value = uniques[ref]
                if value:  # b"": documents without the field (undated ones have no year)
                    key = value.decode() if isinstance(value, bytes) else str(value)
                    into[key] = into.get(key, 0) + n
            continue
        for value in reader.lexicon(field):  # an index written before facet columns
            key = value.decode() if isinstance(value, bytes) else value
            n = len(docs & _term_docs(reader, field, key))
            if n:
                into[key] = into.get(key, 0) + n


def search(
    index_dir: Path,
    query: str,
    *,
    text_for: Callable[[list[str]], dict[str, str]],
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    doc_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sentiment: str | None = None,
    people: list[str] | None = None,
) -> SearchResult:
    """Ranked BM25F search with filters, highlighted snippets and facet counts.

    text_for (callable): doc ids → cleaned texts, for the snippets (the facts store provides it).
    people (list[str] | None): canonical names; a document matches if it mentions any of them.
    """
    from whoosh import query as Q
    from whoosh.highlight import ContextFragmenter
    from whoosh.qparser import MultifieldParser

    _check_query(query)
    if limit < 0 or offset < 0:
        raise UsageError("--limit and --offset must be zero or more")
    if sort not in ("relevance", "date"):
        raise UsageError("--sort must be relevance or date")
    ix = open_index(index_dir)
    parser = MultifieldParser(["title", "body"], schema=ix.schema)
    try:
        parsed = parser.parse(query)
    except Exception as exc:  # whoosh raises several types on odd syntax
        raise UsageError(f"malformed query: {exc}") from exc
    if parsed is Q.NullQuery:
        raise UsageError(f"malformed query: {query!r} has no words to search for")

    filters = []
    if doc_type:
        filters.append(Q.Term("doc_type", doc_type))
    if sentiment:
        filters.append(Q.Term("sentiment", sentiment))
    if since:
        filters.append(Q.NumericRange("date_end", date_bounds(since)[0], None))
    if until:
        filters.append(Q.NumericRange("date_start", None, date_bounds(until)[1]))
    if people is not None:
        filters.append(Q.Or([Q.Term("people", person_key(p)) for p in people]) if people else Q.NullQuery)
    filter_q = Q.And(filters) if filters else None

    with ix.searcher() as searcher:
        # The match set of each segment is gathered once (while scoring, or from posting blocks
        # when filters apply), then gives the total and, through the facet columns, the facets.
        # One collector with `groupedby` and `terms=True` categorised every match in Python.
        from whoosh.collectors import SortingCollector

        wanted = offset + limit or 1
        facet_counts: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
        matched: dict[Any, set[int]] = {}
        if filter_q is None and sort == "relevance":
            # One pass: every match is scored anyway (see _ExactTop), so it records the match
            # set for the total and the facets as it goes.
            collector: Any = _exact_top(wanted)
            searcher.search_with_collector(parsed, collector)
            matched = collector.matched
        else:
            for leaf, _base in searcher.leaf_searchers():
                docs = segment_docs(parsed, leaf)
                if filter_q is not None and docs:
                    docs &= segment_docs(filter_q, leaf)
                matched[_segment_key(leaf.reader())] = docs
            if sort == "date":
                collector = SortingCollector("date_start", limit=wanted, reverse=True)
            else:
                collector = _exact_top(wanted)
            # Score only the documents already known to pass the filters.
            searcher.search_with_collector(Q.And([parsed, _only_docs(matched)]), collector)
        total = 0
        for leaf, _base in searcher.leaf_searchers():
            docs = matched.get(_segment_key(leaf.reader()), set())
            total += len(docs)
            count_facets(leaf.reader(), docs, facet_counts)
        facet_counts = {name: dict(sorted(facet_counts[name].items())) for name in FACET_FIELDS}
        results = collector.results()
        results.q = parsed  # highlight the user's terms
        results.fragmenter = ContextFragmenter(maxchars=240, surround=60)
        results.formatter = _BoldFormatter()
        # Slicing reads the scored top hits only; list(results) would ask len() first, and
        # Whoosh's len() re-runs the whole query to count it.
        page = results[offset : offset + limit] if limit else []
        texts = text_for([hit["doc_id"] for hit in page])
        hits = []
        for hit in page:
            body = texts.get(hit["doc_id"], "")
            snippet = hit.highlights("body", text=body, top=2) or escape(body[:200], quote=False)
            snippet = _ADJACENT_MATCHES.sub(r"\1", snippet)  # "<b>statutory</b> <b>direction</b>" → one match
            hits.append(
                SearchHit(
                    doc_id=hit["doc_id"],
                    title=hit.get("title", ""),
                    date=hit.get("date"),
                    doc_type=hit.get("doc_type", "other"),
                    sentiment=hit.get("sentiment"),
                    score=round(float(hit.score or 0.0), 4),
                    snippet=snippet,
                )
            )
    return SearchResult(query=query, total=total, results=hits, facets=facet_counts)
