"""How text becomes index terms, for documents and for queries alike.

One tokenizer reads both, so "children’s" and "children's" (curly or straight apostrophe, with
the possessive dropped), "co-ordinator" and "coordinator", "café" and "cafe", "organisation"
and "organization" meet on the same term, and amounts and numbers stay searchable as written
("£2.3m", "section 114"). Words are then lower-cased, stop words dropped and the rest stemmed.

A hyphenated word is indexed as its parts and, at the first part's position, as the joined
word; a query keeps the joined word only, so "co-ordinator" finds both spellings and phrases
over the parts still line up.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import STOP_WORDS, Composable, Token, Tokenizer
from whoosh.lang.porter import stem as _porter

FORMAT_VERSION = 2  # bump when analysis or the schema changes: older indexes must be rebuilt

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                        "\u2010": "-", "\u2011": "-"})
# amounts (£2.3m, $5bn, 50p, 2.5%), numbers (114, 2,500, 3.75), words with inner apostrophes
# and hyphens (children's, co-ordinator, O'Neill)
_TOKEN = re.compile(
    r"[£$€]\s?\d+(?:[.,]\d+)*(?:bn|m|k|p|pc)?\b"
    r"|\d+(?:[.,]\d+)*(?:bn|m|k|p|pc|%|st|nd|rd|th)?(?![\w])"
    r"|[^\W\d_](?:[\w]|['\u2019\u02bc](?=\w)|[-\u2010\u2011](?=[^\W_]))*",
)
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$|(?<=s)['\u2019\u02bc]$")
STOP = frozenset(STOP_WORDS)

# British → American spellings that are cheap to fold (both documents and queries go through it).
_SPELLING_RULES = (
    (re.compile(r"^(.{3,}?)isation(s?)$"), r"\1ization\2"),
    (re.compile(r"^(.{4,}?)is(e|ed|es|ing|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(.{3,}?)our(s|ed|ing|able)?$"), r"\1or\2"),
    (re.compile(r"^(.{3,}?)tre(s?)$"), r"\1ter\2"),
    (re.compile(r"^(.{3,}?)ogue(s?)$"), r"\1og\2"),
    (re.compile(r"^(.{3,}?)amme(s?)$"), r"\1am\2"),
)


def fold_char_text(text: str) -> str:
    """Curly quotes and dashes to straight ones; a character-for-character map (offsets keep)."""
    return text.translate(QUOTES)


@lru_cache(maxsize=100_000)
def normalise_word(word: str) -> str:
    """A word as written → the term it is indexed under (before stop words and stemming)."""
    word = word.translate(QUOTES).lower()
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        word = word.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("œ", "oe")
    if word[:1].isdigit() or word[:1] in "£$€":
        return word.replace(" ", "")
    word = _POSSESSIVE.sub("", word).replace("'", "")
    if len(word) >= 6:
        for pattern, repl in _SPELLING_RULES:
            new = pattern.sub(repl, word)
            if new != word:
                return new
    return word


@lru_cache(maxsize=200_000)
def stem(term: str) -> str:
    if not term[:1].isalpha():
        return term
    return _porter(term)


def terms(text: str) -> list[str]:
    """The query-mode terms of a piece of text, in order (stop words dropped)."""
    out = []
    for match in _TOKEN.finditer(text):
        word = normalise_word(match.group())
        joined = word.replace("-", "")
        if joined and joined not in STOP and (len(joined) > 1 or joined.isdigit()):
            out.append(stem(joined))
    return out


def words_of(text: str) -> list[str]:
    """The words of a text as written (for messages about a query)."""
    return [m.group() for m in _TOKEN.finditer(text)]


class SearchTokenizer(Tokenizer):
    """Whoosh tokenizer over _TOKEN; emits final terms (normalised, stop words out, stemmed)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        query = mode == "query"
        for match in _TOKEN.finditer(value):
            word = normalise_word(match.group())
            parts = word.split("-") if "-" in word else [word]
            joined = "".join(parts)
            emit: list[tuple[str, int]] = []
            if query or len(parts) == 1:
                emit.append((joined, 0))
            else:
                emit.append((joined, 0))
                emit.extend((p, i) for i, p in enumerate(parts))
            for text, offset in emit:
                if not text or text in STOP or (len(text) < 2 and not text.isdigit()):
                    if removestops:
                        continue
                    t.stopped = True
                else:
                    t.stopped = False
                t.text = stem(text)
                t.boost = 1.0
                if keeporiginal:
                    t.original = match.group()
                if positions:
                    t.pos = pos + offset
                if chars:
                    t.startchar = start_char + match.start()
                    t.endchar = start_char + match.end()
                yield t
            pos += len(parts)


def analyzer() -> Composable:
    """The analyzer of the title, body and organisation fields."""
    return SearchTokenizer()
