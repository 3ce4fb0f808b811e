"""The tantivy engine's own parts: positions as our tokenizer numbers them, the exact top-k bound,
the engine choice, and a lazily imported tantivy. (Its behaviour as a search engine is tested by
the search test files, which run on both engines.)"""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from corpus_search import search
from corpus_search.errors import UsageError
from corpus_search.search import SearchOptions, engines
from corpus_search.search.analysis import SearchTokenizer
from corpus_search.search.tantivy_rank import positions

WORDS = ["co-ordinator", "children’s", "children's", "£2.3m", "section", "114", "café", "organisation", "the",
         "O'Neill", "re-open", "a-b-c", "x", "2,500", "of", "services", "Councils'", "-", "(", "3.75%", "naïve"]


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=30))
def test_positions_are_the_tokenizers(words):
    text = " ".join(words)
    expected: dict[str, list[int]] = {}
    for tok in SearchTokenizer()(text, positions=True):
        expected.setdefault(tok.text, []).append(tok.pos)
    assert positions(text, set(expected)) == expected


def _home(tmp_path, docs, engine="tantivy"):
    home = tmp_path / "w"
    search.use_engine(home, engine)
    writer = search.IndexWriter(home)
    writer.write(docs)
    writer.close()
    return search.open_index(home)


def test_top_results_are_exact_when_many_documents_hold_some_words(tmp_path):
    # 300 documents with one word, a few with two: the share of words held must lift the few
    # above every one-word document however high its BM25 (the candidate bound at work)
    docs = [{"doc_id": f"one{i:03}", "title": "", "text": "budget " * (1 + i % 7) + "filler words here"}
            for i in range(300)]
    filler = ["roads", "libraries", "schools", "housing", "bins", "parks", "buses", "rates", "cabinet", "vote"]
    docs += [{"doc_id": f"two{i}", "title": "", "text": f"a long text about the parking budget and {i} "
              + " ".join(filler[(i * 3 + j * (i + 1)) % 10] + str(j * (i + 2)) for j in range(40))}
             for i in range(3)]
    index = _home(tmp_path, docs)
    whoosh = _home(tmp_path / "wh", docs, engine="whoosh")
    got = [h.doc_id for h in index.search("budget parking", SearchOptions(limit=5), text_for=lambda i: {}).results]
    assert got[:3] == ["two0", "two1", "two2"]
    ref = [h.doc_id for h in whoosh.search("budget parking", SearchOptions(limit=5), text_for=lambda i: {}).results]
    assert got[:3] == ref[:3]
    # identical one-word texts are near-duplicates: totals count groups, as with Whoosh
    total = index.search("budget parking", SearchOptions(), text_for=lambda i: {}).total
    assert total == whoosh.search("budget parking", SearchOptions(), text_for=lambda i: {}).total < 303
    assert index.search("budget parking", SearchOptions(collapse=False), text_for=lambda i: {}).total == 303


def test_ties_over_the_cut_are_broken_by_doc_id(tmp_path):
    docs = [{"doc_id": f"d{i:03}", "title": "", "text": "same words here", "doc_type": "minutes"}
            for i in range(250, 0, -1)]
    index = _home(tmp_path, docs)
    for q in ("words", "type:minutes", "-absent"):
        got = [h.doc_id for h in index.search(q, SearchOptions(limit=3), text_for=lambda i: {}).results]
        assert got == ["d001", "d002", "d003"], q


def test_date_sort_and_filters(tmp_path):
    docs = [{"doc_id": f"d{i}", "title": "", "text": "budget report", "date": f"20{10 + i}-01-0{1 + i % 8}",
             "sentiment": "negative" if i % 2 else "positive"} for i in range(6)]
    docs.append({"doc_id": "undated", "title": "", "text": "budget report"})
    index = _home(tmp_path, docs)
    newest = [h.doc_id for h in index.search("budget", SearchOptions(sort="date"), text_for=lambda i: {}).results]
    assert newest[:6] == ["d5", "d4", "d3", "d2", "d1", "d0"] and newest[-1] == "undated"
    since = index.search("budget", SearchOptions(since="2013", until="2014-06"), text_for=lambda i: {})
    assert sorted(h.doc_id for h in since.results) == ["d3", "d4"]
    neg = index.search("budget", SearchOptions(sentiment="negative"), text_for=lambda i: {})
    assert sorted(h.doc_id for h in neg.results) == ["d1", "d3", "d5"]
    assert neg.facets["sentiment"] == {"negative": 3}


def test_rewriting_a_document_replaces_it(tmp_path):
    index = _home(tmp_path, [{"doc_id": "a", "title": "", "text": "old words"}])
    index.write([{"doc_id": "a", "title": "", "text": "new words"}])
    assert index.doc_ids() == {"a"}
    assert index.search("old", SearchOptions(), text_for=lambda i: {}).total == 0
    assert index.search("new", SearchOptions(), text_for=lambda i: {}).total == 1
    index.delete(["a"])
    assert index.doc_ids() == set() and index.ids_not_in(set()) == set()
    index.close()


def test_engine_choice_is_checked(tmp_path):
    home = tmp_path / "w"
    assert engines.engine_of(home) == "whoosh"
    with pytest.raises(UsageError, match="unknown --engine"):
        search.use_engine(home, "lucene")
    search.IndexWriter(home).write([{"doc_id": "a", "title": "", "text": "words"}])
    with pytest.raises(UsageError, match="--rebuild"):
        search.use_engine(home, "tantivy")
    assert search.use_engine(home, "tantivy", rebuild=True) == "tantivy"
    search.remove_index(home)
    assert not home.exists() and engines.engine_of(home) == "tantivy"


def test_whoosh_homes_never_import_tantivy(tmp_path):
    home = tmp_path / "w"
    search.IndexWriter(home).write([{"doc_id": "a", "title": "", "text": "words"}])
    code = ("import sys; from corpus_search import search; "
            f"search.open_index(__import__('pathlib').Path({str(home)!r})).search('words', search.SearchOptions(), "
            "text_for=lambda i: {}); print('tantivy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_proximity_from_phrase_queries_equals_proximity_from_positions(tmp_path):
    from corpus_search.search import tantivy_rank as R
    from corpus_search.search.query import parse

    texts = ["The cabinet met over the care home closures on Tuesday.",
             "Care home closures: the cabinet was criticised, and home care was cut.",
             "Closures of the home for care leavers; the cabinet care plan.",
             "Opposition councillors criticised the cabinet over care home closures in the borough.",
             "home home care care closures cabinet cabinet over over",
             "The co-ordinator said care-home closures would go before cabinet."]
    index = _home(tmp_path, [{"doc_id": f"d{i}", "title": "", "text": t} for i, t in enumerate(texts)])
    for q in ("cabinet care home closures", "care home", "home care closures", "the cabinet over care home closures",
              "care care home", "co-ordinator care home closures cabinet"):
        ctx = R.Ctx(index._ix)  # type: ignore[attr-defined]
        plan = R.plan_plain(ctx, parse(q), None, [], [])
        top, _ = R.ranked(ctx, plan, 10)
        by_phrase, by_text = R.proximity(ctx, plan, top), R.proximity_by_text(ctx, plan, top)
        assert by_phrase == pytest.approx(by_text), q
        assert any(by_text[k] > s for k, s in ((R._key(a), s) for a, s in top)), q  # some bonus was given
