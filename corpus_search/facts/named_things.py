"""Names given to things: a council's gritters ("Agatha Gritstie"), a lifeboat, a mascot, a zoo's
tortoise, a storm. A person is named in a text; a thing is *given* a name, and the text says so:

  introduced    "the gritters have been named Sir Andy Salt and Brad Grit"; "a tortoise called Jonathan"
  listed        "Alfred the Grit, Agatha Gritstie and Snowy Beauchamp are amongst the names chosen",
                after a sentence about the gritters
  quoted        the gritter "Gritty Gritterson"
  beside        "gritter Sir Andy Salt", "the council's new mascot Penny Pothole"
  its own head  "Storm Babet", "Gritter McGritface"

Each needs a noun for a vehicle, a machine or an animal (rules.THING_NOUNS) before the name, in its
sentence or the one before, and no person noun after it (rules.PERSON_NOUNS), so "a man called John
Marsh" and "the bus was named after Cllr Jane Hart" stay people: only list words (commas, "and",
other names) may stand between the naming word and the name.
A title does not make a person here ("Prof Stephen Thawking" is a gritter). Pure functions.
"""
from __future__ import annotations

import re

from corpus_search.facts.rules import NAMED_THING_HEADS, NAMING_WORDS, PERSON_NOUNS, THING_NOUNS
from corpus_search.names import fold

_BOUNDARY = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "prof", "cllr", "rev", "revd", "sr", "jr", "no", "nos"})
_WORDS = re.compile(r"[^\W\d_][\w'’\-]*")
_QUOTES_OPEN = "\"'“‘"
_QUOTES_CLOSE = "\"'”’"
# Words that may stand in a list of names between a naming word and the name, or between the
# names and "are amongst the names chosen".
_LIST_GLUE = frozenset(
    "and or is are was were be been have has had amongst among some of the one two three four five few all just "
    "chosen picked selected winning new our their its his her popular most favourite favourites my top final "
    "shortlisted other others a an as with including include includes such".split()
)
_NAME_NOUN = re.compile(r"\b(?:names|name|nicknames|nickname)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\[[^\]\n]*\]|\([^)\n]*\)")
_WINDOW = 600
_TAIL = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]*[" + _QUOTES_OPEN + r"]?[ \t]*$")


def _sentence_starts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets in [lo, hi) where a sentence starts (after a full stop that ends no abbreviation)."""
    starts = [lo]
    for m in _BOUNDARY.finditer(text, lo, hi):
        if m.group(0) == ".":
            before = text[max(lo, m.start() - 6) : m.start()].split()
            if before and fold(before[-1]) in _ABBREVIATIONS:
                continue
            if m.start() > 0 and text[m.start() - 1].isupper() and (m.start() < 2 or not text[m.start() - 2].isalpha()):
                continue  # an initial: "R. J. Smith"
        starts.append(m.end())
    return starts


def _sentences(text: str, start: int) -> tuple[int, int, int]:
    """(previous sentence start, this sentence start, this sentence end) around `start`."""
    lo = max(0, start - _WINDOW)
    starts = _sentence_starts(text, lo, min(len(text), start + _WINDOW))
    this = max(s for s in starts if s <= start)
    later = [s for s in starts if s > start]
    end = later[0] if later else min(len(text), start + _WINDOW)
    earlier = [s for s in starts if s < this]
    prev = earlier[-1] if earlier else this
    return prev, this, end


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORDS.findall(text)]


def _thing_before(text: str) -> bool:
    """A thing noun in the text, and no person noun after the last of them ("the gritter's driver")."""
    words = _words(text)
    last = max((i for i, w in enumerate(words) if w in THING_NOUNS), default=-1)
    return last >= 0 and not any(w in PERSON_NOUNS for w in words[last + 1 :])


def _only_list_words(between: str) -> bool:
    """Nothing but other names, punctuation and list words: "Gritty Gritterson, " or ", and "."""
    for word in _WORDS.findall(_BRACKETS.sub(" ", between)):
        if word[:1].isupper():
            continue
        if fold(word) not in _LIST_GLUE:
            return False
    return True


def is_named_thing(text: str, start: int, end: int, name: str) -> bool:
    """The candidate text[start:end] (its name `name`) is a name given to a thing, not a person."""
    words = _words(name)
    if not words:
        return False
    if words[0] in NAMED_THING_HEADS and len(words) > 1:
        return True  # "Storm Babet"
    prev, this, stop = _sentences(text, start)
    # The thing comes first: "a man called John Marsh rang about the gritters" is a person.
    if not _thing_before(text[prev:start]):
        return False
    before = text[this:start]
    # Beside: the thing noun right before the name ("gritter Sir Andy Salt"); not after a comma,
    # which may be an apposition of the driver ("the gritter's driver, John Brown").
    tail = _TAIL.search(before)
    if tail and fold(tail.group(1)) in THING_NOUNS:
        return True
    # Quoted, with a thing noun near: the gritter "Gritty Gritterson".
    if start > 0 and text[start - 1] in _QUOTES_OPEN and end < len(text) and text[end : end + 1] in _QUOTES_CLOSE:
        return True
    # Introduced: "named Sir Andy Salt and Brad Grit", "called Jonathan".
    for m in _WORDS.finditer(before):
        if (fold(m.group(0)) in NAMING_WORDS and _only_list_words(before[m.end() :])
                and _thing_before(text[prev : this + m.start()])):
            return True
    # Listed: "…, Agatha Gritstie and Snowy Beauchamp are amongst the names chosen."
    after = text[end:stop]
    noun = _NAME_NOUN.search(after)
    return bool(noun and _only_list_words(after[: noun.start()]))
