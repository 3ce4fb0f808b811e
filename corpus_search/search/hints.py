"""Help when nothing matches: which words matched nothing, and close index terms.

`explain` is engine-neutral (it asks three questions of the index: does a term exist, what
terms are there, which document holds a term); `zero_hits` asks them of a Whoosh searcher.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from corpus_search.search.analysis import _TOKEN, normalise_word, stem, terms
from corpus_search.search.base import SearchOptions, TextsFor
from corpus_search.search.query import Parsed

FIELDS = ("title", "body", "names")
HasTerm = Callable[[str, str], bool]  # (field, term) → whether the index holds it
FirstDoc = Callable[[str, str], tuple[str, str] | None]  # (field, term) → (doc_id, title) of a document holding it


def zero_hits(seg: Any, parsed: Parsed, options: SearchOptions, text_for: TextsFor) -> tuple[str, list[str]]:
    reader = seg.searcher.reader()

    def lexicon() -> Iterable[str]:
        for field in ("body", "title"):
            yield from (t.decode() if isinstance(t, bytes) else t for t in reader.lexicon(field))

    def first_doc(field: str, term: str) -> tuple[str, str] | None:
        from whoosh.query import Term

        docs = list(Term(field, term).docs(seg.searcher))[:1]
        if not docs:
            return None
        stored = seg.searcher.stored_fields(docs[0])
        return stored["doc_id"], stored.get("title") or ""

    return explain(parsed, lambda f, t: (f, t) in reader, lexicon, first_doc, text_for)


def explain(parsed: Parsed, has_term: HasTerm, lexicon: Callable[[], Iterable[str]], first_doc: FirstDoc,
            text_for: TextsFor) -> tuple[str, list[str]]:
    """(message, suggestions) for a query that matched nothing."""
    from rapidfuzz import fuzz, process

    missing = [w for w in dict.fromkeys(parsed.plain) if terms(w) and
               not any(has_term(f, t) for t in terms(w) for f in FIELDS)]
    if not missing:
        return "no document matches all of the query and its filters", []
    words = sorted(set(lexicon()))
    suggestions: list[str] = []
    for word in missing:
        term = terms(word)[0]
        found = process.extract(term, words, scorer=fuzz.ratio, limit=3, score_cutoff=75)
        for cand, _score, _i in found:
            surface = _surface(cand, first_doc, text_for) or cand
            if surface.lower() not in {s.lower() for s in suggestions}:
                suggestions.append(surface)
            break
    quoted = ", ".join(repr(w) for w in missing)
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return f"no document contains {quoted}{hint}", suggestions


def _surface(term: str, first_doc: FirstDoc, text_for: TextsFor) -> str | None:
    """The word as a document writes it, for an index term (terms are stemmed)."""
    for field in ("body", "title"):
        found = first_doc(field, term)
        if found is None:
            continue
        doc_id, title = found
        text = title + "\n" + text_for([doc_id]).get(doc_id, "")
        for match in _TOKEN.finditer(text):
            word = normalise_word(match.group()).replace("-", "")
            if word and stem(word) == term:
                return match.group()
    return None
