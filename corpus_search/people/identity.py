"""Identity across documents: one canonical person per human, as pure functions.

Input: every document's people (`Appearance`: the name the document gives, its aliases, honours,
the organisations and roles it ties the person to, and the people named with them). Output: one
`Identity` per human, with the canonical name and the appearances it covers.

How two appearances become one person, in four steps, each independent of input order:

1. The same full name ("Roger Smith" twice) is one person, unless the evidence conflicts: a
   courtesy title or a one-sex forename of the other sex ("Mr" and "Mrs", data/forenames.json),
   or organisations on both sides that never meet and no one they both appear with (two John
   Smiths at two councils).
2. Two full names of one surname whose forenames are a short form and its full form ("Ben" and
   "Benjamin", data/nicknames.json) or a spelling variant ("Stephen" and "Stephan") are one
   person when they share an organisation or someone they appear with, and nothing conflicts.
3. A partial name, initials ("Mr R J Smith") or a surname alone ("Cllr Smith"), is decided one
   appearance at a time.
   a. Beside a full name of its surname in its own document, holding the same post there
      ("Cllr Smith (Leader)" and "the Leader, Councillor Roger Smith"), it is that person.
   b. Otherwise it joins the one full-name person of that surname, with forenames it fits and
      no conflicting sex, whom the corpus ties to a body the partial name's document ties it to.
      *Tied to a body* (`Appearance.ties`) means: a role at that body (a role's organisation,
      which for a title such as Councillor is the issuing body of its document), or being named
      in the body's own paper (minutes, a report, a press release, a letter: its issuing body;
      a newspaper's article ties no one to the newspaper). A surname alone must hold a post
      there (`posts_at`): being named in a council's minutes is not enough ("Mrs Smith, a
      neighbour, spoke"); initials may use the issuing body. A partial name of the surname
      still apart from a candidate in the candidate's own document (that document told them
      apart) is another candidate. With several candidates, the one who also shares a post
      (beyond councillor, member, cabinet …) or two colleagues with it; else none.
   Except as in (a), a partial name is never given to a person its own document names apart, and
   when partial names of both sexes in one document would go to one person ("Mr Carter" and
   "Mrs Carter"), none does.
4. Partial names left over are grouped by name as in step 1 and join the one full-name person
   they fit who shares an organisation and either a post or two colleagues; else they stay a
   person of their own (`who Smith` then lists every Smith: queries.resolve_person).

The canonical name is the fullest form (a full forename before initials, more words, more
letters), ties broken alphabetically. Nothing here reads files other than the nickname and
forename lists.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from corpus_search.names import fold as _fold_uncached
from corpus_search.names import name_key as _name_key_small_cache

# Names and organisations repeat across a corpus: fold and key each string once per process.
# names.name_key keeps a small cache (sized for the NLP workers); identity, which sees the whole
# corpus's names at once, keeps its own larger one over the same function.
fold = lru_cache(maxsize=1 << 16)(_fold_uncached)
name_key = lru_cache(maxsize=1 << 16)(_name_key_small_cache.__wrapped__)

_DATA = Path(__file__).with_name("data") / "nicknames.json"
_FORENAMES = Path(__file__).with_name("data") / "forenames.json"
_MALE = frozenset({"mr", "sir", "lord", "baron"})
_FEMALE = frozenset({"mrs", "ms", "miss", "dame", "lady", "baroness"})
# Words of a role that every member of a council shares: no evidence that two names are one person.
_WEAK_ROLE_WORDS = frozenset(
    [
        "councillor",
        "cllr",
        "county",
        "district",
        "parish",
        "town",
        "city",
        "borough",
        "community",
        "member",
        "members",
        "of",
        "for",
        "the",
        "and",
        "mr",
        "mrs",
    ]
)


@dataclass(frozen=True)
class Appearance:
    """One person as one document names them."""

    doc_id: str
    name: str
    aliases: tuple[str, ...] = ()
    honours: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # names of the other people in the document
    # Organisations the document ties the person to: their roles' organisations and, in a body's
    # own document (not a newspaper's), its issuing body. What step 3 matches surnames on.
    ties: tuple[str, ...] = ()
    posts_at: tuple[str, ...] = ()  # the organisations of their roles alone


@dataclass(frozen=True)
class Identity:
    """One human across the corpus."""

    person_id: str  # the canonical name's key, with "#2", "#3" … for others of the same name
    name: str
    appearances: tuple[tuple[str, str], ...]  # (doc_id, name as the document gives it), sorted


@dataclass
class _Group:
    key: str
    members: list[Appearance] = field(default_factory=list)

    @cached_property
    def orgs(self) -> set[str]:
        return {fold(o) for a in self.members for o in a.organisations if o}

    @cached_property
    def related(self) -> set[str]:
        return {name_key(r) for a in self.members for r in a.related if name_key(r)} - {self.key}

    @cached_property
    def role_words(self) -> set[str]:
        return {w for a in self.members for r in a.roles for w in fold(r).replace(",", " ").split()
                if w not in _WEAK_ROLE_WORDS}

    @cached_property
    def posts(self) -> set[str]:
        return _post_words(r for a in self.members for r in a.roles)

    @cached_property
    def ties(self) -> set[str]:
        return {fold(o) for a in self.members for o in a.ties if o}

    @cached_property
    def docs(self) -> set[str]:
        return {a.doc_id for a in self.members}

    @cached_property
    def genders(self) -> set[str]:
        return {g for a in self.members if (g := gender(a)) is not None}


@lru_cache(maxsize=1)
def nicknames() -> dict[str, frozenset[str]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))["value"]
    return {short: frozenset(full) for short, full in data.items()}


@lru_cache(maxsize=1)
def forename_sexes() -> dict[str, str]:
    data = json.loads(_FORENAMES.read_text(encoding="utf-8"))["value"]
    return {name: sex for sex, names in sorted(data.items()) for name in names}


def gender(appearance: Appearance) -> str | None:
    """'m' or 'f' when a courtesy title in the aliases says so, else when the forename does
    (data/forenames.json: only names nearly always of one sex), else None."""
    found: set[str] = set()
    for alias in appearance.aliases:
        for word in fold(alias).replace(".", " ").split()[:3]:
            if word in _MALE:
                found.add("m")
            elif word in _FEMALE:
                found.add("f")
    if not found:
        words = name_key(appearance.name).split()
        if len(words) > 1 and (sex := forename_sexes().get(words[0])):
            found.add(sex)
    return found.pop() if len(found) == 1 else None


def _forms(forename: str) -> frozenset[str]:
    table = nicknames()
    return frozenset({forename} | table.get(forename, frozenset()))


def _edit_distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def forenames_match(a: str, b: str) -> str | None:
    """How two forenames can be one person's: 'same', 'initial', 'nickname', 'spelling', or None."""
    if a == b:
        return "same"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    if _forms(a) & _forms(b):
        return "nickname"
    if min(len(a), len(b)) >= 5 and _edit_distance_one(a, b):
        return "spelling"
    return None


