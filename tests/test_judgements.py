"""Inspection grades (corpus_search.facts.judgements): examples, and the shortcut it takes."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus_search.facts.judgements import _ANY_GRADE, CONTEXTS, find_judgements
from corpus_search.models import Document, Sentence

_PIECES = ["judged", "rated", " ", "as ", "'", "’", "Good", "GOOD", "good", "Requires", "requires", "require",
           "Improvement", "improvement", " to be ", "Inadequate", "outstanding", "OUTSTANDING", "rating", "an ",
           "overall", "by Ofsted", "from ", "to ", "Ofsted said ", "the service ", "judgement of ", ".", "ſ", "K"]


def _document(text: str) -> Document:
    return Document(doc_id="d", path="d", root="r", content_hash="h", format="text", raw_text=text, text=text,
                    title="t", doc_type="other", date="2024-01-10", organisation="Some Council", words=len(text.split()))


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
@example("The service was judged as 'Requires Improvement' overall.")
def test_no_judgement_without_a_grade_word(text):
    """find_judgements skips a sentence without a grade word: every context needs one."""
    if any(p.search(text) for p in CONTEXTS):
        assert _ANY_GRADE.search(text)


def test_judgements_in_sentences():
    text = "The service was judged as 'Inadequate' in May. It was good news. The council has a good rating overall."
    sentences = [Sentence(text=s, start=text.index(s), end=text.index(s) + len(s), label="neutral", scores={})
                 for s in ("The service was judged as 'Inadequate' in May.", "It was good news.",
                           "The council has a good rating overall.")]
    found = find_judgements(text, sentences, _document(text))
    assert [(j.grade, j.text) for j in found] == [("inadequate", "Inadequate"), ("good", "good")]
