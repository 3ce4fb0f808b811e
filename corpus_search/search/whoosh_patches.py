"""Fast private paths into Whoosh-Reloaded 2.7.5, used only by searchers this project opens.

Nothing here changes a Whoosh class: these functions read a segment's posting blocks and its
field-length column straight into numpy arrays, where the public API hands them over one posting
at a time through Python method calls (most of a search over 100,000 documents). They rely on
the private layout of Whoosh 2.7.5's `whoosh3` codec, so `available()` refuses them on any other
version (or codec) and callers fall back to the public path, which gives the same numbers slowly
(tests/test_search_patches.py runs both in the same session and compares them).

The one other path is `storage()`: Whoosh opens a compound segment as a memory map and hands
every file in it to `BufferFile(memoryview)`, which wraps it in `BytesIO` and so copies the whole
segment into memory on every open (tens of milliseconds per search at 100,000 documents). Our
storage gives the segment file a `subset` that returns the same BufferFile reading the map in
place. It is a subclass used only for indexes this project opens; Whoosh's classes are untouched.

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


def storage(path: str) -> Any:
    """The Whoosh storage for an index folder: ours (segments read in place) on the pinned
    version, Whoosh's own FileStorage otherwise."""
    from whoosh.filedb.filestore import FileStorage

    if not available():
        return FileStorage(path)
    return _project_storage()(path, supports_mmap=False)


_STORAGE: Any = None


def _project_storage() -> Any:
    global _STORAGE
    if _STORAGE is not None:
        return _STORAGE
    import mmap

    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import BufferFile, StructFile

    class ViewBuffer(BufferFile):
        def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
            self._buf = buf
            self._name = name
            self.file = _ViewFile(buf)
            self.onclose = onclose
            self.is_real = False
            self.is_closed = False

    class MappedSegment(StructFile):
        def __init__(self, fileobj: Any, name: str) -> None:
            super().__init__(fileobj, name=name)
            self._map = mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ)

        def subset(self, offset: int, length: int, name: str | None = None) -> Any:
            return ViewBuffer(memoryview(self._map)[offset : offset + length], name=name)

    class ProjectStorage(FileStorage):
        def open_file(self, name: str, **kwargs: Any) -> Any:
            if name.endswith(".seg"):
                return MappedSegment(open(self._fpath(name), "rb"), name)
            return super().open_file(name, **kwargs)

    _STORAGE = ProjectStorage
    return _STORAGE


class _ViewFile:
    """A read-only file over a memoryview that does not copy it (what BytesIO would do)."""

    __slots__ = ("_pos", "_view", "closed")

    def __init__(self, buf: Any) -> None:
        self._view = memoryview(buf).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(start, end)
        return self._view[start:end].tobytes()

    def readinto(self, target: Any) -> int:
        n = max(0, min(len(target), len(self._view) - self._pos))
        target[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._pos
        limit = len(view) if size is None or size < 0 else min(len(view), start + size)
        end = start
        while end < limit:
            chunk = view[end : min(end + 4096, limit)].tobytes()
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return view[start:end].tobytes()

    def seek(self, pos: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._view)}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def write(self, data: bytes) -> int:
        raise OSError("read-only index file")


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


def positions(reader: Any, field: str, text: str, docs: list[int]) -> dict[int, list[int]] | None:
    """Positions of one term in the given (sorted, segment-relative) documents, found by bisecting
    each posting block's ids; None if this is not the whoosh3 leaf matcher."""
    from bisect import bisect_left

    from whoosh.codec.whoosh3 import W3LeafMatcher

    matcher = reader.postings(field, text)
    if type(matcher) is not W3LeafMatcher:
        return None  # deletions (a FilterMatcher) or another codec: the public path
    out: dict[int, list[int]] = {}
    i = 0
    while matcher.is_active() and i < len(docs):
        if docs[i] > matcher.block_max_id():
            matcher._next_block()
            continue
        matcher._read_ids()
        ids = matcher._ids
        while i < len(docs) and docs[i] <= matcher.block_max_id():
            j = bisect_left(ids, docs[i])
            if j < len(ids) and ids[j] == docs[i]:
                matcher._i = j
                out[docs[i]] = list(matcher.value_as("positions"))
            i += 1
        matcher._next_block()
    return out


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

    if not reader.has_column(field):
        return None
    column = reader.column_reader(field, translate=False)
    uniques = getattr(column, "_uniques", None)
    if uniques is None or not hasattr(column, "_dbfile"):
        return None
    size = column._itemsize
    raw = column._dbfile.get(column._basepos, column._doccount * size)
    dtype: Any = {1: np.uint8, 2: ">u2", 4: ">u4"}.get(size)
    if dtype is None:
        return None
    refs = np.frombuffer(raw, dtype=dtype).astype(np.int64)
    return refs, list(uniques)