def _partial(key: str) -> bool:
    """A surname alone or initials and a surname: not enough to name one human alone."""
    words = key.split()
    return len(words) < 2 or all(len(w) == 1 for w in words[:-1])


def _fits(partial: str, full: str) -> bool:
    """Initials (or nothing) that fit a full name of the same surname: 'r j smith' ~ 'roger james smith'."""
    pw, fw = partial.split(), full.split()
    if pw[-1] != fw[-1]:
        return False
    # Only the forenames both give are compared: "R J Smith" fits "Roger Smith".
    return all(i == f[0] for i, f in zip(pw[:-1], fw[:-1]))


def _conflict(a: _Group, b: _Group) -> bool:
    if a.genders and b.genders and a.genders != b.genders:
        return True
    if a.docs & b.docs:
        return True  # one document already told them apart ("Cllr Evans" and "Martyn Evans")
    # Posts at organisations that never meet, and no one they both appear with: two people.
    oa, ob = a.orgs, b.orgs
    return bool(oa and ob and not (oa & ob) and not (a.related & b.related) and a.role_words and b.role_words)


def _evidence(a: _Group, b: _Group) -> bool:
    """Enough to join two full names whose forenames are variants: a shared organisation or colleague."""
    return bool(a.orgs & b.orgs) or bool(a.related & b.related)


def _strong_evidence(a: _Group, b: _Group) -> bool:
    """Enough to give a partial name a full one: a shared organisation and either a shared post
    (beyond being a councillor) or two people they both appear with."""
    return bool(a.orgs & b.orgs) and (bool(a.role_words & b.role_words) or len(a.related & b.related) >= 2)


