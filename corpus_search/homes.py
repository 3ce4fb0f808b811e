"""The index home's files on disk: where an ingest writes, the swap at the end of `--rebuild`,
leftovers of killed runs, and what a failing disk means to the user.

- `ingest --rebuild` writes a new Whoosh folder and a new SQLite file beside the live ones, under
  temporary names (`whoosh.rebuild-PID/`, `facts.rebuild-PID.db`), and swaps them in only when it
  has finished: `search`, `who` and `show` answer from the old index throughout, and a rebuild
  that is killed or interrupted leaves the old index as it was. The next ingest (which holds the
  ingest lock, so no rebuild can be running) deletes whatever a killed one left.
- The swap: the facts database first (`store.sqlite.replace_database`: one transaction, readers
  keep their snapshot), then the Whoosh folder, exchanged with the new one in a single
  `renameat2(RENAME_EXCHANGE)` where Linux offers it (two renames otherwise); a search that opened
  the old folder a moment before retries once on the new one (`search.whoosh`).
- A PostgreSQL facts store is shared by other machines and is not rebuilt beside: `--rebuild`
  empties it at the start, as before, and only the local search index is built beside and swapped.
- `explain` turns a failing disk (full, read-only, permission denied, a damaged file) into one line
  that says what to do, for every command.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from corpus_search import search
from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, IndexBusy
from corpus_search.store import is_server_url


class DiskProblem(CorpusSearchError):
    """The disk under the index home refused a read or a write (exit 2: the user must act)."""


@dataclass(frozen=True)
class Target:
    """Where an ingest writes: the live index, or the new one a rebuild builds beside it."""

    whoosh_dir: Path
    db_path: Path
    rebuilding: bool = False


def live(settings: Settings) -> Target:
    return Target(settings.whoosh_dir, settings.db_path)


def beside(settings: Settings) -> Target:
    """Temporary names for a rebuild, in the same folders as the live files (so a rename can swap them)."""
    pid = os.getpid()
    db = settings.db_path
    return Target(
        settings.whoosh_dir.with_name(f"{settings.whoosh_dir.name}.rebuild-{pid}"),
        db.with_name(f"{db.stem}.rebuild-{pid}{db.suffix}"),
        rebuilding=True,
    )


def leftovers(settings: Settings) -> list[Path]:
    """What killed rebuilds left in the index home (call only under the ingest lock)."""
    found: list[Path] = []
    db = settings.db_path
    for w in search.index_folders(settings.whoosh_dir):  # each engine's folder
        if w.parent.is_dir():
            found += sorted(w.parent.glob(f"{w.name}.rebuild-*")) + sorted(w.parent.glob(f"{w.name}.old-*"))
    if db.parent.is_dir():
        found += sorted(db.parent.glob(f"{db.stem}.rebuild-*{db.suffix}*"))
    return found


def clean_leftovers(settings: Settings) -> int:
    """Delete what killed rebuilds left; RETURNS how many files or folders were removed."""
    gone = leftovers(settings)
    for path in gone:
        remove(path)
    return len(gone)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def discard(target: Target, settings: Settings) -> None:
    """Throw away an unfinished rebuild."""
    search.remove_index(target.whoosh_dir)
    if not is_server_url(settings.db_url):
        for suffix in ("", "-wal", "-shm"):
            Path(str(target.db_path) + suffix).unlink(missing_ok=True)


def swap(target: Target, settings: Settings, *, store: bool = True) -> None:
    """Put a finished rebuild in place of the live index (the store first, then the search index)."""
    if store and not is_server_url(settings.db_url):
        from corpus_search.store.sqlite import replace_database

        replace_database(target.db_path, settings.db_path)
    swap_index(target.whoosh_dir, settings.whoosh_dir)


def swap_index(new: Path, old: Path) -> None:
    """Put the search index built at `new` in place of the one at `old`, folder by folder for each
    engine (`search.index_folders`); an engine folder the new index does not have (after a rebuild
    that switched engine) is deleted."""
    for new_folder, old_folder in zip(search.index_folders(new), search.index_folders(old)):
        if new_folder.exists():
            swap_dir(new_folder, old_folder)
        elif old_folder.exists():
            remove(old_folder)


def swap_dir(new: Path, old: Path) -> None:
    """Make `new` the folder at `old` in one step where the system allows, and delete the old one."""
    if not old.exists():
        os.replace(new, old)
        return
    if not _exchange(new, old):
        aside = old.with_name(f"{old.name}.old-{os.getpid()}")
        os.replace(old, aside)
        os.replace(new, old)
        new = aside
    remove(new)  # now the old index; open readers keep their open files


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2(RENAME_EXCHANGE); False where unavailable."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(done == 0)


# ---- the one writer ------------------------------------------------------------------------
@dataclass
class IngestLock:
    """The one writer of an index home: an exclusive flock on `ingest.lock`; a second ingest is
    refused with the holder's pid (IndexBusy)."""

    path: Path
    fd: int | None = None

    def __enter__(self) -> IngestLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 64, 0).decode(errors="replace").strip() or "unknown process"
            os.close(self.fd)
            raise IndexBusy(self.path.parent, holder) from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"pid {os.getpid()}".encode(), 0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)


