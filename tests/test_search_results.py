"""What results carry: zero-hit help, snippets, pages, near-duplicates collapsed, similar."""
from __future__ import annotations

import pytest

from corpus_search import search
from corpus_search.errors import NotFound
from corpus_search.search import SearchOptions
from tests.engines import ENGINES, choose

RELEASE = ("The council has appointed Ade Adetosoye as Executive Director for Care Services after a national search. "
           "He joins from a neighbouring borough where he led adult social care for six years, and will start in "
           "October. The Leader said the appointment marks a new chapter for services to children and families.")
DOCS = {
    "press/release.txt": ("New director appointed", RELEASE),
    # the same release re-published by a local paper, with its own header and footer
    "news/paper.txt": ("Council names new director", "From our local desk. " + RELEASE + " Comments are closed."),
    "minutes/a.html": ("Minutes", "Members noted the budget monitoring report. " * 3 + "The parking review was deferred."),
    "minutes/a.pdf": ("Minutes", "Members noted the budget monitoring report. " * 3 + "The parking review was deferred."),
    "other.txt": ("Library hours", "Library opening hours change in the new year after a consultation with residents."),
    "boiler.txt": ("Notice", "Contact the customer services team for details. " + "Unrelated filler text about roads. " * 20
                   + "Contact the customer services team for details."),
    "table.txt": ("Accounts", "Budget\n£\n2016\n2017\nStaff\n10\n12\nBuildings\n4\n5\nThe budget table above shows staff costs."),
    "paged.pdf": ("Report", "Page one is about roads and pavements. " * 5 + "Page two covers the housing waiting list."),
}
PAGES = {"paged.pdf": [[1, 0, len("Page one is about roads and pavements. " * 5)],
                       [2, len("Page one is about roads and pavements. " * 5), 10_000]]}


@pytest.fixture(scope="module", params=ENGINES)
def index(tmp_path_factory, request):
    home = choose(tmp_path_factory.mktemp("results") / "whoosh", request.param)
    writer = search.IndexWriter(home)
    writer.write([{"doc_id": k, "title": t, "text": b, "pages": PAGES.get(k)} for k, (t, b) in DOCS.items()])
    writer.close()
    return search.open_index(home)


def texts(ids):
    return {i: DOCS[i][1] for i in ids}


def test_zero_hits_name_the_missing_word_and_suggest_a_close_term(index):
    result = index.search("Adetosye", SearchOptions(), text_for=texts)
    assert result.total == 0
    assert result.suggestions == ["Adetosoye"]
    assert "'Adetosye'" in result.message and "did you mean 'Adetosoye'" in result.message


def test_snippets_never_repeat_a_fragment(index):
    snippet = index.search("customer services team", SearchOptions(), text_for=texts).results[0].snippet
    assert snippet.count("<b>customer services team</b>") == 1


def test_phrase_highlighted_as_a_phrase_and_table_noise_collapsed(index):
    hit = index.search("budget table", SearchOptions(), text_for=texts).results[0]
    assert hit.doc_id == "table.txt"
    assert "<b>budget table</b>" in hit.snippet
    assert "\n" not in hit.snippet


def test_page_of_the_best_passage(index):
    hit = index.search("housing waiting list", SearchOptions(), text_for=texts).results[0]
    assert (hit.doc_id, hit.page) == ("paged.pdf", 2)
    assert index.search("roads pavements", SearchOptions(), text_for=texts).results[0].page == 1


def test_near_duplicates_are_collapsed_into_one_result(index):
    result = index.search("director appointed Adetosoye", SearchOptions(), text_for=texts)
    assert result.total == 1 and len(result.results) == 1
    hit = result.results[0]
    others = {"press/release.txt", "news/paper.txt"} - {hit.doc_id}
    assert hit.duplicates == sorted(others)
    minutes = index.search("parking review deferred", SearchOptions(), text_for=texts)
    assert minutes.total == 1 and len(minutes.results[0].duplicates) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_near_duplicate_written_in_a_later_batch_joins_the_indexed_group(tmp_path, engine):
    home = choose(tmp_path / "whoosh", engine)
    for batch in (["press/release.txt"], ["news/paper.txt", "other.txt"]):  # two commits: found in the index
        writer = search.IndexWriter(home)
        writer.write([{"doc_id": k, "title": DOCS[k][0], "text": DOCS[k][1]} for k in batch])
        writer.close()
    result = search.open_index(home).search("director appointed Adetosoye", SearchOptions(), text_for=texts)
    assert result.total == 1 and result.results[0].duplicates


def test_mark_batch_groups_within_the_batch_and_with_the_index():
    from corpus_search.search import dedup

    indexed_sig = dedup.encode(dedup.signature(RELEASE))
    calls: list[str] = []

    def indexed(band):
        calls.append(band)
        return [("old/release.txt", None, indexed_sig)]

    rows = [("a.txt", "From our local desk. " + RELEASE), ("b.txt", "Library hours change next year, residents say."),
            ("c.txt", "From our local desk. " + RELEASE + " Comments are closed."), ("d.txt", "")]
    marks = dedup.mark_batch(rows, indexed)
    assert [m[0] for m in marks] == ["old/release.txt", "", "old/release.txt", ""]
    assert marks[3][1] is None and marks[3][2] == []
    assert calls  # the index was asked, band by band
    alone = dedup.mark_batch(rows[:1] + rows[2:3], lambda band: [])
    assert [m[0] for m in alone] == ["", "a.txt"]  # the batch's earlier document is the group


def test_no_collapse_lists_them_all(index):
    result = index.search("director appointed Adetosoye", SearchOptions(collapse=False), text_for=texts)
    assert result.total == 2 and {h.doc_id for h in result.results} == {"press/release.txt", "news/paper.txt"}
    assert all(h.duplicates == [] for h in result.results)


def test_similar_finds_the_republished_release_first(index):
    result = index.similar("press/release.txt", text_for=texts, limit=5, collapse=False)
    assert result.results[0].doc_id == "news/paper.txt"
    assert "press/release.txt" not in [h.doc_id for h in result.results]
    assert result.facets == {}


def test_similar_of_an_unknown_document(index):
    with pytest.raises(NotFound):
        index.similar("nope.txt", text_for=texts)
