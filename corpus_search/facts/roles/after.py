"""Shapes read after a mention: brackets, appositions, relative clauses, predicates, where-clauses, dash lines."""
from __future__ import annotations

import bisect
import re

from corpus_search.facts.roles.phrase import (
    _coordinated,
    _first,
    _org_run,
    _Reading,
    _readings,
    _span_text,
    _Stated,
    _with_status,
    ends_at,
)
from corpus_search.facts.roles.tokens import (
    _CLOSERS,
    _CONNECTORS,
    _Tok,
    _tokens,
)
from corpus_search.facts.rules import (
    APPOINT_VERBS,
    APPOSITION_ENDS,
    ORG_WORDS,
    PARTY_WORDS,
    PREDICATE_CUES,
    ROLE_DETERMINERS,
    ROLE_STOP_WORDS,
    ROLE_VERB_BODIES,
    ROLE_VERBS,
    TIME_WORDS,
)
from corpus_search.models import Mention
from corpus_search.names import fold

_COUNCILLOR_LIST = re.compile(
    r"^[ \t]*(?:[A-Za-z ]{0,30}:[ \t]*)?(?:Councillors|COUNCILLORS|Cllrs\.?|CLLRS\.?)\b[^;:!?\n]{0,300}$"
)
_CUES = tuple((re.compile(pattern, re.IGNORECASE), status) for pattern, status in PREDICATE_CUES)
_NON_SPACE = re.compile(r"\S+")
_POSSESSOR_AFTER = re.compile(r"[’']s?\b")
# After "ROLE, NAME": the apposition closes ("Leader of the Council, Cllr X, said").
_APPOSITION_CLOSE = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:[,;:)–—.]|$|(?:said|says|added|told)\b)")
_WHERE = re.compile(r",?\s*where\s+(?:he|she|they)\s+", re.IGNORECASE)
_ORG_BEFORE_WHERE = re.compile(
    r"(?:the\s+)?((?:[A-Z][\w'’\-]*\s+(?:(?:of|for|and|&)\s+)?){0,6}[A-Z][\w'’\-]*)\s*,?\s*$"
)


