"""Ranking over a Whoosh index with arrays: match sets, scores, filters, near-duplicate groups.

Plain words: score = Σ over query terms and the fields title, body and names of Whoosh's BM25F
(the same formula and statistics as `whoosh.scoring.BM25F`), times the share of the query's
terms the document holds; the best WINDOW candidates then gain up to 60% for query words
standing close together in the body, and for the whole query as a phrase. Explicit syntax is
matched and scored by Whoosh's own matchers. Either way the result is an array of scores over
the index's document numbers, and the rest (filters, ties broken by doc_id, collapsing
near-duplicates, totals, facets, snippets, hints) is shared.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corpus_search.models import SearchHit, SearchResult
from corpus_search.search import whoosh_patches
from corpus_search.search.analysis import (
    terms,
)
from corpus_search.search.base import NamesFor, SearchOptions, TextsFor
from corpus_search.search.query import Parsed, Words
from corpus_search.search.scoring import (  # shared with the tantivy engine
    COORD,
    MAX_TERMS,
    WINDOW,
    _name_candidates,
    _query_terms,
    _stop_message,
    _tree_terms,
    page_at,
    proximity_bonus,
)

FACET_FIELDS = ("doc_type", "year", "sentiment")
RANK_FIELDS = ("title", "body", "names")
K1, B = 1.2, 0.75


@dataclass
class Scored:
    scores: np.ndarray  # float64 per document number
    matched: np.ndarray  # bool per document number
    highlight: set[str] = field(default_factory=set)
    proximity_terms: list[tuple[str, int]] = field(default_factory=list)  # (term, position in query)
    message: str | None = None


class Segments:
    """The leaf readers of a searcher with their base document numbers."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.leaves = [(leaf.reader(), base) for leaf, base in searcher.leaf_searchers()]
        self.size = searcher.doc_count_all()
        self.fast = whoosh_patches.available()
        self._lengths: dict[tuple[int, str], np.ndarray | None] = {}

    def lengths(self, i: int, reader: Any, fieldname: str) -> np.ndarray | None:
        key = (i, fieldname)
        if key not in self._lengths:
            self._lengths[key] = whoosh_patches.field_lengths(reader, fieldname) if self.fast else None
        return self._lengths[key]

    def term(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(global document numbers, weights, field lengths) of a term across segments."""
        ids, weights, lengths = [], [], []
        for i, (reader, base) in enumerate(self.leaves):
            if (fieldname, text) not in reader:
                continue
            got = whoosh_patches.postings(reader, fieldname, text) if self.fast else None
            lens = self.lengths(i, reader, fieldname) if got is not None else None
            if got is None or lens is None:
                local, w, ln = _public_postings(reader, fieldname, text)
            else:
                local, w = got
                ln = lens[local]
            ids.append(local + base)
            weights.append(w)
            lengths.append(ln)
        if not ids:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty, empty
        return np.concatenate(ids), np.concatenate(weights).astype(np.float64), np.concatenate(lengths)

    def live(self) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for reader, base in self.leaves:
            if reader.has_deletions():
                mask[base : base + reader.doc_count_all()] = False
                alive = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
                mask[alive + base] = True
        return mask

    def docs_of(self, q: Any) -> np.ndarray:
        """Bool mask of documents matching a Whoosh query (unscored)."""
        from corpus_search.search.matchsets import segment_docs

        mask = np.zeros(self.size, dtype=bool)
        for (_reader, base), (leaf, _b) in zip(self.leaves, self.searcher.leaf_searchers()):
            docs = segment_docs(q, leaf)
            if docs:
                mask[np.fromiter(docs, dtype=np.int64) + base] = True
        return mask


def _public_postings(reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The public path: one posting at a time through Whoosh's matcher API."""
    matcher = reader.postings(fieldname, text)
    ids, weights, lengths = [], [], []
    while matcher.is_active():
        d = matcher.id()
        ids.append(d)
        weights.append(matcher.weight())
        lengths.append(reader.doc_field_length(d, fieldname) or 0)
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32), np.array(lengths, dtype=np.float64)


