"""Roles stated in a sentence of their own, next to the sentence that names the person:
"The Executive Member for Housing welcomed the report. Cllr Eva Lund said …".

A sentence that opens with a definite, capitalised role phrase ("The Leader of the Council", "The
Chief Executive") and names nobody gives that role to the one person named in the sentence before
it, else to the one person named in the sentence after it, within the same paragraph.
"""
from __future__ import annotations

from corpus_search.facts.roles.phrase import _first, _readings, _Stated, _with_status
from corpus_search.facts.roles.tokens import _tokens
from corpus_search.models import Sentence

_OPENERS = frozenset({"the", "our", "its"})


def sentence_roles(text: str, sentences: list[Sentence], people_in: list[set[int]]) -> list[tuple[int, int, _Stated]]:
    """(person index, sentence index, role) for roles given in a sentence that names nobody."""
    out: list[tuple[int, int, _Stated]] = []
    for k, sentence in enumerate(sentences):
        if people_in[k]:
            continue
        toks = _tokens(text[sentence.start : sentence.end], sentence.start)
        if len(toks) < 3 or toks[0].low not in _OPENERS or not toks[1].cap:
            continue
        reading = _first(_readings(text, toks, 0, len(toks)), lambda e, toks=toks: e < len(toks) and toks[e].word and not toks[e].cap)
        if reading is None or not reading.title[:1].isupper():
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(sentences):
                continue
            a, b = sorted((sentences[j], sentence), key=lambda s: s.start)
            if "\n\n" in text[a.end : b.start] or len(people_in[j]) != 1:
                continue
            out.append((next(iter(people_in[j])), k, _with_status(reading, None)))
            break
    return out
