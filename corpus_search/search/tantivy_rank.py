"""Ranking over a tantivy index: the design of `ranking` (the Whoosh engine), built as tantivy queries.

Plain words: score = Σ over query terms and the fields title (boosted ×2), body and names of
tantivy's BM25, times the share of the query's terms the document holds; the best WINDOW
candidates then gain up to 60% for query words standing close together in the body and for the
whole query as a phrase. tantivy sums clause scores but has no "share of terms", so one query
scores every document BIG·(terms held) + BM25, with BIG above any BM25 sum it can give; its top
hits decode into both numbers. An unseen document can score at most
max(S_K·c_K, S_max·(c_K − 1)) / n (S_K, c_K: the last hit; S_max: the best BM25 of all), so
the candidates are widened until the k-th best beats that bound: the top k are exact. Their
BM25 sums are then re-read exactly (f32 decoding loses digits). Explicit syntax is scored by
tantivy's own BM25. Filters, ties broken by doc_id, near-duplicate groups, totals, facets,
snippets and hints behave as with Whoosh.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from corpus_search.models import SearchResult
from corpus_search.search.analysis import _TOKEN, SearchTokenizer, normalise_word, terms
from corpus_search.search.base import NamesFor, SearchOptions, TextsFor
from corpus_search.search.dates import date_bounds
from corpus_search.search.query import AllOf, AnyOf, Group, Node, Parsed, Words
from corpus_search.search.scoring import (
    COORD,
    MAX_TERMS,
    PHRASE,
    PROXIMITY,
    WINDOW,
    _name_candidates,
    _query_terms,
    _stop_message,
    _tree_terms,
    is_simple,
    proximity_bonus,
)
from corpus_search.search.tantivy_index import person_key, read_meta

FACET_FIELDS = ("doc_type", "year", "sentiment")
RANK_FIELDS = ("title", "body", "names")
TITLE_BOOST = 2.0
K1 = 1.2
FIRST_K = 200  # candidates asked for at first
BIG_LIMIT = 1_000_000


class Ctx:
    """One searcher (a consistent set of segments) and the query builders over it."""

    def __init__(self, ix: Any) -> None:
        import tantivy

        self.Q = tantivy.Query
        self.O = tantivy.Occur
        self.FT = tantivy.FieldType
        self.schema = ix.schema
        self.searcher = ix.searcher()
        self.n = self.searcher.num_docs
        self._df: dict[tuple[str, str], int] = {}
        self._meta: dict[tuple[int, int], dict[str, Any]] = {}

    def df(self, f: str, t: str) -> int:
        key = (f, t)
        if key not in self._df:
            self._df[key] = self.searcher.doc_freq(f, t)
        return self._df[key]

    def term(self, f: str, t: str, basic: bool = False) -> Any:
        return self.Q.term_query(self.schema, f, t, index_option="basic" if basic else "freq")

    def terms_in(self, f: str, values: list[str]) -> Any:
        return self.Q.term_set_query(self.schema, f, values) if values else self.Q.empty_query()

    def zero(self, q: Any) -> Any:
        return self.Q.const_score_query(q, 0.0)

    def all_of(self, q: Any, *musts: Any, nots: tuple[Any, ...] = ()) -> Any:
        clauses = [(self.O.Must, q)] + [(self.O.Must, self.zero(m)) for m in musts]
        return self.Q.boolean_query(clauses + [(self.O.MustNot, x) for x in nots])

    def hits(self, q: Any, limit: int, order_by: str | None = None) -> list[tuple[float, Any]]:
        if limit <= 0 or not self.n:
            return []
        if order_by:
            return list(self.searcher.search(q, limit, count=False, order_by_field=order_by).hits)
        return list(self.searcher.search(q, limit, count=False).hits)

    def count(self, q: Any) -> int:
        return int(self.searcher.search(q, 1, count=True).count) if self.n else 0

    def meta(self, addr: Any) -> dict[str, Any]:
        key = (addr.segment_ord, addr.doc)
        if key not in self._meta:
            self._meta[key] = read_meta(self.searcher, addr)
        return self._meta[key]

    def text(self, addr: Any) -> str:
        return bytes(self.searcher.doc(addr).get_first("text") or b"").decode()

    def whoosh_idf(self, f: str, t: str) -> float:
        return math.log(self.n / (self.df(f, t) + 1)) + 1

    def bm25_bound(self, f: str, t: str) -> float:
        df = self.df(f, t)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) * (K1 + 1)


def _key(addr: Any) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


@dataclass
class Plan:
    """The queries of one search: `match` (unscored), `score` (its score), and for plain words
    `coded` (BIG·terms held + score) over `n_terms` query terms."""

    match: Any = None
    score: Any = None
    coded: Any = None
    big: float = 0.0
    n_terms: int = 0
    highlight: set[str] = field(default_factory=set)
    proximity_terms: list[tuple[str, int]] = field(default_factory=list)
    message: str | None = None


# ---- filters --------------------------------------------------------------------------------
def filters(ctx: Ctx, options: SearchOptions) -> list[Any]:
    out = []
    if options.doc_type:
        out.append(ctx.term("doc_type", options.doc_type, basic=True))
    if options.sentiment:
        out.append(ctx.term("sentiment", options.sentiment, basic=True))
    if options.since:
        out.append(ctx.Q.range_query(ctx.schema, "date_end", ctx.FT.Integer, date_bounds(options.since)[0], None))
    if options.until:
        out.append(ctx.Q.range_query(ctx.schema, "date_start", ctx.FT.Integer, None, date_bounds(options.until)[1]))
    if options.people is not None:
        out.append(ctx.terms_in("people", sorted({person_key(p) for p in options.people})))
    if options.documents is not None:
        out.append(ctx.terms_in("doc_id", sorted(set(options.documents))))
    if options.org:
        org_terms = terms(options.org)
        out.extend(ctx.term("org", t, basic=True) for t in org_terms)
        if not org_terms:
            out.append(ctx.Q.empty_query())
    return out


# ---- plain words ----------------------------------------------------------------------------
def plan_plain(ctx: Ctx, parsed: Parsed, names_for: NamesFor | None, musts: list[Any], nots_q: list[Any]) -> Plan:
    Q, Occ = ctx.Q, ctx.O
    should: list[str] = []
    must: list[str] = []
    nots: list[str] = []
    for clause in parsed.tree.clauses:
        assert isinstance(clause.node, Words)
        found = [clause.node.text] if clause.node.analysed else terms(clause.node.text)
        {"should": should, "must": must, "not": nots}[clause.occur].extend(found)
    positive = list(dict.fromkeys(must + should))[:MAX_TERMS]
    excluded = nots_q + [_any_field(ctx, t) for t in nots if _any_field(ctx, t) is not None]
    if not positive:
        if nots and not any(c.occur != "not" for c in parsed.tree.clauses):
            match = ctx.all_of(Q.all_query(), *musts, nots=tuple(excluded))
            return Plan(match=match, score=ctx.zero(match))
        return Plan(message=_stop_message(parsed))
    presence: dict[str, list[Any]] = {t: [ctx.term(f, t, basic=True) for f in RANK_FIELDS if ctx.df(f, t)]
                                      for t in positive}
    scoring: list[Any] = []
    bound = 0.0
    for t in positive:
        for f in RANK_FIELDS:
            if ctx.df(f, t):
                boost = TITLE_BOOST if f == "title" else 1.0
                q = ctx.term(f, t)
                scoring.append(Q.boost_query(q, boost) if boost != 1.0 else q)
                bound += boost * ctx.bm25_bound(f, t)
    # a person the query names counts as holding those words (the text may say "Mr R J Smith")
    if names_for is not None:
        for phrase in _name_candidates(parsed.plain):
            names = names_for(phrase)
            covered = [t for t in terms(phrase) if t in presence] if names else []
            if not covered:
                continue
            person = ctx.terms_in("people", sorted({person_key(n) for n in names}))
            bonus = sum(ctx.whoosh_idf("names", t) for t in covered)
            scoring.append(Q.const_score_query(person, bonus))
            bound += bonus
            for t in covered:
                presence[t].append(person)
    held = {t: (Q.boolean_query([(Occ.Should, p) for p in ps]) if len(ps) > 1 else ps[0])
            for t, ps in presence.items() if ps}
    if not held or any(t not in held for t in set(must)):
        return Plan(match=Q.empty_query(), n_terms=len(positive))
    required = [held[t] for t in dict.fromkeys(must)] + musts
    tail = [(Occ.Must, ctx.zero(r)) for r in required] + [(Occ.MustNot, x) for x in excluded]
    match = Q.boolean_query([(Occ.Should, h) for h in held.values()] + tail, 1)
    score = Q.boolean_query([(Occ.Should, s) for s in scoring] + tail, 1)
    big = float(2 ** math.ceil(math.log2(bound * 1.01 + 1)))
    coded = Q.boolean_query([(Occ.Should, s) for s in scoring]
                            + [(Occ.Should, Q.const_score_query(h, big)) for h in held.values()] + tail, 1)
    plain_text = " ".join(parsed.plain)
    return Plan(match=match, score=score, coded=coded, big=big, n_terms=len(positive), highlight=set(positive),
                proximity_terms=[tp for tp in _query_terms(plain_text) if tp[0] in set(positive)])


def _any_field(ctx: Ctx, t: str) -> Any | None:
    qs = [ctx.term(f, t, basic=True) for f in RANK_FIELDS if ctx.df(f, t)]
    if not qs:
        return None
    return ctx.Q.boolean_query([(ctx.O.Should, q) for q in qs]) if len(qs) > 1 else qs[0]


# ---- explicit syntax ------------------------------------------------------------------------
def compile_node(ctx: Ctx, node: Node) -> Any | None:
    """A parsed query node → a tantivy query (None when it holds no searchable terms), as
    `whoosh.compile_node` builds it for Whoosh."""
    Q, Occ = ctx.Q, ctx.O
    if isinstance(node, Words):
        if node.field in (None, "title", "body", "org"):
            fields = RANK_FIELDS if node.field is None else (node.field,)
            words = terms(node.text)
            if not words:
                return None
            if node.phrase and len(words) > 1:
                phrase: list[str | tuple[int, str]] = list(words)
                subs = [Q.phrase_query(ctx.schema, f, phrase) for f in fields if f in ("title", "body")]
                return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, s) for s in subs])
            per_word = [Q.boolean_query([(Occ.Should, ctx.term(f, w)) for f in fields]) if len(fields) > 1
                        else ctx.term(fields[0], w) for w in words]
            if len(per_word) == 1:
                return per_word[0]
            occur = Occ.Must if node.phrase or node.field else Occ.Should
            return Q.boolean_query([(occur, p) for p in per_word])
        value = node.text.strip()
        if node.field == "people":
            return ctx.term("people", person_key(value), basic=True)
        return ctx.term(node.field, value, basic=True)
    if isinstance(node, AllOf):
        parts = [q for q in (compile_node(ctx, p) for p in node.parts) if q is not None]
        return Q.boolean_query([(Occ.Must, p) for p in parts]) if parts else None
    if isinstance(node, AnyOf):
        parts = [q for q in (compile_node(ctx, p) for p in node.options) if q is not None]
        return Q.boolean_query([(Occ.Should, p) for p in parts]) if parts else None
    assert isinstance(node, Group)
    must: list[Any] = []
    should: list[Any] = []
    nots: list[Any] = []
    for clause in node.clauses:
        q = compile_node(ctx, clause.node)
        if q is not None:
            {"must": must, "should": should, "not": nots}[clause.occur].append(q)
    if not must and not should and not nots:
        return None
    if not must and not should:
        must = [Q.all_query()]
    clauses = [(Occ.Must, q) for q in must] + [(Occ.Should, q) for q in should] + [(Occ.MustNot, q) for q in nots]
    return Q.boolean_query(clauses, None if must else 1)


def plan_explicit(ctx: Ctx, parsed: Parsed, musts: list[Any], nots_q: list[Any]) -> Plan:
    q = compile_node(ctx, parsed.tree)
    if q is None:
        return Plan(message=_stop_message(parsed))
    match = ctx.all_of(q, *musts, nots=tuple(nots_q))
    return Plan(match=match, score=match, highlight=set(_tree_terms(parsed.tree)))


# ---- the whole search -----------------------------------------------------------------------
def run(ix: Any, query: str, parsed: Parsed, options: SearchOptions, *, text_for: TextsFor,
        names_for: NamesFor | None, exclude: str | None = None) -> SearchResult:
    ctx = Ctx(ix)
    empty_facets: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
    if ctx.n == 0:
        return SearchResult(query=query, total=0, results=[], facets=empty_facets,
                            message="the index holds no documents yet")
    musts = filters(ctx, options)
    nots_q = [ctx.term("doc_id", exclude, basic=True)] if exclude else []
    plan = plan_plain(ctx, parsed, names_for, musts, nots_q) if is_simple(parsed.tree) else \
        plan_explicit(ctx, parsed, musts, nots_q)
    if plan.message:
        return SearchResult(query=query, total=0, results=[], facets=empty_facets, message=plan.message)
    from corpus_search.search.tantivy_results import assemble

    result = assemble(ctx, plan, options, text_for, query)
    if result.total == 0 and exclude is None:
        result.message, result.suggestions = _zero_hits(ctx, parsed, text_for)
    return result


def ranked(ctx: Ctx, plan: Plan, k: int) -> tuple[list[tuple[Any, float]], bool]:
    """At least the k best (address, score) by relevance (every one tied at the cut included),
    best first; and whether these are all the matches.

    Two lists, as in the threshold algorithm: the top K by (terms held, BM25) from `coded` and the
    top K by BM25 from `score`. A document missing from the first holds at most c_last terms
    (and then BM25 ≤ s_last); one missing from both also has BM25 ≤ s_K, the K-th of the second.
    A document only in the second is looked up when its BM25 × c_last could still make the top k.
    """
    if plan.coded is None:
        return _ranked_explicit(ctx, plan, k)
    n = plan.n_terms
    K = max(4 * k, FIRST_K)
    while True:
        got = ctx.hits(plan.coded, K + 1)
        exhaustive = len(got) <= K
        cands: dict[tuple[int, int], tuple[Any, int, float]] = {}
        for score, addr in got[:K]:
            c = math.floor(score / plan.big + 1e-6)
            cands[_key(addr)] = (addr, c, score - c * plan.big)
        if exhaustive or len(cands) < k:
            break
        _a, c_last, s_last = list(cands.values())[-1]
        by_score = ctx.hits(plan.score, K + 1)
        kth = sorted((s * c / n for _a, c, s in cands.values()), reverse=True)[k - 1]
        extra = [a for s, a in by_score[:K] if _key(a) not in cands and s * c_last / n >= kth]
        if extra:
            ids = sorted({ctx.meta(a)["doc_id"] for a in extra})
            for score, addr in ctx.hits(ctx.all_of(plan.coded, ctx.terms_in("doc_id", ids)), len(ids)):
                c = math.floor(score / plan.big + 1e-6)
                cands[_key(addr)] = (addr, c, score - c * plan.big)
            kth = sorted((s * c / n for _a, c, s in cands.values()), reverse=True)[k - 1]
        if len(by_score) <= K:
            break  # every match is in the second list, so none is unseen
        s_k = by_score[K - 1][0]
        bound = max(c_last * min(s_last, s_k), (c_last - 1) * s_k) / n
        if kth > bound * (1 + 1e-4):
            break
        K *= 4
    finals = sorted((s * c / n for _a, c, s in cands.values()), reverse=True)
    cut = finals[min(k, len(finals)) - 1] * (1 - 1e-3) if finals else 0.0
    chosen = [(a, c) for a, c, s in cands.values() if s * c / n >= cut]
    exact = _exact_scores(ctx, plan, [a for a, _c in chosen])
    out = [(a, exact.get(_key(a), 0.0) * (c / n) ** COORD) for a, c in chosen]
    out.sort(key=lambda x: -x[1])
    return out, exhaustive and len(chosen) == len(cands)


def _exact_scores(ctx: Ctx, plan: Plan, addrs: list[Any]) -> dict[tuple[int, int], float]:
    ids = sorted({ctx.meta(a)["doc_id"] for a in addrs})
    got = ctx.hits(ctx.all_of(plan.score, ctx.terms_in("doc_id", ids)), len(ids))
    return {_key(a): s for s, a in got}


def _ranked_explicit(ctx: Ctx, plan: Plan, k: int) -> tuple[list[tuple[Any, float]], bool]:
    K = max(2 * k, FIRST_K)
    while True:
        got = ctx.hits(plan.score, K + 1)
        if len(got) <= K:
            return [(a, s) for s, a in got], True
        # every document tied with the k-th must be seen (ties are broken by doc_id)
        if round(got[K - 1][0], 6) < round(got[k - 1][0], 6):
            cut = round(got[k - 1][0], 6)
            return [(a, s) for s, a in got if round(s, 6) >= cut], False
        K *= 4


_TOKENS: dict[str, str | tuple[tuple[tuple[int, str], ...], int]] = {}  # a token as written → its terms


def _token_terms(word: str) -> str | tuple[tuple[tuple[int, str], ...], int]:
    """What `SearchTokenizer` indexes for one token as written: the term itself when it is one
    term at one position (most words; "" for a stop word), else ((offset, term), ...) and how many
    positions it takes (a hyphenated word)."""
    found = _TOKENS.get(word)
    if found is None:
        emitted = tuple((tok.pos, tok.text) for tok in SearchTokenizer()(word, positions=True))
        normal = normalise_word(word)
        width = len(normal.split("-")) if "-" in normal else 1
        if width == 1 and len(emitted) <= 1:
            found = emitted[0][1] if emitted else ""
        else:
            found = (emitted, width)
        if len(_TOKENS) < 500_000:
            _TOKENS[word] = found
    return found


def positions(text: str, wanted: set[str]) -> dict[str, list[int]]:
    """Index positions of the `wanted` terms in a body, as `SearchTokenizer` numbers them."""
    pos: dict[str, list[int]] = {}
    at = 0
    get = _TOKENS.get
    for word in _TOKEN.findall(text):
        info = get(word)
        if info is None:
            info = _token_terms(word)
        if isinstance(info, str):
            if info in wanted:
                pos.setdefault(info, []).append(at)
            at += 1
            continue
        emitted, width = info
        for offset, term in emitted:
            if term in wanted:
                pos.setdefault(term, []).append(at + offset)
        at += width
    return pos


def proximity(ctx: Ctx, plan: Plan, top: list[tuple[Any, float]]) -> dict[tuple[int, int], float]:
    """Scores of the candidates with the proximity and phrase bonus (as `ranking._rerank`), asked
    of tantivy's positions over the WINDOW best: a pair of neighbouring query words is close in a
    document when it holds them at their distance in the query ± 2 (a phrase query with slop 2:
    |Δposition − gap| ≤ 2), and the whole query is a phrase when it holds them all at their
    offsets (slop 0). `proximity_by_text` computes the same from the stored body."""
    final = {_key(a): s for a, s in top}
    qterms = plan.proximity_terms
    if len(qterms) < 2:
        return final
    window = top[:WINDOW]
    ids = sorted({ctx.meta(a)["doc_id"] for a, _s in window})
    inside = ctx.terms_in("doc_id", ids)

    def holding(q: Any) -> set[tuple[int, int]]:
        return {_key(a) for _s, a in ctx.hits(ctx.all_of(q, inside), len(ids))}

    close: dict[tuple[int, int], int] = {}
    for (a, pa), (b, pb) in itertools.pairwise(qterms):
        gap = pb - pa
        if a == b and gap <= 2:  # one occurrence is the pair (as the positions check counts it)
            q = ctx.term("body", a)
        else:
            q = ctx.Q.phrase_query(ctx.schema, "body", [(0, a), (gap, b)], 2)
        for key in holding(q):
            close[key] = close.get(key, 0) + 1
    phrase: set[tuple[int, int]] = set()
    if len(qterms) <= 8:
        first_pos = qterms[0][1]
        words: list[str | tuple[int, str]] = [(tp - first_pos, t) for t, tp in qterms]
        phrase = holding(ctx.Q.phrase_query(ctx.schema, "body", words, 0))
    for addr, _s in window:
        key = _key(addr)
        bonus = PROXIMITY * close.get(key, 0) / (len(qterms) - 1) + (PHRASE if key in phrase else 0.0)
        final[key] *= 1 + bonus
    return final


def proximity_by_text(ctx: Ctx, plan: Plan, top: list[tuple[Any, float]]) -> dict[tuple[int, int], float]:
    """`proximity` from the positions of the stored body, as `ranking._rerank` reads them from
    Whoosh's postings (the reference the tests hold `proximity` to)."""
    final = {_key(a): s for a, s in top}
    qterms = plan.proximity_terms
    if len(qterms) < 2:
        return final
    wanted = {t for t, _ in qterms}
    for addr, _s in top[:WINDOW]:
        final[_key(addr)] *= 1 + proximity_bonus(positions(ctx.text(addr), wanted), qterms)
    return final


def _zero_hits(ctx: Ctx, parsed: Parsed, text_for: TextsFor) -> tuple[str | None, list[str]]:
    from corpus_search.search.hints import explain

    def lexicon() -> list[str]:
        return [t for f in ("body", "title") for t, _n in ctx.searcher.terms_with_prefix(f, "")]

    def first_doc(f: str, t: str) -> tuple[str, str] | None:
        got = ctx.hits(ctx.term(f, t, basic=True), 1) if ctx.df(f, t) else []
        if not got:
            return None
        meta = ctx.meta(got[0][1])
        return meta["doc_id"], meta.get("title") or ""

    return explain(parsed, lambda f, t: ctx.df(f, t) > 0, lexicon, first_doc, text_for)


__all__ = ["BIG_LIMIT", "Ctx", "Plan", "compile_node", "ranked", "run"]
