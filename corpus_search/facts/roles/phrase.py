"""Reading one role phrase: [determiner] [possessor's] [status] [modifiers] ROLE NOUN \
[of|for COMPLEMENT] [at|in|with ORG]."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from corpus_search.facts.roles.tokens import (
    _CLOSERS,
    _CONNECTORS,
    _ORG_INNER,
    _POSSESSIVE_END,
    _SENTENCE_OPENERS,
    _is_modifier,
    _is_name_word,
    _is_noun,
    _status,
    _Tok,
)
from corpus_search.facts.rules import (
    FUNCTION_WORDS,
    MEMBER_BODIES,
    ORG_DESCRIPTORS,
    ORG_WORDS,
    PARTY_GROUP_WORDS,
    PARTY_WORDS,
    ROLE_DETERMINERS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    ROLE_STOP_WORDS,
    STATUS_WORDS,
    STATUS_WORDS_KEPT,
    TIME_WORDS,
    TITLE_COMPLEMENTS,
    WEAK_ROLE_NOUNS,
)

# ---- reading one role phrase -------------------------------------------------------------------
# A role as stated in the text: (title, organisation or None, status or None).
_Stated = tuple[str, str | None, str | None]


@dataclass(slots=True)
class _Reading:
    title: str
    org: str | None
    status: str | None
    end: int  # token index just after the phrase
    head: int  # token index of the role noun


def _span_text(text: str, toks: list[_Tok], a: int, b: int) -> str:
    """The text of tokens a..b-1 as written."""
    return text[toks[a].start : toks[b - 1].end]


def _org_run(toks: list[_Tok], j: int, limit: int) -> int:
    """End of a capitalised organisation name starting at j ("the Chartered Institute of Public
    Finance (CIPFA)"); j itself when there is none."""
    k = j
    last = j
    while k < limit:
        t = toks[k]
        if _is_name_word(t) or (t.cap and t.word and t.low not in FUNCTION_WORDS and not t.possessive):
            k += 1
            last = k
        elif t.low in _ORG_INNER and k + 1 < limit and toks[k + 1].cap and k > j:
            k += 1
        else:
            break
    if (
        last > j
        and last + 2 < limit
        and toks[last].text == "("
        and toks[last + 2].text == ")"
        and toks[last + 1].text.isupper()
    ):
        last += 3  # "(CIPFA)"
    return last


def _complements(text: str, toks: list[_Tok], j: int, limit: int) -> list[int]:
    """Possible ends of an "of/for …" complement starting at j (the preposition), longest last;
    or of an "in <field>" one in lowercase words ("lecturer in public finance")."""
    if j >= limit:
        return []
    if toks[j].low == "in":
        return _field_complement(toks, j, limit)
    if toks[j].low not in ("of", "for"):
        return []
    k = j + 1
    if k < limit and toks[k].low == "the":
        k += 1
    ends: list[int] = []
    lower_words = 0
    while k < limit and k - j <= 14:
        t = toks[k]
        if t.word and (t.cap or ((t.low not in ROLE_STOP_WORDS and t.low.isalpha()) or "'" in t.low)):
            if not t.cap:
                lower_words += 1
                if lower_words > 6:
                    break
            if t.cap and t.low in FUNCTION_WORDS:
                break
            k += 1
            ends.append(k)
            continue
        if t.low in _CONNECTORS and k + 1 < limit and toks[k + 1].word:
            k += 1
            continue
        if (t.low in _ORG_INNER and toks[k - 1].cap and k + 1 < limit and toks[k + 1].cap
                and toks[k + 1].word and toks[k + 1].low not in FUNCTION_WORDS):
            k += 1  # "the charity Homes for Kingsholme"
            continue
        if t.low == "the" and k + 1 < limit and toks[k - 1].low in _CONNECTORS:
            k += 1
            continue
        if (
            t.text == ","
            and k + 1 < limit
            and toks[k + 1].cap
            and toks[k + 1].word
            and _comma_list_ahead(toks, k, limit)
        ):
            k += 1
            continue
        break
    return ends


def _field_complement(toks: list[_Tok], j: int, limit: int) -> list[int]:
    """'in public finance', 'in adult social care': up to four lowercase words after "in"."""
    ends: list[int] = []
    k = j + 1
    words = 0
    while k < limit and words < 4:
        t = toks[k]
        if (t.word and not t.cap and t.low.isalpha() and t.low not in ROLE_STOP_WORDS
                and t.low not in FUNCTION_WORDS):
            words += 1
            k += 1
            ends.append(k)
        elif ends and t.low in _CONNECTORS and k + 1 < limit and toks[k + 1].word and not toks[k + 1].cap:
            k += 1
        else:
            break
    return ends


def _descriptor_org(toks: list[_Tok], comp: list[int]) -> int:
    """In a complement "the charity Homes for Kingsholme", the index into comp where the body's
    name starts after lowercase words ending in a kind of body; -1 when it is not that shape."""
    for n in range(1, min(4, len(comp))):
        if toks[comp[n]].cap:
            lead = comp[:n]
            if (all(not toks[x].cap for x in lead) and toks[lead[-1]].bare in ORG_DESCRIPTORS
                    and all(toks[x].cap or toks[x].low in _ORG_INNER for x in comp[n:])):
                return n
            return -1
    return -1


def _comma_list_ahead(toks: list[_Tok], k: int, limit: int) -> bool:
    """After a comma in a capitalised complement: does "Cap…(, Cap…)* and Cap…" follow?"""
    i = k + 1
    while i < limit:
        t = toks[i]
        if (t.cap and t.word) or (t.text == "," and i + 1 < limit and toks[i + 1].cap):
            i += 1
        elif t.low in _CONNECTORS:
            return i + 1 < limit and toks[i + 1].cap
        else:
            return False
    return False


def _readings(text: str, toks: list[_Tok], i: int, limit: int, *, exact: bool = False,
              bare_ok: bool = False) -> Iterator[_Reading]:
    """Role phrases starting at token i, longest first.

    exact: the phrase is read backwards from a mention, so it must end at `limit`; plain
    lowercase words may then qualify the role noun after an anchor ("the former immigration
    minister", "Lib Dem home affairs spokesman").
    bare_ok: a weak role noun needs no qualifier ("(Chair)", a signature line).
    """
    j = i
    org: str | None = None
    anchored = False
    if j < limit and toks[j].low in ROLE_DETERMINERS:
        j += 1
        anchored = True
    # A possessor: "Bromley's", "the council's", "Kent County Council's".
    k = j
    while k < limit and k - j < 5 and _is_name_word(toks[k]):
        k += 1
    if (
        k < limit
        and toks[k].possessive
        and toks[k].word
        and (k == j or toks[k].cap)
        and toks[k].bare not in ROLE_NOUNS
        and toks[k].low not in ROLE_MODIFIERS
    ):
        if toks[j].cap:
            org = _POSSESSIVE_END.sub("", text[toks[j].start : toks[k].end])
        j = k + 1
        anchored = True
    # Status words, modifiers, organisation words, then the role noun(s).
    status: str | None = None
    words: list[int] = []  # title tokens before and including the head
    head = -1
    lead_names: list[int] = []  # capitalised non-role words before the head
    plain = 0  # lowercase words outside the vocabulary
    while j < limit:
        t = toks[j]
        low = t.low
        if head < 0 and low in STATUS_WORDS:
            status = _status(status, STATUS_WORDS[low])
            anchored = True
            if low in STATUS_WORDS_KEPT:
                words.append(j)
            j += 1
            continue
        if head < 0 and low.startswith("ex-") and len(low) > 3:
            status = "former"  # "ex-Tory education secretary"
            anchored = True
            j += 1
            continue
        if _is_noun(t):
            head = j
        elif _is_modifier(t):
            pass
        elif t.text.isdigit() and words and _is_modifier(toks[words[-1]]):
            pass  # "Section 151 officer"
        elif head < 0 and _is_name_word(t) and not plain and (not words or toks[words[-1]].cap):
            lead_names.append(j)
            anchored = True
        elif (head < 0 and low in _CONNECTORS and words and toks[words[-1]].cap and j + 1 < limit
              and toks[j + 1].cap and toks[j + 1].word):
            pass  # "Trade and Industry Secretary"
        elif (exact and head < 0 and anchored and plain < 3 and t.word and low.isalpha() and not t.cap
              and low not in ROLE_STOP_WORDS and low not in FUNCTION_WORDS):
            plain += 1
        else:
            break
        words.append(j)
        j += 1
    if head < 0:
        return
    words = [w for w in words if w <= head]
    # Leading capitalised words that are not role words name an organisation when the run has
    # an organisation word or an acronym, or the title after them is lowercase inside a sentence
    # ("said Unison regional organiser X", "Kent County Council leader", "BBC correspondent");
    # otherwise they are part of the title ("Trade and Industry Secretary", "Conservative group
    # leader").
    if words and toks[words[0]].cap and words[0] != head:
        run = 0
        while run < len(words) and (toks[words[run]].cap or toks[words[run]].low in _CONNECTORS) and words[run] != head:
            run += 1
        names = [x for x in words[:run] if x in lead_names]
        org_cut = max((n for n in range(1, run) if toks[words[n]].low in ORG_WORDS), default=-1)
        if org_cut < 0 and names and not all(toks[x].low in PARTY_WORDS for x in names):
            last_name = words.index(names[-1])
            acronym = all(toks[x].text.isupper() and len(toks[x].text) <= 6 for x in names)
            after = next(x for x in words[last_name + 1 :] if toks[x].low not in _CONNECTORS)
            # A capital that only opens a sentence says nothing ("Film director Ken Loach").
            mid = words[0] > 0 and toks[words[0] - 1].text not in _SENTENCE_OPENERS
            if acronym or (mid and not toks[after].cap):
                org_cut = last_name
        if org_cut >= 0 and words[org_cut] != head:
            org = _span_text(text, toks, words[0], words[org_cut] + 1)
            words = words[org_cut + 1 :]
    if not words:
        return
    qualified = any(x != head and toks[x].low not in STATUS_WORDS for x in words) or org is not None
    head_low = toks[head].bare
    weak = head_low in WEAK_ROLE_NOUNS
    title_end = head + 1
    options: list[tuple[int, int | None]] = [(title_end, None)]  # (end, complement end or None)
    for c_end in _complements(text, toks, title_end, limit):
        options.append((c_end, c_end))
    for end, comp_end in reversed(options):
        role_org = org
        title_words = list(words)
        if comp_end is not None:
            comp = [x for x in range(title_end + 1, comp_end) if toks[x].word and toks[x].low != "the"]
            comp_words = [toks[x].bare for x in comp]
            bare_weak = weak and not qualified
            if bare_weak and head_low in ("member", "members") and not (set(comp_words) & MEMBER_BODIES):
                continue  # "a member of the public"
            named = _descriptor_org(toks, comp) if toks[title_end].low == "of" else -1
            if named > 0 and not bare_weak:
                role_org = _span_text(text, toks, comp[named], comp_end)  # "of the charity Homes for X"
            elif (comp and toks[comp[0]].cap and comp_words[-1] in ORG_WORDS and not bare_weak
                    and not (len(comp) == 1 and comp_words[0] in TITLE_COMPLEMENTS)
                    and not _political_group(comp_words)):
                start_org = title_end + 1 + (1 if toks[title_end + 1].low == "the" else 0)
                role_org = _span_text(text, toks, start_org, comp_end)
            else:
                title_words += list(range(title_end, comp_end))
        elif weak and not qualified and not bare_ok:
            continue
        title = _join(text, toks, title_words)
        # An organisation after the phrase: "CEO at the Chartered Institute …", "… in Lewisham".
        if end < limit and toks[end].low in ("at", "in", "with"):
            o = end + 1
            if o < limit and toks[o].low == "the":
                o += 1
            o_end = _org_run(toks, o, limit)
            if o_end > o and toks[o].low not in TIME_WORDS:
                yield _Reading(title, role_org or _span_text(text, toks, o, o_end), status, o_end, head)
        # "leader of the Conservative group on the council": the body it sits on, named or not.
        if (
            end + 2 < limit
            and toks[end].low == "on"
            and toks[end + 1].low == "the"
            and toks[end + 2].bare in MEMBER_BODIES
        ):
            yield _Reading(title, role_org, status, end + 3, head)
        yield _Reading(title, role_org, status, end, head)


def _political_group(words: list[str]) -> bool:
    """'the Labour Group', 'the Liberal Democrat group': a party's group, part of a title."""
    return len(words) > 1 and words[-1] in PARTY_GROUP_WORDS and all(w in PARTY_WORDS for w in words[:-1])


def _join(text: str, toks: list[_Tok], idxs: list[int]) -> str:
    """The text of the given tokens, as written where they are contiguous."""
    pieces: list[str] = []
    run_start = prev = idxs[0]
    for x in [*idxs[1:], -1]:
        if x != prev + 1:
            pieces.append(_span_text(text, toks, run_start, prev + 1))
            run_start = x
        prev = x
    return " ".join(pieces)


def ends_at(k: int) -> Callable[[int], bool]:
    """A test that a reading ends exactly at token k."""
    return lambda e: e == k


def _first(readings: Iterator[_Reading], ok: Callable[[int], bool]) -> _Reading | None:
    for reading in readings:
        if ok(reading.end):
            return reading
    return None


def _read_before(text: str, toks: list[_Tok], head_last: bool = False) -> tuple[_Reading, int] | None:
    """The longest role phrase that ends exactly where `toks` ends, with its first token;
    head_last: only one whose role noun is the last token."""
    n = len(toks)
    for i in range(max(0, n - 18), n):
        t = toks[i]
        if not t.word:
            continue
        prev = toks[i - 1] if i > 0 else None
        if (
            prev is not None
            and prev.word
            and (
                prev.low in ROLE_DETERMINERS
                or prev.low in STATUS_WORDS
                or prev.possessive
                or _is_modifier(prev)
                or _is_noun(prev)
            )
        ):
            continue  # inside a phrase that starts further left
        reading = _first(_readings(text, toks, i, n, exact=True), lambda e: e == n)
        if reading is not None and (not head_last or reading.head == n - 1):
            return reading, i
    return None



def _with_status(reading: _Reading, cue: str | None) -> _Stated:
    return reading.title, reading.org, _status(reading.status, cue)



def _coordinated(text: str, toks: list[_Tok], a: int, limit: int, ok: Callable[[int], bool], *,
                 exact: bool = False, bare_ok: bool = False) -> list[_Reading]:
    """One role phrase from a that `ok` accepts, else two joined by "and" when both sides are
    role phrases ("Deputy Leader and Cabinet Member for Finance"); a complement with "and" in it
    ("Cabinet Member for Children and Families") is read whole first."""
    r = _first(_readings(text, toks, a, limit, exact=exact, bare_ok=bare_ok), ok)
    if r is not None:
        return [r]
    for q in range(a + 1, min(limit, a + 12)):
        t = toks[q]
        if t.text in _CLOSERS:
            break
        if t.low != "and":
            continue
        r1 = _first(_readings(text, toks, a, q, exact=exact, bare_ok=bare_ok), ends_at(q))
        if r1 is None:
            continue
        r2 = _first(_readings(text, toks, q + 1, limit, exact=exact, bare_ok=bare_ok), ok)
        if r2 is not None:
            return [r1, r2]
    return []