# Words of posts that many people at one body share: no evidence which of two Smiths a post names.
_SHARED_POST_WORDS = _WEAK_ROLE_WORDS | frozenset({"council", "committee", "cabinet", "board", "panel", "group"})


def _post_words(roles: Iterable[str]) -> set[str]:
    return {w for r in roles for w in fold(r).replace(",", " ").split() if w not in _SHARED_POST_WORDS}


def _own_ties(app: Appearance) -> set[str]:
    """The bodies a partial name's document ties it to: for a surname alone, only where it holds a post."""
    return {fold(t) for t in (app.ties if len(name_key(app.name).split()) > 1 else app.posts_at) if t}


def _tied_person(
    app: Appearance, candidates: list[tuple[int, _Group, list[str]]], rivals_of: Callable[[int], list[Appearance]]
) -> int | None:
    """Step 3 for one partial appearance: the root of the one full-name person it names, or None.
    `rivals_of(root)` are the partial names of the surname in that person's own documents, still
    apart from them there: other people of that surname at the same body."""
    key = name_key(app.name)
    # A surname alone must hold a post there ("Cllr Smith", "Smith (Leader)"): being named in a
    # council's minutes ("Mrs Smith, a neighbour, spoke") is no tie to its councillors.
    ties = _own_ties(app)
    if not ties:
        return None
    sex = gender(app)

    def compatible(group: _Group) -> bool:
        return not (sex and group.genders and group.genders != {sex})

    tied: list[tuple[int | None, _Group]] = [
        (root, merged)
        for root, merged, keys in candidates
        if merged.ties & ties and any(_fits(key, k) for k in keys) and app.doc_id not in merged.docs
        and compatible(merged)
    ]
    rivals = {other for root, _ in tied if root is not None for other in rivals_of(root) if other != app}
    for other in sorted(rivals, key=lambda a: (a.doc_id, a.name, a.aliases)):
        rival = _Group(name_key(other.name), [other])
        if rival.ties & ties and compatible(rival) and (_fits(key, rival.key) or _fits(rival.key, key)):
            tied.append((None, rival))
    if len(tied) == 1:
        return tied[0][0]
    posts = _post_words(app.roles)
    colleagues = {name_key(r) for r in app.related if name_key(r)}
    narrowed = [root for root, merged in tied
                if posts & merged.posts
                or len(colleagues & merged.related) >= 2]
    return narrowed[0] if len(narrowed) == 1 else None


def _fullness(name: str) -> tuple[int, int, int, int]:
    words = name_key(name).split()
    letters = [c for c in name if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters)
    return (1 if len(words) > 1 and len(words[0]) > 1 else 0, len(words), len(name_key(name)), 0 if shouting else 1)


def _canonical(names: Iterable[str]) -> str:
    ranked = sorted(set(names), key=lambda n: (tuple(-x for x in _fullness(n)), n))
    return ranked[0]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _same_name_groups(key: str, members: list[Appearance]) -> list[_Group]:
    """Step 1: appearances of one name, split where the evidence conflicts."""
    members = sorted(members, key=lambda a: (a.doc_id, a.name))
    # Appearances with the same sex and organisations never conflict: one bucket each, so the
    # pairwise test below runs over buckets, not over every appearance of a common name.
    buckets: dict[tuple[str, tuple[str, ...]], list[Appearance]] = {}
    for m in members:
        buckets.setdefault((gender(m) or "", tuple(sorted({fold(o) for o in m.organisations}))), []).append(m)
    singles = [_Group(key, buckets[b]) for b in sorted(buckets)]
    union = _Union(len(singles))
    for i in range(len(singles)):
        for j in range(i + 1, len(singles)):
            if not _conflict(singles[i], singles[j]):
                union.join(i, j)
    groups: dict[int, _Group] = {}
    for i, single in enumerate(singles):
        groups.setdefault(union.find(i), _Group(key)).members.extend(single.members)
    # A component may still hold a pair that conflicts only through a third member; the pairwise
    # test above joined them through it, which is what one shared colleague is evidence of.
    return [groups[r] for r in sorted(groups)]


