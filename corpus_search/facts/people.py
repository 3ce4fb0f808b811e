"""People: one canonical person per name, with aliases, honours and every mention.

Candidate spans come from name_patterns.py (titles, honours, what can be a name) and layouts.py
(lists, signatures, appositions, speakers); not_people.py says which are places, bodies or
events from the rest of the document; this module resolves them into people.

Candidates come from the model's PERSON entities and from rules the model misses: a post or
courtesy title before a capitalised name ("Cllr Peter Fortune", "DR SAMUEL ADEYEMI CBE"), a name
followed by an honour ("Ade Adetosoye OBE"), and the lists of councillors and officers in minutes
("Present: Councillors A. Barrett (Chair), K. Osei"), and the team sheets of sports reports
(name_rows.py). A model name cut by a line break runs on across a hard wrap of wire copy
("Alan L" at a line end, "Himber" opening the next: name_patterns.unwrap_name_end); the text spaCy
reads is not unwrapped, so offsets, snippets and line-based rules see the document as written.
Organisations, places, pronouns, service names, bylines and picture credits are filtered out with
the word lists in rules.py.

Resolution within a document: full names are the canonical forms; "J. Dunn" joins "John Dunn";
a lone surname ("Cllr Evans", "Evans") or a first name after Sir/Dame ("Dame Caroline") joins the
one full name it fits, or the one mentioned last when two people share it; a titled surname with no
full name in the text is a person of its own; an untitled lone name with no anchor is dropped.
"""
from __future__ import annotations

import bisect
import re

from corpus_search.facts.layouts import (
    _dash_line_candidates,
    _initials_line_candidates,
    _is_byline,
    _is_credit,
    _list_candidates,
    _signed_and_apposed_candidates,
    _speaker_candidates,
)
from corpus_search.facts.name_patterns import (
    _APOS,
    _CAP_NEXT,
    _CAP_WORD_BEFORE,
    _POSSESSIVE_CAP_NEXT,
    HONOURED,
    TITLED,
    _build,
    _Candidate,
    _is_title_word,
    _plausible,
    unwrap_name_end,
)
from corpus_search.facts.name_rows import (
    bracketed_candidates,
    contact_card_candidates,
    done_by_candidates,
    lineup_candidates,
    post_line_candidates,
    preposed_candidates,
    scoreboard_candidates,
    sibling_candidates,
    table_candidates,
)
from corpus_search.facts.named_things import is_named_thing
from corpus_search.facts.not_people import (
    DocumentEvidence,
    firm_keys,
    is_address_part,
    is_constituency,
    is_item_heading,
    is_place_phrase,
    is_score_line,
    runs_into_body,
    score_line_teams,
    speaks,
)
from corpus_search.facts.rules import (
    COURTESY_GENDER,
    FIRST_NAME_TITLES,
    FUNCTION_WORDS,
    NON_NAME_WORDS,
    PEER_TITLES,
    POST_TITLES,
    ROLE_STOP_WORDS,
    SURNAME_ONLY_WORDS,
)
from corpus_search.models import Mention, Person
from corpus_search.names import display_case, fold, name_key, same_person
from corpus_search.nlp import Analysis, as_analysis
from corpus_search.people.identity import _edit_distance_one


