"""The page of results over a tantivy index: order (relevance or date, ties by doc_id), one result
per near-duplicate group with the others listed, totals counting groups, facets, snippets and
pages, as `ranking.assemble` does for Whoosh."""
from __future__ import annotations

import math
from typing import Any

from corpus_search.models import SearchHit, SearchResult
from corpus_search.search.base import SearchOptions, TextsFor
from corpus_search.search.scoring import WINDOW, page_at
from corpus_search.search.tantivy_index import NONE
from corpus_search.search.tantivy_rank import (
    COORD,
    FACET_FIELDS,
    FIRST_K,
    Ctx,
    Plan,
    _exact_scores,
    _key,
    proximity,
    ranked,
)

FACET_SIZE = 65_000


def assemble(ctx: Ctx, plan: Plan, options: SearchOptions, text_for: TextsFor, query: str) -> SearchResult:
    facets, groups = count_facets(ctx, plan.match)
    total = total_groups(ctx, plan.match, groups) if options.collapse else sum(groups.values())
    wanted = options.offset + options.limit
    hits: list[SearchHit] = []
    if wanted and total:
        page = order(ctx, plan, options, wanted)[options.offset:wanted]
        texts = text_for([ctx.meta(a)["doc_id"] for a, _s in page]) if page else {}
        others = duplicates(ctx, plan, [a for a, _s in page]) if options.collapse else {}
        for addr, score in page:
            hits.append(_hit(ctx, addr, score, plan, texts, others))
    return SearchResult(query=query, total=total, results=hits, facets=facets)


def all_hits(ctx: Ctx, q: Any) -> list[tuple[float, Any]]:
    return ctx.hits(q, ctx.count(q))


def order(ctx: Ctx, plan: Plan, options: SearchOptions, wanted: int) -> list[tuple[Any, float]]:
    """(address, score) of the first `wanted` results, one per near-duplicate group."""
    k = wanted * 2 + WINDOW
    while True:
        if options.sort == "date":
            top, complete = _by_date(ctx, plan, k)
            ordered = sorted(top, key=lambda x: (-x[2], -round(x[1], 6), ctx.meta(x[0])["doc_id"]))
            pairs = [(a, s) for a, s, _d in ordered]
        else:
            found, complete = ranked(ctx, plan, k)
            found.sort(key=lambda x: (-round(x[1], 6), ctx.meta(x[0])["doc_id"]))
            if len(found) > k:  # the k best and every one tied with the k-th (as Whoosh's rank)
                cut = round(found[k - 1][1], 6)
                found = [x for x in found if round(x[1], 6) >= cut]
            final = proximity(ctx, plan, found)
            pairs = sorted(found, key=lambda x: (-round(final[_key(x[0])], 6), ctx.meta(x[0])["doc_id"]))
        out: list[tuple[Any, float]] = []
        seen: set[str] = set()
        for addr, score in pairs:
            meta = ctx.meta(addr)
            key = (meta.get("dup_of") or meta["doc_id"]) if options.collapse else meta["doc_id"]
            if key in seen:
                continue
            seen.add(key)
            out.append((addr, score))
        if len(out) >= wanted or complete:
            return out
        k *= 4


