"""Roles: person → role title, organisation, status, evidence sentence and date.

There is no dependency parse in the pipeline, so roles are read from the words around each
person mention, inside its sentence, with the vocabulary in rules.py. A role phrase is

    [determiner] [possessor's] [status] [modifiers] ROLE NOUN [of|for COMPLEMENT] [at|in|with ORG]

("the council's interim chief executive", "Executive Director for Care Services, Education and
Health", "CEO at the Chartered Institute of Public Finance (CIPFA)"). The shapes read:

  post title       "Councillor Robert Evans", "Chief Constable Olivia Brennan QPM"
  minutes list     "Present: Councillors A. Barrett (Chair), K. Osei (Vice-Chair)"
  parenthesis      "Helen Marsh (Head of Planning)"
  after, comma     "Cllr Peter Fortune, Executive Member for Children and Families, said"
  before, comma    "Leader of the Council, Cllr Gareth Lloyd-Owen, said"
  before, dash     "a new Executive Director for Care Services, Education and Health – Ade Adetosoye"
  before, bare     "interim chief executive Ade Adetosoye", "Unison regional organiser Phil Grady"
  copula           "The appointed Commissioner is Ms Frankie Sulke CBE"
  predicate        "X has been appointed as Y", "X was previously Y", "X is leaving to become Y"
  relative clause  "X, who was until fairly recently Y", "X, who chairs the scrutiny committee"
  appointment      "named Neil Fairclough as interim Director", "welcome X to Westmoor as our new Y"
  passive          "the scrutiny committee, which is chaired by Cllr Daniel Okafor"
  where-clause     "X joins us from the UK Health Security Agency, where he was deputy director"
  signature        a name alone on its line, the role on the next ("Leader, Westmoor County Council")

Courtesy titles (Mr, Dr, Professor) never give a role. Every regex is compiled at import and the
work is confined to the sentence around each mention.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from corpus_search.facts.rules import (
    APPOINT_VERBS,
    APPOSITION_ENDS,
    DISTINCT_ROLE_MODIFIERS,
    FUNCTION_WORDS,
    MEMBER_BODIES,
    NO_ORG_FALLBACK,
    ORG_DESCRIPTORS,
    ORG_WORDS,
    PARTY_WORDS,
    POST_TITLE_PREFIXES,
    POST_TITLES,
    PREDICATE_CUES,
    ROLE_DETERMINERS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    ROLE_STOP_WORDS,
    ROLE_VERB_BODIES,
    ROLE_VERBS,
    ROLE_VERBS_PASSIVE,
    STATUS_WORDS,
    STATUS_WORDS_KEPT,
    TIME_WORDS,
    TITLE_COMPLEMENTS,
    WEAK_ROLE_NOUNS,
)
from corpus_search.models import Document, Mention, Person, Role, Sentence
from corpus_search.names import fold

# ---- tokens ----------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?(?:[’']s?)?|[^\w\s]")
_CONNECTORS = frozenset({"and", "&"})
_ORG_INNER = frozenset({"of", "for", "and", "&", "the", "on"})
_CLOSERS = frozenset({",", ".", ";", ":", ")", "–", "—", "-", "!", "?", '"', "“", "”", "‘", "’", "'", "…"})
_SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "“", "”", ":", "‘", "'"})
_STATUS_RANK = {"former": 4, "interim": 3, "appointed": 2, "current": 1, None: 0}
_POSSESSIVE_END = re.compile(r"[’']s?$")


@dataclass(slots=True)
class _Tok:
    text: str
    low: str  # folded, possessive kept
    start: int
    end: int

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def possessive(self) -> bool:
        return self.low.endswith("'s") or (self.low.endswith("'") and len(self.low) > 2)

    @property
    def bare(self) -> str:
        """The folded word without a possessive ending."""
        if self.low.endswith("'s"):
            return self.low[:-2]
        return self.low.rstrip("'")


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    return [_Tok(m.group(), fold(m.group()), m.start() + offset, m.end() + offset) for m in _TOKEN_RE.finditer(text)]


def _parts(low: str) -> list[str]:
    return [p for p in low.split("-") if p]


def _is_noun(tok: _Tok) -> bool:
    low = tok.bare
    if low in ROLE_NOUNS:
        return True
    parts = _parts(low)
    return len(parts) > 1 and parts[-1] in ROLE_NOUNS and all(p in ROLE_MODIFIERS or p in ROLE_NOUNS for p in parts)


def _is_modifier(tok: _Tok) -> bool:
    low = tok.low
    if low in ROLE_MODIFIERS:
        return True
    parts = _parts(low)
    return len(parts) > 1 and all(p in ROLE_MODIFIERS or p in ROLE_NOUNS for p in parts)


def _is_name_word(tok: _Tok) -> bool:
    """A capitalised word that may belong to an organisation or party before a role noun."""
    return (tok.cap and tok.word and not tok.possessive and tok.low not in ROLE_STOP_WORDS
            and tok.low not in FUNCTION_WORDS and tok.low not in TIME_WORDS
            and not any(ch.isdigit() for ch in tok.text))


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
    if last > j and last + 2 < limit and toks[last].text == "(" and toks[last + 2].text == ")" and toks[last + 1].text.isupper():
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
        if t.word and (t.cap or (t.low not in ROLE_STOP_WORDS and t.low.isalpha() or "'" in t.low)):
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
        if t.text == "," and k + 1 < limit and toks[k + 1].cap and toks[k + 1].word:
            if _comma_list_ahead(toks, k, limit):
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
        if t.cap and t.word:
            i += 1
        elif t.text == "," and i + 1 < limit and toks[i + 1].cap:
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
    if k < limit and toks[k].possessive and toks[k].word and (k == j or toks[k].cap):
        if toks[k].bare not in ROLE_NOUNS and toks[k].low not in ROLE_MODIFIERS:
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
                    and not (len(comp) == 1 and comp_words[0] in TITLE_COMPLEMENTS)):
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
        yield _Reading(title, role_org, status, end, head)


def _join(text: str, toks: list[_Tok], idxs: list[int]) -> str:
    """The text of the given tokens, as written where they are contiguous."""
    pieces: list[str] = []
    run_start = prev = idxs[0]
    for x in idxs[1:] + [-1]:
        if x != prev + 1:
            pieces.append(_span_text(text, toks, run_start, prev + 1))
            run_start = x
        prev = x
    return " ".join(pieces)


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
        if prev is not None and prev.word and (prev.low in ROLE_DETERMINERS or prev.low in STATUS_WORDS or prev.possessive
                                               or _is_modifier(prev) or _is_noun(prev)):
            continue  # inside a phrase that starts further left
        reading = _first(_readings(text, toks, i, n, exact=True), lambda e: e == n)
        if reading is not None and (not head_last or reading.head == n - 1):
            return reading, i
    return None


# ---- per-mention shapes ----------------------------------------------------------------------
@dataclass(slots=True)
class _Found:
    title: str
    org: str | None
    status: str | None
    sentence: int  # index into the sentence list, -1 when none


def _post_title(mention: Mention, line_prefix: str) -> tuple[str, int] | None:
    """'Councillor Robert Evans' → 'Councillor'; 'Chief Constable Olivia Brennan' → 'Chief Constable'.
    With the number of the mention's words it takes (0 for a name in a list of councillors)."""
    run: list[str] = []
    for word in mention.text.split():
        low = fold(word).rstrip(".")
        if low in ("councillors", "cllrs"):
            low = low[:-1]
        if low not in POST_TITLES:
            break
        run.append(POST_TITLES[low])
    if run and all(fold(w) in POST_TITLE_PREFIXES for w in run):
        run = []
    if run:
        return " ".join(run), len(run)
    if _COUNCILLOR_LIST.search(line_prefix):
        return "Councillor", 0
    return None