def bm25(idf: float, tf: np.ndarray, length: np.ndarray, avgfl: float) -> np.ndarray:
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avgfl)))


# ---- plain words ----------------------------------------------------------------------------
def score_plain(seg: Segments, parsed: Parsed, names_for: NamesFor | None,
                term_weights: dict[str, float] | None = None) -> Scored:
    should: list[str] = []
    must: list[str] = []
    nots: list[str] = []
    for clause in parsed.tree.clauses:
        assert isinstance(clause.node, Words)
        found = [clause.node.text] if clause.node.analysed else terms(clause.node.text)
        {"should": should, "must": must, "not": nots}[clause.occur].extend(found)
    positive = list(dict.fromkeys(must + should))[:MAX_TERMS]
    must_set = set(must)
    n = seg.size
    if not positive:
        if nots and not any(c.occur != "not" for c in parsed.tree.clauses):
            matched = seg.live()
            for t in nots:
                for f in RANK_FIELDS:
                    matched[seg.term(f, t)[0]] = False
            return Scored(np.zeros(n), matched)
        return Scored(np.zeros(n), np.zeros(n, dtype=bool),
                      message=_stop_message(parsed))
    searcher = seg.searcher
    scores = np.zeros(n)
    count = np.zeros(n, dtype=np.int32)
    must_count = np.zeros(n, dtype=np.int32)
    has: dict[str, np.ndarray] = {}
    for t in positive:
        hit = np.zeros(n, dtype=bool)
        qw = term_weights.get(t, 1.0) if term_weights else 1.0
        for f in RANK_FIELDS:
            ids, w, lengths = seg.term(f, t)
            if not len(ids):
                continue
            idf = searcher.idf(f, t)
            avgfl = searcher.avg_field_length(f) or 1
            np.add.at(scores, ids, qw * bm25(idf, w, lengths, avgfl))
            hit[ids] = True
        has[t] = hit
        count += hit
        if t in must_set:
            must_count += hit
    _expand_names(seg, parsed, names_for, has, scores, count, positive)
    matched = count > 0
    if must_set:
        matched &= must_count == len(must_set)
    for t in nots:
        for f in RANK_FIELDS:
            matched[seg.term(f, t)[0]] = False
    matched &= seg.live()
    scores = scores * (count / len(positive)) ** COORD
    plain_text = " ".join(parsed.plain)
    return Scored(scores, matched, highlight=set(positive),
                  proximity_terms=[tp for tp in _query_terms(plain_text) if tp[0] in set(positive)])


def _expand_names(seg: Segments, parsed: Parsed, names_for: NamesFor | None, has: dict[str, np.ndarray],
                  scores: np.ndarray, count: np.ndarray, positive: list[str]) -> None:
    """Documents whose canonical people include the person a run of query words names count
    as holding those words (the text may say only "Mr R J Smith")."""
    if names_for is None:
        return
    from corpus_search.search.whoosh import person_key

    for phrase in _name_candidates(parsed.plain):
        names = names_for(phrase)
        if not names:
            continue
        covered = [t for t in terms(phrase) if t in has]
        if not covered:
            continue
        person = np.zeros(seg.size, dtype=bool)
        for name in names:
            person |= _keyword_docs(seg, "people", person_key(name))
        # the person counts as a match of their own: every covered word, once more
        scores[person] += sum(seg.searcher.idf("names", t) for t in covered)
        for t in covered:
            new = person & ~has[t]
            count[new] += 1
            has[t] = has[t] | new


def _keyword_docs(seg: Segments, fieldname: str, text: str) -> np.ndarray:
    mask = np.zeros(seg.size, dtype=bool)
    ids = seg.term(fieldname, text)[0]
    mask[ids] = True
    return mask


