"""Find documents under the ingest roots and read each with the loader for its format.

The registry maps a suffix to a loader module; magic bytes overrule the suffix where it lies
(a PDF saved as .txt), like ingest-file's `match()`. Each file is read in its own box
(ingest/limits.py): what is not a regular file, a link out of the roots or a file over the size
limit is never read, a format's structure is checked before its loader runs, and the loader
runs under a wall-clock limit.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from corpus_search.errors import LoadError, UsageError
from corpus_search.ingest import email, html, limits, markdown, pdf, text, word
from corpus_search.ingest.base import PDF_MAGIC, ZIP_MAGIC, looks_like_html
from corpus_search.ingest.limits import Limits
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


# Structural checks run before the loader for a format (limits.py); text has only a size check.
_CHECKS = {pdf: limits.check_pdf, word: limits.check_docx, html: limits.check_html}


def load_bytes(data: bytes, suffix: str, file_limits: Limits | None = None) -> LoadedText:
    """Read one file's bytes as text, within the per-file limits (default: Limits.from_env()).

    Raises LoadError with a reason a person understands, also when a limit is broken.
    """
    if not data:
        raise LoadError("empty file")
    lim = file_limits or limits.current()
    loader = loader_for(suffix, data)
    # At least one character per four bytes (UTF-32): a file this large cannot be short enough.
    if loader is text and lim.max_text_chars and len(data) > 4 * lim.max_text_chars:
        raise LoadError(f"text too long (over {lim.max_text_chars:,} characters)")
    check = _CHECKS.get(loader)
    with limits.time_limit(lim.seconds_per_file):
        if check is not None:
            check(data, lim)
        loaded: LoadedText = loader.load(data)
    limits.check_text(loaded.text, lim)
    return loaded


def load_path(path: str | Path, file_limits: Limits | None = None) -> LoadedText:
    """Read one file, checked as an ingest checks it (its own folder is the only root)."""
    path = Path(path)
    lim = file_limits or limits.current()
    data, _ = limits.read_file(path, [path.resolve().parent], lim)
    return load_bytes(data, path.suffix, lim)


def safe_name(name: str) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8 (which
    os.walk hands over as lone surrogates) become `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _walk(root: Path, errors: list[OSError] | None = None) -> Iterator[Path]:
    """Supported files under root, sorted, skipping hidden files and folders.

    Links to folders are not followed (os.walk's default), so a walk cannot leave the root or
    loop; a folder that cannot be listed is appended to `errors` when given.
    """
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append if errors is not None else None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            yield Path(dirpath) / name


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_roots(roots: list[Path]) -> list[Path]:
    """Resolve the ingest roots; a path that does not exist, or is neither a file nor a
    folder (a pipe, a device), is a usage error."""
    resolved = []
    for root in roots:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}")
        kind = limits.not_regular(root.stat().st_mode)
        if kind and not root.is_dir():
            raise UsageError(f"cannot ingest {root}: it is {kind}, not a file or folder")
        resolved.append(root.resolve())
    return resolved


def doc_id_for(path: Path, root: Path, prefix: bool) -> str:
    """The contract's doc_id: path relative to its root with `/`, prefixed by the root's name
    when one ingest names several roots; a single file given directly is its own name."""
    if root.is_file():
        return safe_name(path.name)
    rel = path.relative_to(root).as_posix()
    return safe_name(f"{root.name}/{rel}" if prefix else rel)


def iter_sources(roots: list[Path], file_limits: Limits | None = None) -> Iterator[tuple[Source, bytes | LoadError]]:
    """Yield (source, bytes) for every supported file under the (resolved) roots, streaming.

    A file that cannot or may not be read (limits.read_file: not a regular file, a link out of
    the roots, too large, permission denied) comes with a LoadError in place of its bytes, and a
    folder that cannot be listed likewise, so each is listed as failed with its reason rather
    than silently skipped, and nothing outside the roots is ever read.
    """
    lim = file_limits or limits.current()
    prefix = len(roots) > 1
    for root in roots:
        errors: list[OSError] = []
        paths = [root] if root.is_file() else _walk(root, errors)
        for path in paths:
            doc_id = doc_id_for(path, root, prefix)
            try:
                data, stat = limits.read_file(path, roots, lim)
            except LoadError as exc:
                yield Source(doc_id, safe_name(str(path)), str(root), "", 0, 0.0), exc
                continue
            yield (
                Source(
                    doc_id=doc_id,
                    path=safe_name(str(path)),
                    root=str(root),
                    content_hash=file_hash(data),
                    size=len(data),
                    mtime=stat.st_mtime,
                ),
                data,
            )
        for err in errors:
            where = Path(err.filename) if err.filename else root
            if where == root:
                continue  # the root itself was checked by check_roots
            folder = doc_id_for(where, root, prefix).rstrip("/") + "/"
            reason = LoadError(f"cannot read folder ({limits._oserror(err)})")
            yield Source(folder, safe_name(str(where)), str(root), "", 0, 0.0), reason


__all__ = [
    "LOADERS",
    "SUPPORTED_SUFFIXES",
    "Limits",
    "check_roots",
    "iter_sources",
    "load_bytes",
    "load_path",
    "loader_for",
    "safe_name",
]
