"""Query semantics on a small made-up corpus: optional words, explicit syntax, folding."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from corpus_search import search
from corpus_search.errors import UsageError
from corpus_search.search import SearchOptions
from tests.engines import ENGINES, choose, engine  # noqa: F401 (the engine fixture)

DOCS = {
    "all.txt": ("Care home closures", "Opposition councillors criticised the cabinet over care home closures in the borough."),
    "some.txt": ("Cabinet meeting", "The cabinet met on Tuesday to discuss the library budget and parking charges."),
    "care.txt": ("Care services", "Home care services for older residents will be reviewed next year by the council."),
    "apos.txt": ("Children’s services", "The children’s services department and its co-ordinator were praised by inspectors."),
    "straight.txt": ("Youth work", "A report on children's services was published; the coordinator for youth work resigned."),
    "money.txt": ("Budget gap", "A section 114 notice was issued after a £2.3m shortfall in the organisation's budget."),
    "cafe.txt": ("Café reopens", "The café in the park reopens after the organization behind it found new funding."),
    "quiet.txt": ("Parks", "Parks and open spaces are maintained by the grounds team all year."),
}
QUESTION = "why did the opposition councillors criticise the cabinet over the care home closures"
SPREAD = ("Council row", "Opposition councillors were angry. They said the cabinet had been secretive. "
          "Residents heard about care home plans late. The closures were announced without a vote, "
          "which is why the criticism grew.")


@pytest.fixture(scope="module", params=ENGINES)
def index(tmp_path_factory, request):
    home = choose(tmp_path_factory.mktemp("sem") / "whoosh", request.param)
    writer = search.IndexWriter(home)
    writer.write([{"doc_id": k, "title": t, "text": b, "doc_type": "news"} for k, (t, b) in DOCS.items()])
    writer.close()
    return search.open_index(home)


def texts(ids):
    return {i: DOCS[i][1] for i in ids if i in DOCS}


def ids(index, query, **kw):
    return [h.doc_id for h in index.search(query, SearchOptions(**kw), text_for=texts).results]


def test_plain_words_are_optional_and_all_words_rank_first(index):
    found = ids(index, "cabinet care home closures")
    assert found[0] == "all.txt"
    assert {"some.txt", "care.txt"} <= set(found)  # documents with only some of the words still come back


def test_all_requires_every_word(index):
    assert ids(index, "cabinet care home closures", require_all=True) == ["all.txt"]
    assert ids(index, "cabinet zebra", require_all=True) == []


def test_quoted_phrase_is_strict(index):
    assert ids(index, '"care home"') == ["all.txt"]
    assert ids(index, '"home care"') == ["care.txt"]


def test_and_or_not_minus_plus(index):
    assert ids(index, "cabinet AND budget") == ["some.txt"]
    assert set(ids(index, "grounds OR café")) == {"quiet.txt", "cafe.txt"}
    assert "some.txt" not in ids(index, "cabinet NOT budget")
    assert "some.txt" not in ids(index, "cabinet -budget")
    assert ids(index, "cabinet -budget") == ["all.txt"]
    assert ids(index, "+budget cabinet")[0] == "some.txt"
    assert set(ids(index, "+budget cabinet")) == {"some.txt", "money.txt"}
    assert set(ids(index, "title:parks")) == {"quiet.txt"}
    assert "all.txt" not in ids(index, "NOT closures")


def test_not_not_and_odd_operators_never_raise(index):
    assert ids(index, "NOT NOT closures") == ["all.txt"]
    for q in ("cabinet NOT NOT NOT budget", "NOT", "cabinet AND NOT budget", "(cabinet) OR (parks)"):
        try:
            index.search(q, SearchOptions(), text_for=texts)
        except UsageError:
            pass  # a clear usage error is fine; anything else is not


def test_ties_are_broken_by_doc_id(tmp_path, engine):
    home = choose(tmp_path / "w", engine)
    writer = search.IndexWriter(home)
    writer.write([{"doc_id": f"d{i}", "title": "", "text": "same words here exactly"} for i in (3, 1, 2)])
    writer.close()
    found = [h.doc_id for h in search.open_index(home).search("words", SearchOptions(), text_for=lambda i: {}).results]
    assert found == ["d1", "d2", "d3"]


def test_twelve_word_question_finds_the_document_holding_its_words(tmp_path, engine):
    home = choose(tmp_path / "w", engine)
    writer = search.IndexWriter(home)
    docs = dict(DOCS, **{"spread.txt": SPREAD})
    del docs["all.txt"]  # the one document with every word in one sentence
    writer.write([{"doc_id": k, "title": v[0] if isinstance(v, tuple) else "Council row",
                   "text": v[1] if isinstance(v, tuple) else v} for k, v in docs.items()])
    writer.close()
    assert len(QUESTION.split()) >= 12
    result = search.open_index(home).search(QUESTION, SearchOptions(), text_for=lambda i: {})
    assert result.results[0].doc_id == "spread.txt"
    assert len(result.results) > 1  # others hold some of the words


def test_curly_and_straight_apostrophes_are_the_same(index):
    curly = ids(index, "children’s services")
    straight = ids(index, "children's services")
    assert curly == straight and {"apos.txt", "straight.txt"} <= set(curly)
    assert ids(index, '"children’s services"') == ids(index, '"children\'s services"')


def test_hyphens_accents_spellings_amounts(index):
    assert {"apos.txt", "straight.txt"} <= set(ids(index, "coordinator", require_all=True))
    assert {"apos.txt", "straight.txt"} <= set(ids(index, "co-ordinator", require_all=True))
    assert ids(index, "cafe") == ids(index, "café") == ["cafe.txt"]
    assert set(ids(index, "organization", require_all=True)) == {"money.txt", "cafe.txt"}
    assert ids(index, '"section 114"') == ["money.txt"]
    assert ids(index, "£2.3m") == ["money.txt"]


@pytest.mark.parametrize("pasted", [
    "Councillors (opposition) criticised: the cabinet [care homes] + closures",
    "Note: closures:", "care home closures (see para 3.2) + budget",
    "cabinet ( closures", "[[care]] {home} closures!!", "what about +? and - or : ;",
])
def test_pasted_sentences_with_brackets_and_colons_are_not_malformed(index, pasted):
    index.search(pasted, SearchOptions(), text_for=texts)


def test_stop_words_or_punctuation_only_say_why(index):
    for q in ("the of and", "?!: ...", "to be or not to be"):
        result = index.search(q, SearchOptions(), text_for=texts)
        assert result.total == 0 and result.results == [] and result.message


def test_a_huge_query_is_refused_cleanly(index):
    with pytest.raises(UsageError, match="too long"):
        index.search("care " * 20_000, SearchOptions(), text_for=texts)


@hsettings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cAND OR NOT()\"+-:’'[]")), max_size=40))
def test_any_query_is_answered_or_a_usage_error(index, query):
    try:
        index.search(query, SearchOptions(), text_for=texts)
    except UsageError:
        pass
