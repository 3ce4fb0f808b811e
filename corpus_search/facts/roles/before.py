"""Shapes read before a mention or around its line: post titles, bare and comma roles, copulas, passives, signatures."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_search.facts.roles.after import (
    _APPOSITION_CLOSE,
    _COUNCILLOR_LIST,
    _NON_SPACE,
)
from corpus_search.facts.roles.phrase import (
    _org_run,
    _read_before,
    _readings,
    _span_text,
    _Stated,
    _with_status,
)
from corpus_search.facts.roles.tokens import (
    _CONNECTORS,
    _Tok,
    _tokens,
)
from corpus_search.facts.rules import (
    COUNCIL_TIERS,
    LIST_HEADER_POSTS,
    POST_TITLE_PREFIXES,
    POST_TITLES,
    ROLE_STOP_WORDS,
    ROLE_VERB_BODIES,
    ROLE_VERBS_PASSIVE,
)
from corpus_search.models import Mention
from corpus_search.names import fold


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
    if run == ["Councillor"]:
        words = line_prefix.split()
        if words and words[-1][:1].isupper() and fold(words[-1]) in COUNCIL_TIERS:
            return f"{words[-1].capitalize()} Councillor", 0  # "County Cllr Webb"
    if run:
        return " ".join(run), len(run)
    if _COUNCILLOR_LIST.search(line_prefix):
        return "Councillor", 0
    header = _LIST_HEADER_POST.match(line_prefix)
    if header and fold(header.group(1)) in LIST_HEADER_POSTS and not re.search(r"[.;!?]", line_prefix[header.end():]):
        return LIST_HEADER_POSTS[fold(header.group(1))], 0  # "Commissioners: Jane Okafor, Tom Ridley"
    return None


_LIST_HEADER_POST = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*:")


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


def _passive_role(text: str, toks: list[_Tok]) -> str | None:
    """'… the overview and scrutiny committee, which is chaired by' (toks end at 'by')."""
    n = len(toks)
    if n < 3 or toks[-1].low != "by" or toks[-2].low not in ROLE_VERBS_PASSIVE:
        return None
    role = ROLE_VERBS_PASSIVE[toks[-2].low]
    k = n - 3
    while k >= 0 and toks[k].low in (
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "will",
        "which",
        "that",
        ",",
    ):
        k -= 1
    if k < 0 or toks[k].bare not in ROLE_VERB_BODIES:
        return None
    end = k
    while (
        k > 0
        and k > end - 6
        and toks[k - 1].word
        and (toks[k - 1].low in _CONNECTORS or toks[k - 1].low not in ROLE_STOP_WORDS)
    ):
        k -= 1
    if toks[k].low in _CONNECTORS:
        return None
    if k > 0 and toks[k - 1].low != "the" and not toks[k].cap:
        return None  # "the" opens a body noun phrase; without it this is not one
    return f"{role} of the {text[toks[k].start : toks[end].end]}"



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
    elif toks[-1].text == "(" and after_text.lstrip().startswith(")"):
        sep, body = "(", toks[:-1]  # "The Leader (Councillor Smith) welcomed everyone"
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
    """A name alone on its line with its role on the next: 'Helen Ashworth-Brown\\nLeader, Westmoor County Council'
    (a blank line between, as a web page's contact card gives 'Viktor ALMQVIST', 'Press Officer')."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    if line_end < 0 or text[line_start : mention.start].strip() or text[mention.end : line_end].strip(" \t,"):
        return None
    if text.startswith("\n", line_end + 1):
        line_end += 1  # one blank line
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


