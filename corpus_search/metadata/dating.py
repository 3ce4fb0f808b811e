"""The date of a document: the meeting for minutes and agendas, publication for the rest.

- Minutes and agendas: the date the heading gives the meeting ("... held in the Village Hall on
  26th September 2024", "You are summoned to a meeting ... on Monday 25th February 2019",
  "Date: Thursday, 30 January 2025"), never the previous meeting whose minutes are approved
  ("the minutes of the meeting held on 25th July 2024") nor the next one.
- News and press releases: the page's own metadata first (JSON-LD `datePublished`, OpenGraph,
  front matter), then a labelled or standalone date near the top.
- Reports and letters: the date line near the top, a month and year in the heading, a date in
  the closing lines (a signature's date), then the format's metadata.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from corpus_search.facts.dates import find_dates, parse_document_date

_I = re.IGNORECASE

HEAD_LINES = 15
MEETING_HEAD_CHARS = 1500
# A word that puts a meeting date into the heading of minutes or an agenda.
_MEETING_TRIGGER = re.compile(
    r"\b(?:held|be\s+held|convened|meeting\s+(?:of\s+[^\n]{0,80}?\s)?(?:on|at)|summoned\s+to\s+[^\n]{0,120}?\bon"
    r"|date\s+of\s+(?:the\s+)?meeting|meeting\s+date|date\s*:|on)\b",
    _I,
)
# A date the heading gives for the papers, not the meeting: "Date of publication: ...".
_PAPER_DATE = re.compile(r"\b(?:publish\w*|publication|despatch\w*|dispatch\w*|issued|circulated|printed|"
                         r"updated|agenda\s+(?:sent|published))\b[^\n]{0,40}$", _I)
# A mention of another meeting: the previous one (minutes approved) or the next one.
_OTHER_MEETING = re.compile(
    r"\b(?:previous|last|prior|earlier|next|following|future)\b|\b(?:approv|confirm|receiv|sign|agree|adopt)\w*\b[^.\n]{0,60}\bminutes\b"
    r"|\bthe\s+minutes\s+of\s+the\s+(?:\w+\s+){0,6}meeting\s+held\b",
    _I,
)
_DATE_LINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|issued|date|meeting(?: date)?|dated|held)\b\s*(?:on)?\s*:?\s*)?"
    r"(?P<d>[^\n]{4,60})$",
    _I,
)
_LABELLED_DATE = re.compile(
    r"\b(?:published|posted|issued|date of meeting|meeting date|meeting held|"
    r"held|meeting|date)\s*(?:on)?\s*:?\s*(?P<d>[^\n]{4,60})",
    _I,
)


def _full_dates(text: str, doc_date: str | None = None, precision: int = 10) -> list[tuple[int, int, str]]:
    """(start, end, value) of each dated mention at day precision (or `precision`), in order; a
    day and month without a year get the year nearest `doc_date`, when given."""
    return [(m.start, m.end, m.value) for m in find_dates(text, doc_date)
            if m.value and len(m.value) == precision and m.end_value is None]


# Where the body of minutes or an agenda begins: the attendance, or the first numbered item.
# A date after it belongs to an item ("55. Minutes of the meeting held on 10 September 2024").
_BODY_START = re.compile(
    r"\b(?:(?:members\s+)?present|in\s+attendance|attendees|attendance|apologies(?:\s+for\s+absence)?)\s*:"
    r"|(?:^|\s)(?:item\s+)?(?:\d{1,3}[.)]|\d{1,3}[./]\d{1,3}[.)]?)\s+(?-i:[A-Z][a-z])",
    _I,
)


def meeting_date(text: str) -> str | None:
    """The meeting's date from the heading of minutes or an agenda, else None."""
    head = text[:MEETING_HEAD_CHARS]
    flat = re.sub(r"[^\S\n]*\n[^\S\n]*", " ", head)  # a heading printed over several lines
    dates = _full_dates(flat)
    # Dates in the heading come first; those in the body count only when the heading has none.
    body = _BODY_START.search(flat)
    cut = body.start() if body else len(flat)
    found = _heading_date(flat, [d for d in dates if d[0] < cut])
    if found:
        return found
    if dates:
        # A heading that gives the day but not the year ("held on Thursday 26th September"):
        # the year nearest the document's other dates, the weekday deciding between years.
        latest = max(value for _, _, value in dates)
        found = _heading_date(flat, [d for d in _full_dates(flat[:cut], latest)])
        if found:
            return found
    # A heading that gives only the month ("Minutes of the September 2024 meeting").
    found = _heading_date(flat, _full_dates(flat[:cut], precision=7))
    if found:
        return found
    return _heading_date(flat, [d for d in dates if d[0] >= cut], body=True) if body else None


