"""Snippets a person can quote: the best one or two passages of a document for a query.

A passage is scored by how many distinct query terms it holds, with a bonus for terms standing
together (a phrase). The second passage must not overlap the first nor repeat its text (a
boilerplate paragraph printed twice). Adjacent matches are highlighted as one phrase, and
line-per-cell table noise (runs of short lines) is collapsed into one line.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from html import escape

from corpus_search.search.analysis import _TOKEN, normalise_word, stem

WINDOW = 32  # tokens in a passage
MAX_CHARS = 60_000  # a snippet is looked for in the first this-many characters
_SPACE = re.compile(r"\s+")
_NOISE = re.compile(r"(?:\s*[|·•\-–—]\s*){2,}")


@lru_cache(maxsize=200_000)
def _term(written: str) -> str:
    word = normalise_word(written).replace("-", "")
    return stem(word) if word else ""


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _term(m.group())) for m in _TOKEN.finditer(text)]


def _clean(fragment: str) -> str:
    return _NOISE.sub(" · ", _SPACE.sub(" ", fragment)).strip()


def build(text: str, query_terms: set[str], passages: int = 2) -> tuple[str, int | None]:
    """(snippet HTML, character offset of the best passage or None)."""
    text = text[:MAX_CHARS]
    if not text:
        return "", None
    tokens = _tokens(text)
    hits = [i for i, t in enumerate(tokens) if t[2] in query_terms]
    if not hits:
        return escape(_clean(text[:200]), quote=False), None
    scored = []
    for i in hits:  # windows starting a few tokens before each match
        start = max(0, min(i - WINDOW // 4, len(tokens) - WINDOW))
        end = min(len(tokens), start + WINDOW)
        inside = [j for j in hits if start <= j < end]
        distinct = len({tokens[j][2] for j in inside})
        together = sum(1 for a, b in itertools.pairwise(inside) if b - a == 1)
        scored.append((-(distinct * 10 + together * 3 + len(inside)), start, end, inside[0], inside[-1]))
    scored.sort()
    chosen: list[tuple[int, int]] = []
    seen_texts: set[str] = set()
    best_offset = None
    for _, start, end, first, _last in scored:
        if any(start < e and s < end for s, e in chosen):
            continue
        # what the passage quotes: its matches and a few words around them
        core = _sentence(text, tokens[first][0])
        if core in seen_texts:
            continue
        seen_texts.add(core)
        chosen.append((start, end))
        if best_offset is None:
            best_offset = tokens[first][0]
        if len(chosen) == passages:
            break
    chosen.sort()
    parts = [_render(text, tokens, start, end, query_terms) for start, end in chosen]
    lead = "… " if chosen[0][0] > 0 else ""
    tail = " …" if chosen[-1][1] < len(tokens) else ""
    return lead + " … ".join(parts) + tail, best_offset


def _sentence(text: str, offset: int) -> str:
    """The sentence (or line) around a character offset, cleaned and lower-cased."""
    start = max(text.rfind(c, 0, offset) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, offset) for c in ".!?\n") if i >= 0]
    return _clean(text[start : min(ends) if ends else len(text)]).lower()


def _render(text: str, tokens: list[tuple[int, int, str]], start: int, end: int, terms: set[str]) -> str:
    """The passage with matches marked, adjacent ones (only spaces between) as one phrase."""
    pieces: list[str] = []
    pos = tokens[start][0] if start else 0
    i = start
    while i < end:
        s, _e, term = tokens[i]
        if term not in terms:
            i += 1
            continue
        j = i
        while j + 1 < end and tokens[j + 1][2] in terms and not text[tokens[j][1] : tokens[j + 1][0]].strip():
            j += 1
        pieces += [text[pos:s], "\x01", text[s : tokens[j][1]], "\x02"]
        pos = tokens[j][1]
        i = j + 1
    pieces.append(text[pos : tokens[end - 1][1] if end < len(tokens) else len(text)])
    html = escape(_clean("".join(pieces)), quote=False)
    return html.replace("\x01", "<b>").replace("\x02", "</b>")
