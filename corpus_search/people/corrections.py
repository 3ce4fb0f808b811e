"""People corrections: a user's merges, splits, renames and rejections, kept in a plain JSON file
in the index home (`people-corrections.json`) that a newsroom can version and share, and applied
over the identity results after every ingest (and `--rebuild`, which keeps the file).

The file:

    {"version": 1, "corrections": [
      {"id": "c1", "action": "merge", "names": ["Roger Smith", "R J Smith"], "when": "…", "who": "ana"},
      {"id": "c2", "action": "split", "name": "John Smith", "doc_id": "kent/2019.pdf", …},
      {"id": "c3", "action": "rename", "name": "Bob Smith", "new": "Robert Smith", …},
      {"id": "c4", "action": "rename", "name": "John Smith", "doc_id": "dale/7.pdf", "new": "John Smith (Eastdale)", …},
      {"id": "c5", "action": "reject", "name": "Xmas Bingo", …},
      {"id": "c6", "action": "undo", "target": "c3", …}]}

`apply` is pure: identities and corrections in, identities out, in the order the corrections were
made (an undone correction, and the undo itself, count for nothing). Names are matched as
`names.name_key` matches them ("Cllr Roger Smith" names Roger Smith).
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_search.errors import CorpusSearchError
from corpus_search.names import name_key
from corpus_search.people.identity import Identity

FILE_NAME = "people-corrections.json"
ACTIONS = ("merge", "split", "rename", "reject", "undo")


class CorrectionError(CorpusSearchError):
    """A correction that cannot be recorded: unknown action, missing name, unknown id."""

    exit_code = 2


@dataclass(frozen=True)
class Correction:
    id: str
    action: str
    names: tuple[str, ...] = ()  # merge: every name to make one person; others: the one name
    doc_id: str | None = None  # split
    new: str | None = None  # rename
    target: str | None = None  # undo
    when: str = ""
    who: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "action": self.action}
        if self.action == "merge":
            out["names"] = list(self.names)
        elif self.action != "undo":
            out["name"] = self.names[0]
        if self.doc_id is not None:
            out["doc_id"] = self.doc_id
        if self.new is not None:
            out["new"] = self.new
        if self.target is not None:
            out["target"] = self.target
        out["when"], out["who"] = self.when, self.who
        return out | self.extra

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Correction:
        action = str(data.get("action", ""))
        if action not in ACTIONS:
            raise CorrectionError(f"unknown people correction {action!r} in {FILE_NAME}: use {', '.join(ACTIONS)}")
        names = tuple(data.get("names") or ([data["name"]] if data.get("name") else []))
        known = {"id", "action", "names", "name", "doc_id", "new", "target", "when", "who"}
        return cls(
            str(data.get("id", "")),
            action,
            names,
            data.get("doc_id"),
            data.get("new"),
            data.get("target"),
            str(data.get("when", "")),
            str(data.get("who", "")),
            {k: v for k, v in data.items() if k not in known},
        )


# ---- the file ------------------------------------------------------------------------------
def path_in(index_dir: Path) -> Path:
    return index_dir / FILE_NAME


def load(path: Path) -> list[Correction]:
    """The corrections in a file, oldest first; none when the file does not exist."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorrectionError(f"cannot read {path}: {exc}; fix or remove the file") from exc
    entries = data.get("corrections", []) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(c, dict) for c in entries):
        raise CorrectionError(f"{path} is not a people-corrections file (an object whose \"corrections\" is a "
                              "list of objects); fix or remove the file")
    return [Correction.from_json(c) for c in entries]


def save(path: Path, corrections: Iterable[Correction]) -> None:
    data = {"version": 1, "corrections": [c.to_json() for c in corrections]}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def record(path: Path, action: str, *, names: Iterable[str] = (), doc_id: str | None = None,
           new: str | None = None, target: str | None = None) -> Correction:
    """Append a correction to the file, stamped with the time and the user (USER); returns it."""
    existing = load(path)
    names = tuple(n for n in names if n.strip())
    if action not in ACTIONS:
        raise CorrectionError(f"unknown people correction {action!r}: use {', '.join(ACTIONS)}")
    if action == "merge" and len(names) < 2:
        raise CorrectionError("people merge needs two names or more")
    if action in ("split", "rename", "reject") and len(names) != 1:
        raise CorrectionError(f"people {action} needs one name")
    if action == "split" and not doc_id:
        raise CorrectionError("people split needs --doc DOC_ID")
    if action == "rename" and not (new and new.strip()):
        raise CorrectionError("people rename needs a new name")
    if action == "undo" and target not in {c.id for c in existing}:
        raise CorrectionError(
            f"no people correction with id {target!r}: `corpus-search people list --corrections` shows them"
        )
    number = 1 + max((int(c.id[1:]) for c in existing if c.id[1:].isdigit()), default=0)
    correction = Correction(f"c{number}", action, names, doc_id, new, target,
                            time.strftime("%Y-%m-%dT%H:%M:%S%z"), os.environ.get("USER", ""))
    save(path, [*existing, correction])
    return correction