def _extend_post(text: str, before_start: int, mention: Mention, words: int) -> _Stated | None:
    """A post title that is the end of a longer role phrase: 'Deputy Prime Minister John Prescott',
    'Metropolitan Police Commissioner Sir John Stevens'."""
    run_end = mention.start
    for match in _NON_SPACE.finditer(mention.text):
        words -= 1
        if words == 0:
            run_end = mention.start + match.end()
            break
    toks = _tokens(text[before_start:run_end], before_start)
    res = _read_before(text, toks, head_last=True)
    if res is None or res[1] >= len(toks) - 1:
        return None
    return _with_status(res[0], None)


# "Present: Councillors A. Barrett (Chair), K. Osei …": every name in the list is a councillor.
_COUNCILLOR_LIST = re.compile(r"^[ \t]*(?:[A-Za-z ]{0,30}:[ \t]*)?(?:Councillors|COUNCILLORS|Cllrs\.?|CLLRS\.?)\b[^;:!?\n]{0,300}$")
_CUES = tuple((re.compile(pattern, re.I), status) for pattern, status in PREDICATE_CUES)
_NON_SPACE = re.compile(r"\S+")
_POSSESSOR_AFTER = re.compile(r"[’']s?\b")
# After "ROLE, NAME": the apposition closes ("Leader of the Council, Cllr X, said").
_APPOSITION_CLOSE = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:[,;:)–—.]|$|(?:said|says|added|told)\b)")
_WHERE = re.compile(r",?\s*where\s+(?:he|she|they)\s+", re.I)
_ORG_BEFORE_WHERE = re.compile(r"(?:the\s+)?((?:[A-Z][\w'’\-]*\s+(?:(?:of|for|and|&)\s+)?){0,6}[A-Z][\w'’\-]*)\s*,?\s*$")