def resolve(appearances: Iterable[Appearance]) -> list[Identity]:
    """One Identity per human, sorted by person_id; the same for any order of the input."""
    by_key: dict[str, list[Appearance]] = {}
    for app in appearances:
        key = name_key(app.name)
        if key:
            by_key.setdefault(key, []).append(app)
    groups = [g for key in sorted(by_key) if not _partial(key) for g in _same_name_groups(key, by_key[key])]
    union = _Union(len(groups))
    # Step 2: full names of one surname with forenames that are variants of each other.
    by_surname: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_surname.setdefault(g.key.split()[-1], []).append(i)
    for idxs in by_surname.values():
        for x, i in enumerate(idxs):
            for j in idxs[x + 1 :]:
                a, b = groups[i], groups[j]
                kind = forenames_match(a.key.split()[0], b.key.split()[0])
                if kind in ("nickname", "spelling") and _evidence(a, b) and not _conflict(a, b):
                    union.join(i, j)
    components: dict[int, list[int]] = {}
    for i in range(len(groups)):
        components.setdefault(union.find(i), []).append(i)
    by_surname_roots: dict[str, list[int]] = {}
    for root, idxs in sorted(components.items()):
        for word in sorted({groups[i].key.split()[-1] for i in idxs}):
            by_surname_roots.setdefault(word, []).append(root)
    merged_groups = {root: _Group(groups[root].key, [m for i in idxs for m in groups[i].members])
                     for root, idxs in components.items()}
    # Step 3: each partial appearance to the one full-name person tied to its organisation.
    partial_apps = sorted((a for key in by_key if _partial(key) for a in by_key[key]),
                          key=lambda a: (a.doc_id, a.name, a.aliases))
    # 3a: a partial name beside a full name of its surname in its own document, holding the same
    # post ("Present: Cllr Smith (Leader)" … "the Leader, Councillor Roger Smith"), is that person.
    full_in_doc: dict[tuple[str, str], list[tuple[int, Appearance]]] = {}
    for i, g in enumerate(groups):
        for m in g.members:
            full_in_doc.setdefault((m.doc_id, g.key.split()[-1]), []).append((union.find(i), m))
    chosen: dict[Appearance, int] = {}
    for app in partial_apps:
        key = name_key(app.name)
        posts, sex = _post_words(app.roles), gender(app)
        same = {root for root, full in full_in_doc.get((app.doc_id, key.split()[-1]), [])
                if _fits(key, name_key(full.name)) and posts & _post_words(full.roles)
                and not (sex and gender(full) and gender(full) != sex)}
        if len(same) == 1:
            chosen[app] = same.pop()
    # 3b: the others across documents; a partial name still apart from a full name in the full
    # name's own document is a rival of that surname there.
    partials_in_doc: dict[tuple[str, str], list[Appearance]] = {}
    for app in partial_apps:
        if app not in chosen:
            partials_in_doc.setdefault((name_key(app.name).split()[-1], app.doc_id), []).append(app)
    roots_by_tie: dict[tuple[str, str], list[int]] = {}
    for surname, roots in by_surname_roots.items():
        for root in roots:
            for tie in sorted(merged_groups[root].ties):
                roots_by_tie.setdefault((surname, tie), []).append(root)
    rivals_cache: dict[tuple[str, int], list[Appearance]] = {}
    for app in partial_apps:
        if app in chosen:
            continue
        surname = name_key(app.name).split()[-1]
        roots = sorted({r for tie in _own_ties(app) for r in roots_by_tie.get((surname, tie), [])})
        candidates = [(root, merged_groups[root], [groups[i].key for i in components[root]]) for root in roots]

        def rivals_of(root: int, surname: str = surname) -> list[Appearance]:
            if (surname, root) not in rivals_cache:
                rivals_cache[(surname, root)] = [
                    a for d in sorted(merged_groups[root].docs) for a in partials_in_doc.get((surname, d), [])
                ]
            return rivals_cache[(surname, root)]

        to = _tied_person(app, candidates, rivals_of)
        if to is not None:
            chosen[app] = to
    # Partial names of one document that would go to one person must not be of two sexes.
    claims: dict[tuple[str, int], set[str]] = {}
    for app, root in chosen.items():
        claims.setdefault((app.doc_id, root), set()).add(gender(app) or "")
    attached: dict[int, list[Appearance]] = {}
    left: dict[str, list[Appearance]] = {}
    for app in partial_apps:
        to = chosen.get(app)
        if to is not None and len(claims[(app.doc_id, to)] - {""}) <= 1:
            attached.setdefault(to, []).append(app)
        else:
            left.setdefault(name_key(app.name), []).append(app)
    for to, added in attached.items():
        groups[to].members.extend(added)
    # Step 4: the partial names left join the one full-name person they fit, with evidence.
    partial = []
    for key in sorted(left):
        for g in _same_name_groups(key, left[key]):
            partial.append(len(groups))
            groups.append(g)
    union.parent.extend(range(len(union.parent), len(groups)))
    for p in partial:
        pg = groups[p]
        fits: list[int] = []
        for root in by_surname_roots.get(pg.key.split()[-1], []):
            idxs = components[root]
            merged = merged_groups[root]
            if (
                any(_fits(pg.key, groups[i].key) for i in idxs)
                and _strong_evidence(pg, merged)
                and not _conflict(pg, merged)
            ):
                fits.append(root)
        if len(fits) == 1:
            union.join(p, fits[0])
    # Collect, name, number.
    people: dict[int, list[Appearance]] = {}
    for i, g in enumerate(groups):
        people.setdefault(union.find(i), []).extend(g.members)
    out: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    keys = [name_key(_canonical(m.name for m in members)) for members in people.values()]
    key_counts = Counter(keys)
    for key, members in zip(keys, people.values()):
        name = _canonical(m.name for m in members)
        if key_counts[key] > 1 and _partial(key):
            name = _with_courtesy(name, members)  # "Mrs Carter" and "Mr Carter"
        out.append((name, tuple(sorted({(m.doc_id, m.name) for m in members}))))
    out.sort(key=lambda x: (name_key(x[0]), x[1]))
    seen: dict[str, int] = {}
    identities = []
    for name, apps in out:
        key = name_key(name)
        seen[key] = seen.get(key, 0) + 1
        pid = key if seen[key] == 1 else f"{key}#{seen[key]}"
        identities.append(Identity(pid, name, apps))
    return identities


