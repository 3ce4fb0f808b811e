"""Search over the real index built from the demo corpus, through the SearchIndex protocol."""
from __future__ import annotations

import pytest

from corpus_search import search
from corpus_search.errors import IndexNotFound, UsageError
from corpus_search.search import SearchOptions
from corpus_search.store import Store


def run(built_index, query, **kwargs):
    settings, _ = built_index
    with Store(settings.db_path) as store:
        return search.open_index(settings.whoosh_dir).search(query, SearchOptions(**kwargs), text_for=store.texts)


def test_statutory_direction_ranks_001_and_003_first_with_highlights(built_index):
    result = run(built_index, "statutory direction")
    top = [hit.doc_id[:3] for hit in result.results[:2]]
    assert sorted(top) == ["001", "003"]
    for hit in result.results[:2]:
        assert "<b>statutory direction" in hit.snippet.lower()


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


def _write(home, docs):
    index = search.IndexWriter(home)
    index.write(docs)
    index.close()
    return search.open_index(home)


def test_snippet_escapes_html(tmp_path):
    text = "The <script>alert(1)</script> budget & the caseloads."
    index = _write(tmp_path / "w", [{"doc_id": "x", "title": "t", "text": text, "doc_type": "news"}])
    result = index.search("caseloads", SearchOptions(), text_for=lambda ids: {"x": text})
    assert "<script>" not in result.results[0].snippet and "&lt;script&gt;" in result.results[0].snippet
    assert "<b>caseloads</b>" in result.results[0].snippet


@pytest.mark.parametrize("bad", ['"statutory direction', "(Ofsted AND", "AND Ofsted", "Ofsted OR", "a AND OR b", "   "])
def test_malformed_explicit_syntax_is_a_usage_error(built_index, bad):
    with pytest.raises(UsageError, match="query"):
        run(built_index, bad)


@pytest.mark.parametrize("bad", ["2016-13", "16", "2016-02-30"])
def test_bad_dates_are_usage_errors(built_index, bad):
    with pytest.raises(UsageError, match="bad date"):
        run(built_index, "Ofsted", since=bad)


def test_missing_index(tmp_path):
    with pytest.raises(IndexNotFound, match="run `corpus-search ingest` first"):
        search.open_index(tmp_path / "none" / "whoosh")


def test_empty_index_answers_zero(tmp_path):
    home = tmp_path / "w"
    search.IndexWriter(home).close()  # created, nothing committed: what an interrupted first ingest leaves
    result = search.open_index(home).search("budget", SearchOptions(), text_for=lambda ids: {})
    assert result.total == 0 and result.results == []


def test_old_index_format_says_rebuild(tmp_path):
    home = tmp_path / "w"
    search.IndexWriter(home).close()
    (home / "corpus-search-format.json").write_text('{"version": 1}')
    with pytest.raises(UsageError.__mro__[1], match="ingest --rebuild"):
        search.open_index(home)


def test_people_filter_and_org_filter(tmp_path):
    docs = [
        {"doc_id": "a", "title": "Budget", "text": "The budget was set.", "people": ["Ann Lee"], "organisation": "Bromley Council"},
        {"doc_id": "b", "title": "Budget", "text": "The budget was cut.", "people": [], "organisation": "Kent County Council"},
    ]
    index = _write(tmp_path / "w", docs)
    texts = {d["doc_id"]: d["text"] for d in docs}
    assert [h.doc_id for h in index.search("budget", SearchOptions(people=["Ann Lee"]), text_for=texts.get and (lambda ids: texts)).results] == ["a"]
    assert [h.doc_id for h in index.search("budget", SearchOptions(org="bromley"), text_for=lambda ids: texts).results] == ["a"]
    assert [h.doc_id for h in index.search("budget", SearchOptions(org="Kent County"), text_for=lambda ids: texts).results] == ["b"]
    assert index.search("budget", SearchOptions(people=[]), text_for=lambda ids: texts).total == 0
