"""People: one canonical person per name, with aliases, honours and every mention.

Candidates come from the model's PERSON entities and from rules the model misses (a post or
courtesy title before a capitalised name, a name followed by an honour). Organisations, places,
pronouns, service names and bylines are filtered out. A lone surname or first name counts only
when it has a title or belongs to a full name stated in the same document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_search.facts.rules import (
    BYLINE_PREFIXES,
    HONOURS,
    NON_NAME_WORDS,
    NOT_PEOPLE,
    PRONOUNS,
    TITLE_WORDS,
)
from corpus_search.models import Mention, Person
from corpus_search.names import display_case, name_key

_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'’][A-Z]+)*|Mc[A-Z][a-z]+|O[’'][A-Z][a-z]+)"
_TITLE = r"(?:Councillor|Cllr\.?|Councilor|Inspector|Commissioner|Mayor|Alderman|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx|Dr\.?|Sir|Dame|Lord|Lady|Baroness|Professor|Prof\.?|Rev(?:d|\.)?|Detective (?:Inspector|Sergeant|Superintendent)|Chief (?:Inspector|Constable|Superintendent))"
_HONOUR = r"(?:OBE|CBE|MBE|KBE|DBE|GBE|BEM|QPM|KPM|QFSM|MP|MSP|MEP|QC|KC|JP|DL|FRSA|CB|CVO|LVO|MVO)"
TITLED = re.compile(
    rf"\b(?P<title>{_TITLE})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})(?P<hon>(?:,?\s+{_HONOUR}\b)*)"
)
HONOURED = re.compile(rf"\b(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})(?P<hon>(?:,?\s+{_HONOUR}\b)+)")
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass
class _Candidate:
    start: int
    end: int
    text: str  # the mention as written, titles and honours included
    name: str  # the name alone
    honours: list[str]
    titled: bool


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0].lower().rstrip(".") in TITLE_WORDS:
        words.pop(0)
    while words and words[-1].strip(",.") in HONOURS:
        words.pop()
    name = " ".join(words)
    return _POSSESSIVE.sub("", name).strip(" ,.;:–-")


def _plausible(name: str, titled: bool) -> bool:
    words = name.split()
    if not words or len(words) > 4:
        return False
    if any(ch.isdigit() or ch in "\n@/()&" for ch in name):
        return False
    lower = [w.lower().strip(".,’'") for w in words]
    if any(w in PRONOUNS for w in lower):
        return False
    if name_key(name) in NOT_PEOPLE or any(w in NOT_PEOPLE for w in lower if len(words) == 1):
        return False
    if any(w in NON_NAME_WORDS for w in lower):
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return True


def _is_byline(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start].lower()
    return any(prefix.strip() == p.strip() for p in BYLINE_PREFIXES)


def _candidates(sdoc) -> list[_Candidate]:  # type: ignore[no-untyped-def]
    text = sdoc.text
    found: list[_Candidate] = []
    for match in TITLED.finditer(text):
        name = _clean_name(match.group("name"))
        honours = re.findall(_HONOUR, match.group("hon") or "")
        found.append(_Candidate(match.start(), match.end("name") if not honours else match.end(), match.group(0), name, honours, True))
    for match in HONOURED.finditer(text):
        name = _clean_name(match.group("name"))
        honours = re.findall(_HONOUR, match.group("hon"))
        found.append(_Candidate(match.start(), match.end(), match.group(0), name, honours, False))
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        raw = ent.text.split("\n")[0].strip()
        start = ent.start_char + (len(ent.text) - len(ent.text.lstrip()))
        end = start + len(raw)
        name = _clean_name(raw)
        raw_words = raw.split()
        titled = bool(raw_words) and raw_words[0].lower().rstrip(".") in TITLE_WORDS and len(raw_words) > 1
        honours = [w for w in raw_words[1:] if w.strip(",.") in HONOURS]
        found.append(_Candidate(start, end, text[start:end], name, honours, titled))
    # Keep the longest candidate where several overlap (a titled match beats the bare entity).
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for cand in found:
        if kept and cand.start < kept[-1].end:
            if cand.end > kept[-1].end and cand.titled and not kept[-1].titled:
                kept[-1] = cand
            continue
        kept.append(cand)
    return [c for c in kept if c.name and not _is_byline(text, c.start) and _plausible(c.name, c.titled)]


def find_people(sdoc) -> list[Person]:  # type: ignore[no-untyped-def]
    """Canonical people of one document, each with aliases, honours and mentions."""
    cands = _candidates(sdoc)
    people: dict[str, Person] = {}
    order: list[str] = []
    # Full names first: they are the canonical forms shorter mentions resolve to.
    full = [c for c in cands if len(c.name.split()) >= 2]
    for cand in full:
        canonical = display_case(cand.name)
        key = name_key(canonical)
        # "Ade Adetosoye" and "ADE ADETOSOYE" are one person; keep the first mixed-case form.
        person = people.get(key)
        if person is None:
            person = people[key] = Person(name=canonical)
            order.append(key)
        elif person.name.isupper() and not canonical.isupper():
            person.name = canonical
    by_surname: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for key in order:
        words = key.split()
        by_surname.setdefault(words[-1], []).append(key)
        by_first.setdefault(words[0], []).append(key)
    for cand in cands:
        words = name_key(cand.name).split()
        if not words:
            continue
        if len(words) >= 2:
            key = name_key(display_case(cand.name))
        else:
            options = by_surname.get(words[0]) or by_first.get(words[0]) or []
            if len(options) == 1:
                key = options[0]
            elif cand.titled and not options:
                key = words[0]  # "Cllr Evans" with no full name in the text: the surname is all we know
                if key not in people:
                    people[key] = Person(name=display_case(cand.name))
                    order.append(key)
            else:
                continue  # a lone name with no anchor, or ambiguous between two people
        person = people[key]
        person.mentions.append(Mention(cand.text, cand.start, cand.end))
        if cand.text not in person.aliases:
            person.aliases.append(cand.text)
        for honour in cand.honours:
            if honour not in person.honours:
                person.honours.append(honour)
    # Bare surnames the model missed ("Fortune added:") for people with a unique surname.
    text = sdoc.text
    taken = [(m.start, m.end) for p in people.values() for m in p.mentions]
    for surname, keys in by_surname.items():
        if len(keys) != 1 or len(surname) < 3:
            continue
        person = people[keys[0]]
        written = person.name.split()[-1]
        for match in re.finditer(rf"\b{re.escape(written)}\b(?![-’'][a-z])", text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            person.mentions.append(Mention(match.group(0), match.start(), match.end()))
            if written not in person.aliases:
                person.aliases.append(written)
    result = []
    for key in order:
        person = people[key]
        if not person.mentions:
            continue
        person.mentions.sort(key=lambda m: m.start)
        result.append(person)
    return result
