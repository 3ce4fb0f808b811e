"""The kind of a document, from its own structure: `press_release`, `news`, `minutes`, `agenda`,
`report`, `letter` or `other`.

A document says what it is first in its heading ("MINUTES of a meeting of ...", "AGENDA",
"NOTICE OF MEETING", "Report of the Director ...", "Dear ...", "Press release"): the earliest
heading cue in the first lines decides, unless the body speaks far more strongly for another
kind. Body signals (rules as data below) count the kind's habits: "RESOLVED", "Present:" and
"proposed ... seconded" for minutes; items "to receive/consider/approve" and "will be held" for
agendas; "Recommendation", "Report author" for reports; "Yours sincerely" for letters; "Notes to
editors", "ENDS", press officers for press releases; bylines and the page's own metadata
(schema.org `NewsArticle`, OpenGraph `article`) for news.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from corpus_search.models import DOC_TYPES

_I = re.IGNORECASE | re.MULTILINE

# Heading cues, looked for line by line in the first HEAD_LINES lines of the text.
HEAD_LINES = 10
HEAD_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, _I))
    for kind, p in (
        # "MINUTES OF THE ... MEETING", "Draft minutes", "Minutes of a meeting of the Cabinet held ..."
        (
            "minutes",
            r"^\W*(?:(?:draft|unconfirmed|confirmed|approved|signed)\s+)?minutes\b(?!\s+of\s+(?:the\s+)?(?:previous|last)\b)",
        ),
        (
            "minutes",
            r"^(?!.*\b(?:approv|confirm|receiv|sign|agree|adopt)\w*\b).{0,80}\bminutes\s+of\s+(?:a|an|the)\b(?!\s+(?:previous|last)\b)",
        ),
        ("minutes", r"^\W*(?:record|schedule)\s+of\s+(?:the\s+)?(?:decisions|proceedings)\b"),
        ("minutes", r"^\W*meeting:?\s+\d"),  # a moderngov issue page: "Meeting: 21/03/2017 - Committee (Item 78)"
        ("agenda", r"^\W*(?:(?:draft|supplementary|revised)\s+)?agenda\b(?!\s+(?:item|no\b|number))"),
        ("agenda", r"\bagenda\W*$"),
        ("agenda", r"\bnotice\s+of\s+(?:the\s+)?(?:\w+\s+){0,4}meeting\b"),
        (
            "agenda",
            r"\b(?:are|is)\s+(?:hereby\s+)?(?:summoned|requested|invited)\s+to\s+attend\b|\bsummoned\s+to\s+(?:a|the)\b",
        ),
        ("agenda", r"\bmeeting\b.{0,160}\b(?:will|is\s+to|shall)\s+(?:be\s+held|take\s+place)\b"),
        ("agenda", r"^\W*notice\s+is\s+(?:hereby\s+)?given\b.{0,160}\bmeeting\b"),
        ("report", r"^\W*(?:\w+\s+){0,3}report\s+(?:of|by|from|to)\b(?!\s+the\s+meeting)"),
        ("report", r"^\W*(?:[\w’'&,-]+\s+){0,6}report(?:\s+(?:\d{4}|[A-Z]{1,4}\d+|no\.?\s*\S+))?\W*$"),
        ("report", r"^\W*(?:purpose\s+of\s+(?:the\s+|this\s+)?report|executive\s+summary|briefing\s+(?:note|paper))\b"),
        ("report", r"^\W*(?:subject|title\s+of\s+report|report\s+title|report\s+author|wards?\s+affected)\s*:"),
        (
            "letter",
            r"^\W*dear\s+(?:sir|madam|all|colleagues?|councillors?|members?|residents?|(?:mr|mrs|ms|miss|dr|cllr)\b|[A-Z][a-z]+\b)",
        ),
        (
            "press_release",
            r"\b(?:press|news|media)\s+release\b|^\W*for\s+immediate\s+release\b|^\W*press\s+(?:office|room)\W*$",
        ),
        ("press_release", r"^\W*press\s+releases?\W*$"),
    )
)
HEAD_WIN, HEAD_OTHER = 10.0, 3.0
# "Dear ..." opens letters, but also the summons of an agenda: it never wins on its own; a
# letter is told by its sign-off ("Yours sincerely", END_SIGNALS).
WEAK_HEAD_KINDS = frozenset({"letter"})

# Body signals: (kind, pattern, weight); each counts at most MAX_COUNT times, in the first
# BODY_CHARS of the raw text (an agenda pack that carries the previous minutes after its front
# sheet is still an agenda) except the kinds' closing marks, which END_SIGNALS look for anywhere.
MAX_COUNT = 3
BODY_CHARS = 6000
SIGNALS: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (kind, re.compile(p, _I), w)
    for kind, p, w in (
        ("press_release", r"^\s*published:?\s+(on\s+)?(mon|tue|wed|thu|fri|sat|sun)?\w*,?\s*\d", 2.0),
        ("press_release", r"\bpress (release|office|officer|team)\b", 2.0),
        ("press_release", r"\bfor (media|press) enquiries\b", 2.5),
        ("press_release", r"^\s*(media|press) (contact|enquiries)", 2.5),
        (
            "press_release",
            r"\b(cllr|councillor|leader|mayor|cabinet member|portfolio holder)\b[^.\n]{0,80}\bsaid:",
            1.0,
        ),
        ("press_release", r"\bembargo(ed)?\b", 2.0),
        ("minutes", r"^\s*(it\s+was\s+)?resolved\b", 3.0),
        ("minutes", r"^\s*present\s*:|\bpresent\s*:", 3.0),
        ("minutes", r"\b(apologies (for absence )?(were|had been) (received|given|submitted)|no apologies)\b", 2.5),
        ("minutes", r"\bproposed by\b[^\n]{0,80}\bseconded\b|\bseconded by\b", 2.0),
        ("minutes", r"\b(the meeting (closed|ended|finished)|meeting closed at)\b", 2.5),
        (
            "minutes",
            (
                r"\b(approved|agreed|signed) (&|and) signed\b|"
                r"\bsigned (by the chair(man)?|as a (true|correct) record)\b|"
                r"\b(as a true record|signed as correct)\b"
            ),
            2.0,
        ),
        ("minutes", r"^\s*(statement by)", 1.5),
        ("agenda", r"^\s*(\d+[.)]?\s+)?to (receive|consider|approve|note|agree|discuss|confirm|resolve)\b", 1.5),
        ("agenda", r"\b(will|is to|shall) (be held|take place)\b", 2.0),
        ("agenda", r"\bagenda\b(?!\s+item)", 1.0),
        ("agenda", r"\b(summons|summoned)\b", 2.0),
        ("report", r"^\s*recommendations?\s*:?\s*$|\bit is recommended that\b|\brecommendations?\s*:", 2.0),
        (
            "report",
            (
                r"^\s*(report author|contact officer|background papers|financial implications|"
                r"legal implications|risk implications)\b"
            ),
            2.0,
        ),
        ("report", r"\b(this|the) report (sets out|provides|seeks|updates|summarises|is to)\b", 2.0),
        ("letter", r"^\s*dear\s+\w", 2.0),
        ("news", r"^\s*(latest|public sector|local|breaking)?\s*news\s*$", 1.5),
        ("news", r"^\s*by:?\s+[A-Z][a-z]+ [A-Z][a-z]+", 1.5),
        ("news", r"^\s*(image|photo|picture)( credit)?\s*[-:–]", 2.0),
        ("news", r"^\s*comments?\s*$", 1.5),
        ("news", r"\b(add|leave) (your|a) comment\b", 2.0),
        ("news", r"\b(told|speaking to) (the|our) [A-Z]?\w+\b", 1.0),
        ("news", r"\b(reporter|correspondent|editor)\b", 1.0),
    )
)
# Words that minutes use but reports, agendas and news use too ("the committee noted", "the
# minutes"): they add to minutes only when a heading cue or a signal above speaks for minutes.
SOFT_SIGNALS: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (kind, re.compile(p, _I), w)
    for kind, p, w in (
        ("minutes", r"\bminutes\b(?<!\d minutes)(?<!\d\sminutes)", 1.0),
        ("minutes", r"\bcommittee\b", 0.5),
        (
            "minutes",
            (
                r"\b(the committee|members|the council|councillors|cabinet) (considered|"
                r"noted|agreed|received|resolved|asked|discussed)\b"
            ),
            1.5,
        ),
        ("minutes", r"\b(pds|scrutiny|overview and scrutiny|cabinet) (committee|meeting)\b", 1.0),
    )
)
END_SIGNALS: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (kind, re.compile(p, _I), w)
    for kind, p, w in (
        ("letter", r"\byours\s+(sincerely|faithfully|truly)\b", 8.0),
        ("press_release", r"^[\s\-–—#\[(]*ends[\s\-–—#\]).]*$", 3.0),
        ("press_release", r"^\s*notes?\s+(to|for)\s+editors?", 3.0),
    )
)
# The end of a report that a councillor writes to a parish: it closes with their name and council.
TAIL_CHARS = 300
TAIL_SIGNALS: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (kind, re.compile(p, _I), w)
    for kind, p, w in (
        (
            "report",
            (
                r"\b(?:cllr|councillor|county councillor|district councillor)\s*[A-Z][\w’'-]+(?:\s*[A-Z][\w’'-]+){0,2}"
                r"[\s,]*(?:[A-Z][\w’'-]+\s*){0,3}council\W*$"
            ),
            3.0,
        ),
    )
)
THRESHOLD = 2.0
# The site's own section or category for the page that makes it a press release.
_PRESS_SECTION = re.compile(r"\b(?:press|news|media)[\s_-]?(?:releases?|notices?|statements?)\b", re.I)
# A publisher that is a public body (its site name or JSON-LD publisher/author organisation).
_PUBLIC_BODY = re.compile(
    r"\b(?:council|parliament|assembly|senedd|government|department|ministry|commission|borough|police|nhs|"
    r"gov\.uk|(?:local|combined|unitary|county|regional)\s+authority|fire\s+and\s+rescue)\b",
    re.I,
)


def _head_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()][:HEAD_LINES]


def _next_document(source: str, first: str | None) -> int:
    """Where the body signals stop: BODY_CHARS, or sooner where a heading of another kind opens a
    line after the document's own heading (an agenda pack carrying the previous minutes or a
    report after its front sheet is still an agenda; a report with minutes appended is a report)."""
    limit = min(len(source), BODY_CHARS)
    if first is None:
        return limit
    seen_own = False
    offset = 0
    for line in source[:limit].split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= 200:
            kinds = {kind for kind, pattern in HEAD_CUES if pattern.search(stripped)} - WEAK_HEAD_KINDS
            if first in kinds:
                seen_own = True
            elif seen_own and kinds & {"minutes", "agenda", "report"}:
                return offset
        offset += len(line) + 1
    return limit


def scores(raw_text: str, text: str, meta: Mapping[str, str] | None = None) -> dict[str, float]:
    """The evidence for each kind (see the module docstring)."""
    out = dict.fromkeys(DOC_TYPES, 0.0)
    first: str | None = None
    for line in _head_lines(text):
        hits = [kind for kind, pattern in HEAD_CUES if pattern.search(line)]
        for kind in dict.fromkeys(hits):
            if kind in WEAK_HEAD_KINDS:
                out[kind] += HEAD_OTHER
            elif first is None:
                first = kind
                out[kind] += HEAD_WIN
            elif kind != first:
                out[kind] += HEAD_OTHER
    source = raw_text or text
    body = source[:_next_document(source, first)]
    for kind, pattern, weight in SIGNALS:
        out[kind] += weight * min(len(pattern.findall(body)), MAX_COUNT)
    for kind, pattern, weight in SOFT_SIGNALS:
        if out[kind] > 0:
            out[kind] += weight * min(len(pattern.findall(body)), MAX_COUNT)
    for kind, pattern, weight in END_SIGNALS:
        out[kind] += weight * min(len(pattern.findall(source)), MAX_COUNT)
    tail = text[-TAIL_CHARS:]
    for kind, pattern, weight in TAIL_SIGNALS:
        if pattern.search(tail):
            out[kind] += weight
    meta = meta or {}
    schema = meta.get("schema_type", "")
    # An article a public body publishes about itself is its press release, whatever the page's
    # markup calls it; a newspaper's is news.
    publisher = " ".join(meta.get(k, "") for k in ("publisher", "organisation"))
    article_kind = "press_release" if _PUBLIC_BODY.search(publisher) else "news"
    if schema == "pressrelease" or _PRESS_SECTION.search(meta.get("section", "")):
        out["press_release"] += HEAD_WIN
    elif schema.endswith("newsarticle") or schema == "liveblogposting":
        out[article_kind] += 5.0
    elif schema in ("article", "blogposting"):
        out[article_kind] += 2.0
    if meta.get("og_type") == "article":
        out[article_kind] += 3.0 if (meta.get("author") or meta.get("publisher")) else 2.0
    return out


def doc_type(raw_text: str, text: str, meta: Mapping[str, str] | None = None) -> str:
    """The document's kind: the one its format declares (an e-mail message is a letter, whatever
    its "Subject:" line looks like), else by the evidence; `other` when no kind has THRESHOLD."""
    if meta and meta.get("doc_type") in DOC_TYPES:
        return meta["doc_type"]
    found = scores(raw_text, text, meta)
    best = max(DOC_TYPES[:-1], key=lambda k: found[k])
    return best if found[best] >= THRESHOLD else "other"