def adopt(source: Path, index_dir: Path) -> int:
    """Add the corrections of another file (a newsroom's shared one) to the index home's, each
    once (same action on the same names), keeping who made them and when; returns how many."""
    if not source.is_file():
        raise CorrectionError(f"no corrections file at {source}")
    index_dir.mkdir(parents=True, exist_ok=True)
    target = path_in(index_dir)
    existing = load(target)
    seen = {_signature(c) for c in existing}
    number = 1 + max((int(c.id[1:]) for c in existing if c.id[1:].isdigit()), default=0)
    ids: dict[str, str] = {}
    added: list[Correction] = []
    for c in load(source):
        if _signature(c, ids) in seen:
            continue
        ids[c.id] = f"c{number}"
        number += 1
        added.append(Correction(ids[c.id], c.action, c.names, c.doc_id, c.new, ids.get(c.target or "", c.target),
                                c.when, c.who, c.extra))
    if added:
        save(target, [*existing, *added])
    return len(added)


def _signature(c: Correction, ids: dict[str, str] | None = None) -> tuple[Any, ...]:
    target = (ids or {}).get(c.target or "", c.target)
    return (c.action, tuple(name_key(n) for n in c.names), c.doc_id, c.new, target)


# ---- applying them -------------------------------------------------------------------------
def effective(corrections: Iterable[Correction]) -> list[Correction]:
    """The corrections still in force: undone ones (and the undos) removed."""
    items = list(corrections)
    undone = {c.target for c in items if c.action == "undo"}
    return [c for c in items if c.action != "undo" and c.id not in undone]


def _matches(identity: Identity, name: str) -> bool:
    key = name_key(name)
    return bool(key) and (name_key(identity.name) == key or any(name_key(n) == key for _, n in identity.appearances))


def apply(
    identities: Iterable[Identity], corrections: Iterable[Correction]
) -> tuple[list[Identity], set[tuple[str, str]]]:
    """Identities after the corrections, and the appearances (doc_id, name) rejected as not people."""
    people = list(identities)
    rejected: set[tuple[str, str]] = set()
    for c in effective(corrections):
        if c.action == "merge":
            hit = [p for p in people if any(_matches(p, n) for n in c.names)]
            if len(hit) < 2:
                continue
            first = next((p for n in c.names for p in hit if _matches(p, n)), hit[0])
            merged = Identity(first.person_id, first.name, tuple(sorted({a for p in hit for a in p.appearances})))
            people = [p for p in people if p not in hit] + [merged]
        elif c.action == "split":
            out = []
            for p in people:
                moved = tuple(a for a in p.appearances if a[0] == c.doc_id)
                if _matches(p, c.names[0]) and moved and len(moved) < len(p.appearances):
                    kept = tuple(a for a in p.appearances if a[0] != c.doc_id)
                    own = moved[0][1] if name_key(moved[0][1]) != name_key(p.name) else f"{p.name} ({c.doc_id})"
                    out += [Identity(p.person_id, p.name, kept), Identity(f"{p.person_id}@{c.doc_id}", own, moved)]
                else:
                    out.append(p)
            people = out
        elif c.action == "rename" and c.new:
            # With a document, only the person of that name who appears in it (two John Smiths).
            people = [Identity(p.person_id, c.new, p.appearances)
                      if _matches(p, c.names[0]) and (c.doc_id is None or any(d == c.doc_id for d, _ in p.appearances))
                      else p for p in people]
        elif c.action == "reject":
            for p in people:
                if _matches(p, c.names[0]):
                    rejected.update(p.appearances)
            people = [p for p in people if not _matches(p, c.names[0])]
    return sorted(people, key=lambda p: (p.person_id, p.appearances)), rejected


# ---- the index home ------------------------------------------------------------------------
def correct(settings: Any, action: str, **fields: Any) -> Correction:
    """Record a correction in the index home's file and apply it to the facts store at once, so
    `who`, `search --person` and `report` reflect it without a re-ingest.

    settings (Settings): the index home. RETURNS (Correction): the correction recorded.
    """
    from corpus_search.queries import open_store

    path = path_in(settings.index_dir)
    with open_store(settings) as store:  # raises IndexNotFound before anything is recorded
        correction = record(path, action, **fields)
        store.reconcile_people(load(path))
    return correction


def people_list(settings: Any) -> list[dict[str, Any]]:
    """Every person in the index: canonical name, the documents and the names they were given
    (two people of one name are two entries)."""
    from corpus_search.queries import open_store

    with open_store(settings) as store:
        return store.people_overview()
