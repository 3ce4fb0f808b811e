"""Candidates from the layout of a document, where the model misses names: lists of councillors
and attendees, "NAME – ROLE" lines, "NAME (INITIALS)" lines, "Yours sincerely" signatures, "NAME,
ROLE of …" appositions and sentence-opening speakers; and the bylines and picture credits that are
not people in the story."""
from __future__ import annotations

import re

from corpus_search.facts.name_patterns import (
    _DASH_LINE,
    _HONOURS_AFTER,
    _LIST_HEADER,
    _LIST_ITEM,
    _LIST_SEP,
    _LOWER_WORD,
    _WORD_MIXED,
    NAME_SEQ,
    UP,
    _build,
    _Candidate,
    _is_title_word,
)
from corpus_search.facts.rules import (
    BYLINE_NEXT_LINE,
    BYLINE_PREFIXES,
    CREDIT_PREFIXES,
    ROLE_NOUNS,
)
from corpus_search.names import fold


def _line_prefix(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    # Only a short prefix can be a byline or credit cue; a long one is judged by its tail.
    return fold(text[max(line_start, start - 80) : start]).strip()


def _is_byline(text: str, cand: _Candidate) -> bool:
    prefix = _line_prefix(text, cand.start)
    if prefix in BYLINE_PREFIXES:
        return True
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    rest = fold(text[cand.end:line_end])
    if prefix == "" and len(rest) < 60:
        # "Jane Smith, Local Democracy Reporter" or a name line above "Political Reporter".
        if set(_LOWER_WORD.findall(rest)) & BYLINE_NEXT_LINE:
            return True
        if not rest.strip():
            nxt_end = text.find("\n", line_end + 1)
            nxt = fold(text[line_end + 1 : nxt_end if nxt_end >= 0 else len(text)])
            if len(nxt) < 60 and set(_LOWER_WORD.findall(nxt)) & BYLINE_NEXT_LINE:
                return True
    return False


def _is_credit(text: str, cand: _Candidate) -> bool:
    prefix = _line_prefix(text, cand.start)
    tail = prefix[-20:]
    return any(tail.endswith(p) or (prefix.startswith(p) and len(prefix) < 40) for p in CREDIT_PREFIXES)


def _list_candidates(text: str) -> list[_Candidate]:
    """Names in minutes lists: 'Present: Councillors A. Barrett (Chair), K. Osei and T. Whitcombe'."""
    found: list[_Candidate] = []
    for header in _LIST_HEADER.finditer(text):
        councillors = "councillor" in header.group(0).lower() or "cllr" in header.group(0).lower()
        pos = header.end()
        via_newline = False
        for _ in range(60):  # a list is never longer than this; bounds the work
            item = _LIST_ITEM.match(text, pos)
            if not item:
                break
            name_words = item.group("name").split()
            if len(name_words) < 2 and not item.group("title") and (not councillors or via_newline):
                break
            cand = _build(text, item.start(), item.end("hon"), "list", item.group("hon") or "")
            if cand is not None:
                if councillors and not cand.titles:
                    cand.extra["post"] = "Councillor"
                found.append(cand)
            pos = item.end()
            sep = _LIST_SEP.match(text, pos)
            if not sep or "\n\n" in sep.group(0):
                break
            via_newline = "\n" in sep.group(0) and not sep.group(0).strip(" \t\n")
            pos = sep.end()
    return found


def _dash_line_candidates(text: str) -> list[_Candidate]:
    """Names opening a line 'NAME – ROLE …' when a role noun comes within the first words after
    the dash ('Catherine Yeo – Chief Finance Officer'; not 'Thornleigh Park – Planning Application')."""
    found: list[_Candidate] = []
    for match in _DASH_LINE.finditer(text):
        words = [fold(w).strip(",.;:()") for w in match.group("rest").split()[:6]]
        if len(match.group("name").split()) < 2 or not any(w in ROLE_NOUNS for w in words):
            continue
        cand = _build(text, match.start("name"), match.end("hon"), "list", match.group("hon") or "")
        if cand is not None:
            found.append(cand)
    return found


# "Neal Ship (NS)": a name and its initials in brackets, as attendance lists in minutes give them.
_INITIALS_AFTER = re.compile(
    rf"(?<![\w])(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)[ \t]*\((?P<ini>[{UP}]{{2,4}})\)"
)


def _initials_line_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _INITIALS_AFTER.finditer(text):
        words = [w for w in match.group("name").split() if not _is_title_word(w)]
        initials = "".join(w[0] for w in words).upper()
        if len(words) < 2 or (initials != match.group("ini") and initials[0] + initials[-1] != match.group("ini")):
            continue
        if text[text.rfind("\n", 0, match.start()) + 1 : match.start()].strip():
            continue  # an acronym spelled out in running text: "Rhondda Cynon Taff (RCT)"
        cand = _build(text, match.start("name"), match.end("hon"), "list", match.group("hon") or "")
        if cand is not None:
            cand.extra["initials"] = True
            found.append(cand)
    return found


_SPEAKER = re.compile(
    rf"(?<![\w'’\-])(?P<name>{_WORD_MIXED})(?=[ \t]+(?:said|says|added|told|explained|asked|replied|warned|insisted)\b)"
)


_SIGNED = re.compile(
    rf"(?:Yours|YOURS)[ \t]+(?:sincerely|faithfully|truly|SINCERELY|FAITHFULLY)[ \t]*,?[ \t]*\n?(?:[ \t]*\n)*[ \t]*"
    rf"(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)"
)
_APPOSED = re.compile(
    rf"(?<![\w'’\-])(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*),[ \t]+(?:the[ \t]+|our[ \t]+|its[ \t]+)?"
    rf"(?P<role>(?:[\w'’\-]+[ \t]+){{0,3}}?[\w'’\-]+)(?=[ \t]*(?:,|[ \t]of\b|[ \t]for\b|[ \t]at\b))"
)


def _signed_and_apposed_candidates(text: str) -> list[_Candidate]:
    """Names the model misses where the layout says they are people: the line after 'Yours
    sincerely', and 'NAME, ROLE of/for/at …' or 'NAME, ROLE,' with a role noun in ROLE."""
    found: list[_Candidate] = []
    for match in _SIGNED.finditer(text):
        cand = _build(text, match.start("name"), match.end("hon"), "list", match.group("hon") or "")
        if cand is not None and len(cand.name.split()) >= 2:
            found.append(cand)
    for match in _APPOSED.finditer(text):
        role_words = [fold(w) for w in match.group("role").split()]
        if len(match.group("name").split()) < 2 or not role_words or role_words[-1] not in ROLE_NOUNS:
            continue
        if role_words[-1] in ("member", "members", "partner", "head", "lead"):
            continue  # "a member of the public": too weak alone to make a name
        cand = _build(text, match.start("name"), match.end("hon"), "list", match.group("hon") or "")
        if cand is not None:
            found.append(cand)
    return found


_LOWERCASE_WORD = re.compile(r"(?<![\w])[a-z][\w'’\-]*")


def _speaker_candidates(text: str) -> list[_Candidate]:
    """'Okonkwo said': a capitalised word before a verb of speech that the document never
    writes in lowercase (so not 'Residents said')."""
    found: list[_Candidate] = []
    lowercase: set[str] | None = None
    for match in _SPEAKER.finditer(text):
        word = match.group("name")
        before = text[max(0, match.start() - 3) : match.start()].rstrip(" \t")
        if before and before[-1] not in ".!?\n\"“”:;":
            continue  # only a word that opens a sentence or a line: not "… Children and Families said"
        if lowercase is None:
            lowercase = set(_LOWERCASE_WORD.findall(text))
        if word.lower() in lowercase:
            continue
        cand = _build(text, match.start("name"), match.end("name"), "model")
        if cand is not None:
            cand.extra["speaker"] = True
            found.append(cand)
    return found


