"""Roles: person → role title, organisation, status, evidence sentence and date.

Shapes read (no dependency parse needed for these; the sentence and the token order suffice):
  post title        "Councillor Robert Evans", "Inspector Dawn Godfrey"
  apposition after  "Cllr Peter Fortune, Executive Member for Children and Families, said"
                    "Rob Whiteman, CEO at the Chartered Institute of Public Finance"
  role before name  "interim chief executive Ade Adetosoye", "Director of Public Health Jane Roe"
  dash apposition   "a new Executive Director for Care Services, Education and Health – Ade Adetosoye OBE"
  copula            "The appointed Commissioner is Ms Frankie Sulke CBE"
  relative clause   "… who was until fairly recently Director of Children Services in Lewisham"
  appointment       "X has been appointed as Y", "X was named Y", "X becomes Y"
"""
from __future__ import annotations

import re

from corpus_search.facts.rules import POST_TITLES, ROLE_HEADS, ROLE_NOUNS, ROLE_OPENERS, STATUS_CUES
from corpus_search.models import Document, Person, Role, Sentence

_STATUS = tuple((re.compile(p, re.I), s) for p, s in STATUS_CUES)
_WORD = r"[A-Za-z][\w'’\-]*"
# A role phrase: up to 4 words ending on a role noun, optionally "for/of X, Y and Z".
# Capitalised words are matched case-sensitively even inside patterns compiled with re.I.
_CAP = r"(?-i:[A-Z&][\w'’\-]*)"
_COMPLEMENT = rf"(?:\s+(?:for|of)\s+(?:the\s+)?{_CAP}(?:(?:,\s*|\s+(?:and|&)\s+|\s+)(?:the\s+)?{_CAP}){{0,8}})"
_COMPLEMENT_LC = r"(?:\s+(?:for|of)\s+(?:[a-z][\w'’\-]*)(?:(?:,\s*|\s+(?:and|&)\s+|\s+)[a-z][\w'’\-]*){0,6})"
_ORG_AT = rf"(?:\s+(?:at|of|for|with|in)\s+(?P<org>(?:the\s+)?{_CAP}(?:\s+(?:of|for|and|&|the|{_CAP})){{0,8}}(?:\s+\((?-i:[A-Z]{{2,}})\))?))"


def _role_phrase_re() -> str:
    return rf"(?P<role>(?:{_WORD}\s+){{0,4}}?(?:{'|'.join(sorted(ROLE_NOUNS, key=len, reverse=True))})(?:{_COMPLEMENT}|{_COMPLEMENT_LC})?)"


ROLE_AFTER = re.compile(rf"^\s*,\s*(?:the\s+|a\s+|an\s+)?{_role_phrase_re()}{_ORG_AT}?(?=\s*(?:,|\.|;|\)|:|\s+said|\s+says|\s+added|\s+who|\s+and\b|$))", re.I)
ROLE_BEFORE = re.compile(rf"{_role_phrase_re()}\s*(?:[–—-]\s*|,\s*)?$", re.I)
COPULA = re.compile(rf"(?:the\s+)?{_role_phrase_re()}\s+(?:is|was|will be|has been)\s*$", re.I)
RELATIVE = re.compile(rf"^\s*,?\s*(?:who|, who)\s+(?:is|was|has been|had been|became)\s+(?P<cue>(?:until\s+\w+\s+recently|formerly|previously|currently|now|also)\s+)?(?:the\s+|a\s+|an\s+)?{_role_phrase_re()}(?:\s+(?:in|at|of|for)\s+(?P<org>(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,5}}))?", re.I)
APPOINTED = re.compile(rf"^\s*(?:has been|was|is|will be|had been)?\s*(?:appointed|named|confirmed|selected|chosen)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?(?:new\s+)?{_role_phrase_re()}(?:\s+(?:of|at|for)\s+(?P<org>(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,5}}))?", re.I)
BECOMES = re.compile(rf"^\s*(?:becomes|became|will become|has become|takes up the (?:post|role) of|took up the (?:post|role) of)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?{_role_phrase_re()}", re.I)
_POSSESSOR = re.compile(r"(?P<org>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})[’']s\s*$")