def _status(*values: str | None) -> str | None:
    best: str | None = None
    for value in values:
        if _STATUS_RANK[value] > _STATUS_RANK[best]:
            best = value
    return best


def _with_status(reading: _Reading, cue: str | None) -> _Stated:
    return reading.title, reading.org, _status(reading.status, cue)


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
        if not t.word or t.low in ROLE_STOP_WORDS and t.low not in _CONNECTORS:
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


def _passive_role(text: str, toks: list[_Tok]) -> str | None:
    """'… the overview and scrutiny committee, which is chaired by' (toks end at 'by')."""
    n = len(toks)
    if n < 3 or toks[-1].low != "by" or toks[-2].low not in ROLE_VERBS_PASSIVE:
        return None
    role = ROLE_VERBS_PASSIVE[toks[-2].low]
    k = n - 3
    while k >= 0 and toks[k].low in ("is", "was", "are", "were", "be", "been", "has", "have", "will", "which", "that", ","):
        k -= 1
    if k < 0 or toks[k].bare not in ROLE_VERB_BODIES:
        return None
    end = k
    while k > 0 and k > end - 6 and toks[k - 1].word and (toks[k - 1].low in _CONNECTORS or toks[k - 1].low not in ROLE_STOP_WORDS):
        k -= 1
    if toks[k].low in _CONNECTORS:
        return None
    if k > 0 and toks[k - 1].low != "the" and not toks[k].cap:
        return None  # "the" opens a body noun phrase; without it this is not one
    return f"{role} of the {text[toks[k].start : toks[end].end]}"


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
    # ", chief executive of the Kingsmere Care Association," / ", the former chief executive …"
    if i < n and toks[i].text in (",", "–", "—", "-"):
        dash = toks[i].text != ","
        ok = closed if i + 1 < n and toks[i + 1].low in ROLE_DETERMINERS else boundary
        rs = _coordinated(text, toks, i + 1, n, ok)
        if rs:
            i = rs[-1].end
            line_org = _line_org(text, toks, i, mention) if dash else None
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
        r1 = _first(_readings(text, toks, a, q, exact=exact, bare_ok=bare_ok), lambda e, q=q: e == q)
        if r1 is None:
            continue
        r2 = _first(_readings(text, toks, q + 1, limit, exact=exact, bare_ok=bare_ok), ok)
        if r2 is not None:
            return [r1, r2]
    return []


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
                    for r in _coordinated(text, toks, a, k, lambda e, k=k: e == k, exact=True, bare_ok=True):
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
    if text[line_start : mention.start].strip():
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


