"""Evidence that a name-like candidate is not a person, read from its document.

Word lists catch most organisations, places and events (rules.NON_NAME_WORDS); these checks use
what the rest of the document says about the same words:

  other labels   the same string, or one of its words, tagged ORG/GPE/FAC/… elsewhere
                 ("Monmouthshire" a place, so "Start Monmouthshire" is a scheme)
  item headings  a line (or a sentence, or what follows a colon) that opens with the name and a
                 dash, followed by no role word ("Merlin Waste – £30", "Angiddy Trail Leaflet –
                 update received", "Accounts for payment:- Valley Calligraphy – artwork")
  place phrases  after "in", "near", "around" … with only places and "or"/"and" between
                 ("in either Bloxham or Hook Norton")
  address lines  a line of comma-separated parts with a postcode or a place in it
                 ("Glendale, Duns Tew, Bicester, Oxfordshire")
  score lines    a line that is two teams and their score ("Werder Bremen 2 Borussia Dortmund 1",
                 "Bayer Leverkusen 3-1 Arminia Bielefeld"): the names are clubs, there and
                 wherever else they stand in the document
  firms          the name runs on into a firm's ending elsewhere ("Garner Wexley Inc"), follows a
                 noun for a firm ("bookmakers Tate Bet", "household goods group Corvane Hale") or
                 owns what only a firm has ("Corvane Hale's fixed line division", "Tate Bet's shares")

A candidate with a title, or one that speaks or holds a post in the text, is a person whatever
these say; the callers only ask about untitled candidates from the model.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from corpus_search.facts.rules import BODY_NOUNS, FIRM_POSSESSIONS, FIRM_SUFFIXES, NON_PERSON_LABELS, ROLE_NOUNS
from corpus_search.names import fold, name_key

_HEAD_OPENER = re.compile(r"(?:[.;:]|:-)[ \t]+")
_DASH_AFTER = re.compile(r"[ \t]*[–—-][ \t]*")
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][0-9A-Z]?[ \t]*[0-9][A-Z]{2}\b")
# A verb of speech or thought right after a name: "Hayward said", "Smith added".
SPEECH_AFTER = re.compile(
    r"^[’']?s?\s*(?:,\s*)?(?:said|says|added|adds|told|explained|asked|replied|reported|agreed|"
    r"suggested|proposed|seconded|noted|stated|confirmed|commented|warned|argued|wrote)\b",
)


class DocumentEvidence:
    """Words and strings the model tags as something other than a person in one document."""

    def __init__(self, text: str, entities: Iterable[tuple[int, int, str]]) -> None:
        self.other: Counter[str] = Counter()
        self.places: set[str] = set()
        self.person: Counter[str] = Counter()
        self.person_keys_by_word: dict[str, set[str]] = {}
        for start, end, label in entities:
            key = name_key(text[start:end])
            if not key:
                continue
            if label == "PERSON":
                self.person[key] += 1
                for word in key.split():
                    self.person_keys_by_word.setdefault(word, set()).add(key)
            elif label in NON_PERSON_LABELS:
                self.other[key] += 1
                if label in ("GPE", "LOC", "FAC"):
                    self.places.add(key)
        self.other_keys = set(self.other)

    def tagged_otherwise(self, name: str) -> bool:
        """The name, or its first or last word on its own, is tagged as a place or body elsewhere."""
        key = name_key(name)
        if not key:
            return False
        if self.other[key] > self.person[key]:
            return True
        words = key.split()
        if len(words) < 2:
            return False
        # The first word alone is a place or body, and no other person's name has it ("MCC
        # Highways", "Monmouthshire Homesearch"). Not the last word: a surname is often tagged as
        # a place or body on its own ("Abbott" as a GPE).
        first = words[0]
        if not (len(first) > 2 and self.other[first] > 0 and not self.person[first]
                and self.person_keys_by_word.get(first, set()) <= {key}):
            return False
        # A place is strong evidence; a body is weaker, since the model often reads a forename
        # standing alone ("Martin" after "Martin Johnson") as one: it must outnumber the person tags.
        return first in self.places or self.other[first] > self.person[key]


def is_item_heading(text: str, start: int, end: int) -> bool:
    """The name opens its line and a dash follows with no role word after it."""
    line_start = text.rfind("\n", 0, start) + 1
    # A heading may also open a sentence or follow a colon, where a PDF ran its lines together:
    # "… by 18th April. Home Start Monmouthshire – request for funding", "payment:- Valley Calligraphy –".
    for m in _HEAD_OPENER.finditer(text, line_start, start):
        line_start = m.end()
    if text[line_start:start].strip(" \t0-9.()") != "":
        prefix = text[line_start:start].strip()
        # "Planning Appeal Ravensnest Fishery –": capitalised words before it on the line.
        if not prefix or not all(w[:1].isupper() for w in prefix.split()):
            return False
    dash = _DASH_AFTER.match(text, end)
    if not dash or dash.end() == end:
        return False
    line_end = text.find("\n", end)
    rest = text[dash.end() : line_end if line_end >= 0 else len(text)]
    words = [fold(w) for w in _WORD.findall(rest)[:6]]
    return not any(w in ROLE_NOUNS for w in words)


def is_address_part(text: str, start: int, end: int, evidence: DocumentEvidence) -> bool:
    """The name is one of several comma-separated parts of a line that holds a postcode or a
    part the model tags as a place."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 3 or len(line) > 160:
        return False
    if _POSTCODE.search(line):
        return True
    own = name_key(text[start:end])
    places = [p for p in parts if name_key(p) and name_key(p) != own and name_key(p) in evidence.other_keys]
    return len(places) >= 1


