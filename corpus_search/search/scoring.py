"""The engine-neutral parts of ranking plain words: its constants, the query's terms with their
positions, the proximity and phrase bonus, the runs of words that may name a person, the terms to
highlight, the page a snippet stands on, and the message for a query with nothing to search for.
Used by both engines (`ranking` for Whoosh, `tantivy_rank`); no numpy here, so a tantivy search
never loads it.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from corpus_search.search.analysis import STOP, SearchTokenizer, normalise_word, terms, words_of
from corpus_search.search.query import Group, Parsed, Words

WINDOW = 40  # candidates re-ranked by proximity
MAX_TERMS = 100
PROXIMITY, PHRASE = 0.3, 0.3
COORD = 1.0  # exponent of the share of query terms a document holds


def proximity_bonus(pos: dict[str, list[int]], qterms: list[tuple[str, int]]) -> float:
    """The re-rank bonus of one document: PROXIMITY × the share of neighbouring query words that
    stand close together as in the query (within 2 positions of their gap there), plus PHRASE when
    all the query's words (at most 8) stand in its order. `pos`: the document's positions per term;
    `qterms`: the query's terms with their positions (at least two)."""
    close = 0
    for (a, pa), (b, pb) in itertools.pairwise(qterms):
        gap = pb - pa
        if a in pos and b in pos and any(abs((q - p) - gap) <= 2 for p in pos[a] for q in pos[b]):
            close += 1
    bonus = PROXIMITY * close / (len(qterms) - 1)
    first, first_pos = qterms[0]
    if len(qterms) <= 8 and first in pos and all(t in pos for t, _ in qterms):
        starts = set(pos[first])
        for t, tp in qterms[1:]:
            starts &= {p - (tp - first_pos) for p in pos[t]}
        if starts:
            bonus += PHRASE
    return bonus


def page_at(pages: Sequence[Sequence[int]] | None, offset: int | None) -> int | None:
    """The page holding character `offset` of a document's text, from its [page, start, end] rows."""
    if offset is None:
        return None
    for number, start, end in pages or []:
        if start <= offset < end:
            return int(number)
    return None


def _query_terms(text: str) -> list[tuple[str, int]]:
    """(term, position) of a query text, positions counting stop words (for phrase offsets)."""
    tokenizer = SearchTokenizer()
    return [(t.text, t.pos) for t in tokenizer(text, positions=True, mode="query", removestops=True)]


def _stop_message(parsed: Parsed) -> str:
    words = [w for w in parsed.plain if words_of(w)]
    if words:
        shown = ", ".join(repr(w) for w in words[:6])
        return f"the query has only common words ({shown}), which are not indexed: nothing to search for"
    return "the query has no words, only punctuation: nothing to search for"


def _name_candidates(words: list[str]) -> list[str]:
    """Runs of words that could be a person's name: the whole query when short, else runs of
    two to four capitalised words."""
    clean = [w.strip(".,;:()[]!?\"'") for w in words]
    clean = [w for w in clean if w]
    out = []
    if 2 <= len(clean) <= 4:
        out.append(" ".join(clean))
    run: list[str] = []
    for w in [*clean, ""]:
        if w[:1].isupper() and normalise_word(w) not in STOP:
            run.append(w)
            continue
        if 2 <= len(run) <= 4 and " ".join(run) not in out:
            out.append(" ".join(run))
        run = []
    return out


def _tree_terms(tree: Any) -> list[str]:
    from corpus_search.search.query import AllOf, AnyOf

    out: list[str] = []
    if isinstance(tree, Words):
        if tree.field in (None, "title", "body"):
            out += terms(tree.text)
    elif isinstance(tree, Group):
        for c in tree.clauses:
            if c.occur != "not":
                out += _tree_terms(c.node)
    elif isinstance(tree, (AllOf, AnyOf)):
        for p in (tree.parts if isinstance(tree, AllOf) else tree.options):
            out += _tree_terms(p)
    return out


def is_simple(tree: Group) -> bool:
    """Only words side by side (optional, +required or -excluded): ranked as plain words."""
    return all(isinstance(c.node, Words) and c.node.field is None and not c.node.phrase for c in tree.clauses)
