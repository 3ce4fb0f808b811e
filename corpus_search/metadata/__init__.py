"""Document metadata: title, doc_type, date and issuing organisation.

The format's own metadata (`LoadedText.meta`: HTML JSON-LD/OpenGraph, Markdown front matter,
DOCX core properties) is read first; the text's own structure next (`types`, `dating`).
`describe` is the one entry point the pipeline calls.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from corpus_search.facts.dates import parse_document_date
from corpus_search.metadata.dating import document_date
from corpus_search.metadata.types import DOC_TYPES, doc_type

if TYPE_CHECKING:
    from corpus_search.models import LoadedText

__all__ = ["DOC_TYPES", "describe", "doc_type", "document_date", "organisation", "title", "word_count"]

_I = re.IGNORECASE
_ORG_NAME = r"(?-i:[A-Z][\w'’]+)(?:[ -](?:and|upon|on|under|(?-i:[A-Z][\w'’]+))){0,3}"
_ORG = re.compile(
    rf"\b(?:(?P<lb>London Borough of|Royal Borough of|Borough of)\s+(?P<n1>{_ORG_NAME}))"
    rf"|(?P<n2>{_ORG_NAME})\s+(?P<kind>Metropolitan Borough Council|Borough Council|County Council|"
    rf"City Council|District Council|Council|(?-i:LBC|MBC|BC|CC|DC))\b",
    re.I,
)
_NOT_ORG_NAMES = {
    "The",
    "Full",
    "Town",
    "Parish",
    "County",
    "City",
    "Borough",
    "District",
    "Executive",
    "This",
    "Our",
    "Local",
    "Children",
    "Children’s",
    "Children's",
    "Health",
    "Care",
    "Leader",
    "Security",
    "Privy",
    "European",
    "Research",
    "Arts",
    "Social",
    "Safeguarding",
    "Grants",
    "Advisory",
    "Youth",
    "School",
    "Cabinet",
    # determiners that open a sentence before a lower-case "council": "Each council will ..."
    "Each",
    "Every",
    "Any",
    "Another",
    "One",
    "Some",
    "No",
    "Which",
    "That",
    "Your",
    "Their",
    "Its",
    "All",
}
# Lower-case forms of words that open a phrase before a council's name but are not part of it.
_NOT_ORG_LOWER = {
    "former",
    "the",
    "leader",
    "chief",
    "executive",
    "member",
    "members",
    "deputy",
    "new",
    "our",
    "a",
    "an",
    "said",
    "says",
    "whole",
    "entire",
    "mayor",
    "and",
}
_DOMAIN = re.compile(r"@([a-z][a-z-]+)\.gov\.uk\b|\bwww\.([a-z][a-z-]+)\.gov\.uk\b", _I)


# A letterhead's contact line, never a title: "Parish Clerk: ...", "Tel: ...", an e-mail address.
_CONTACT_LINE = re.compile(
    r"^(?:(?:parish|town|deputy|assistant)\s+)?clerk\s*:|^(?:tel|telephone|mobile|phone|fax|e-?mail|website|web)\b\s*:?"
    r"|@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|^(?:our|your)\s+ref\b|^agenda\s+item\s+\S+$|^public\s+document\s+pack$",
    _I,
)


# What exporters leave in a file's title field when nobody set one: never a document's title.
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled(?:\s+document)?|document\s*\d*|title|no\s+title|slide\s*\d+|page\s*\d+|"
    r"(?:microsoft\s+(?:word|excel|powerpoint)\s*-\s*)?[^/\\]*\.(?:docx?|pdf|odt|rtf|pptx?|xlsx?|txt|html?)|"
    r"microsoft\s+(?:word|excel|powerpoint)\b.*)$",
    _I,
)


def title(text: str, given: str | None = None) -> str:
    """The loader's title if the format had a real one, else the first line that reads like a headline."""
    if given and not _PLACEHOLDER_TITLE.match(given.strip()):
        return given
    for line in text.split("\n")[:12]:
        line = line.strip()
        words = line.split()
        if len(words) < 2 or len(line) > 200:
            continue
        if parse_document_date(line) and len(words) <= 6:
            continue
        if re.match(r"^(published|posted|updated|meeting:)", line, _I) or _CONTACT_LINE.search(line):
            continue
        return line
    first = text.strip().split("\n", 1)[0]
    return first[:120]


# Words of a council's type that the name pattern may have taken into the name ("NORTHBROOK DISTRICT").
_ORG_KINDS = {"metropolitan", "borough", "district", "county", "city"}


def _org_name(name: str, kind: str) -> str | None:
    """'X Council' from the words before a council kind: the words after the last 'of', leading
    words that are not a place dropped ("Former", "The Leader of"), all-capitals words title-cased."""
    words = name.replace("’s", "").replace("'s", "").split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() == "of":
            words = words[i + 1 :]
            break
    words = [w.title() if w.isupper() and len(w) > 1 else w for w in words]
    while words and (words[0] in _NOT_ORG_NAMES or words[0].lower() in _NOT_ORG_LOWER):
        words = words[1:]
    kind_words = [w.title() if w.isupper() and len(w) > 2 else w for w in kind.split()]
    while words and words[-1].lower() in _ORG_KINDS:
        kind_words.insert(0, words.pop())
    if not words or words[0].lower() in _ORG_KINDS:
        return None
    kind_text = " ".join(kind_words) if kind_words and kind_words[-1].lower() == "council" else "Council"
    return f"{' '.join(words)} {kind_text}"


def organisation(text: str, raw_text: str = "") -> str | None:
    """The council the text is about or from, as 'X Council', where the text names one."""
    counts: Counter[str] = Counter()
    for match in _ORG.finditer(text):
        name = match.group("n1") or match.group("n2")
        if not name:
            continue
        name = _org_name(name, match.group("kind") or "")
        if name:
            counts[name] += 1
    named = list(counts)
    for match in _DOMAIN.finditer(raw_text or text):
        # An e-mail address at the council's own domain is the strongest sign of who published
        # it; a web address is weaker (a letter points to a tribunal's or a partner's site).
        # The domain gives the place only: it backs the body's full name for it where there is one
        # (northbrook.gov.uk → "Northbrook District Council", not "Northbrook Council").
        place = (match.group(1) or match.group(2)).replace("-", " ").title()
        full = [n for n in named if n.lower().startswith(place.lower() + " ")]
        counts[full[0] if len(full) == 1 else f"{place} Council"] += 3 if match.group(1) else 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def word_count(text: str) -> int:
    return len(text.split())


def describe(text: str, raw_text: str, loaded: LoadedText | None = None) -> tuple[str, str, str | None, str | None]:
    """(title, doc_type, date, organisation) of a cleaned text, its raw text and what the loader
    read from the format (`loaded.title`, `loaded.meta`)."""
    meta = dict(loaded.meta) if loaded is not None else {}
    given = (loaded.title if loaded is not None else None) or meta.get("title")
    kind = doc_type(raw_text, text, meta)
    date = document_date(text, raw_text, meta, kind)
    # A news site's own name (og:site_name, JSON-LD publisher) is its publisher; for other kinds
    # the body names the issuing council more reliably than a web host's site name.
    site = meta.get("publisher") if kind == "news" else None
    org = meta.get("organisation") or site or organisation(text, raw_text) or meta.get("publisher")
    return title(text, given), kind, date, org