def speaks(text: str, end: int) -> bool:
    return bool(SPEECH_AFTER.match(text[end : end + 40]))


_CONSTITUENCY_BEFORE = re.compile(
    r"\b(?:MP|MPs|MSP|MS|AM|MEP|MLA|Member\s+of\s+Parliament|member)\s+for\s+(?:the\s+)?$"
)
_CONSTITUENCY_AFTER = re.compile(r"^\s+(?:MP|MSP|MEP|MLA)\b(?:\s+[A-Z]|,)")


def is_constituency(text: str, start: int, end: int) -> bool:
    """'MP for Bolton West', 'Bolton East MP Tom Pike': the name of a seat, not of a person."""
    return bool(_CONSTITUENCY_BEFORE.search(text[max(0, start - 40) : start])
                or _CONSTITUENCY_AFTER.match(text[end : end + 12]))


_TEAM = r"[A-Z][\w'’.\-]*(?:[ \t]+(?:of|de|la|del|[A-Z][\w'’.\-]*)){0,3}"
_SCORE_LINE = re.compile(
    rf"^[ \t]*{_TEAM}[ \t]+\d{{1,2}}(?:[ \t]*[-–][ \t]*\d{{1,2}})?[ \t]+{_TEAM}(?:[ \t]+\d{{1,2}})?"
    r"(?:[ \t]*\([^()\n]*\))?[ \t]*$"
)


_TEAM_GROUPS = re.compile(
    rf"^[ \t]*(?P<home>{_TEAM})[ \t]+\d{{1,2}}(?:[ \t]*[-–][ \t]*\d{{1,2}})?[ \t]+(?P<away>{_TEAM})(?:[ \t]+\d{{1,2}})?"
    r"(?:[ \t]*\([^()\n]*\))?[ \t]*$",
    re.MULTILINE,
)


def score_line_teams(text: str) -> set[str]:
    """Name keys of the teams on the document's score lines: "Wexford Vale" is a club wherever it
    recurs ("scored twice for Wexford Vale")."""
    return {name_key(m.group(g)) for m in _TEAM_GROUPS.finditer(text) for g in ("home", "away")} - {""}


_RUNS_ON = re.compile(r"(?:[ \t]+[A-Z][\w&]*){0,2}?,?[ \t]+([A-Z][\w&.]*)")


def runs_into_body(text: str, name: str) -> bool:
    """Elsewhere in the text the name runs on into a firm's ending ("Garner Wexley Inc", "Ted Bates
    Worldwide Inc"): the name is a firm's. Not any body word: "The John Peel Show" is his."""
    # What re.finditer(re.escape(name) + _RUNS_ON) finds, without compiling a pattern per name.
    pos = text.find(name)
    while pos >= 0:
        m = _RUNS_ON.match(text, pos + len(name))
        if m is None:
            pos = text.find(name, pos + 1)
            continue
        if fold(m.group(1)).strip(".") in FIRM_SUFFIXES:
            return True
        pos = text.find(name, m.end())
    return False


def is_score_line(text: str, start: int, end: int) -> bool:
    """The candidate stands on a line that is two teams and a score: a club, not a person."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return bool(_SCORE_LINE.match(text[line_start : line_end if line_end >= 0 else len(text)]))


_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|around|across|outside|within|throughout)[ \t]+(?:either[ \t]+|both[ \t]+)?"
    r"(?P<chain>(?:[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*)*[ \t]*(?:,|\bor\b|\band\b)[ \t]*)+)$"
)
_CHAIN_SEP = re.compile(r"[ \t]*(?:,|\bor\b|\band\b)[ \t]*")


def is_place_phrase(text: str, start: int, places: set[str]) -> bool:
    """The name ends a list of places after a preposition of place ("in either Bloxham or Hook
    Norton"): every other item of the list is a name the model tags as a place (`places`)."""
    m = _PLACE_BEFORE.search(text[max(0, start - 80) : start])
    if not m:
        return False
    items = [name_key(i) for i in _CHAIN_SEP.split(m.group("chain")) if i.strip()]
    return bool(items) and all(i in places for i in items)


_RUN = r"[A-Z][\w&'’\-]*(?:[ \t]+[A-Z][\w&'’\-]*){0,3}"
_BODY_BEFORE = re.compile(
    r"(?<![\w'’\-])(?:" + "|".join(re.escape(w) for w in sorted(BODY_NOUNS, key=len, reverse=True))
    + rf")[ \t]+(?P<run>{_RUN})(?![\w'’])"
)
_POSSESSION_AFTER = re.compile(
    rf"(?<![\w'’\-])(?P<run>{_RUN})[’']s[ \t]+(?:[a-z][a-z\-]*[ \t]+){{0,3}}?(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(FIRM_POSSESSIONS, key=len, reverse=True))
    + r")(?![\w])"
)


def firm_keys(text: str) -> set[str]:
    """Name keys the text writes as a firm's: right after a noun for a firm ("bookmakers Tate Bet")
    or owning what only a firm has ("But Corvane Hale's fixed line division": "corvane hale" and
    every other tail of the capitalised run before the possessive). Read once per document."""
    keys = {name_key(m.group("run")) for m in _BODY_BEFORE.finditer(text)}
    for m in _POSSESSION_AFTER.finditer(text):
        words = m.group("run").split()
        keys.update(name_key(" ".join(words[i:])) for i in range(len(words) - 1))  # not the last word alone
    return keys - {""}