def _with_courtesy(name: str, members: list[Appearance]) -> str:
    titles = sorted({w for a in members for alias in a.aliases for w in alias.replace(".", "").split()[:3]
                     if fold(w) in _MALE | _FEMALE})
    if not titles or fold(name.split()[0]) in _MALE | _FEMALE:
        return name
    return f"{titles[0]} {name}"


def canonical_names(appearances: Iterable[Appearance]) -> dict[tuple[str, str], str]:
    """(doc_id, name as the document gives it) → the canonical name of that person."""
    return {app: ident.name for ident in resolve(appearances) for app in ident.appearances}


_PEERS = frozenset({"lord", "lady", "baroness", "baron", "viscount", "earl", "countess"})


def document_name(aliases: Iterable[str], fallback: str, keep_courtesy: bool = False) -> str:
    """The name a document gives a person, read back from its mentions: the fullest mention
    without titles and honours ("Mr R J Smith" → "R J Smith"); a peer keeps her title, and with
    keep_courtesy a surname alone keeps its Mr or Mrs (two Carters in one document)."""
    from corpus_search.facts.rules import TITLE_WORDS

    best: tuple[tuple[int, ...], str] | None = None
    for alias in aliases:
        words = alias.replace(",", " ").split()
        peer = next(
            (w for w in words[:3] if fold(w) in _PEERS or (keep_courtesy and fold(w).rstrip(".") in _MALE | _FEMALE)),
            None,
        )
        while len(words) > 1 and fold(words[0]).rstrip(".") in TITLE_WORDS:
            words = words[1:]  # "Police Commissioner Andrew Colvin" → "Andrew Colvin"
        key_words = name_key(" ".join(words)).split()
        if not key_words:
            continue
        # Keep the words as written that the key keeps: honours are dropped.
        kept = [w for w in words if name_key(w) and name_key(w) in key_words]
        kept = kept[len(kept) - len(key_words):] if len(kept) >= len(key_words) else kept
        shown = " ".join(w[:-2] if w.endswith(("'s", "’s")) else w for w in kept)
        if peer and len(key_words) == 1:
            shown = f"{peer} {shown}"
        if not shown:
            continue
        caps = sum(1 for w in shown.split() if len(w) > 1 and w.isupper())
        rank = (*(-x for x in _fullness(shown)), caps)
        if best is None or (rank, shown) < best:
            best = (rank, shown)
    return best[1] if best else fallback
