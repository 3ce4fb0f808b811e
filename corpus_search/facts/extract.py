"""Fact extraction for one document: sentences, people, roles, dates, money, judgements.

`extract` takes the cleaned Document and its spaCy Doc and returns Facts; sentiment labels are
added later for the whole batch at once (sentiment.runtime.annotate).
"""
from __future__ import annotations

from corpus_search.facts.dates import find_dates, normalise_date
from corpus_search.facts.judgements import find_judgements
from corpus_search.facts.money import find_money
from corpus_search.facts.people import find_people
from corpus_search.facts.roles import find_roles
from corpus_search.models import DateFact, Document, Facts, MoneyFact, Sentence
from corpus_search.nlp import doc_text, entity_spans, sentence_spans

MAX_SENTENCE_CHARS = 1200


def sentences(sdoc) -> list[Sentence]:  # type: ignore[no-untyped-def]
    """Sentence spans with surrounding whitespace trimmed; blank ones dropped."""
    out = []
    text = doc_text(sdoc)
    for start, end in sentence_spans(sdoc):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 2:
            continue
        out.append(
            Sentence(text=text[start:end][:MAX_SENTENCE_CHARS], start=start, end=end, label="neutral", scores={})
        )
    return out


def dates(sdoc, doc_date: str | None) -> list[DateFact]:  # type: ignore[no-untyped-def]
    """Rule-found dates, plus the model's DATE entities the rules do not cover (kept, often null)."""
    found = [DateFact(m.text, m.start, m.end, m.value, m.end_value) for m in find_dates(doc_text(sdoc), doc_date)]
    taken = [(d.start, d.end) for d in found]
    text = doc_text(sdoc)
    for start, end, label in entity_spans(sdoc):
        ent_text = text[start:end]
        # A bare number ("1989") is a year only where the date rules say so (not in "Children Act 1989").
        if label != "DATE" or "\n" in ent_text or ent_text.strip().isdigit():
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        value, end_value = normalise_date(ent_text, doc_date)
        found.append(DateFact(ent_text, start, end, value, end_value))
    return sorted(found, key=lambda d: d.start)


def extract(document: Document, sdoc) -> Facts:  # type: ignore[no-untyped-def]
    text = doc_text(sdoc)
    sents = sentences(sdoc)
    people = find_people(sdoc)
    return Facts(
        people=people,
        roles=find_roles(sdoc, people, sents, document),
        dates=dates(sdoc, document.date),
        money=[MoneyFact(m.text, m.start, m.end, m.value, m.currency, m.purpose, m.end_value, m.note)
               for m in find_money(text)],
        judgements=find_judgements(text, sents, document),
        sentences=sents,
    )