def _read_before_mention(text: str, toks: list[_Tok], after_text: str, at_end: bool) -> list[_Stated]:
    """Roles stated before the mention: bare, after a comma or dash, or a copula."""
    found: list[_Stated] = []
    if not toks:
        return found
    sep = None
    body = toks
    if toks[-1].text in (",", "–", "—", "-", ":"):
        sep = toks[-1].text
        body = toks[:-1]
    elif toks[-1].low in ("is", "was") or (len(toks) > 1 and toks[-2].low == "will" and toks[-1].low == "be"):
        body = toks[:-1] if toks[-1].low != "be" else toks[:-2]
        res = _read_before(text, body)
        if res is not None and (res[1] == 0 or body[res[1]].low in ("the", "our", "its", "their")):
            found.append(_with_status(res[0], None))  # "The appointed Commissioner is X"
        return found
    if not body:
        return found
    passive = _passive_role(text, body)
    if passive is not None and sep is None:
        found.append((passive, None, "current"))
        return found
    res = _read_before(text, body)
    if res is None:
        return found
    reading, i = res
    if sep == ",":
        # "Leader of the Council, Cllr X, said": the apposition must close after the name.
        closing = _APPOSITION_CLOSE.match(after_text)
        if not closing or (not after_text.strip() and not at_end):
            return found
    elif sep == ":":
        line_start = text.rfind("\n", 0, toks[i].start) + 1
        if text[line_start : toks[i].start].strip():
            return found  # "Chair: Cllr X" only as a line of its own
    found.append(_with_status(reading, None))
    return found