# In the body, an item that names a meeting's minutes speaks of another meeting:
# "1. Minutes of the meeting held on 25th July 2024 were approved".
_BODY_OTHER_MEETING = re.compile(r"\bminutes\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,5}?(?:meeting|held)\b", _I)


def _heading_date(flat: str, dates: list[tuple[int, int, str]], body: bool = False) -> str | None:
    # What each date is about: the words since the previous date (at most 160 characters).
    contexts = []
    prev_end = 0
    for start, end, value in dates:
        lead = flat[max(prev_end, start - 160):start]
        sentence = re.split(r"(?<=[.;])\s|\n", lead)[-1]
        other = bool(_OTHER_MEETING.search(sentence) or _PAPER_DATE.search(lead[-50:])
                     or (body and _BODY_OTHER_MEETING.search(sentence)))
        contexts.append((value, lead, other))
        prev_end = end
    # A date straight after a meeting word ("held ... on", "Date:") that is not about another
    # meeting or the papers; then the first date that is not.
    for value, lead, other in contexts:
        if not other and _MEETING_TRIGGER.search(lead[-120:]):
            return value
    for value, _, other in contexts:
        if not other:
            return value
    return None


def text_date(text: str, raw_text: str = "") -> str | None:
    """A labelled date ("Published ...", "Date: ...") or a date standing alone near the top.

    A label that opens a line ("Date: 14 November 2024") or a date line of its own comes before
    a label inside prose ("At its meeting on 20 January 2025 ..." in a letter dated above it)."""
    head = "\n".join(text.split("\n")[:HEAD_LINES])
    labelled = list(_LABELLED_DATE.finditer(head))
    for match in labelled:
        line_start = head.rfind("\n", 0, match.start()) + 1
        if head[line_start:match.start()].strip(" \t*-–|:") == "":
            value = parse_document_date(match.group("d"))
            if value:
                return value
    for line in head.split("\n"):
        line_match = _DATE_LINE.match(line)
        if line_match and len(line.split()) <= 8:
            value = parse_document_date(line_match.group("d"))
            if value:
                return value
    for match in labelled:
        value = parse_document_date(match.group("d"))
        if value:
            return value
    if raw_text:
        for match in _LABELLED_DATE.finditer(raw_text[:3000]):
            value = parse_document_date(match.group("d"))
            if value:
                return value
    return None


def heading_month(text: str) -> str | None:
    """A month and year printed in the first lines ("Cherwell District Council - January 2026")."""
    for line in text.split("\n")[:4]:
        if len(line.split()) > 10:
            continue
        for m in find_dates(line):
            if m.value and m.end_value is None and len(m.value) >= 7:
                return m.value
    return None


CLOSING_LINES = 4
# A sign-off of initials and a compact day-month-year: "GE 270126", "J.S. 03/02/25" is numeric already.
_SIGNED_LINE = re.compile(r"^(?:date[d]?|signed|signature)\b", _I)
_SIGN_OFF = re.compile(r"^\s*(?:[A-Z]\.?){1,4}\s+(?P<d>[0-3]\d)(?P<m>[01]\d)(?P<y>\d\d)\s*$")


def closing_date(text: str) -> str | None:
    """A date the last lines of a report or letter give it: a short line holding a full date
    ("Cllr Ann Bell, 27 January 2026"), or a sign-off of initials and ddmmyy ("GE 270126")."""
    lines = [line for line in text.rstrip().split("\n") if line.strip()][-CLOSING_LINES:]
    for line in reversed(lines):
        sign = _SIGN_OFF.match(line)
        if sign:
            day, month, year = int(sign["d"]), int(sign["m"]), 2000 + int(sign["y"])
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                continue
        full = _full_dates(line)
        if not full or len(line.split()) > 10:
            continue
        start, end, value = full[-1]
        stripped = line.strip()
        # The line is the date, or a signature or "Dated" line ending in it; not a sentence of the body.
        if (2 * (end - start) >= len(stripped) or _SIGNED_LINE.match(stripped)
                or (re.search(r"[,–—-]\s*$", line[:start]) and not line[end:].strip(" ."))):
            return value
    return None


def document_date(text: str, raw_text: str = "", meta: Mapping[str, str] | None = None,
                  kind: str | None = None) -> str | None:
    """The document's date (ISO at the precision the document gives), or None."""
    meta = meta or {}
    # A file's own creation date (DOCX core properties) is the last resort for every kind.
    if kind in ("minutes", "agenda"):
        return meeting_date(text) or text_date(text, raw_text) or meta.get("date") or meta.get("date_created")
    if kind in ("report", "letter"):
        return (text_date(text, raw_text) or heading_month(text) or closing_date(text) or meta.get("date")
                or meta.get("date_created"))
    return meta.get("date") or text_date(text, raw_text) or meta.get("date_created")
