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

from corpus_search.facts.roles.after import (
    _honour_post,
    _read_after,
)
from corpus_search.facts.roles.before import (
    _extend_post,
    _Found,
    _post_title,
    _read_before_mention,
    _signature,
)
from corpus_search.facts.roles.discourse import sentence_roles
from corpus_search.facts.roles.phrase import (
    _Stated,
)
from corpus_search.facts.roles.tokens import (
    _status,
    _tokens,
)
from corpus_search.facts.roles.when import effective_date
from corpus_search.facts.rules import (
    DISTINCT_ROLE_MODIFIERS,
    NO_ORG_FALLBACK,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    STATUS_WORDS,
)
from corpus_search.models import Document, Mention, Person, Role, Sentence
from corpus_search.names import fold
from corpus_search.nlp import Analysis, as_analysis

# ---- merging and the public function -----------------------------------------------------------
_CORE_DROP = frozenset({"the", "of", "for", "and", "a", "an", "at", "in", "&"}) | frozenset(STATUS_WORDS)


def _core(title: str) -> frozenset[str]:
    return frozenset(t.bare for t in _tokens(title) if t.word and t.bare not in _CORE_DROP)


def _same_role(a: _Found, b: _Found) -> bool:
    """Two readings of one post: the same core words (up to status and plain modifiers) and no
    two organisations. A former post beside a current or new one of the same title is another
    post when only one of them names its organisation ("appointed as Director of Housing …
    former director of housing at Ravensholt Borough Council")."""
    if (
        (a.status == "former") != (b.status == "former")
        and a.status
        and b.status
        and (a.org is None) != (b.org is None)
    ):
        return False
    ca, cb = _core(a.title), _core(b.title)
    if not ca or not cb or not (ca <= cb or cb <= ca):
        return False
    diff = ca ^ cb
    if diff & DISTINCT_ROLE_MODIFIERS or any(w in ROLE_NOUNS and w not in ROLE_MODIFIERS for w in diff):
        return False
    return not (a.org and b.org and fold(a.org) != fold(b.org))


def find_roles(
    doc: Analysis | object, people: list[Person], sentences: list[Sentence], document: Document
) -> list[Role]:
    """Roles of the people of one document, one per person and post, in order of first mention."""
    text = as_analysis(doc).text
    people_in: list[set[int]] = [set() for _ in sentences]
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
        s_start, s_end = (
            (sentences[k].start, sentences[k].end) if k >= 0 else (max(0, start - 200), min(len(text), end + 200))
        )
        prev_end = max([m[1] for m in mentions[max(0, idx - 3) : idx] if m[1] <= start] + [s_start])
        nxt = bisect.bisect_left(m_starts, end)
        next_start = min(mentions[nxt][0] if nxt < len(mentions) else s_end, s_end)
        line_start = text.rfind("\n", 0, start) + 1
        found: list[_Stated] = []
        post = _post_title(mention, text[line_start:start])
        if post:
            found.append((post[1] and _extend_post(text, prev_end, mention, post[1])) or (post[0], None, None))
        before_toks = _tokens(text[prev_end:start], prev_end)
        after_text = text[end:next_start]
        # Before a post title other than Councillor, the words before belong to that title's own
        # phrase ("a spokesman for … Commissioner Franco Frattini"), read by _extend_post.
        if not post or post[0] == "Councillor":
            found += _read_before_mention(text, before_toks, after_text, next_start >= s_end)
        found += _read_after(text, mention, next_start, s_end, before_toks)
        if (sig := _signature(text, mention)) is not None:
            found.append(sig)
        if (seat := _honour_post(text, mention)) is not None:
            found.append(seat)
        if k >= 0:
            people_in[k].add(who)
        for stated in found:
            _add(by_person[who], stated, k)
    for who, k, stated in sentence_roles(text, sentences, people_in):
        _add(by_person[who], stated, k)

    date_cache: dict[int, str | None] = {}

    def stated_date(k: int) -> str | None:
        if k not in date_cache:
            date_cache[k] = effective_date(sentences[k].text, document.date)
        return date_cache[k]

    roles: list[Role] = []
    for person, items in zip(people, by_person):
        own_org = _own_organisation(items, document)
        for item in items:
            sent = sentences[item.sentence] if item.sentence >= 0 else None
            roles.append(Role(
                person=person.name,
                role=item.title,
                organisation=item.org or (own_org if item.title.endswith("Councillor") else None)
                or _fallback_organisation(item.title, document),
                status=item.status,
                date=(stated_date(item.sentence) if sent else None) or document.date,
                evidence=sent.text if sent else "",
                start=sent.start if sent else 0,
                end=sent.end if sent else 0,
            ))
    return roles


def _display_title(title: str) -> str:
    """'CHAIR' → 'Chair', 'PARISH CLERK' → 'Parish Clerk': a heading's capitals are not the title."""
    letters = [c for c in title if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return " ".join(
            w if w.lower() in ("of", "for", "and", "the") else w.capitalize() for w in title.lower().split()
        )
    return title


def _add(items: list[_Found], stated: _Stated, k: int) -> None:
    """Add a role to a person's list, or merge it into the reading of the same post already there."""
    title, org, status = stated
    title = _display_title(title.strip(" ,;:–—-"))
    if not title or len(title) > 120:
        return
    new = _Found(title, org, status, k)
    for old in items:
        if _same_role(old, new):
            if len(_core(new.title)) > len(_core(old.title)):
                old.title = new.title
            old.org = old.org or new.org
            old.status = _status(old.status, new.status)
            return
    items.append(new)


def _own_organisation(items: list[_Found], document: Document) -> str | None:
    """The one organisation the text ties a person to in a current post, when it is not the
    document's own: a leader of another council quoted in this council's release is a councillor
    there, not here."""
    orgs = {fold(i.org): i.org for i in items if i.org and i.status != "former"}
    if len(orgs) != 1:
        return None
    org = next(iter(orgs.values()))
    if document.organisation and fold(document.organisation) == fold(org):
        return None
    return org


def _fallback_organisation(title: str, document: Document) -> str | None:
    """The document's organisation for a role the text gives none, unless the post is another body's
    or the document is a newspaper's (a president quoted by BBC News holds no post at BBC News)."""
    if document.doc_type == "news":
        return None
    if any(word.strip(".,'’").lower() in NO_ORG_FALLBACK for word in title.split()):
        return None
    return document.organisation
