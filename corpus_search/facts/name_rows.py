"""Candidates from rows and fixed shapes the model reads badly: tables of members, scoreboards and
results lines, and a lower-case post or descriptor right before a full name.

  tables       "Councillor | Party | Ward" then "Asha Patel (Chair) | Labour | Northgate": the cells
               under a heading that names people (rules.TABLE_NAME_HEADERS), or a row whose other
               cell is a party ("Dominic Adeyemi | Green | Town Centre")
  scoreboards  "1 - Marta Lindqvist (Sweden) beat Jana Horvat (Croatia) 6-3 6-4": a full name and
               its country in brackets on a line with a score, a time or "beat"; on a ranked or
               scorers' line ("6 - Fabrizio Ravanelli (Middlesbrough)") its team will do; a
               surname alone where one player beat another ("Seles (U.S.) beat Graf (Germany)")
  pre-posed    "whose chief executive Ines Maurer took over", "German economy minister Klaus Weber":
               a post or descriptor written in lower case, then a full name
  post lines   "Interim Director of Finance: Priya Malhotra", "Interim Director of Children's
               Services – Jamal Okonkwo": a line of a post (it holds a role noun), a colon or a
               dash, and a name alone
  siblings     "The commissioners are Bernadette Quigg, Tobias Ferrante and Wilhelmina Oduya": in a
               list of names joined by commas and "and", the full names beside two people found
               otherwise (and not tagged as bodies or places elsewhere) are people too
  bracketed    "the report of the Director of Adult Services (Helen Marsh)": a name alone in
               brackets right after a post; "Wilhelmina Oduya (Finance Commissioner)": a full name
               opening a line or a list item, then a post in brackets
  done by      "chaired by Rhodri Evans", "proposed by Ann Lee, seconded by Tom Roe": verbs only a
               person is the agent of, then a full name
  contact cards under a contact heading ("Contacts:", "Press contact", rules.CONTACT_HEADINGS), a
               line of a name alone ("Viktor ALMQVIST") over a short line of a post ("Press Officer")

Tables, scoreboards and post lines give candidates of source "list", which the document's other
evidence does not overrule (a rule read the shape); a pre-posed post is a weaker cue, so its
candidate is judged as the model's are (tagged as a body elsewhere, it is dropped) unless the
post is a role noun; posts a firm can hold (rules.FIRM_POSTS: "lead manager Banque Paribas") and
loose descriptors ("Oscar nominee Million Dollar Baby") give nothing; and it is
dropped when the name runs on into a body's word elsewhere ("Thomson McKinnon Inc"). `_plausible`
still refuses clubs, firms and places by their words.
"""
from __future__ import annotations

import re

from corpus_search.facts.name_patterns import _HONOURS_AFTER, _LIST_ITEM, _TITLE, NAME_SEQ, SP, _build, _Candidate
from corpus_search.facts.not_people import runs_into_body
from corpus_search.facts.rules import (
    CONTACT_HEADINGS,
    DESCRIPTOR_WORDS,
    FIRM_POSTS,
    LOOSE_DESCRIPTORS,
    PARTY_WORDS,
    ROLE_NOUNS,
    TABLE_NAME_HEADERS,
)
from corpus_search.names import fold, is_initial, name_key

_CELL_SPLIT = re.compile(r"[ \t]*\|[ \t]*")
_RESULT = re.compile(
    r"^[ \t]*\d{1,3}\.[ \t]+[A-Z]|^[ \t]*\d{2,3}(?:[ \t]+\d{2,3})*[ \t]+[A-Z]"
    r"|(?<![\d.,£$€])\b\d{1,2}-\d{1,2}\b(?![\d%])|\b\d{1,2}:\d{2}\b"
    r"|\b(?:beat|bt|def\.?|v|vs\.?)\s"
)
# "Leading scorers: 6 - Fabrizio Ravanelli (Middlesbrough), Alan Shearer (Newcastle)"; "1. Ann Roe (Kenya)"
# (Not "1." alone: minutes number their items so. A numbered line with a country in brackets is a result.)
_RANKED = re.compile(r"(?:^|[;:,][ \t]*)[ \t]*\d{1,3}[ \t]*[-=][ \t]+[A-Z]|\b(?:scorers?|goalscorers?|standings)\b",
                     re.IGNORECASE)
