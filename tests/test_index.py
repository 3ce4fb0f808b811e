"""Search over the real index built from the demo corpus."""
from __future__ import annotations

import pytest

from corpus_search import index
from corpus_search.errors import IndexNotFound, UsageError
from corpus_search.store import Store


def run(built_index, query, **kwargs):
    settings, _ = built_index
    with Store(settings.db_path) as store:
        return index.search(settings.whoosh_dir, query, text_for=store.texts, **kwargs)


def test_statutory_direction_ranks_001_and_003_first_with_highlights(built_index):
    result = run(built_index, "statutory direction")
    top = [hit.doc_id[:3] for hit in result.results[:2]]
    assert sorted(top) == ["001", "003"]
    for hit in result.results[:2]:
        assert "<b>" in hit.snippet.lower()


def test_stemming_matches_plural(built_index):
    ids = {h.doc_id[:3] for h in run(built_index, "statutory directions").results}
    assert {"001", "003"} <= ids


def test_phrase_boolean_and_filters(built_index):
    assert {h.doc_id[:3] for h in run(built_index, '"monitoring visit"').results} >= {"002", "004"}
    assert "003" not in {h.doc_id[:3] for h in run(built_index, "Ofsted NOT inadequate").results}
    minutes = run(built_index, "Ofsted", doc_type="minutes")
    assert minutes.results and all(h.doc_type == "minutes" for h in minutes.results)
    only_2016 = run(built_index, "Ofsted", since="2016", until="2016")
    assert only_2016.results and all(h.date.startswith("2016") for h in only_2016.results)
    assert run(built_index, "Ofsted", since="2018-01").total == 1


def test_facets_count_all_matches(built_index):
    result = run(built_index, "Ofsted", limit=1)
    assert len(result.results) == 1
    assert sum(result.facets["doc_type"].values()) == result.total == 5
    assert sum(result.facets["year"].values()) == 5


def test_sort_by_date_and_paging(built_index):
    dated = run(built_index, "Ofsted", sort="date")
    dates = [h.date for h in dated.results]
    assert dates == sorted(dates, reverse=True)
    page2 = run(built_index, "Ofsted", limit=2, offset=2)
    assert [h.doc_id for h in page2.results] == [h.doc_id for h in run(built_index, "Ofsted").results[2:4]]


def test_snippet_escapes_html(tmp_path):
    from corpus_search.index import IndexWriter

    home = tmp_path / "w"
    writer = IndexWriter(home)
    text = "The <script>alert(1)</script> budget & the caseloads."
    writer.write([{"doc_id": "x", "title": "t", "text": text, "doc_type": "news"}])
    writer.close()
    result = index.search(home, "caseloads", text_for=lambda ids: {"x": text})
    assert "<script>" not in result.results[0].snippet and "&lt;script&gt;" in result.results[0].snippet
    assert "<b>caseloads</b>" in result.results[0].snippet


@pytest.mark.parametrize("bad", ['"statutory direction', "(Ofsted AND", "AND Ofsted", "Ofsted OR", "nosuchfield:x", "   "])
def test_malformed_queries_are_usage_errors(built_index, bad):
    with pytest.raises(UsageError, match="query"):
        run(built_index, bad)


@pytest.mark.parametrize("bad", ["2016-13", "16", "2016-02-30"])
def test_bad_dates_are_usage_errors(built_index, bad):
    with pytest.raises(UsageError, match="bad date"):
        run(built_index, "Ofsted", since=bad)


def test_missing_index(tmp_path):
    with pytest.raises(IndexNotFound, match="run `corpus-search ingest` first"):
        index.search(tmp_path / "none" / "whoosh", "x", text_for=lambda ids: {})


def _many_segments(home):
    """An index of three commits (three segments) with a deletion, over a small made-up corpus."""
    from corpus_search.index import IndexWriter

    words = ["budget", "caseloads", "council", "inspection", "housing", "school", "grant", "review"]
    docs = []
    for i in range(60):
        picked = [words[j] for j in range(len(words)) if (i >> (j % 6)) & 1] or ["council"]
        docs.append({
            "doc_id": f"d{i:02d}", "title": f"Item {i} " + picked[0], "text": " ".join(picked * 3),
            "doc_type": ("news", "minutes", "press_release")[i % 3], "sentiment": ("positive", "neutral")[i % 2],
            "date": None if i % 7 == 0 else f"{2010 + i % 5}-0{1 + i % 9}", "people": ["Ann Lee"] if i % 4 == 0 else [],
        })
    writer = IndexWriter(home)
    for start in range(0, 60, 20):
        writer.write(docs[start : start + 20])
    writer.write([], delete_ids=["d05", "d33"])
    writer.close()


@pytest.mark.parametrize("query", ["budget", "budget caseloads", '"budget caseloads"', "budget OR grant",
                                   "budget NOT school", "(budget OR grant) NOT (school OR review)", "title:item", "NOT budget"])
def test_match_sets_and_facets_agree_with_whoosh(tmp_path, query):
    """The unscored match set and column facets give what Whoosh's own collectors give."""
    from whoosh import sorting
    from whoosh.qparser import MultifieldParser

    home = tmp_path / "w"
    _many_segments(home)
    ix = index.open_index(home)
    parsed = MultifieldParser(["title", "body"], schema=ix.schema).parse(query)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        ours: set[int] = set()
        counts: dict[str, dict[str, int]] = {}
        for leaf, base in searcher.leaf_searchers():
            docs = index.segment_docs(parsed, leaf)
            ours |= {base + d for d in docs}
            index.count_facets(leaf.reader(), docs, counts)
        assert ours == set(searcher.docs_for_query(parsed))
        facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in index.FACET_FIELDS}
        theirs = searcher.search(parsed, limit=None, groupedby=facets)
        for name in index.FACET_FIELDS:
            expected = {k: v for k, v in theirs.groups(name).items() if k}  # undated documents have no year
            assert counts.get(name, {}) == expected, name
    result = index.search(home, query, text_for=lambda ids: {})
    assert result.total == len(ours)
