"""Help when nothing matches: which words matched nothing, and close index terms."""
from __future__ import annotations

from typing import Any

from corpus_search.search.analysis import _TOKEN, normalise_word, stem, terms
from corpus_search.search.base import SearchOptions, TextsFor
from corpus_search.search.query import Parsed

FIELDS = ("title", "body", "names")


def zero_hits(seg: Any, parsed: Parsed, options: SearchOptions, text_for: TextsFor) -> tuple[str, list[str]]:
    from rapidfuzz import fuzz, process

    reader = seg.searcher.reader()
    missing = [w for w in dict.fromkeys(parsed.plain) if terms(w) and
               not any((f, t) in reader for t in terms(w) for f in FIELDS)]
    if not missing:
        return "no document matches all of the query and its filters", []
    lexicon = [t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("body")]
    lexicon += [t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("title")]
    lexicon = sorted(set(lexicon))
    suggestions: list[str] = []
    for word in missing:
        term = terms(word)[0]
        found = process.extract(term, lexicon, scorer=fuzz.ratio, limit=3, score_cutoff=75)
        for cand, _score, _i in found:
            surface = _surface(seg, cand, text_for) or cand
            if surface.lower() not in {s.lower() for s in suggestions}:
                suggestions.append(surface)
            break
    quoted = ", ".join(repr(w) for w in missing)
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return f"no document contains {quoted}{hint}", suggestions


def _surface(seg: Any, term: str, text_for: TextsFor) -> str | None:
    """The word as a document writes it, for an index term (terms are stemmed)."""
    from whoosh.query import Term

    for field in ("body", "title"):
        docs = list(Term(field, term).docs(seg.searcher))[:1]
        if not docs:
            continue
        stored = seg.searcher.stored_fields(docs[0])
        text = (stored.get("title") or "") + "\n" + text_for([stored["doc_id"]]).get(stored["doc_id"], "")
        for match in _TOKEN.finditer(text):
            word = normalise_word(match.group()).replace("-", "")
            if word and stem(word) == term:
                return match.group()
    return None