# ---- explicit syntax ------------------------------------------------------------------------
def score_explicit(seg: Segments, parsed: Parsed) -> Scored:
    from corpus_search.search.whoosh import compile_node

    q = compile_node(parsed.tree, seg.searcher.schema)
    n = seg.size
    if q is None:
        return Scored(np.zeros(n), np.zeros(n, dtype=bool), message=_stop_message(parsed))
    scores = np.zeros(n)
    matched = np.zeros(n, dtype=bool)
    for leaf, base in seg.searcher.leaf_searchers():
        m = q.matcher(leaf)
        ids, vals = [], []
        while m.is_active():
            ids.append(m.id())
            vals.append(m.score())
            m.next()
        if ids:
            arr = np.array(ids, dtype=np.int64) + base
            scores[arr] = vals
            matched[arr] = True
    matched &= seg.live()
    return Scored(scores, matched, highlight=set(_tree_terms(parsed.tree)))


# ---- filters ------------------------------------------------------------------------------
def filter_mask(seg: Segments, options: SearchOptions) -> np.ndarray | None:
    from whoosh import query as Q

    from corpus_search.search.dates import date_bounds
    from corpus_search.search.whoosh import person_key

    mask: np.ndarray | None = None

    def both(m: np.ndarray) -> None:
        nonlocal mask
        mask = m if mask is None else mask & m

    if options.doc_type:
        both(_keyword_docs(seg, "doc_type", options.doc_type))
    if options.sentiment:
        both(_keyword_docs(seg, "sentiment", options.sentiment))
    if options.since:
        both(seg.docs_of(Q.NumericRange("date_end", date_bounds(options.since)[0], None)))
    if options.until:
        both(seg.docs_of(Q.NumericRange("date_start", None, date_bounds(options.until)[1])))
    if options.people is not None:
        m = np.zeros(seg.size, dtype=bool)
        for p in options.people:
            m |= _keyword_docs(seg, "people", person_key(p))
        both(m)
    if options.documents is not None:
        m = np.zeros(seg.size, dtype=bool)
        for doc_id in options.documents:
            m[seg.term("doc_id", doc_id)[0]] = True
        both(m)
    if options.org:
        org_terms = terms(options.org)
        m = np.ones(seg.size, dtype=bool) if org_terms else np.zeros(seg.size, dtype=bool)
        for t in org_terms:
            m &= _keyword_docs(seg, "org", t)
        both(m)
    return mask


# ---- the whole search -----------------------------------------------------------------------
def run(ix: Any, query: str, parsed: Parsed, options: SearchOptions, *, text_for: TextsFor,
        names_for: NamesFor | None) -> SearchResult:
    from corpus_search.search.whoosh import is_simple

    with ix.searcher() as searcher:
        if searcher.doc_count() == 0:
            return SearchResult(query=query, total=0, results=[], facets={f: {} for f in FACET_FIELDS},
                                message="the index holds no documents yet")
        seg = Segments(searcher)
        scored = score_plain(seg, parsed, names_for) if is_simple(parsed.tree) else score_explicit(seg, parsed)
        if scored.message:
            return SearchResult(query=query, total=0, results=[], facets={f: {} for f in FACET_FIELDS},
                                message=scored.message)
        mask = filter_mask(seg, options)
        if mask is not None:
            scored.matched &= mask
        result = assemble(seg, scored, options, text_for, query)
        if result.total == 0:
            from corpus_search.search.hints import zero_hits

            result.message, result.suggestions = zero_hits(seg, parsed, options, text_for)
        return result


def assemble(seg: Segments, scored: Scored, options: SearchOptions, text_for: TextsFor, query: str,
             exclude: set[int] = frozenset()) -> SearchResult:  # type: ignore[assignment]
    matched = scored.matched
    for d in exclude:
        matched[d] = False
    docs = np.flatnonzero(matched)
    facets = count_facets(seg, matched)
    groups = Groups(seg, matched) if options.collapse else None
    total = groups.total() if groups else len(docs)
    wanted = options.offset + options.limit
    hits: list[SearchHit] = []
    if wanted and len(docs):
        order = rank(seg, scored, docs, options, wanted, groups)
        page = order[options.offset:wanted]
        texts = text_for([seg.searcher.stored_fields(int(d))["doc_id"] for d in page]) if page else {}
        for d in page:
            hits.append(_hit(seg, int(d), scored, texts, groups))
    return SearchResult(query=query, total=total, results=hits, facets=facets)