_TEAM = re.compile(r"[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2}")
_MATCH_PLAY = re.compile(r"\b(?:beat|bt|def\.?)\s")
_COUNTRY_CODE = re.compile(r"^(?:[A-Z]{2,3}|(?:[A-Z]\.){2,3})$")
_SCORE_NAME = re.compile(rf"(?<![\w])(?P<name>{NAME_SEQ})[ \t]*\((?P<paren>[^()\n]{{2,30}})\)")
_POST_LINE = re.compile(
    r"^[ \t]*(?:[•·*▪◦‣-][ \t]+)?(?P<post>[A-Z][^:\n|–—]{2,80}?)(?:[ \t]*:|[ \t]+[–—-])"
    r"[ \t]*(?P<item>[^\n]{3,80}?)[ \t]*$",
    re.MULTILINE,
)
_CARD = re.compile(
    rf"^[ \t]*(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)[ \t]*\n(?:[ \t]*\n)?"
    rf"[ \t]*(?P<post>[A-Z][^\n]{{2,80}}?)[ \t]*$",
    re.MULTILINE,
)
# A contact card is this many lines at most below its heading (cards of several people follow one another).
CARD_REACH_LINES = 24
# A post line is this many words at most.
CARD_POST_WORDS = 8
_PREPOSED = re.compile(rf"(?<![\w'’\-])(?P<post>[a-z][a-z\-]+)[ \t]+(?P<name>{NAME_SEQ})")


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-empty cell of a ' | '-joined line, offsets into the text."""
    out = []
    pos = 0
    for sep in [*_CELL_SPLIT.finditer(line), None]:
        end = sep.start() if sep else len(line)
        cell = line[pos:end]
        stripped = cell.strip()
        if stripped:
            lead = len(cell) - len(cell.lstrip())
            out.append((offset + pos + lead, offset + pos + lead + len(stripped), stripped))
        pos = sep.end() if sep else len(line)
    return out


def _is_party(cell: str) -> bool:
    words = [fold(w) for w in re.findall(r"[A-Za-z]+", cell)]
    return bool(words) and all(w in PARTY_WORDS or w in ("party", "the", "group", "uk") for w in words)


def _name_cell(text: str, start: int, end: int) -> _Candidate | None:
    """The cell is a name (with titles, honours and a bracketed post), nothing else."""
    item = _LIST_ITEM.fullmatch(text, start, end)
    if not item:
        return None
    words = [w for w in item.group("name").split() if not is_initial(w)]
    if not words or (len(item.group("name").split()) < 2 and not item.group("title")):
        return None
    return _build(text, item.start(), item.end("hon"), "list", item.group("hon") or "")


def table_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    offset = 0
    columns: set[int] = set()  # the columns of the current table whose heading names people
    for line in text.split("\n"):
        cells = _cells(line, offset) if "|" in line else []
        if len(cells) < 2:
            columns = set()
        else:
            heads = {i for i, (_, _, c) in enumerate(cells) if fold(c).strip(" :*") in TABLE_NAME_HEADERS}
            if heads and not any(_name_cell(text, s, e) for s, e, _ in cells):
                columns = heads  # a heading row
            else:
                party = any(_is_party(c) for _, _, c in cells)
                for i, (s, e, _) in enumerate(cells):
                    if i in columns or (party and i == 0) or (party and i == 1 and not columns):
                        cand = _name_cell(text, s, e)
                        if cand is not None:
                            found.append(cand)
        offset += len(line) + 1
    return found


def scoreboard_candidates(text: str, other_keys: set[str]) -> list[_Candidate]:
    """Full names with their country in brackets on results lines; `other_keys` are the name keys
    the model tags as places or nationalities in the document."""
    found: list[_Candidate] = []
    offset = 0
    for line in text.split("\n"):
        if "(" in line and (_RESULT.search(line) or _RANKED.search(line)):
            for m in _SCORE_NAME.finditer(line):
                paren = m.group("paren").strip()
                ranked = bool(_RANKED.search(line))
                if not (_COUNTRY_CODE.match(paren) or name_key(paren) in other_keys
                        or (ranked and _TEAM.fullmatch(paren))):
                    continue
                if "".join(w[0] for w in m.group("name").split()).upper() in paren.replace(".", ""):
                    continue  # "International Labour Organisation (ILO)", "Council of Mortgage Lenders (CML)"
                if len([w for w in m.group("name").split() if not is_initial(w)]) < 2 and not _MATCH_PLAY.search(line):
                    continue  # a surname alone only where one player beat another: "Seles (U.S.) beat Graf"
                cand = _build(text, offset + m.start("name"), offset + m.end("name"), "list")
                if cand is not None:
                    cand.extra["player"] = True  # a person even as a surname alone
                    found.append(cand)
        offset += len(line) + 1
    return found


def preposed_candidates(text: str, person_spans: list[tuple[int, int]]) -> list[_Candidate]:
    """A full name right after a post or descriptor in lower case ("chief executive Ines Maurer");
    where the model already read a person over the name, its span stands ("chairman Chung Mong-koo")."""
    found: list[_Candidate] = []
    for m in _PREPOSED.finditer(text):
        post = m.group("post")
        strong = post in ROLE_NOUNS
        if post in FIRM_POSTS or post in LOOSE_DESCRIPTORS or not (strong or post in DESCRIPTOR_WORDS):
            continue  # "lead manager Banque Paribas", "Oscar nominee Million Dollar Baby"
        words = m.group("name").split()
        if len(words) < 2 or is_initial(words[0]) or words[0].isupper():
            continue
        if any(s < m.end("name") and m.start("name") < e for s, e in person_spans):
            continue
        if runs_into_body(text, m.group("name")):
            continue
        # A post only people hold is as good as a title; a descriptor ("Dutch", "striker") is judged
        # as the model's cue is.
        cand = _build(text, m.start("name"), m.end("name"), "list" if strong else "model")
        if cand is not None:
            found.append(cand)
    return found


def post_line_candidates(text: str) -> list[_Candidate]:
    """'Interim Director of Finance: Priya Malhotra', 'Clerk: Mrs J Hale': a post, a colon, a name."""
    found: list[_Candidate] = []
    for m in _POST_LINE.finditer(text):
        if not any(fold(w) in ROLE_NOUNS for w in re.findall(r"[A-Za-z\-]+", m.group("post"))):
            continue
        cand = _name_cell(text, m.start("item"), m.end("item"))
        if cand is not None:
            found.append(cand)
    return found


def _contact_heading_lines(text: str) -> list[int]:
    """Line numbers of the contact headings of a text."""
    return [i for i, line in enumerate(text.split("\n")) if fold(line).strip(" *#•-") in CONTACT_HEADINGS]


def _post_line(post: str) -> bool:
    """A post alone: a few capitalised words (or 'of', 'for', 'and' …) holding a role noun."""
    words = re.findall(r"[A-Za-z][A-Za-z\-’']*", post)
    if not words or len(post.split()) > CARD_POST_WORDS or post.rstrip()[-1:] in ".!?;":
        return False
    if any(w[0].islower() and w not in ("of", "for", "and", "the", "to", "at", "in", "on") for w in words):
        return False
    return any(fold(w) in ROLE_NOUNS for w in words)


def contact_card_candidates(text: str) -> list[_Candidate]:
    """'Contacts:' … 'Viktor ALMQVIST' / 'Press Officer': a name line over a post line, under a
    contact heading a few lines above."""
    headings = _contact_heading_lines(text)
    if not headings:
        return []
    found: list[_Candidate] = []
    for m in _CARD.finditer(text):
        line = text.count("\n", 0, m.start())
        if not any(0 < line - h <= CARD_REACH_LINES for h in headings) or not _post_line(m.group("post")):
            continue
        words = m.group("name").split()
        if len([w for w in words if not is_initial(w)]) < 2:
            continue
        cand = _build(text, m.start("name"), m.end("hon"), "list", m.group("hon") or "")
        if cand is not None:
            found.append(cand)
    return found


_ITEM = (rf"(?:{_TITLE}(?:{SP}{_TITLE})*{SP})?{NAME_SEQ}(?:{_HONOURS_AFTER})*(?:[ \t]*\([^()\n]{{1,80}}\))?")
_NAME_LIST = re.compile(
    rf"(?<![\w'’\-]){_ITEM}(?:[ \t]*,[ \t]*{_ITEM})*,?[ \t]+(?:and|&)[ \t]+{_ITEM}(?![\w'’\-])"
)
_ITEM_SPLIT = re.compile(r"[ \t]*,[ \t]*(?:(?:and|&)[ \t]+)?|[ \t]+(?:and|&)[ \t]+")
# Items of a list found as people that make its other full names people.
SIBLINGS_NEEDED = 2


def _lists(text: str) -> list[list[tuple[int, int]]]:
    """The item spans of each 'A, B and C' list. (A run of bulleted lines is not one: such runs mix
    names with places and things too often, "• Riverside Walk" under two people.)"""
    out: list[list[tuple[int, int]]] = []
    for m in _NAME_LIST.finditer(text):
        items: list[tuple[int, int]] = []
        pos = m.start()
        for sep in [*_ITEM_SPLIT.finditer(text, m.start(), m.end()), None]:
            end = sep.start() if sep else m.end()
            if end > pos:
                items.append((pos, end))
            pos = sep.end() if sep else m.end()
        out.append(items)
    return out


def sibling_candidates(text: str, people: list[tuple[int, int]]) -> list[_Candidate]:
    """Full names listed beside people: in 'A, B and C' with two items already read as people
    (`people`: their spans), the other items of two or more name words."""
    found: list[_Candidate] = []
    for items in _lists(text):
        known = [any(s < e2 and s2 < e for s2, e2 in people) for s, e in items]
        if sum(known) < SIBLINGS_NEEDED or all(known):
            continue
        for (s, e), is_known in zip(items, known):
            if is_known:
                continue
            cand = _name_cell(text, s, e)
            if cand is not None and len([w for w in cand.name.split() if not is_initial(w)]) >= 2:
                found.append(cand)
    return found


# Verbs whose agent is a person: what follows "by" is someone (minutes and committee pages).
_DONE_BY = re.compile(
    rf"(?<![\w'’\-])(?:[Cc]o-?)?(?:chaired|[Pp]roposed|[Ss]econded|[Mm]oved|[Pp]resided over)"
    rf"[ \t]+by[ \t]+(?P<item>{_ITEM})"
)


def done_by_candidates(text: str) -> list[_Candidate]:
    """'The panel is chaired by Rhodri Evans', 'Proposed by Ann Lee, seconded by Tom Roe'."""
    found: list[_Candidate] = []
    for m in _DONE_BY.finditer(text):
        cand = _name_cell(text, m.start("item"), m.end("item"))
        if cand is not None:
            found.append(cand)
    return found


_BRACKETED = re.compile(rf"(?<=[\w’'])[ \t]*\((?P<item>{_ITEM})\)")
# How many words before the bracket may hold the post's role noun ("Director of Adult Services").
BRACKET_POST_WORDS = 6


def _headed_by_role(post: str) -> bool:
    """The post's head, before any 'of', 'for' or 'to', is a role noun: 'Finance Commissioner',
    'Director of Place', not 'Report of the Director'."""
    head = re.split(r"\s+(?:of|for|to|at|in)\s+", post.strip(), maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][A-Za-z\-’']*", head)
    return bool(words) and fold(words[-1]) in ROLE_NOUNS


_NAME_THEN_POST = re.compile(
    rf"(?:^|(?<=[\n,;:]))[ \t]*(?:[•·*▪◦‣-][ \t]+)?(?P<name>{NAME_SEQ})[ \t]*\((?P<post>[^()\n]{{2,60}})\)",
    re.MULTILINE,
)


def bracketed_candidates(text: str) -> list[_Candidate]:
    """'The Director of Adult Services (Helen Marsh)': a full name alone in brackets after a post;
    '• Wilhelmina Oduya (Finance Commissioner)': a full name opening a line or item, a post in brackets."""
    found: list[_Candidate] = []
    for m in _NAME_THEN_POST.finditer(text):
        post = m.group("post")
        if len(post.split()) > BRACKET_POST_WORDS or not _post_line(post) or not _headed_by_role(post):
            continue
        cand = _name_cell(text, m.start("name"), m.end("name"))
        if cand is not None and len([w for w in cand.name.split() if not is_initial(w)]) >= 2:
            found.append(cand)
    for m in _BRACKETED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = re.findall(r"[A-Za-z][A-Za-z\-’']*", text[max(line_start, m.start() - 80) : m.start()])
        if not any(fold(w) in ROLE_NOUNS for w in before[-BRACKET_POST_WORDS:]):
            continue
        cand = _name_cell(text, m.start("item"), m.end("item"))
        if cand is not None and len([w for w in cand.name.split() if not is_initial(w)]) >= 2:
            found.append(cand)
    return found