def _by_date(ctx: Ctx, plan: Plan, k: int) -> tuple[list[tuple[Any, float, int]], bool]:
    """The newest k matches (every one on the k-th's day included) with their scores."""
    K = max(k, FIRST_K)
    got = ctx.hits(plan.match, K + 1, order_by="sort_date")
    complete = len(got) <= K
    got = got[:K]
    if not complete:
        last = int(got[-1][0])
        same_day = ctx.all_of(plan.match, ctx.Q.range_query(ctx.schema, "sort_date", ctx.FT.Integer, last, last))
        got = [g for g in got if int(g[0]) > last] + [(last, a) for _s, a in all_hits(ctx, same_day)]
    dates = {_key(a): int(d) for d, a in got}
    addrs = [a for _d, a in got]
    if plan.coded is None:
        ids = sorted({ctx.meta(a)["doc_id"] for a in addrs})
        scores = {_key(a): s for s, a in ctx.hits(ctx.all_of(plan.score, ctx.terms_in("doc_id", ids)), len(ids))}
    else:
        ids = sorted({ctx.meta(a)["doc_id"] for a in addrs})
        coded = ctx.hits(ctx.all_of(plan.coded, ctx.terms_in("doc_id", ids)), len(ids))
        held = {_key(a): math.floor(s / plan.big + 1e-6) for s, a in coded}
        exact = _exact_scores(ctx, plan, addrs)
        scores = {key: exact.get(key, 0.0) * (held.get(key, 0) / plan.n_terms) ** COORD for key in held}
    return [(a, scores.get(_key(a), 0.0), dates[_key(a)]) for a in addrs], complete


def duplicates(ctx: Ctx, plan: Plan, addrs: list[Any]) -> dict[tuple[int, int], list[str]]:
    """For each result, the other matched members of its near-duplicate group."""
    keys = {_key(a): ctx.meta(a).get("dup_of") or ctx.meta(a)["doc_id"] for a in addrs}
    if not keys:
        return {}
    labels = sorted(set(keys.values()))
    members: dict[str, set[str]] = {}
    for _s, a in all_hits(ctx, ctx.all_of(plan.match, ctx.terms_in("dup_of", labels))):
        meta = ctx.meta(a)
        members.setdefault(meta["dup_of"], set()).add(meta["doc_id"])
    owners = {ctx.meta(a)["doc_id"] for _s, a in
              ctx.hits(ctx.all_of(plan.match, ctx.terms_in("doc_id", labels)), len(labels))}
    out = {}
    for addr in addrs:
        me = ctx.meta(addr)["doc_id"]
        key = keys[_key(addr)]
        group = set(members.get(key, set()))
        if key in owners:
            group.add(key)
        out[_key(addr)] = sorted(group - {me})
    return out


def total_groups(ctx: Ctx, match: Any, groups: dict[str, int]) -> int:
    """Matched documents, a near-duplicate group counted once (`groups`: matched documents per
    dup_of value, NONE for those that are no one's near-duplicate)."""
    plain = groups.get(NONE, 0)
    labels = sorted(g for g in groups if g != NONE)
    if not labels:
        return plain
    owned = ctx.count(ctx.all_of(match, ctx.terms_in("doc_id", labels), ctx.term("dup_of", NONE, basic=True)))
    return plain + len(labels) - owned


def count_facets(ctx: Ctx, match: Any) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Facet counts of the matched documents, and how many of them have each dup_of value (one
    aggregation over the match)."""
    agg = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in (*FACET_FIELDS, "dup_of")}
    got = ctx.searcher.aggregate(match, agg)
    out: dict[str, dict[str, int]] = {}
    for f in (*FACET_FIELDS, "dup_of"):
        buckets = got.get(f, {}).get("buckets", [])
        out[f] = dict(sorted((str(b["key"]), int(b["doc_count"])) for b in buckets if b["key"] not in ("", None)))
    groups = out.pop("dup_of")
    return out, groups


def _hit(ctx: Ctx, addr: Any, score: float, plan: Plan, texts: dict[str, str],
         others: dict[tuple[int, int], list[str]]) -> SearchHit:
    from corpus_search.search import snippets

    meta = ctx.meta(addr)
    body = texts.get(meta["doc_id"], "")
    snippet, offset = snippets.build(body, plan.highlight)
    page = page_at(meta.get("pages"), offset)
    return SearchHit(
        doc_id=meta["doc_id"], title=meta.get("title", ""), date=meta.get("date"),
        doc_type=meta.get("doc_type", "other"), sentiment=meta.get("sentiment"),
        score=round(float(score), 4), snippet=snippet, duplicates=others.get(_key(addr), []), page=page,
    )