def _signature(text: str, mention: Mention) -> _Stated | None:
    """A name alone on its line with its role on the next: 'Helen Ashworth-Brown\\nLeader, Westmoor County Council'."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    if line_end < 0 or text[line_start : mention.start].strip() or text[mention.end : line_end].strip(" \t,"):
        return None
    next_end = text.find("\n", line_end + 1)
    line = text[line_end + 1 : next_end if next_end >= 0 else len(text)]
    if not line.strip() or len(line) > 100:
        return None
    toks = _tokens(line, line_end + 1)
    n = len(toks)
    for reading in _readings(text, toks, 0, n, bare_ok=True):
        if reading.end == n:
            return _with_status(reading, None)
        if toks[reading.end].text == ",":
            o = reading.end + 1
            if o < n and toks[o].low == "the":
                o += 1
            o_end = _org_run(toks, o, n)
            if o_end == n and o < n:
                return reading.title, reading.org or _span_text(text, toks, o, n), reading.status
    return None


# ---- merging and the public function -----------------------------------------------------------
_CORE_DROP = frozenset({"the", "of", "for", "and", "a", "an", "at", "in", "&"}) | frozenset(STATUS_WORDS)


def _core(title: str) -> frozenset[str]:
    return frozenset(t.bare for t in _tokens(title) if t.word and t.bare not in _CORE_DROP)


def _same_role(a: _Found, b: _Found) -> bool:
    """Two readings of one post: the same core words (up to status and plain modifiers) and no
    two organisations. A former post beside a current or new one of the same title is another
    post when only one of them names its organisation ("appointed as Director of Housing …
    former director of housing at Ravensholt Borough Council")."""
    if (a.status == "former") != (b.status == "former") and a.status and b.status and (a.org is None) != (b.org is None):
        return False
    ca, cb = _core(a.title), _core(b.title)
    if not ca or not cb or not (ca <= cb or cb <= ca):
        return False
    diff = ca ^ cb
    if diff & DISTINCT_ROLE_MODIFIERS or any(w in ROLE_NOUNS and w not in ROLE_MODIFIERS for w in diff):
        return False
    return not (a.org and b.org and fold(a.org) != fold(b.org))


def find_roles(sdoc, people: list[Person], sentences: list[Sentence], document: Document) -> list[Role]:  # type: ignore[no-untyped-def]
    """Roles of the people of one document, one per person and post, in order of first mention."""
    from corpus_search.facts.dates import find_dates

    text = sdoc.text
    sent_starts = [s.start for s in sentences]
    mentions = sorted((m.start, m.end, i) for i, p in enumerate(people) for m in p.mentions)
    m_starts = [m[0] for m in mentions]
    by_person: list[list[_Found]] = [[] for _ in people]

    def sentence_of(pos: int) -> int:
        k = bisect.bisect_right(sent_starts, pos) - 1
        return k if k >= 0 and pos < sentences[k].end else -1

    for idx, (start, end, who) in enumerate(mentions):
        mention = Mention(text[start:end], start, end)
        k = sentence_of(start)
        s_start, s_end = (sentences[k].start, sentences[k].end) if k >= 0 else (max(0, start - 200), min(len(text), end + 200))
        prev_end = max([m[1] for m in mentions[max(0, idx - 3) : idx] if m[1] <= start] + [s_start])
        nxt = bisect.bisect_left(m_starts, end)
        next_start = min(mentions[nxt][0] if nxt < len(mentions) else s_end, s_end)
        line_start = text.rfind("\n", 0, start) + 1
        found: list[_Stated] = []
        post = _post_title(mention, text[line_start:start])
        if post:
            found.append(post[1] and _extend_post(text, prev_end, mention, post[1]) or (post[0], None, None))
        before_toks = _tokens(text[prev_end:start], prev_end)
        after_text = text[end:next_start]
        # Before a post title other than Councillor, the words before belong to that title's own
        # phrase ("a spokesman for … Commissioner Franco Frattini"), read by _extend_post.
        if not post or post[0] == "Councillor":
            found += _read_before_mention(text, before_toks, after_text, next_start >= s_end)
        found += _read_after(text, mention, next_start, s_end, before_toks)
        if (sig := _signature(text, mention)) is not None:
            found.append(sig)
        for title, org, status in found:
            title = title.strip(" ,;:–—-")
            if not title or len(title) > 120:
                continue
            new = _Found(title, org, status, k)
            for old in by_person[who]:
                if _same_role(old, new):
                    if len(_core(new.title)) > len(_core(old.title)):
                        old.title = new.title
                    old.org = old.org or new.org
                    old.status = _status(old.status, new.status)
                    break
            else:
                by_person[who].append(new)

    date_cache: dict[int, str | None] = {}

    def stated_date(k: int) -> str | None:
        if k not in date_cache:
            found = [d for d in find_dates(sentences[k].text, document.date) if d.value and len(d.value) >= 7]
            date_cache[k] = found[0].value if found else None
        return date_cache[k]

    roles: list[Role] = []
    for person, items in zip(people, by_person):
        for item in items:
            sent = sentences[item.sentence] if item.sentence >= 0 else None
            roles.append(Role(
                person=person.name,
                role=item.title,
                organisation=item.org or _fallback_organisation(item.title, document),
                status=item.status,
                date=(stated_date(item.sentence) if sent else None) or document.date,
                evidence=sent.text if sent else "",
                start=sent.start if sent else 0,
                end=sent.end if sent else 0,
            ))
    return roles


def _fallback_organisation(title: str, document: Document) -> str | None:
    """The document's organisation for a role the text gives none, unless the post is another body's."""
    if any(word.strip(".,'’").lower() in NO_ORG_FALLBACK for word in title.split()):
        return None
    return document.organisation
