"""Roots that moved: recognising a recorded folder's documents among the files of a new one.

Each document records the root it was ingested from (its absolute path). When that root no longer
exists and an ingest reads a file whose content hash is one of its documents', the document is
re-pointed to the new place, keeping its facts, instead of being processed again:

- same `doc_id` (a single root moved or renamed: ids are relative to the root) → only its root
  and path change;
- another `doc_id` (a root renamed inside a several-root ingest, where ids carry the root's folder
  name, or a file moved within the folder) → the document takes the new id; the old id is gone.

A missing root one of whose documents was found here is taken to have moved here: its other
documents are files that are gone, and are dropped as a re-ingest of the root would drop them.
A missing root none of whose documents turned up is only reported (`status`, the ingest summary)
until `ingest --prune` drops it. A root that still exists is never adopted from: a copy of a folder
is another set of documents, as CONTRACT.md says.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from corpus_search.models import Source

Move = tuple[str, str, str, str]  # (old doc_id, new doc_id, new root, new path)


def exists(root: str) -> bool:
    return os.path.lexists(root)


def missing(recorded: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recorded roots (`FactStore.roots()` rows) that no longer exist, each with `exists`: False."""
    return [dict(r, exists=False) for r in recorded if not exists(r["root"])]


@dataclass
class RootMoves:
    """What this ingest found of the documents of roots that no longer exist."""

    gone: set[str]  # recorded roots that no longer exist (none of this ingest's roots)
    by_hash: dict[str, list[str]]  # content hash → doc ids recorded under those roots, unclaimed
    known: dict[str, tuple[str, str]]  # doc_id → (content hash, root), as stored
    moved_from: set[str] = field(default_factory=set)  # gone roots that some document was found from
    pending: list[Move] = field(default_factory=list)
    count: int = 0

    @classmethod
    def plan(cls, known: dict[str, tuple[str, str]], recorded: Iterable[dict[str, Any]],
             roots: Iterable[str]) -> RootMoves:
        current = set(roots)
        gone = {r["root"] for r in missing(recorded)} - current
        by_hash: dict[str, list[str]] = {}
        for doc_id, (content_hash, root) in sorted(known.items()):
            if root in gone and content_hash:
                by_hash.setdefault(content_hash, []).append(doc_id)
        return cls(gone=gone, by_hash=by_hash, known=known)

    def same_id(self, source: Source, stored_root: str) -> None:
        """An unchanged document read from another root than the one recorded."""
        if stored_root == source.root:
            return
        self._move(source.doc_id, source, stored_root)

    def adopt(self, source: Source) -> bool:
        """A file with a new id: if a document of a gone root has its content, take it over."""
        candidates = self.by_hash.get(source.content_hash)
        if not candidates:
            return False
        name = source.doc_id.rsplit("/", 1)[-1]
        old = next((c for c in candidates if c.rsplit("/", 1)[-1] == name), candidates[0])
        candidates.remove(old)
        self._move(old, source, self.known[old][1])
        return True

    def claim(self, doc_id: str) -> None:
        """`doc_id` is being processed afresh here: it is no longer free to be adopted."""
        stored = self.known.get(doc_id)
        if stored and stored[0] in self.by_hash and doc_id in self.by_hash[stored[0]]:
            self.by_hash[stored[0]].remove(doc_id)

    def _move(self, old: str, source: Source, old_root: str) -> None:
        if old_root in self.gone:
            self.moved_from.add(old_root)
        self.pending.append((old, source.doc_id, source.root, source.path))
        self.count += 1

    def take(self) -> list[Move]:
        out, self.pending = self.pending, []
        return out


__all__ = ["Move", "RootMoves", "exists", "missing"]