# ---- writing at all ------------------------------------------------------------------------
def check_writable(settings: Settings) -> None:
    """Refuse, in one line, an ingest into an index home this process cannot write."""
    home = settings.index_dir
    probe = home
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    targets = [probe] + [p for p in (settings.whoosh_dir, settings.db_path, settings.lock_path) if p.exists()]
    for path in targets:
        if not os.access(path, os.W_OK):
            why = "a read-only file system" if _read_only_fs(path) else "permission denied"
            raise DiskProblem(
                f"cannot write to the index home {home} ({why} on {path}): ingest needs a writable index home; "
                "search, who, show, status and report work on it as it is (give --index DIR to ingest elsewhere)"
            )


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# ---- errors from the disk, as one line -----------------------------------------------------
FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def explain(exc: BaseException, settings: Settings, committed: int | None = None) -> CorpusSearchError | None:
    """The one-line error for a failing disk or a damaged file, or None if `exc` is something else.

    committed: documents an ingest committed before the failure (they are kept and searchable).
    """
    home = settings.index_dir
    kept = (f"; the {committed} documents committed before it are kept and searchable"
            if committed else "; nothing already committed is lost")
    again = "run the same command again to finish"
    if isinstance(exc, OSError):
        where = exc.filename or home
        if exc.errno in FULL:
            return DiskProblem(f"the disk holding {where} is full{kept}: free some space (or give --index DIR "
                               f"on another disk) and {again}")
        if exc.errno == errno.EFBIG:
            return DiskProblem(f"a file in {home} reached the size limit this process may write (ulimit -f){kept}:"
                               f" raise the limit and {again}")
        if exc.errno == errno.EROFS:
            return DiskProblem(f"cannot write to {where}: it is on a read-only file system{kept}; give --index DIR "
                               "to write an index elsewhere")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return DiskProblem(f"permission denied on {where}{kept}: let this user write the index home, or give "
                               "--index DIR")
        if exc.errno == errno.EIO:
            return DiskProblem(f"the disk holding {where} reported an input/output error{kept}: check the disk "
                               f"and {again}")
        return None
    if isinstance(exc, sqlite3.DatabaseError):
        db = settings.db_path
        text = str(exc)
        if "disk is full" in text:
            return DiskProblem(f"the disk holding {db} is full{kept}: free some space (or give --index DIR on "
                               f"another disk) and {again}")
        if "readonly database" in text or "unable to open database file" in text:
            return DiskProblem(f"cannot write the facts database {db} (read-only or permission denied){kept}: "
                               "let this user write the index home, or give --index DIR")
        if "disk I/O error" in text and _size_limited():  # SQLite's word for EFBIG
            return DiskProblem(f"the facts database {db} reached the size limit this process may write "
                               f"(ulimit -f){kept}: raise the limit and {again}")
        if "disk I/O error" in text:
            return DiskProblem(f"the disk holding {db} reported an input/output error{kept}: check the disk and "
                               f"{again}")
        if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
            return None
        return DiskProblem(f"the facts database {db} is damaged ({text}): move it aside and run "
                           "`corpus-search ingest --rebuild PATH...` to build it again from the documents")
    return None


def _size_limited() -> bool:
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


__all__ = [
    "DiskProblem", "IngestLock", "Target", "beside", "check_writable", "clean_leftovers", "discard", "explain",
    "leftovers", "live", "swap", "swap_dir",
]