def _candidates(analysis: Analysis, text: str) -> list[_Candidate]:
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
    for start, end, label in analysis.ents:
        if label != "PERSON":
            continue
        end = unwrap_name_end(text, start, end)  # "Alan L\nHimber" in wrapped wire copy is one name
        cand = _build(text, start, end, "model")
        if cand is not None:
            found.append(cand)
    found.extend(_initials_line_candidates(text))
    found.extend(_speaker_candidates(text))
    found.extend(_signed_and_apposed_candidates(text))
    evidence = DocumentEvidence(text, analysis.ents)
    found.extend(table_candidates(text))
    found.extend(scoreboard_candidates(text, evidence.other_keys))
    found.extend(preposed_candidates(text, [(s, e) for s, e, label in analysis.ents if label == "PERSON"]))
    found.extend(post_line_candidates(text))
    found.extend(contact_card_candidates(text))
    found.extend(done_by_candidates(text))
    found.extend(bracketed_candidates(text))
    clubs = score_line_teams(text)
    sheets = lineup_candidates(text, evidence.places, clubs)
    found.extend(sheets.people)
    clubs |= sheets.clubs
    firms = firm_keys(text)
    # Names beside people in a list; the people vouched for as the filter below would keep them.
    listed = [(c.start, c.end) for c in found if _plausible(c) and len(c.name.split()) > 1
              and (c.titled or c.source != "model" or not evidence.tagged_otherwise(c.name))]
    found.extend(sibling_candidates(text, listed))
    kept = []
    # A word the model reads as a person alone that is no one's name here ("meet in either
    # Bloxham or Hook Norton"): as good as a place in a list after a preposition of place.
    name_words = {w for c in found if len(name_key(c.name).split()) > 1 for w in name_key(c.name).split()}
    places = evidence.places | {
        k for s, e, label in analysis.ents
        if label == "PERSON" and len((k := name_key(text[s:e])).split()) == 1 and k not in name_words
    }
    # A name given to a gritter, a lifeboat or a tortoise is the thing's wherever it recurs.
    things = {name_key(c.name) for c in found if is_named_thing(text, c.start, c.end, c.name)}
    surnames = {name_key(c.name).split()[-1] for c in found if len(name_key(c.name).split()) > 1}
    vouched = {name_key(c.name) for c in found if c.titled or (c.source != "model" and not c.extra.get("initials"))
               or speaks(text, c.end)}
    for cand in found:
        if not _plausible(cand) or name_key(cand.name) in things:
            continue
        if not cand.titled and is_constituency(text, cand.start, cand.end):
            continue
        if cand.extra.get("speaker") and evidence.other[name_key(cand.name)] and name_key(cand.name) not in surnames:
            continue  # "Microsoft said": tagged as a body elsewhere, and no one's surname
        if (
            (cand.source == "model" or cand.extra.get("initials"))
            and not cand.titled
            and name_key(cand.name) not in vouched
            and (
                evidence.tagged_otherwise(cand.name)
                or is_item_heading(text, cand.start, cand.end)
                or is_address_part(text, cand.start, cand.end, evidence)
                or is_score_line(text, cand.start, cand.end)
                or is_place_phrase(text, cand.start, places)
                or name_key(cand.name) in clubs
                or runs_into_body(text, cand.name)
                or name_key(cand.name) in firms
            )
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


def find_people(doc: Analysis | object) -> list[Person]:
    """Canonical people of one document, each with aliases, honours and mentions."""
    analysis = as_analysis(doc)
    text = analysis.text
    cands = [c for c in _candidates(analysis, text) if not _is_byline(text, c) and not _is_credit(text, c)]
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
    # A misspelt surname of the same forename ("Thaksin Shiniwatra" after "Thaksin Shinawatra")
    # joins the spelling met first.
    roots_in_order = [k for k in order if canonical[k] == k]
    for x, later in enumerate(roots_in_order):
        lw = later.split()
        for earlier in roots_in_order[:x]:
            ew = earlier.split()
            if (canonical[earlier] == earlier and len(ew) == len(lw) >= 2 and ew[:-1] == lw[:-1]
                    and min(len(ew[-1]), len(lw[-1])) >= 6 and _edit_distance_one(ew[-1], lw[-1])):
                canonical[later] = earlier
                break
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
    first_at: dict[str, int] = {}
    for cand in cands:
        ckey = name_key(cand.name)
        if len(ckey.split()) >= 2 and ckey in canonical:
            first_at.setdefault(canonical[ckey], cand.start)
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
            # A titled surname before its full name is ever mentioned, or after a person of that
            # surname alone already exists, is that surname-only person: minutes name their
            # members "Cllr Evans" throughout, and "Martyn Evans" at the end is someone else.
            options = by_surname.get(word, [])
            if any(fold(t).rstrip(".") in POST_TITLES for t in cand.titles):
                options = [] if word in people else [k for k in options if first_at.get(k, len(text)) < cand.start]
        elif _inside_other_name(text, cand.start):
            options = []  # "the Bill", "Data Retention Bill": not Bill Shorten
        else:
            options = by_surname.get(word) or ([] if word in by_surname else by_first.get(word, []))
            if not options and len(word) >= 6:
                # "Fabregas" in the team sheet, "Cesc Faregas" in the report: one letter apart.
                near = [k for w, ks in by_surname.items() if len(w) >= 6 and _edit_distance_one(w, word) for k in ks]
                options = near if len(near) == 1 else []
        if len(options) == 1:
            attach(options[0], cand)
        elif options:
            recent = [k for k in options if k in last_seen]
            if recent:
                attach(max(recent, key=lambda k: last_seen[k]), cand)
        elif (cand.titled and cand.caps_only is False and first_title not in FIRST_NAME_TITLES) or (
                not cand.titled and (_in_person_context(text, cand.end) or cand.extra.get("player"))):
            # "Cllr Evans", "Evans said" with no full name in the text: the surname is all we
            # know; "Mr Carter" and "Mrs Carter" are two people.
            gender = next((COURTESY_GENDER[fold(t)] for t in cand.titles if fold(t) in COURTESY_GENDER), None)
            key = _surname_key(word, gender, people, genders, last_seen)
            if key not in people:
                peer = next((t for t in cand.titles if fold(t) in PEER_TITLES), None)
                shown = display_case(cand.name)
                people[key] = Person(name=f"{peer} {shown}" if peer else shown)  # "Baroness Taylor"
            if gender:
                genders[key] = gender
                courtesy[key] = next(t for t in cand.titles if fold(t) in COURTESY_GENDER)
            attach(key, cand)
    for key, person in people.items():
        word = key.split("|")[0]
        if key in courtesy and sum(1 for k in people if k.split("|")[0] == word) > 1:
            person.name = f"{courtesy[key]} {person.name}"
    _bare_surnames(text, people, {w: ks for w, ks in by_surname.items() if w not in people})
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


_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|this|that|these|those|its|their)\s+$", re.IGNORECASE)


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
        r"(?<![\w'’\-])(?:"
        + "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True))
        + rf")(?![\w\-]|[{_APOS}][A-Za-z]{{2}})"
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