def _trim_role(role: str) -> str | None:
    """Trim openers and check the phrase really heads on a role word."""
    words = role.strip(" ,–—-").split()
    # Drop leading words that are not part of a title (verbs, "told", "Bromley's" handled apart).
    while words and (words[0].lower() in ROLE_OPENERS - {"interim", "acting"} or words[0].endswith(("’s", "'s"))):
        words.pop(0)
    while words and words[0].lower() not in ROLE_HEADS and not words[0][:1].isupper():
        words.pop(0)
    if not words:
        return None
    lower = [w.lower().strip(",") for w in words]
    if not any(w in ROLE_HEADS for w in lower):
        return None
    # A role phrase opened by a capitalised word that is not a role word is usually a name or org.
    if words[0][:1].isupper() and lower[0] not in ROLE_HEADS and lower[0] not in ("children's", "adult", "social"):
        if len(words) > 1 and lower[1] in ROLE_HEADS:
            pass
        else:
            return None
    phrase = " ".join(words).strip(" ,")
    phrase = re.sub(r"\s+(and|&|the|of|for)$", "", phrase, flags=re.I)
    return phrase if len(phrase) > 1 else None


def _status(context: str, role: str) -> str | None:
    for pattern, status in _STATUS:
        if pattern.search(role):
            return status
    for pattern, status in _STATUS:
        if pattern.search(context):
            return status
    return None


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return None


def find_roles(sdoc, people: list[Person], sentences: list[Sentence], document: Document) -> list[Role]:  # type: ignore[no-untyped-def]
    from corpus_search.facts.dates import find_dates

    text = sdoc.text
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()

    def add(person: Person, role: str | None, org: str | None, status: str | None, pos: int) -> None:
        if not role:
            return
        key = (person.name, role.lower())
        if key in seen:
            return
        seen.add(key)
        sent = _sentence_at(sentences, pos)
        evidence = sent.text if sent else text[max(0, pos - 100) : pos + 100]
        date = None
        if sent is not None:
            stated = [d for d in find_dates(sent.text, document.date) if d.value and len(d.value) >= 7]
            date = stated[0].value if stated else None
        roles.append(
            Role(
                person=person.name,
                role=role,
                organisation=(org or document.organisation),
                status=status,
                date=date or document.date,
                evidence=evidence,
                start=sent.start if sent else pos,
                end=sent.end if sent else pos,
            )
        )

    for person in people:
        for mention in person.mentions:
            first = mention.text.split()[0].lower().rstrip(".") if mention.text.split() else ""
            sent = _sentence_at(sentences, mention.start)
            s_start = sent.start if sent else max(0, mention.start - 200)
            s_end = sent.end if sent else min(len(text), mention.end + 200)
            before = text[s_start : mention.start]
            after = text[mention.end : s_end]
            if first in POST_TITLES and len(mention.text.split()) > 1:
                add(person, POST_TITLES[first], None, None, mention.start)
            if m := ROLE_AFTER.match(after):
                role = _trim_role(m.group("role"))
                add(person, role, m.group("org"), _status(before[-60:] + m.group(0), role or ""), mention.start)
            if m := RELATIVE.match(after):
                role = _trim_role(m.group("role"))
                status = _status(m.group("cue") or "", role or "") or _status(m.group(0), role or "")
                add(person, role, m.group("org"), status, mention.start)
            if m := APPOINTED.match(after):
                role = _trim_role(m.group("role"))
                add(person, role, m.group("org"), "appointed", mention.start)
            if m := BECOMES.match(after):
                role = _trim_role(m.group("role"))
                add(person, role, None, "appointed", mention.start)
            window = before[-160:]
            if m := COPULA.search(window):
                role = _trim_role(m.group("role"))
                add(person, role, None, _status(window, role or ""), mention.start)
            elif m := ROLE_BEFORE.search(window):
                role = _trim_role(m.group("role"))
                org = None
                if pm := _POSSESSOR.search(window[: m.start("role")]):
                    org = pm.group("org")
                add(person, role, org, _status(window, role or ""), mention.start)
    return roles
