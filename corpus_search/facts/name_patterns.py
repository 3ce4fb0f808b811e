"""Name patterns and candidates: the regular expressions a name is matched with, how a
candidate span is split into titles, name and honours (`_build`), and whether it can be a name at all
(`_plausible`). Compiled once, at import."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus_search.facts.rules import (
    DESCRIPTOR_WORDS,
    EMPTY_TITLES,
    FIRM_SUFFIXES,
    FUNCTION_WORDS,
    HONOURS,
    LIST_HEADERS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    NOT_PEOPLE,
    NOT_PEOPLE_NAMES,
    PERSON_DEMONYMS,
    POST_TITLE_PREFIXES,
    PRONOUNS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SAINT_WORDS,
    SURNAME_ONLY_WORDS,
    TITLE_FORMS,
    TITLE_WORDS,
)
from corpus_search.names import fold, is_initial, name_key

# ---- character classes and name patterns (compiled once) -----------------------------------
_LATIN = [chr(c) for c in range(0x41, 0x250)]
UP = "".join(re.escape(c) for c in _LATIN if c.isalpha() and c.isupper())
LO = "".join(re.escape(c) for c in _LATIN if c.isalpha() and c.islower())
SP = r"[ \t\xa0]+"
_APOS = "'’"
_WORD_MIXED = (
    rf"(?:(?:Mc|Mac|O[{_APOS}]|D[{_APOS}]|Fitz)[{UP}][{LO}]+|[{UP}][{LO}]+)"
    rf"(?:-(?:[{UP}][{LO}]+|[{LO}]{{2,}}(?=-))|[{_APOS}][{UP}][{LO}]+)*"
)
_WORD_CAPS = rf"(?:(?:MC|MAC|O[{_APOS}])?[{UP}]{{2,}}(?:[-{_APOS}][{UP}]{{2,}})*)"
_WORD = rf"(?:{_WORD_MIXED}|{_WORD_CAPS})(?![\w])"
_INITIAL = rf"(?:[{UP}]\.(?:[ ]?[{UP}]\.)*|[{UP}](?=[ \t]))"
_PARTICLE = r"(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r")"
NAME_SEQ = (
    rf"(?:(?:{_INITIAL}[ \t]?){{1,3}}{_WORD}|{_WORD})"
    rf"(?:{SP}(?:(?:{_PARTICLE}|{_INITIAL}){SP})*{_WORD}){{0,3}}"
)
_HONOUR = r"(?:" + "|".join(sorted((h for h in HONOURS if h not in ("MS", "AM")), key=len, reverse=True)) + r")"
_HONOURS_AFTER = rf"(?:,?{SP}{_HONOUR}(?![\w]))"


def _title_alternation() -> str:
    forms: set[str] = set()
    for form in TITLE_FORMS:
        forms.add(re.escape(form))
        forms.add(re.escape(form.upper()))
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")(?![\w])"


_TITLE = _title_alternation()
TITLED = re.compile(
    rf"(?<![\w])(?P<title>{_TITLE}(?:{SP}{_TITLE})*){SP}(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)"
)
# A full name followed by honours; "Bolton West MP Ruth Kelly" is a constituency, not a name.
HONOURED = re.compile(
    rf"(?<![\w])(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}+)(?!{SP}[{UP}][{LO}])"
)
_LIST_HEADER = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?:" + "|".join(re.escape(h.rstrip(":")) for h in sorted(LIST_HEADERS, key=len, reverse=True))
    + r")(?:[ \t]*[:\-–][ \t]*|[ \t]+)(?:(?:Councillors|COUNCILLORS|Cllrs\.?|CLLRS\.?)[ \t]+)?"
    r"|(?<![\w])(?:Councillors|COUNCILLORS|Cllrs\.?|CLLRS\.?)[ \t]*:?[ \t]+",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(
    rf"(?:(?P<title>{_TITLE}(?:{SP}{_TITLE})*){SP})?(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)"
    r"(?P<paren>[ \t]*\([^()\n]{1,80}\))?"
)
# "Alex Whitcombe – Key Audit Partner, Grant Thornton UK LLP": a name opening a line, a dash and
# a role phrase (officer lists in minutes). The role words are checked in _dash_line_candidates.
_DASH_LINE = re.compile(
    rf"^[ \t]*(?:[•·*▪◦‣-][ \t]+)?(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)"
    rf"[ \t]+[–—-][ \t]+(?P<rest>[^\n]{{1,120}})",
    re.MULTILINE,
)
_LIST_SEP = re.compile(r"[ \t]*(?:,|;|\band\b|&)[ \t]*(?:\n[ \t]*)?|[ \t]*\n[ \t]*(?=\S)")
_POSSESSIVE_WORD = re.compile(rf"^(?P<base>.+?)(?:[{_APOS}]s|(?<=s)[{_APOS}])$", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_HONOUR_RE = re.compile(_HONOUR)
_LOWER_WORD = re.compile(r"[a-z]+")
_CAP_NEXT = re.compile(rf"{SP}[{UP}]")
_POSSESSIVE_CAP_NEXT = re.compile(rf"[{_APOS}]s{SP}[{UP}]")
_CAP_WORD_BEFORE = re.compile(rf"[{UP}][\w'’\-]*{SP}$")
# A two-part given name after a surname written first (Korean names: "Park Ji-Sung", "Kim Yu-na").
_GIVEN_HYPHENATED = re.compile(rf"[{UP}][{LO}]+-[{UP}{LO}][{LO}]+")


@dataclass
class _Candidate:
    start: int  # of the mention, titles included
    end: int  # of the mention, honours included, possessive excluded
    name: str  # the name alone, as written
    honours: list[str]
    titles: list[str]  # title words as written ("Cllr", "Dame")
    source: str  # "title", "honour", "list", "model"
    caps_only: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def titled(self) -> bool:
        return bool(self.titles) or "post" in self.extra


def _is_title_word(word: str) -> bool:
    return fold(word).rstrip(".") in TITLE_WORDS


def _post_run_ok(titles: list[str]) -> bool:
    """'Chief', 'Deputy', 'Police' are titles only in a run with a real title ('Chief Constable')."""
    if not titles:
        return True
    return any(fold(t).rstrip(".") not in POST_TITLE_PREFIXES for t in titles)


def _build(text: str, start: int, end: int, source: str, honours_text: str = "") -> _Candidate | None:
    """Make a candidate from the span text[start:end]: split titles, trim words that are not a
    name, cut at a possessive, read honours. None when nothing name-like is left."""
    spans = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
    if not spans:
        return None
    words = [text[s:e] for s, e in spans]
    titles: list[str] = []
    i = 0
    # Leading words: titles are kept as titles; organisation and role words are dropped.
    while i < len(words) - 1:
        w = words[i]
        lw = fold(w).strip(",.:;")
        if is_initial(w):
            break
        if _is_title_word(w):
            if lw.rstrip(".") not in EMPTY_TITLES:
                titles.append(w)
            i += 1
        elif (lw in NOT_PEOPLE or lw in NON_NAME_WORDS or lw in ROLE_NOUNS or lw in ROLE_MODIFIERS
              or lw in FUNCTION_WORDS or lw in DESCRIPTOR_WORDS or lw in PERSON_DEMONYMS or w[:1].islower()):
            titles = []  # "Executive Member Cllr X": the title is what is next to the name
            i += 1
        else:
            break
    if not _post_run_ok(titles):
        titles = []
    mention_start = spans[i - len(titles)][0] if titles else spans[i][0]
    # Cut at the first possessive: "Mr Straw's China" is Mr Straw.
    j = i
    name_words: list[str] = []
    last_end = spans[i][1]
    while j < len(words):
        w = words[j]
        m = _POSSESSIVE_WORD.match(w)
        if m and j >= i:
            base = m.group("base")
            if base.strip(_APOS):
                name_words.append(base)
                last_end = spans[j][0] + len(base)
            break
        name_words.append(w)
        last_end = spans[j][1]
        j += 1
    # Trailing honours and punctuation.
    honours: list[str] = []
    while len(name_words) > 1 and name_words[-1].strip(",.;") in HONOURS and name_words[-1].strip(",.;").isupper():
        honours.insert(0, name_words.pop().strip(",.;"))
    for hon in _HONOUR_RE.findall(honours_text):
        if hon not in honours:
            honours.append(hon)
    while name_words and not name_words[-1].strip(",.;:–-"):
        name_words.pop()
    if not name_words:
        return None
    name_words[-1] = name_words[-1].rstrip(",.;:")
    name = " ".join(name_words).strip()
    if not name:
        return None
    return _Candidate(mention_start, max(last_end, mention_start), name, honours, titles, source)


def _plausible(cand: _Candidate) -> bool:
    words = cand.name.split()
    if not words or len(words) > 5:
        return False
    if any(ch.isdigit() or ch in "@/()&|[]{}<>=+*#%$£€\"“”" for ch in cand.name):
        return False
    lower = [fold(w).strip(".,'’") for w in words]
    if any(w in PRONOUNS for w in lower):
        return False
    key = name_key(cand.name)
    if not key or key in NOT_PEOPLE_NAMES:
        return False
    # A team sheet's lone surname may be a word too ("Green", "Lock"); a list of names says it is one.
    player_word = (bool(cand.extra.get("player")) and len(lower) == 1
                   and (lower[0] in SURNAME_ONLY_WORDS or lower[0] in DESCRIPTOR_WORDS))
    if len(lower) == 1 and not player_word and (
            lower[0] in NOT_PEOPLE or (lower[0] in SURNAME_ONLY_WORDS and not cand.titled)):
        return False
    for w, written in zip(lower, words):
        if is_initial(written) or player_word:
            continue
        parts = [w] + (w.split("-") if "-" in w else [])
        if any(p in NON_NAME_WORDS for p in parts) or w in FUNCTION_WORDS:
            return False
    if (len(lower) > 1 and lower[0] in SURNAME_ONLY_WORDS and not is_initial(words[0])
            and not (len(words) == 2 and _GIVEN_HYPHENATED.fullmatch(words[1]))):
        return False  # "Park Lane", "Green Street"; not "Park Chan-Wook", a surname first
    if not cand.titled and (lower[0] in SAINT_WORDS or any(w in SURNAME_ONLY_WORDS for w in lower[1:-1])):
        return False  # "St Michael" (a church), "Foxhill Lane Souldern" (an address)
    if len(lower) > 1 and lower[-1] in FIRM_SUFFIXES and lower[-1] != "&":
        return False  # "Agricola Finanziara SpA", "Corvane Holdings": a firm
    if all(w in DESCRIPTOR_WORDS for w in lower) and not player_word:
        return False
    for w in words:
        if w.lower() in NAME_PARTICLES:
            continue
        if not w[:1].isupper():
            return False
    if len(words) == 1 and words[0].isupper() and not cand.titled:
        return False  # an acronym (CIPFA, LGA), not a name
    return not all(is_initial(w) for w in words)


# ---- names across a hard line wrap ----------------------------------------------------------
# Wire copy is wrapped at a fixed width inside its paragraphs ("said Alan L\nHimber has been"):
# a name broken there is one name. A break is a hard wrap when the line it ends is long and the
# next line goes on at once (no blank line, no indent: an indent or a blank line opens a paragraph).
_WRAP_MIN_LINE = 40
_WRAP_REST = re.compile(rf"(?:{_INITIAL}[ \t]?){{0,3}}{_WORD}")


def is_hard_wrap(text: str, newline: int) -> bool:
    """The line break at text[newline] is a hard wrap inside a paragraph: the next line goes on at
    once, and the line it ends or the next one is long."""
    line_start = text.rfind("\n", 0, newline) + 1
    next_end = text.find("\n", newline + 1)
    after = text[newline + 1 : newline + 2]
    if not after or after.isspace():
        return False
    next_line = text[newline + 1 : next_end if next_end >= 0 else len(text)]
    longest = max(len(text[line_start:newline].strip()), len(next_line))
    return longest >= _WRAP_MIN_LINE


def unwrap_name_end(text: str, start: int, end: int) -> int:
    """Where a name the model found in text[start:end] ends: at the first line break, unless the
    break is a hard wrap and the name goes on there: the model took the line break into the name
    (the new line then opens a sentence, which cuts it), or the name before it is unfinished (a
    forename alone, or a name ending in an initial: "Walter G."). It then runs on into the
    capitalised words that open the next line ("Alan L" and "Himber" on the next line)."""
    line_break = text.find("\n", start, end)
    taken = line_break >= 0
    if not taken:
        line_break = end if text[end : end + 1] == "\n" else -1
    if line_break < 0:
        return end
    head = text[start:line_break].split()
    if not head or not is_hard_wrap(text, line_break):
        return line_break
    rest = _WRAP_REST.match(text, line_break + 1)
    if rest and (taken or len(head) == 1 or is_initial(head[-1])):
        return rest.end()
    return line_break
