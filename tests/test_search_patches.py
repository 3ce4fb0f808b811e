"""The fast private paths of whoosh_patches against unpatched Whoosh, in the same test run.

The same queries go through the patched arrays and through the public matcher API (the path
taken on any Whoosh version but the pinned one); results, scores, totals and facets must match.
The plain-word scores must also equal Whoosh's own BM25F for the same OR query.
"""
from __future__ import annotations

import pytest

from corpus_search import search
from corpus_search.search import SearchOptions, whoosh_patches

WORDS = ["budget", "caseloads", "council", "inspection", "housing", "school", "grant", "review"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """Three commits (three segments) and a deletion over a made-up corpus."""
    home = tmp_path_factory.mktemp("patches") / "whoosh"
    docs = []
    for i in range(90):
        picked = [WORDS[j] for j in range(len(WORDS)) if (i >> (j % 6)) & 1] or ["council"]
        docs.append({
            "doc_id": f"d{i:02d}", "title": f"Item {i} " + picked[0], "text": " ".join(picked * (1 + i % 4)) + f" n{i}",
            "doc_type": ("news", "minutes", "press_release")[i % 3], "sentiment": ("positive", "neutral")[i % 2],
            "date": None if i % 7 == 0 else f"{2010 + i % 5}-0{1 + i % 9}", "people": ["Ann Lee"] if i % 4 == 0 else [],
        })
    writer = search.IndexWriter(home)
    for start in range(0, 90, 30):
        writer.write(docs[start : start + 30])
    writer.write([], delete_ids=["d05", "d33", "d61"])
    writer.close()
    return home


def _run(home, query, monkeypatch, patched, **kw):
    monkeypatch.setenv("CORPUS_SEARCH_WHOOSH_PATCHES", "1" if patched else "0")
    assert whoosh_patches.available() is patched
    result = search.open_index(home).search(query, SearchOptions(limit=100, **kw), text_for=lambda ids: {})
    return result.total, [(h.doc_id, h.score) for h in result.results], result.facets


@pytest.mark.parametrize("query,kw", [
    ("budget", {}), ("budget caseloads", {}), ("budget caseloads grant school", {}), ("budget -school", {}),
    ("+budget grant", {}), ("budget caseloads", {"require_all": True}), ("housing review", {"doc_type": "news"}),
    ("council", {"since": "2012", "until": "2013"}), ("council", {"people": ["Ann Lee"]}), ("budget", {"sort": "date"}),
    ("housing review budget", {}), ("grant school council inspection", {}),
    ('"budget caseloads"', {}), ("(budget OR grant) NOT school", {}),
])
def test_patched_and_unpatched_give_the_same_results(home, monkeypatch, query, kw):
    assert whoosh_patches.available(), "the pinned Whoosh version is installed"
    fast = _run(home, query, monkeypatch, True, **kw)
    slow = _run(home, query, monkeypatch, False, **kw)
    assert fast == slow
    assert fast[0] > 0


def test_plain_scores_are_whooshs_bm25f(home):
    """Before coordination and proximity, a plain word's score is Whoosh's BM25F of Or(title, body, names)."""
    from whoosh import query as Q

    from corpus_search.search.ranking import Segments, score_plain
    from corpus_search.search.query import parse
    from corpus_search.search.whoosh import open_ix

    ix = open_ix(home)
    with ix.searcher() as searcher:
        ours = score_plain(Segments(searcher), parse("budget"), None)
        q = Q.Or([Q.Term("title", "budget"), Q.Term("body", "budget"), Q.Term("names", "budget")])
        theirs = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
        assert set(theirs) == set(int(d) for d in ours.matched.nonzero()[0])
        for docnum, score in theirs.items():
            assert ours.scores[docnum] == pytest.approx(score, rel=1e-6)


def test_other_whoosh_versions_are_refused(monkeypatch):
    import whoosh

    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    assert not whoosh_patches.available()
