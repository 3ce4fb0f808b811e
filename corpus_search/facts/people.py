"""People: one canonical person per name, with aliases, honours and every mention.

Candidates come from the model's PERSON entities and from rules the model misses: a post or
courtesy title before a capitalised name ("Cllr Peter Fortune", "DR SAMUEL ADEYEMI CBE"), a name
followed by an honour ("Ade Adetosoye OBE"), and the lists of councillors and officers in minutes
("Present: Councillors A. Barrett (Chair), K. Osei"). Organisations, places, pronouns, service
names, bylines and picture credits are filtered out with the word lists in rules.py.

Resolution within a document: full names are the canonical forms; "J. Dunn" joins "John Dunn";
a lone surname ("Cllr Evans", "Evans") or a first name after Sir/Dame ("Dame Caroline") joins the
one full name it fits, or the one mentioned last when two people share it; a titled surname with no
full name in the text is a person of its own; an untitled lone name with no anchor is dropped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from corpus_search.facts.not_people import (
    DocumentEvidence,
    is_address_part,
    is_constituency,
    is_item_heading,
    speaks,
)
from corpus_search.facts.rules import (
    BYLINE_NEXT_LINE,
    BYLINE_PREFIXES,
    COURTESY_GENDER,
    CREDIT_PREFIXES,
    DESCRIPTOR_WORDS,
    EMPTY_TITLES,
    FIRST_NAME_TITLES,
    FUNCTION_WORDS,
    HONOURS,
    LIST_HEADERS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    NOT_PEOPLE,
    NOT_PEOPLE_NAMES,
    POST_TITLE_PREFIXES,
    PRONOUNS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    ROLE_STOP_WORDS,
    SAINT_WORDS,
    SURNAME_ONLY_WORDS,
    TITLE_FORMS,
    TITLE_WORDS,
)
from corpus_search.models import Mention, Person
from corpus_search.names import display_case, fold, is_initial, name_key, same_person
from corpus_search.nlp import entity_spans

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
    re.I,
)
_LIST_ITEM = re.compile(
    rf"(?:(?P<title>{_TITLE}(?:{SP}{_TITLE})*){SP})?(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)"
    r"(?P<paren>[ \t]*\([^()\n]{1,80}\))?"
)
# "Alex Whitcombe – Key Audit Partner, Grant Thornton UK LLP": a name opening a line, a dash and
# a role phrase (officer lists in minutes). The role words are checked in _dash_line_candidates.
_DASH_LINE = re.compile(
    rf"^[ \t]*(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)[ \t]+[–—-][ \t]+(?P<rest>[^\n]{{1,120}})", re.M
)
_LIST_SEP = re.compile(r"[ \t]*(?:,|;|\band\b|&)[ \t]*(?:\n[ \t]*)?|[ \t]*\n[ \t]*(?=\S)")
_POSSESSIVE_WORD = re.compile(rf"^(?P<base>.+?)(?:[{_APOS}]s|(?<=s)[{_APOS}])$", re.I)
_TOKEN = re.compile(r"\S+")
_HONOUR_RE = re.compile(_HONOUR)
_LOWER_WORD = re.compile(r"[a-z]+")
_CAP_NEXT = re.compile(rf"{SP}[{UP}]")
_POSSESSIVE_CAP_NEXT = re.compile(rf"[{_APOS}]s{SP}[{UP}]")
_CAP_WORD_BEFORE = re.compile(rf"[{UP}][\w'’\-]*{SP}$")


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
              or lw in FUNCTION_WORDS or lw in DESCRIPTOR_WORDS or w[:1].islower()):
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
    if len(lower) == 1 and (lower[0] in NOT_PEOPLE or lower[0] in SURNAME_ONLY_WORDS and not cand.titled):
        return False
    for w, written in zip(lower, words):
        if is_initial(written):
            continue
        parts = [w] + (w.split("-") if "-" in w else [])
        if any(p in NON_NAME_WORDS for p in parts) or w in FUNCTION_WORDS:
            return False
    if len(lower) > 1 and lower[0] in SURNAME_ONLY_WORDS and not is_initial(words[0]):
        return False
    if not cand.titled and (lower[0] in SAINT_WORDS or any(w in SURNAME_ONLY_WORDS for w in lower[1:-1])):
        return False  # "St Michael" (a church), "Foxhill Lane Souldern" (an address)
    if all(w in DESCRIPTOR_WORDS for w in lower):
        return False
    for w in words:
        if w.lower() in NAME_PARTICLES:
            continue
        if not w[:1].isupper():
            return False
    if len(words) == 1 and words[0].isupper() and not cand.titled:
        return False  # an acronym (CIPFA, LGA), not a name
    if all(is_initial(w) for w in words):
        return False
    return True


def _line_prefix(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return fold(text[line_start:start]).strip()


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
    return any(tail.endswith(p) or prefix.startswith(p) and len(prefix) < 40 for p in CREDIT_PREFIXES)


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
_INITIALS_AFTER = re.compile(rf"(?<![\w])(?P<name>{NAME_SEQ})(?P<hon>{_HONOURS_AFTER}*)[ \t]*\((?P<ini>[{UP}]{{2,4}})\)")


def _initials_line_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _INITIALS_AFTER.finditer(text):
        words = [w for w in match.group("name").split() if not _is_title_word(w)]
        initials = "".join(w[0] for w in words).upper()
        if len(words) < 2 or initials != match.group("ini") and initials[0] + initials[-1] != match.group("ini"):
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


def _speaker_candidates(text: str) -> list[_Candidate]:
    """'Okonkwo said': a capitalised word before a verb of speech that the document never
    writes in lowercase (so not 'Residents said')."""
    found: list[_Candidate] = []
    for match in _SPEAKER.finditer(text):
        word = match.group("name")
        before = text[max(0, match.start() - 3) : match.start()].rstrip(" \t")
        if before and before[-1] not in ".!?\n\"“”:;":
            continue  # only a word that opens a sentence or a line: not "… Children and Families said"
        if re.search(rf"(?<![\w]){re.escape(word.lower())}(?![\w])", text):
            continue
        cand = _build(text, match.start("name"), match.end("name"), "model")
        if cand is not None:
            cand.extra["speaker"] = True
            found.append(cand)
    return found


def _candidates(sdoc) -> list[_Candidate]:  # type: ignore[no-untyped-def]
    text = sdoc.text
    found: list[_Candidate] = []
    for match in TITLED.finditer(text):
        cand = _build(text, match.start(), match.end("name"), "title", match.group("hon") or "")
        if cand is not None:
            if match.group("hon"):
                cand.end = match.end("hon")
            found.append(cand)
    for match in HONOURED.finditer(text):
        cand = _build(text, match.start(), match.end("name"), "honour", match.group("hon"))
        if cand is not None:
            cand.end = match.end("hon")
            found.append(cand)
    found.extend(_list_candidates(text))
    found.extend(_dash_line_candidates(text))
    for start, end, label in entity_spans(sdoc):
        if label != "PERSON":
            continue
        line_break = text.find("\n", start, end)
        if line_break >= 0:
            end = line_break
        cand = _build(text, start, end, "model")
        if cand is not None:
            found.append(cand)
    found.extend(_initials_line_candidates(text))
    found.extend(_speaker_candidates(text))
    kept = []
    evidence = DocumentEvidence(text, entity_spans(sdoc))
    vouched = {name_key(c.name) for c in found if c.titled or (c.source != "model" and not c.extra.get("initials"))
               or speaks(text, c.end)}
    for cand in found:
        if not _plausible(cand):
            continue
        if not cand.titled and is_constituency(text, cand.start, cand.end):
            continue
        if (cand.source == "model" or cand.extra.get("initials")) and not cand.titled and name_key(cand.name) not in vouched and (
            evidence.tagged_otherwise(cand.name) or is_item_heading(text, cand.start, cand.end)
            or is_address_part(text, cand.start, cand.end, evidence)
        ):
            continue
        if cand.source == "model" and not cand.titled and cand.name.isupper() and len(cand.name.split()) > 1:
            cand.caps_only = True  # headings in capitals: a person only if named elsewhere too
        kept.append(cand)
    return _resolve_overlaps(kept)


_RANK = {"list": 3, "title": 3, "honour": 2, "model": 1}


def _resolve_overlaps(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep one candidate where several overlap: rules before the model, then the longest."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Candidate] = []
    for cand in cands:
        if out and cand.start < out[-1].end:
            prev = out[-1]
            better = (_RANK[cand.source], cand.end - cand.start) > (_RANK[prev.source], prev.end - prev.start)
            if better:
                if prev.extra.get("post") and not cand.extra.get("post"):
                    cand.extra["post"] = prev.extra["post"]
                out[-1] = cand
            elif cand.extra.get("post") and not prev.extra.get("post"):
                prev.extra["post"] = cand.extra["post"]
            continue
        out.append(cand)
    return out


def _caps_words(name: str) -> int:
    return sum(1 for w in name.split() if len(w) > 1 and w.isupper())


def _fullness(key: str, name: str) -> tuple[int, int, int]:
    words = key.split()
    return (0 if len(words[0]) == 1 else 1, len(words), 0 if name.isupper() else 1)


def find_people(sdoc) -> list[Person]:  # type: ignore[no-untyped-def]
    """Canonical people of one document, each with aliases, honours and mentions."""
    text = sdoc.text
    cands = [c for c in _candidates(sdoc) if not _is_byline(text, c) and not _is_credit(text, c)]
    # Full names first: they are the canonical forms shorter mentions resolve to.
    mixed_keys = {name_key(c.name) for c in cands if not c.caps_only}
    forms: dict[str, str] = {}
    order: list[str] = []
    for cand in cands:
        if len(cand.name.split()) < 2:
            continue
        key = name_key(cand.name)
        if len(key.split()) < 2:
            continue
        if cand.caps_only and key not in mixed_keys:
            continue
        shown = display_case(cand.name)
        if key not in forms:
            forms[key] = shown
            order.append(key)
        elif _caps_words(forms[key]) > _caps_words(shown):
            forms[key] = shown  # "MALCOLM Fraser" (a drop capital) → "Malcolm Fraser"
    # "J. Dunn" joins "John Dunn", "George Bush" joins "George W Bush" when exactly one fits.
    canonical: dict[str, str] = {}
    for key in sorted(order, key=lambda k: _fullness(k, forms[k]), reverse=True):
        fits = [k for k in order if k != key and canonical.get(k, k) == k and same_person(key, k)
                and _fullness(k, forms[k]) > _fullness(key, forms[key])]
        canonical[key] = fits[0] if len({canonical.get(f, f) for f in fits}) == 1 else key
    people: dict[str, Person] = {}
    for key in order:
        root = canonical[key]
        while canonical.get(root, root) != root:
            root = canonical[root]
        canonical[key] = root
        if root not in people:
            people[root] = Person(name=forms[root])
    roots = [k for k in order if canonical[k] == k]
    by_surname: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for key in roots:
        words = key.split()
        by_surname.setdefault(words[-1], []).append(key)
        if len(words[0]) > 1:
            by_first.setdefault(words[0], []).append(key)
    last_seen: dict[str, int] = {}
    new_order: list[str] = []
    genders: dict[str, str] = {}
    courtesy: dict[str, str] = {}

    def attach(key: str, cand: _Candidate) -> None:
        person = people[key]
        person.mentions.append(Mention(text[cand.start:cand.end], cand.start, cand.end))
        alias = text[cand.start:cand.end]
        if alias not in person.aliases:
            person.aliases.append(alias)
        for honour in cand.honours:
            if honour not in person.honours:
                person.honours.append(honour)
        last_seen[key] = cand.start
        if key not in new_order:
            new_order.append(key)

    for cand in cands:
        key = name_key(cand.name)
        words = key.split()
        if not words:
            continue
        if len(words) >= 2:
            if key in canonical:
                attach(canonical[key], cand)
            continue
        word = words[0]
        first_title = fold(cand.titles[0]).rstrip(".") if cand.titles else ""
        if first_title in FIRST_NAME_TITLES:
            options = by_first.get(word, [])
        elif cand.titled:
            options = by_surname.get(word, [])
        elif _inside_other_name(text, cand.start):
            options = []  # "the Bill", "Data Retention Bill": not Bill Shorten
        else:
            options = by_surname.get(word) or ([] if word in by_surname else by_first.get(word, []))
        if len(options) == 1:
            attach(options[0], cand)
        elif options:
            recent = [k for k in options if k in last_seen]
            if recent:
                attach(max(recent, key=lambda k: last_seen[k]), cand)
        elif (cand.titled and cand.caps_only is False and first_title not in FIRST_NAME_TITLES) or (
                not cand.titled and _in_person_context(text, cand.end)):
            # "Cllr Evans", "Evans said" with no full name in the text: the surname is all we
            # know; "Mr Carter" and "Mrs Carter" are two people.
            gender = next((COURTESY_GENDER[fold(t)] for t in cand.titles if fold(t) in COURTESY_GENDER), None)
            key = _surname_key(word, gender, people, genders, last_seen)
            if key not in people:
                people[key] = Person(name=display_case(cand.name))
            if gender:
                genders[key] = gender
                courtesy[key] = next(t for t in cand.titles if fold(t) in COURTESY_GENDER)
            attach(key, cand)
    for key, person in people.items():
        word = key.split("|")[0]
        if key in courtesy and sum(1 for k in people if k.split("|")[0] == word) > 1:
            person.name = f"{courtesy[key]} {person.name}"
    _bare_surnames(text, people, by_surname)
    result = []
    for key in new_order:
        person = people[key]
        person.mentions.sort(key=lambda m: m.start)
        result.append(person)
    return result


def _surname_key(word: str, gender: str | None, people: dict[str, Person], genders: dict[str, str],
                 last_seen: dict[str, int]) -> str:
    """The key of the surname-only person a mention joins: the one of that gender, else a new one."""
    keys = [k for k in people if k.split("|")[0] == word]
    if gender is None:
        return max(keys, key=lambda k: last_seen.get(k, -1)) if keys else word
    for k in keys:
        if genders.get(k) in (None, gender):
            return k
    return f"{word}|{gender}" if keys else word


_WHO_AFTER = re.compile(r"^,\s+who\s+(?:is|was|chairs|leads|heads|runs|represents|has|had)\b")


def _in_person_context(text: str, end: int) -> bool:
    """'Evans said', 'Evans, who chairs the panel': a bare surname the context makes a person."""
    return speaks(text, end) or bool(_WHO_AFTER.match(text[end : end + 30]))


_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|this|that|these|those|its|their)\s+$", re.I)


def _inside_other_name(text: str, start: int) -> bool:
    """An untitled single word after a determiner or a capitalised word that is no title."""
    before = text[max(0, start - 30) : start]
    if _DETERMINER_BEFORE.search(before):
        return True
    if _CAP_WORD_BEFORE.search(before):
        prev_word = before.split()[-1]
        return not _is_title_word(prev_word) and fold(prev_word) not in FUNCTION_WORDS
    return False


def _bare_surnames(text: str, people: dict[str, Person], by_surname: dict[str, list[str]]) -> None:
    """Bare surnames the model missed ("Fortune added:") for people with a unique surname."""
    written: dict[str, str] = {}
    for surname, keys in by_surname.items():
        if len(keys) != 1 or len(surname) < 3 or keys[0] not in people or not people[keys[0]].mentions:
            continue
        if surname in SURNAME_ONLY_WORDS or surname in NON_NAME_WORDS or surname in ROLE_STOP_WORDS:
            continue
        last = people[keys[0]].name.split()[-1]
        if fold(last) == surname:
            written[last] = keys[0]
    if not written:
        return
    taken = sorted((m.start, m.end) for p in people.values() for m in p.mentions)
    starts = [s for s, _ in taken]
    pattern = re.compile(
        r"(?<![\w'’\-])(?:" + "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True)) + rf")(?![\w\-]|[{_APOS}][A-Za-z]{{2}})"
    )
    for match in pattern.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and taken[i][0] <= match.start() < taken[i][1]:
            continue
        after = text[match.end() : match.end() + 3]
        if _CAP_NEXT.match(after) or _POSSESSIVE_CAP_NEXT.match(text[match.end() : match.end() + 4]):
            continue  # "Evans Transport", part of another name or an organisation
        before = text[max(0, match.start() - 30) : match.start()]
        if _CAP_WORD_BEFORE.search(before):
            prev_word = before.split()[-1]
            if not _is_title_word(prev_word) and fold(prev_word) not in FUNCTION_WORDS:
                continue  # "Rob Evans": a full name the model missed, maybe someone else
        person = people[written[match.group(0)]]
        person.mentions.append(Mention(match.group(0), match.start(), match.end()))
        if match.group(0) not in person.aliases:
            person.aliases.append(match.group(0))
