"""Roles stated in a sentence of their own, next to the sentence that names the person:
"The Executive Member for Housing welcomed the report. Cllr Eva Lund said …", and "She was
previously director of housing at Y." after a sentence that names one person.

A sentence that opens with a definite, capitalised role phrase ("The Leader of the Council", "The
Chief Executive") and names nobody gives that role to the one person named in the sentence before
it, else to the one person named in the sentence after it, within the same paragraph.
"""
from __future__ import annotations

import re

from corpus_search.facts.roles.after import _predicate
from corpus_search.facts.roles.phrase import _first, _readings, _Stated, _with_status
from corpus_search.facts.roles.tokens import _Tok, _tokens
from corpus_search.models import Sentence

_OPENERS = frozenset({"the", "our", "its"})
_PRONOUNS = frozenset({"he", "she"})
_OPENING = re.compile(r"(?:The|THE|Our|OUR|Its|He|She)\s+\S", re.IGNORECASE)


def sentence_roles(text: str, sentences: list[Sentence], people_in: list[set[int]]) -> list[tuple[int, int, _Stated]]:
    """(person index, sentence index, role) for roles given in a sentence that names nobody."""
    out: list[tuple[int, int, _Stated]] = []
    for k, sentence in enumerate(sentences):
        if people_in[k]:
            continue
        if not _OPENING.match(sentence.text):
            continue  # cheap test first: most sentences open otherwise
        toks = _tokens(text[sentence.start : sentence.end], sentence.start)
        if len(toks) >= 3 and toks[0].low in _PRONOUNS and k > 0 and len(people_in[k - 1]) == 1:
            # "She was previously director of housing": the one person of the sentence before.
            prev = sentences[k - 1]
            pred = _predicate(text, toks[1].start, sentence.end)
            if pred is not None and "\n\n" not in text[prev.end : sentence.start]:
                out.append((next(iter(people_in[k - 1])), k, _with_status(pred[0], pred[1])))
            continue
        if len(toks) < 3 or toks[0].low not in _OPENERS or not toks[1].cap:
            continue
        def before_lowercase_word(e: int, toks: list[_Tok] = toks) -> bool:
            return e < len(toks) and toks[e].word and not toks[e].cap

        reading = _first(_readings(text, toks, 0, len(toks)), before_lowercase_word)
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
