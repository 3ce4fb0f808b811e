"""More like this: the documents most like a given one, ranked as an optional-word search over
its most distinctive words (count × idf), the document itself left out."""
from __future__ import annotations

from typing import Any

from corpus_search.errors import NotFound
from corpus_search.models import SearchResult
from corpus_search.search.analysis import terms
from corpus_search.search.base import SearchOptions, TextsFor
from corpus_search.search.query import Group, Parsed, Words
from corpus_search.search.ranking import Segments, assemble, score_plain

SIMILAR_TERMS = 25


def similar(ix: Any, doc_id: str, *, text_for: TextsFor, limit: int, collapse: bool) -> SearchResult:
    from collections import Counter

    from corpus_search.search.query import Clause

    with ix.searcher() as searcher:
        d = searcher.document_number(doc_id=doc_id)
        if d is None:
            raise NotFound(f"no document {doc_id!r} in the index; `corpus-search status` lists what is indexed")
        stored = searcher.stored_fields(d)
        text = (stored.get("title") or "") + "\n" + text_for([doc_id]).get(doc_id, "")
        counts = Counter(t for t in terms(text) if not t[:1].isdigit())
        seg = Segments(searcher)
        weight = {t: c * searcher.idf("body", t) for t, c in counts.items() if ("body", t) in searcher.reader()}
        best = sorted(weight, key=lambda t: (-weight[t], t))[:SIMILAR_TERMS]
        if not best:
            return SearchResult(
                query=doc_id, total=0, results=[], facets={}, message="the document has no words to compare"
            )
        parsed = Parsed(tree=Group([Clause(Words(t, analysed=True)) for t in best]), explicit=False, plain=[])
        scored = score_plain(seg, parsed, None)
        options = SearchOptions(limit=limit, collapse=collapse)
        result = assemble(seg, scored, options, text_for, doc_id, exclude={d})
        result.facets = {}
        return result

