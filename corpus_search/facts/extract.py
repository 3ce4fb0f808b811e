"""Fact extraction for one document: sentences, people, roles, dates, money, judgements.

`extract` takes the cleaned Document and the model's Analysis of its text (nlp.Analysis: the text,
entity spans, sentence spans; a spaCy Doc is analysed on the way in) and returns Facts; sentiment
labels are added later for the whole batch at once (sentiment.runtime.annotate). Nothing here
needs spaCy, so the rules run wherever the pipeline finds time for them.
"""
from __future__ import annotations

from corpus_search.facts.dates import find_dates, normalise_date
from corpus_search.facts.judgements import find_judgements
from corpus_search.facts.money import find_money
from corpus_search.facts.people import find_people
from corpus_search.facts.roles import find_roles
from corpus_search.models import DateFact, Document, Facts, MoneyFact, Sentence
from corpus_search.nlp import Analysis, as_analysis

MAX_SENTENCE_CHARS = 1200


def sentences(doc: Analysis | object) -> list[Sentence]:
    """Sentence spans with surrounding whitespace trimmed; blank ones dropped."""
    analysis = as_analysis(doc)
    out = []
    text = analysis.text
    for start, end in analysis.sents:
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


def dates(doc: Analysis | object, doc_date: str | None) -> list[DateFact]:
    """Rule-found dates, plus the model's DATE entities the rules do not cover (kept, often null)."""
    analysis = as_analysis(doc)
    text = analysis.text
    found = [DateFact(m.text, m.start, m.end, m.value, m.end_value) for m in find_dates(text, doc_date)]
    taken = [(d.start, d.end) for d in found]
    for start, end, label in analysis.ents:
        ent_text = text[start:end]
        # A bare number ("1989") is a year only where the date rules say so (not in "Children Act 1989").
        if label != "DATE" or "\n" in ent_text or ent_text.strip().isdigit():
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        value, end_value = normalise_date(ent_text, doc_date)
        found.append(DateFact(ent_text, start, end, value, end_value))
    return sorted(found, key=lambda d: d.start)


def extract(document: Document, doc: Analysis | object) -> Facts:
    """The facts of one document; `doc` is its Analysis (or the spaCy Doc of its text)."""
    analysis = as_analysis(doc)
    text = analysis.text
    sents = sentences(analysis)
    people = find_people(analysis)
    return Facts(
        people=people,
        roles=find_roles(analysis, people, sents, document),
        dates=dates(analysis, document.date),
        money=[MoneyFact(m.text, m.start, m.end, m.value, m.currency, m.purpose, m.end_value, m.note)
               for m in find_money(text)],
        judgements=find_judgements(text, sents, document),
        sentences=sents,
    )