def _predicate(text: str, start: int, end: int) -> tuple[_Reading, str | None] | None:
    """'has been appointed as Y', 'was previously Y', 'is leaving to become Y' at text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    after = text[start:end]
    for pattern, status in _CUES:
        m = pattern.match(after)
        if not m:
            continue
        toks = _tokens(after[m.end():], start + m.end())
        reading = _first(_readings(text, toks, 0, len(toks)), lambda e: True)
        if reading is not None:
            return reading, status
    return None


def _verb_role(text: str, toks: list[_Tok], i: int) -> tuple[str, str | None, int] | None:
    """'chairs the health and wellbeing board' → ('chair of the health and wellbeing board', status, end)."""
    if i >= len(toks) or toks[i].low not in ROLE_VERBS:
        return None
    verb = toks[i].low
    j = i + 1
    if j < len(toks) and toks[j].low in ROLE_DETERMINERS:
        j += 1
    start = j
    for k in range(j, min(len(toks), j + 7)):
        t = toks[k]
        if not t.word or (t.low in ROLE_STOP_WORDS and t.low not in _CONNECTORS):
            break
        if t.bare in ROLE_VERB_BODIES:
            words = text[toks[start].start : toks[k].end]
            status = "former" if verb.endswith("ed") or verb in ("led", "held", "founded") else "current"
            if t.bare == "portfolio":
                if k == start:
                    return None
                return f"{text[toks[start].start : toks[k - 1].end]} portfolio holder", status, k + 1
            return f"{ROLE_VERBS[verb]} of the {words}", status, k + 1
    return None


def _read_after(text: str, mention: Mention, seg_end: int, sentence_end: int, before_toks: list[_Tok]) -> list[_Stated]:
    """Roles stated after the mention, in the same sentence and before the next person."""
    found: list[_Stated] = []
    pos = mention.end
    after = text[pos:seg_end]
    if _POSSESSOR_AFTER.match(after):
        return found  # "Cllr Lloyd-Owen's cabinet": a possessor, not a subject
    toks = _tokens(after, pos)
    n = len(toks)
    at_end = seg_end >= sentence_end

    def boundary(e: int) -> bool:
        if e >= n:
            return at_end
        t = toks[e]
        return t.text in _CLOSERS or t.text == "(" or t.low in APPOSITION_ENDS

    def closed(e: int) -> bool:
        """A "NAME, the ROLE" apposition is closed by punctuation, "and" or the sentence end; a
        verb right after it makes the role phrase the subject of a new clause ("… from Cllr X,
        the Chief Finance Officer said …")."""
        if e >= n:
            return at_end
        return toks[e].text in _CLOSERS or toks[e].text == "(" or toks[e].low == "and"

    # "(Chair)", "(Head of Planning)", "(Labour, Riverside ward)", "(Leader of the Council) (Chair)".
    i = _parens(text, toks, 0, found)
    if i > 0 and i < n:
        # "Nick Oakhill (NO) CHAIR": initials in brackets, then the post to the end of the line.
        line_end = text.find("\n", toks[i].start)
        limit = next((k for k in range(i, n) if line_end >= 0 and toks[k].start > line_end), n)
        if limit > i and (limit < n or at_end or line_end >= 0):
            r = _first(_readings(text, toks, i, limit, bare_ok=True), ends_at(limit))
            if r is not None:
                found.append(_with_status(r, None))
                i = limit
    # ", chief executive of the Kingsmere Care Association," / ", the former chief executive …"
    if i < n and toks[i].text in (",", "–", "—", "-"):
        dash = toks[i].text != ","
        ok = closed if i + 1 < n and toks[i + 1].low in ROLE_DETERMINERS else boundary
        rs = _coordinated(text, toks, i + 1, n, ok)
        if rs:
            i = rs[-1].end
            line_org = _line_org(text, toks, i, mention) if dash else _comma_org(toks, i, n)
            for r in rs:
                title, org, status = _with_status(r, None)
                found.append((title, org or line_org, status))
            i = _parens(text, toks, i, found)  # "Chief Finance Officer (Section 151 Officer)"
            if i < n and toks[i].text in (",", "–", "—", "-"):
                i += 1
        elif i + 1 < n and toks[i + 1].low == "who":
            pass
        else:
            i = n  # ", said Smith", ", and …": nothing more to read
    if i < n and toks[i].text in (",", "–", "—", "-") and i + 1 < n and toks[i + 1].low == "who":
        i += 1
    # Relative clause: "who was until fairly recently Y", "who chairs the scrutiny committee".
    if i < n and toks[i].low == "who":
        rel = _predicate(text, toks[i].end, seg_end)
        verb = _verb_role(text, toks, i + 1)
        if rel is not None:
            found.append(_with_status(rel[0], rel[1]))
        elif verb is not None:
            found.append((verb[0], None, verb[1]))
        # Skip a clause closed by a comma to reach the main verb: "Ms Moss, who joined the
        # council in 2018, is leaving to become …".
        close = next((k for k in range(i + 1, n) if toks[k].text == ","), -1)
        i = close + 1 if close > 0 else n
    # Main predicate: "has been appointed as chair of …", "was previously director of housing".
    if i < n:
        pred = _predicate(text, toks[i].start, seg_end)
        if pred is not None:
            found.append(_with_status(pred[0], pred[1]))
        else:
            # "named Neil Fairclough as interim …", "welcome X to Westmoor as our new Director …"
            last_before = before_toks[-1].low if before_toks else ""
            if last_before in APPOINT_VERBS:
                j = i
                if j < n and toks[j].low in ("to", "from", "at"):
                    j += 1
                    while j < n and toks[j].cap and toks[j].word:
                        j += 1
                if j < n and toks[j].low == "as":
                    r = _first(_readings(text, toks, j + 1, n), lambda e: True)
                    if r is not None:
                        found.append(_with_status(r, "appointed"))
    # ", where he was deputy director for health protection": the person is this mention when it
    # is the subject of the clause.
    m = _WHERE.search(after)
    if m:
        pred = _predicate(text, pos + m.end(), seg_end)
        if pred is not None:
            title, org, status = _with_status(pred[0], pred[1])
            om = _ORG_BEFORE_WHERE.search(after[: m.start()])
            if om and fold(om.group(1).split()[0]) not in TIME_WORDS:
                org = om.group(1)  # "joins us from the UK Health Security Agency, where he was …"
            found.append((title, org, status))
    return found


def _parens(text: str, toks: list[_Tok], i: int, found: list[_Stated]) -> int:
    """Roles in one or more brackets from token i: '(Chair)', '(Leader of the Council) (Chair)',
    '(Deputy Leader and Cabinet Member for Finance)'; a party or ward part gives none. Returns
    the token index after the last bracket read."""
    n = len(toks)
    while i < n and toks[i].text == "(":
        close = next((k for k in range(i + 1, min(n, i + 25)) if toks[k].text == ")"), -1)
        if close < 0:
            break
        a = i + 1
        for k in range(i + 1, close + 1):
            if toks[k].text in (",", ";", ")"):
                part = toks[a:k]
                if part and not any(t.bare in PARTY_WORDS for t in part):
                    for r in _coordinated(text, toks, a, k, ends_at(k), exact=True, bare_ok=True):
                        found.append(_with_status(r, None))
                a = k + 1
        i = close + 1
    return i


def _line_org(text: str, toks: list[_Tok], i: int, mention: Mention) -> str | None:
    """In a list line 'Alex Whitcombe – Key Audit Partner, Grant Thornton UK LLP', the body after
    the comma when it runs to the end of the line and the name opens the line."""
    if i >= len(toks) or toks[i].text != ",":
        return None
    line_start = text.rfind("\n", 0, mention.start) + 1
    if text[line_start : mention.start].strip(" \t•·*▪◦‣-"):
        return None
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end < 0 else line_end
    limit = bisect.bisect_left([t.start for t in toks], line_end)
    o = i + 1
    if o < limit and toks[o].low == "the":
        o += 1
    o_end = _org_run(toks, o, limit)
    if o_end == limit and o < limit and not text[toks[o_end - 1].end : line_end].strip():
        return _span_text(text, toks, o, o_end)
    return None


_SEAT_AFTER = re.compile(r"\s+for\s+((?:the\s+)?[A-Z][\w'’\-]*(?:(?:\s+and\s+|\s+|-)[A-Z][\w'’\-]*){0,5})")
_SEAT_HONOURS = {"MP": "MP", "MSP": "MSP", "MEP": "MEP", "MLA": "MLA", "AM": "AM", "MS": "MS"}


def _honour_post(text: str, mention: Mention) -> _Stated | None:
    """'Jane Hill MP' → MP; 'Jane Hill, MP for Bolton West' → MP for Bolton West: the honours of a
    seat are also a post, with the constituency when the text names it."""
    last = mention.text.rstrip(" ,.").split()[-1] if mention.text.split() else ""
    if last not in _SEAT_HONOURS:
        return None
    seat = _SEAT_AFTER.match(text, mention.end)
    title = f"{last} for {seat.group(1)}" if seat else last
    return title, None, "current"


def _comma_org(toks: list[_Tok], i: int, n: int) -> str | None:
    """'…, Corporate Director of Finance, Northshire County Council, said': a body named after a
    second comma, ending on an organisation word and closed by punctuation, a verb or the end."""
    if i >= n or toks[i].text != ",":
        return None
    o = i + 1
    if o < n and toks[o].low == "the":
        o += 1
    o_end = _org_run(toks, o, n)
    if o_end <= o or toks[o_end - 1].bare not in ORG_WORDS:
        return None
    if (
        o_end < n
        and toks[o_end].text not in _CLOSERS
        and toks[o_end].text != "/"
        and toks[o_end].low not in APPOSITION_ENDS
    ):
        return None
    return " ".join(t.text for t in toks[o:o_end]) if all(
        toks[k + 1].start - toks[k].end <= 1 for k in range(o, o_end - 1)) else None
