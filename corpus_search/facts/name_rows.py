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
               a post or descriptor written in lower case, then a full name; or a noun for a person
               of a nation ("Briton Jo Pavey", rules.PERSON_DEMONYMS)
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
  team sheets  "Dunmore: Halloran, Okoro (Lindqvist 64), Brekke. Subs not used: Abdi." "Booked:
               Okoro." "Goals: Brekke 55." "R Ellery (Harrowgate, capt); T Brannagh (Selby), ...": a
               list of names (surnames alone are players here) after a team-sheet label
               (rules.LINEUP_LABELS; scorer labels, rules.SCORE_LABELS, need a team sheet or minutes),
               after a club and a colon, or opening its line; an unlabelled list needs four names and
               a team-sheet line in the document, substitutes' minutes, or initials before most names;
               short lines of their own (bookings, scorers, the referee) only in a team-sheet document.
               A list that is mostly clubs (or, unlabelled, places) is none. The brackets' clubs
               ("(Harrowgate)") are clubs wherever they stand in the document.

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
from typing import NamedTuple

from corpus_search.facts.name_patterns import _HONOURS_AFTER, _LIST_ITEM, _TITLE, NAME_SEQ, SP, _build, _Candidate
from corpus_search.facts.not_people import runs_into_body
from corpus_search.facts.rules import (
    CONTACT_HEADINGS,
    DESCRIPTOR_WORDS,
    FIRM_POSTS,
    LINEUP_LABELS,
    LOOSE_DESCRIPTORS,
    PARTY_WORDS,
    PERSON_DEMONYMS,
    ROLE_NOUNS,
    SCORE_LABELS,
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
_DEMONYM = re.compile(
    r"(?<![\w'’\-])(?P<post>" + "|".join(w.capitalize() for w in sorted(PERSON_DEMONYMS, key=len, reverse=True))
    + rf")[ \t]+(?P<name>{NAME_SEQ})"
)


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
    # Capitalised, only a noun for a person of a nation: "Briton Jo Pavey", "Frenchman Marc Roux".
    for m in [*_PREPOSED.finditer(text), *_DEMONYM.finditer(text)]:
        post = fold(m.group("post"))
        strong = post in ROLE_NOUNS or post in PERSON_DEMONYMS
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
# ---- team sheets -----------------------------------------------------------------------------
# "Everton: Martyn, Hibbert (Osman 70), Yobo; ... Subs not used: Wright, Weir." "Booked: Cole."
# "Goals: Henry 23, 41." "J Noon (Newcastle), O Barkley (Bath), ..." A list of names separated by
# commas, semicolons or slashes, each with its minutes or a note in brackets (a substitute and his
# minute, a club, "capt"), after a team-sheet label, after a club's name and a colon, or alone on
# its line.
def _label_alternation(labels: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(labels, key=len, reverse=True))


_MINUTES = r"(?:[ \t]+\d{1,3}(?:\+\d{1,2})?(?:[ \t]*\((?:pen|og|p)\))?(?:[ \t]*,[ \t]*\d{1,3}(?:\+\d{1,2})?(?![\w]))*)"
_SHEET_ITEM = rf"(?P<name>{NAME_SEQ})(?P<min>{_MINUTES})?(?:[ \t]*\((?P<note>[^()\n]{{1,40}})\))?"
_ITEM_RE = re.compile(_SHEET_ITEM)
_PLAIN_ITEM = _SHEET_ITEM.replace("(?P<name>", "(?:").replace("(?P<min>", "(?:").replace("(?P<note>", "(?:")
_SHEET_SEP = re.compile(r"[ \t]*[,;/][ \t]*")
_CLUB_LABEL = r"[A-Z][\w'’.\-]*(?:[ \t]+(?:[A-Z][\w'’.\-]*|of|de)){0,3}"
_SHEET = re.compile(
    rf"(?:^|(?<=[.!?\"”] ))[ \t]*"
    rf"(?:(?:(?P<label>(?i:{_label_alternation(LINEUP_LABELS)}))|(?P<score>(?i:{_label_alternation(SCORE_LABELS)}))"
    rf"|(?P<club>{_CLUB_LABEL}))[ \t]*(?:\([a-z ]{{1,12}}\))?[ \t]*:[ \t]*)?"
    rf"(?P<items>{_PLAIN_ITEM}(?:[ \t]*[,;/][ \t]*{_PLAIN_ITEM})*)[ \t]*(?P<stop>\.(?=[ \t]|$)|$)",
    re.MULTILINE,
)
_SUB_NOTE = re.compile(rf"^(?P<name>{NAME_SEQ}){_MINUTES}$")


def _items(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The items of text[start:end], a list of names and their separators; [] if it is not one."""
    out = []
    pos = start
    while pos < end:
        m = _ITEM_RE.match(text, pos, end)
        if m is None:
            return []
        out.append(m)
        sep = _SHEET_SEP.match(text, m.end(), end)
        if sep is None:
            return out if m.end() == end else []
        pos = sep.end()
    return out


class TeamSheets(NamedTuple):
    people: list[_Candidate]  # players, substitutes, scorers, referees
    clubs: set[str]  # name keys of the clubs and counties in their brackets ("J Noon (Newcastle)")


def lineup_candidates(text: str, places: set[str], clubs: set[str]) -> TeamSheets:
    """The players, substitutes, scorers and referees of team sheets, and the clubs their brackets
    name. `places` are the name keys the model tags as places in the document and `clubs` the teams
    of its score lines: a list that is mostly places or clubs is not a team sheet."""
    sheets = []
    for m in _SHEET.finditer(text):
        items = _items(text, m.start("items"), m.end("items"))
        if not items:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        opens_line = not text[line_start:m.start()].strip()
        own_line = opens_line and not text[m.end():line_end if line_end >= 0 else len(text)].strip()
        sheets.append((m, items, opens_line, own_line))
    # A document with a labelled team-sheet line, or with substitutes' minutes in brackets, has team sheets.
    sheet_doc = any(m.group("label") for m, _, _, _ in sheets) or any(
        it.group("note") and _SUB_NOTE.match(it.group("note").strip()) for _, items, _, _ in sheets for it in items)
    found: list[_Candidate] = []
    noted: set[str] = set()
    for m, items, opens_line, own_line in sheets:
        names = items
        words = [it.group("name").split() for it in names]
        initialled = sum(1 for w in words if len(w) > 1 and is_initial(w[0]))
        if m.group("label"):
            ok = True
        elif m.group("score"):
            ok = sheet_doc or all(it.group("min") for it in names)
        elif m.group("club") or opens_line:
            long_list = len(names) >= 4 and (sheet_doc or initialled * 4 >= len(names) * 3)
            # Short lines of their own in a team-sheet document: bookings ("Cole."), scorers
            # ("Terry 17, Gudjohnsen 46."), the referee ("G Poll (Hertfordshire).").
            short_line = own_line and sheet_doc and m.group("stop") == "." and not m.group("club")
            ok = long_list or short_line
        else:
            ok = False
        keys = [name_key(it.group("name")) for it in names]
        # A list that is mostly clubs, or (without a label) mostly places, is not a team sheet; the
        # model often tags a lone foreign surname as a place, so places alone must be most of it.
        if (not ok or sum(1 for k in keys if k in clubs) * 2 >= len(keys)
                or (not m.group("label") and not m.group("club")
                    and sum(1 for k in keys if k in places or k in clubs) * 4 >= len(keys) * 3)):
            continue
        for it in names:
            spans = [(it.start("name"), it.end("name"))]
            note = _SUB_NOTE.match(it.group("note").strip()) if it.group("note") else None
            if it.group("note") and not note:
                noted.update(k for k in (name_key(p) for p in it.group("note").split(",")) if k)
            if note:
                s = it.start("note") + (len(it.group("note")) - len(it.group("note").lstrip()))
                spans.append((s + note.start("name"), s + note.end("name")))
            for s, e in spans:
                if name_key(text[s:e]) in clubs:
                    continue
                cand = _build(text, s, e, "list")
                if cand is not None:
                    cand.extra["player"] = True
                    found.append(cand)
    return TeamSheets(found, noted)