def rank(seg: Segments, scored: Scored, docs: np.ndarray, options: SearchOptions, wanted: int,
         groups: Groups | None) -> list[int]:
    """Document numbers of the first `wanted` results (one per near-duplicate group)."""
    stored = seg.searcher.stored_fields
    scores = np.round(scored.scores[docs], 6)
    if options.sort == "date":
        dates = _dates(seg, docs)
        keys = dates * 1e7 + np.clip(scores, 0, 9e6) / 1e0
        key_scores = keys
    else:
        key_scores = scores
    k = wanted * 2 + WINDOW
    while True:
        if k >= len(docs):
            top = docs[np.argsort(-key_scores, kind="stable")]
            cut = None
        else:
            part = np.argpartition(-key_scores, k)[:k]
            threshold = key_scores[part].min()
            tied = np.flatnonzero(key_scores >= threshold)  # every document tied at the cut-off
            top = docs[tied[np.argsort(-key_scores[tied], kind="stable")]]
            cut = threshold
        final = _rerank(seg, scored, top, options) if options.sort == "relevance" else \
            {int(d): float(v) for d, v in zip(top, key_scores[np.searchsorted(docs, top)])}
        ordered = sorted(final, key=lambda d: (-round(final[d], 6), stored(d)["doc_id"]))
        out: list[int] = []
        seen: set[str] = set()
        for d in ordered:
            key = groups.key(d) if groups else str(d)
            if key in seen:
                continue
            seen.add(key)
            out.append(d)
        if len(out) >= wanted or cut is None:
            return out
        k *= 4


def _dates(seg: Segments, docs: np.ndarray) -> np.ndarray:
    column = seg.searcher.reader().column_reader("date_start")
    return np.array([column[int(d)] or 0 for d in docs], dtype=np.float64)


def _rerank(seg: Segments, scored: Scored, top: np.ndarray, options: SearchOptions) -> dict[int, float]:
    """Scores of the candidates with the proximity and phrase bonus (relevance order)."""
    final = {int(d): float(scored.scores[d]) for d in top}
    qterms = scored.proximity_terms
    if len(qterms) < 2:
        return final
    window = [int(d) for d in top[:WINDOW]]
    positions = _positions(seg, [t for t, _ in qterms], window)
    for d in window:
        final[d] *= 1 + proximity_bonus(positions.get(d, {}), qterms)
    return final


def _positions(seg: Segments, qterms: list[str], docs: list[int]) -> dict[int, dict[str, list[int]]]:
    out: dict[int, dict[str, list[int]]] = {}
    by_leaf: dict[int, list[int]] = {}
    bases = [base for _, base in seg.leaves]
    for d in docs:
        i = int(np.searchsorted(bases, d, side="right")) - 1
        by_leaf.setdefault(i, []).append(d)
    for i, ds in by_leaf.items():
        reader, base = seg.leaves[i]
        for t in dict.fromkeys(qterms):
            if ("body", t) not in reader:
                continue
            local_docs = sorted(d - base for d in ds)
            found = whoosh_patches.positions(reader, "body", t, local_docs) if seg.fast else None
            if found is not None:
                for local, pos in found.items():
                    out.setdefault(local + base, {})[t] = pos
                continue
            m = reader.postings("body", t)
            for d in sorted(ds):
                local = d - base
                if not m.is_active():
                    break
                m.skip_to(local)
                if m.is_active() and m.id() == local:
                    out.setdefault(d, {})[t] = list(m.value_as("positions"))
    return out


