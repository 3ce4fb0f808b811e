"""Document metadata from the text's own signals: title, doc_type, date, source organisation."""
from __future__ import annotations

import re
from collections import Counter

from corpus_search.facts.dates import parse_document_date

_I = re.IGNORECASE
DOC_TYPES = ("press_release", "minutes", "news", "other")

# (pattern, weight) per type. Raw text is searched, since the cleaner removes some signals
# ("ends", "Notes to editors") that tell a press release.
SIGNALS: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "press_release": tuple(
        (re.compile(p, _I | re.M), w)
        for p, w in (
            (r"^\s*published:?\s+(on\s+)?(mon|tue|wed|thu|fri|sat|sun)?\w*,?\s*\d", 2.0),
            (r"^[\s\-–—#\[(]*ends[\s\-–—#\]).]*$", 3.0),
            (r"^\s*notes?\s+(to|for)\s+editors?", 3.0),
            (r"\bpress (release|office)\b", 2.0),
            (r"\bfor (media|press) enquiries\b", 2.5),
            (r"^\s*(media|press) (contact|enquiries)", 2.5),
            (r"\b(cllr|councillor|leader|mayor|cabinet member|portfolio holder)\b[^.\n]{0,80}\bsaid:", 1.0),
            (r"\bembargo(ed)?\b", 2.0),
        )
    ),
    "minutes": tuple(
        (re.compile(p, _I | re.M), w)
        for p, w in (
            (r"^\s*meeting:?\s+\d", 3.0),
            (r"\bminutes\b", 1.5),
            (r"\bcommittee\b", 0.7),
            (r"^\s*resolved\b", 3.0),
            (r"\b(apologies for absence|declarations of interest|present:)", 2.5),
            (r"\bitem\s+\d+\b", 1.0),
            (r"\bthe committee (considered|noted|agreed|received|resolved)\b", 2.0),
            (r"\bmembers (noted|asked|agreed|considered)\b", 1.5),
            (r"\b(pds|scrutiny|overview and scrutiny|cabinet) (committee|meeting)\b", 1.5),
            (r"\bportfolio holder\b", 0.7),
            (r"\bagenda\b", 1.0),
            (r"^\s*(statement by|report of|report no\.?|report [a-z]{1,4}\d{3,})", 1.5),
        )
    ),
    "news": tuple(
        (re.compile(p, _I | re.M), w)
        for p, w in (
            (r"^\s*(latest|public sector|local|breaking)?\s*news\b", 1.5),
            (r"^\s*by [A-Z][a-z]+ [A-Z][a-z]+", 1.5),
            (r"^\s*(image|photo|picture)( credit)?\s*[-:–]", 2.0),
            (r"^\s*comments?\s*$", 1.5),
            (r"\b(add|leave) (your|a) comment\b", 2.0),
            (r"\b(told|speaking to) (the|our) [A-Z]?\w+\b", 1.0),
            (r"\b(said|says|added)\b", 0.3),
            (r"\b(reporter|correspondent|editor)\b", 1.0),
            (r"\bLBC\b", 0.5),
        )
    ),
}
THRESHOLD = 2.0

_DATE_LINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|issued|date|meeting(?: date)?|dated|held)\b\s*(?:on)?\s*:?\s*)?(?P<d>[^\n]{4,60})$",
    _I,
)
_LABELLED_DATE = re.compile(
    r"\b(?:published|posted|issued|date of meeting|meeting date|meeting held|held|meeting|date)\s*(?:on)?\s*:?\s*(?P<d>[^\n]{4,60})", _I
)
_ORG_NAME = r"(?-i:[A-Z][\w'’]+)(?:[ -](?:and|upon|on|under|(?-i:[A-Z][\w'’]+))){0,3}"
_ORG = re.compile(
    rf"\b(?:(?P<lb>London Borough of|Royal Borough of|Borough of)\s+(?P<n1>{_ORG_NAME}))"
    rf"|(?P<n2>{_ORG_NAME})\s+(?P<kind>Metropolitan Borough Council|Borough Council|County Council|City Council|District Council|Council|(?-i:LBC|MBC|BC|CC|DC))\b",
    re.I,
)
_NOT_ORG_NAMES = {"The", "Full", "Town", "Parish", "County", "City", "Borough", "District", "Executive", "This", "Our", "Local", "Children", "Children’s", "Children's", "Health", "Care", "Leader", "Security", "Privy", "European", "Research", "Arts", "Social", "Safeguarding", "Grants", "Advisory", "Youth", "School", "Cabinet"}
# Lower-case forms of words that open a phrase before a council's name but are not part of it.
_NOT_ORG_LOWER = {"former", "the", "leader", "chief", "executive", "member", "members", "deputy", "new", "our", "a", "an", "said", "says", "whole", "entire", "mayor", "and"}
_DOMAIN = re.compile(r"@([a-z][a-z-]+)\.gov\.uk\b|\bwww\.([a-z][a-z-]+)\.gov\.uk\b", _I)


def doc_type(raw_text: str, text: str) -> str:
    """press_release / minutes / news / other from weighted signals in the raw text."""
    scores = {}
    for kind, signals in SIGNALS.items():
        scores[kind] = sum(w * min(len(p.findall(raw_text)), 3) for p, w in signals)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= THRESHOLD else "other"


def document_date(text: str, raw_text: str = "") -> str | None:
    """The publication or meeting date: a labelled date, else a date standing alone near the top."""
    head = "\n".join(text.split("\n")[:15])
    for match in _LABELLED_DATE.finditer(head):
        value = parse_document_date(match.group("d"))
        if value:
            return value
    for line in head.split("\n"):
        match = _DATE_LINE.match(line)
        if match and len(line.split()) <= 8:
            value = parse_document_date(match.group("d"))
            if value:
                return value
    if raw_text:
        for match in _LABELLED_DATE.finditer(raw_text[:3000]):
            value = parse_document_date(match.group("d"))
            if value:
                return value
    return None


def title(text: str, given: str | None = None) -> str:
    """The loader's title if the format had one, else the first line that reads like a headline."""
    if given:
        return given
    for line in text.split("\n")[:12]:
        line = line.strip()
        words = line.split()
        if len(words) < 2 or len(line) > 200:
            continue
        if parse_document_date(line) and len(words) <= 6:
            continue
        if re.match(r"^(published|posted|updated|meeting:)", line, _I):
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
    for match in _DOMAIN.finditer(raw_text or text):
        # An address at the council's own domain is the strongest sign of who published it.
        name = (match.group(1) or match.group(2)).replace("-", " ").title()
        counts[f"{name} Council"] += 3
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def word_count(text: str) -> int:
    return len(text.split())
