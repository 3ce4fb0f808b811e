"""Find documents under the ingest roots and read each with the loader for its format.

The registry maps a suffix to a loader module; magic bytes overrule the suffix where it lies
(a PDF saved as .txt), like ingest-file's `match()`.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from corpus_search.errors import LoadError, UsageError
from corpus_search.ingest import email, html, markdown, pdf, text, word
from corpus_search.ingest.base import PDF_MAGIC, ZIP_MAGIC, looks_like_html
from corpus_search.models import LoadedText, Source

LOADERS: tuple[ModuleType, ...] = (text, markdown, html, pdf, word, email)
BY_SUFFIX: dict[str, ModuleType] = {s: mod for mod in LOADERS for s in mod.SUFFIXES}
SUPPORTED_SUFFIXES = frozenset(BY_SUFFIX)


def loader_for(suffix: str, data: bytes) -> ModuleType:
    """The loader for a file: by content where the content is unmistakable, else by suffix."""
    head = data[:2048]
    if head.lstrip().startswith(PDF_MAGIC):
        return pdf
    if head.startswith(ZIP_MAGIC) and suffix.lower() in word.SUFFIXES:
        return word
    mod = BY_SUFFIX.get(suffix.lower(), text)
    if mod in (text, markdown) and looks_like_html(head):
        return html
    return mod


def load_bytes(data: bytes, suffix: str) -> LoadedText:
    """Read one file's bytes as text. Raises LoadError with a reason a person understands."""
    if not data:
        raise LoadError("empty file")
    return loader_for(suffix, data).load(data)


def load_path(path: str | Path) -> LoadedText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file ({exc.strerror})") from exc
    return load_bytes(data, path.suffix)


def _walk(root: Path) -> Iterator[Path]:
    """Supported files under root, sorted, skipping hidden files and folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            yield Path(dirpath) / name


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_roots(roots: list[Path]) -> list[Path]:
    """Resolve the ingest roots; a path that does not exist is a usage error."""
    resolved = []
    for root in roots:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}")
        resolved.append(root.resolve())
    return resolved


def doc_id_for(path: Path, root: Path, prefix: bool) -> str:
    """The contract's doc_id: path relative to its root with `/`, prefixed by the root's name
    when one ingest names several roots; a single file given directly is its own name."""
    if root.is_file():
        return path.name
    rel = path.relative_to(root).as_posix()
    return f"{root.name}/{rel}" if prefix else rel


def iter_sources(roots: list[Path]) -> Iterator[tuple[Source, bytes | LoadError]]:
    """Yield (source, bytes) for every supported file under the (resolved) roots, streaming.

    A file that cannot be read comes with a LoadError in place of its bytes, so it is listed
    as failed rather than silently skipped.
    """
    prefix = len(roots) > 1
    for root in roots:
        paths = [root] if root.is_file() else _walk(root)
        for path in paths:
            try:
                data = path.read_bytes()
                stat = path.stat()
            except OSError as exc:
                source = Source(doc_id_for(path, root, prefix), str(path), str(root), "", 0, 0.0)
                yield source, LoadError(f"cannot read file ({exc.strerror or exc})")
                continue
            yield (
                Source(
                    doc_id=doc_id_for(path, root, prefix),
                    path=str(path),
                    root=str(root),
                    content_hash=file_hash(data),
                    size=len(data),
                    mtime=stat.st_mtime,
                ),
                data,
            )


__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "check_roots", "iter_sources", "load_bytes", "load_path", "loader_for"]