def _hit(seg: Segments, d: int, scored: Scored, texts: dict[str, str], groups: Groups | None) -> SearchHit:
    from corpus_search.search import snippets

    stored = seg.searcher.stored_fields(d)
    body = texts.get(stored["doc_id"], "")
    snippet, offset = snippets.build(body, scored.highlight)
    page = page_at(stored.get("pages"), offset)
    return SearchHit(
        doc_id=stored["doc_id"], title=stored.get("title", ""), date=stored.get("date"),
        doc_type=stored.get("doc_type", "other"), sentiment=stored.get("sentiment"),
        score=round(float(scored.scores[d]), 4), snippet=snippet,
        duplicates=groups.others(d) if groups else [], page=page,
    )


# ---- near-duplicate groups and facets -------------------------------------------------------
class Groups:
    """Near-duplicate groups among the matched documents: a document's key is the group it was
    marked a duplicate of (`dup_of`), else its own id."""

    def __init__(self, seg: Segments, matched: np.ndarray) -> None:
        self.seg = seg
        self.matched = matched
        self.dup = np.full(seg.size, -1, dtype=np.int64)
        self.labels: list[str] = []
        index: dict[str, int] = {}
        for reader, base in seg.leaves:
            refs = whoosh_patches.column_refs(reader, "dup_of") if seg.fast else None
            if refs is None:
                column = reader.column_reader("dup_of") if reader.has_column("dup_of") else None
                if column is None:
                    continue
                local = np.flatnonzero(matched[base:base + reader.doc_count_all()])
                values = [column[int(i)] for i in local]
                for i, v in zip(local, values):
                    v = v.decode() if isinstance(v, bytes) else v
                    if v:
                        self.dup[base + i] = index.setdefault(v, len(index))
                continue
            arr, uniques = refs
            for ref, value in enumerate(uniques):
                value = value.decode() if isinstance(value, bytes) else value
                if not value:
                    continue
                docs = np.flatnonzero(arr == ref)
                if len(docs):
                    self.dup[docs + base] = index.setdefault(value, len(index))
        self.labels = list(index)

    def key(self, d: int) -> str:
        g = self.dup[d]
        return self.labels[g] if g >= 0 else self.seg.searcher.stored_fields(d)["doc_id"]

    def total(self) -> int:
        matched = self.matched
        plain = int(np.count_nonzero(matched & (self.dup < 0)))
        extra = 0
        for g in set(self.dup[matched & (self.dup >= 0)].tolist()):  # not np.unique: it imports numpy.ma (20 ms)
            owner = self.seg.searcher.document_number(doc_id=self.labels[int(g)])
            if owner is None or not matched[owner] or self.dup[owner] >= 0:
                extra += 1
        return plain + extra

    def others(self, d: int) -> list[str]:
        key = self.key(d)
        stored = self.seg.searcher.stored_fields
        out = []
        if key in self.labels:
            g = self.labels.index(key)
            for o in np.flatnonzero(self.matched & (self.dup == g)):
                out.append(stored(int(o))["doc_id"])
            owner = self.seg.searcher.document_number(doc_id=key)
            if owner is not None and self.matched[owner]:
                out.append(key)
        me = stored(d)["doc_id"]
        return sorted(set(out) - {me})


def count_facets(seg: Segments, matched: np.ndarray) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
    for reader, base in seg.leaves:
        local = matched[base:base + reader.doc_count_all()]
        if not local.any():
            continue
        for f in FACET_FIELDS:
            refs = whoosh_patches.column_refs(reader, f) if seg.fast else None
            if refs is None:
                column = reader.column_reader(f) if reader.has_column(f) else None
                if column is None:
                    continue
                for i in np.flatnonzero(local):
                    v = column[int(i)]
                    v = v.decode() if isinstance(v, bytes) else v
                    if v:
                        counts[f][v] = counts[f].get(v, 0) + 1
                continue
            arr, uniques = refs
            binc = np.bincount(arr[local], minlength=len(uniques))
            for ref, c in enumerate(binc):
                value = uniques[ref]
                value = value.decode() if isinstance(value, bytes) else value
                if c and value:
                    counts[f][value] = counts[f].get(value, 0) + int(c)
    return {f: dict(sorted(v.items())) for f, v in counts.items()}
