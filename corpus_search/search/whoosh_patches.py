"""Fast private paths into Whoosh-Reloaded 2.7.5, used only by searchers this project opens.

Nothing here changes a Whoosh class: these functions read a segment's posting blocks and its
field-length column straight into numpy arrays, where the public API hands them over one posting
at a time through Python method calls (most of a search over 100,000 documents). They rely on
the private layout of Whoosh 2.7.5's `whoosh3` codec, so `available()` refuses them on any other
version (or codec) and callers fall back to the public path, which gives the same numbers slowly
(tests/test_search_patches.py runs both in the same session and compares them).

Set CORPUS_SEARCH_WHOOSH_PATCHES=0 to force the public path.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

PINNED = (2, 7, 5)


def available() -> bool:
    import whoosh

    if os.environ.get("CORPUS_SEARCH_WHOOSH_PATCHES", "1") == "0":
        return False
    return tuple(whoosh.__version__[:3]) == PINNED


_LENGTHS: np.ndarray | None = None


def _length_table() -> np.ndarray:
    global _LENGTHS
    if _LENGTHS is None:
        from whoosh.util.numeric import byte_to_length

        _LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
    return _LENGTHS


def postings(reader: Any, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(document numbers, weights) of one term in one segment, deleted documents left out;
    None if this matcher is not the whoosh3 leaf matcher the fast path knows."""
    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching.wrappers import FilterMatcher

    matcher = reader.postings(field, text)
    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted = matcher._ids
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:
        return None
    ids: list[Any] = []
    weights: list[Any] = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int64))
        w = matcher._weights
        weights.append(np.frombuffer(w, dtype=np.float32) if hasattr(w, "typecode") and w.typecode == "f"
                       else np.asarray(w, dtype=np.float32))
        matcher._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    all_ids, all_w = np.concatenate(ids), np.concatenate(weights)
    if deleted:
        keep = ~np.isin(all_ids, np.fromiter(deleted, dtype=np.int64))
        all_ids, all_w = all_ids[keep], all_w[keep]
    return all_ids, all_w


def field_lengths(reader: Any, field: str) -> np.ndarray | None:
    """Every document's (quantised) length in `field`, as Whoosh's scorer sees it; None when the
    column is not the fixed one-byte column of the whoosh3 codec."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    doccount = reader.doc_count_all()
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(doccount, dtype=np.float64)
    dbfile = getattr(column, "_dbfile", None)
    if dbfile is None or getattr(column, "_itemsize", 1) != 1:
        return None
    raw = np.frombuffer(dbfile.get(column._basepos, doccount), dtype=np.uint8)
    return _length_table()[raw]


def column_refs(reader: Any, field: str) -> tuple[np.ndarray, list[Any]] | None:
    """(per-document value refs, distinct values) of a RefBytesColumn, or None."""
    import sys

    if not reader.has_column(field):
        return None
    column = reader.column_reader(field, translate=False)
    uniques = getattr(column, "_uniques", None)
    if uniques is None or not hasattr(column, "_dbfile"):
        return None
    size = column._itemsize
    raw = column._dbfile.get(column._basepos, column._doccount * size)
    dtype = {1: np.uint8, 2: ">u2", 4: ">u4"}.get(size)
    if dtype is None:
        return None
    refs = np.frombuffer(raw, dtype=dtype).astype(np.int64)
    del sys
    return refs, list(uniques)
