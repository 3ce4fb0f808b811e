"""Tokens of a role phrase and the word tests on them (role noun, modifier, name word)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_search.facts.rules import (
    FUNCTION_WORDS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    ROLE_STOP_WORDS,
    TIME_WORDS,
)
from corpus_search.names import fold

# ---- tokens ----------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?(?:[’']s?)?|[^\w\s]")
_CONNECTORS = frozenset({"and", "&"})
_ORG_INNER = frozenset({"of", "for", "and", "&", "the", "on"})
_CLOSERS = frozenset({",", ".", ";", ":", ")", "–", "—", "-", "!", "?", '"', "“", "”", "‘", "’", "'", "…"})
_SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "“", "”", ":", "‘", "'"})
_STATUS_RANK = {"former": 4, "interim": 3, "appointed": 2, "current": 1, None: 0}
_POSSESSIVE_END = re.compile(r"[’']s?$")


@dataclass(slots=True)
class _Tok:
    text: str
    low: str  # folded, possessive kept
    start: int
    end: int

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def possessive(self) -> bool:
        return self.low.endswith("'s") or (self.low.endswith("'") and len(self.low) > 2)

    @property
    def bare(self) -> str:
        """The folded word without a possessive ending."""
        if self.low.endswith("'s"):
            return self.low[:-2]
        return self.low.rstrip("'")


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    return [_Tok(m.group(), fold(m.group()), m.start() + offset, m.end() + offset) for m in _TOKEN_RE.finditer(text)]


def _parts(low: str) -> list[str]:
    return [p for p in low.split("-") if p]


def _is_noun(tok: _Tok) -> bool:
    low = tok.bare
    if low in ROLE_NOUNS:
        return True
    parts = _parts(low)
    return len(parts) > 1 and parts[-1] in ROLE_NOUNS and all(p in ROLE_MODIFIERS or p in ROLE_NOUNS for p in parts)


def _is_modifier(tok: _Tok) -> bool:
    low = tok.low
    if low in ROLE_MODIFIERS:
        return True
    parts = _parts(low)
    return len(parts) > 1 and all(p in ROLE_MODIFIERS or p in ROLE_NOUNS for p in parts)


def _is_name_word(tok: _Tok) -> bool:
    """A capitalised word that may belong to an organisation or party before a role noun."""
    return (tok.cap and tok.word and not tok.possessive and tok.low not in ROLE_STOP_WORDS
            and tok.low not in FUNCTION_WORDS and tok.low not in TIME_WORDS
            and not any(ch.isdigit() for ch in tok.text))



def _status(*values: str | None) -> str | None:
    best: str | None = None
    for value in values:
        if _STATUS_RANK[value] > _STATUS_RANK[best]:
            best = value
    return best

