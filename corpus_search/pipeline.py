"""Ingest orchestration: find files, skip unchanged ones, process the rest in batches, write the
index and the facts store together, drop removed files. One bad file never stops a batch.

Order of writes per batch: Whoosh first, then SQLite. The store is the record of what is done,
so an ingest killed between the two leaves documents in the index that the store does not
know yet; the next run processes them again and `update_document` replaces them.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_search import clean, index, metadata
from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, IndexBusy, LoadError
from corpus_search.ingest import check_roots, iter_sources, load_bytes
from corpus_search.models import Document, IngestSummary, Processed, Source
from corpus_search.store import Store

ProgressFn = Callable[[int, int, str], None]
COMMIT_DOCS = 400  # documents per index+store commit
COMMIT_SECONDS = 20.0


# ---- per-document work (runs in worker processes too) ------------------------------------
def prepare(source: Source, data: bytes | LoadError) -> Processed:
    """Load, clean and describe one file. Errors become `Processed.error`."""
    if isinstance(data, LoadError):
        return Processed(source, error=str(data))
    try:
        loaded = load_bytes(data, Path(source.path).suffix)
        text = clean.clean(loaded.text)
        if not text.strip():
            raise LoadError("no text left after removing boilerplate")
    except LoadError as exc:
        return Processed(source, error=str(exc))
    except Exception as exc:  # a loader bug must not stop the batch either
        return Processed(source, error=f"could not read file ({type(exc).__name__}: {exc})")
    raw = loaded.text
    doc = Document(
        doc_id=source.doc_id,
        path=source.path,
        root=source.root,
        content_hash=source.content_hash,
        format=loaded.format,
        raw_text=raw,
        text=text,
        title=metadata.title(text, loaded.title),
        doc_type=metadata.doc_type(raw, text),
        date=metadata.document_date(text, raw),
        organisation=metadata.organisation(text, raw),
        words=metadata.word_count(text),
    )
    return Processed(source, document=doc)


class Processor:
    """Turns (source, bytes) batches into Processed documents with facts and sentiment."""

    def __init__(self, settings: Settings) -> None:
        from corpus_search import nlp
        from corpus_search.sentiment.runtime import load_for_index

        self.nlp = nlp.load(settings.spacy_model)
        self.model = load_for_index(settings.index_dir)
        self.batch_size = settings.batch_size

    def __call__(self, batch: list[tuple[Source, bytes | LoadError]]) -> list[Processed]:
        from corpus_search.facts.extract import extract
        from corpus_search.sentiment.runtime import annotate

        items = [prepare(source, data) for source, data in batch]
        ready = [item for item in items if item.document is not None]
        sdocs = self.nlp.pipe((item.document.text for item in ready), batch_size=self.batch_size)  # type: ignore[union-attr]
        for item, sdoc in zip(ready, sdocs):
            try:
                item.facts = extract(item.document, sdoc)  # type: ignore[arg-type]
            except Exception as exc:  # an extraction bug is reported against the file, not fatal
                item.document, item.error = None, f"fact extraction failed ({type(exc).__name__}: {exc})"
        annotate([item for item in ready if item.facts is not None], self.model)
        return items


_worker: Processor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Processor(settings)


def _work(batch: list[tuple[Source, bytes | LoadError]]) -> list[Processed]:
    assert _worker is not None
    return _worker(batch)


# ---- locking ---------------------------------------------------------------------------
@dataclass
class IngestLock:
    path: Path
    fd: int | None = None

    def __enter__(self) -> "IngestLock":
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


# ---- the run ---------------------------------------------------------------------------
def _batches(
    sources: Iterator[tuple[Source, bytes | LoadError]], size: int
) -> Iterator[list[tuple[Source, bytes | LoadError]]]:
    batch: list[tuple[Source, bytes | LoadError]] = []
    for item in sources:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def count_files(roots: list[Path]) -> int:
    from corpus_search.ingest import _walk

    return sum(1 if root.is_file() else sum(1 for _ in _walk(root)) for root in roots)


def ingest(
    paths: list[Path],
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
) -> IngestSummary:
    """Bring the index home up to date with the files under `paths`.

    RETURNS (IngestSummary): counts, failures, words and seconds; `interrupted` if stopped by Ctrl-C.
    """
    started = time.perf_counter()
    roots = check_roots(paths)
    summary = IngestSummary()
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with IngestLock(settings.lock_path):
        if rebuild:
            shutil.rmtree(settings.whoosh_dir, ignore_errors=True)
            for suffix in ("", "-wal", "-shm"):
                Path(str(settings.db_path) + suffix).unlink(missing_ok=True)
        store = Store(settings.db_path, create=True)
        writer = index.IndexWriter(settings.whoosh_dir, procs=1)
        try:
            _reconcile(store, writer)
            _run(roots, settings, store, writer, summary, progress)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            writer.close()
            store.close()
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _reconcile(store: Store, writer: index.IndexWriter) -> None:
    """Drop index entries the store does not know: left by a run killed between the two writes."""
    known = set(store.known_documents())
    orphans = writer.doc_ids() - known
    if orphans:
        writer.write([], delete_ids=sorted(orphans))


def _run(
    roots: list[Path],
    settings: Settings,
    store: Store,
    writer: index.IndexWriter,
    summary: IngestSummary,
    progress: ProgressFn | None,
) -> None:
    total = count_files(roots)
    root_names = [str(r) for r in roots]
    store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen (doc_id TEXT PRIMARY KEY)")
    store.conn.execute("DELETE FROM seen")
    done = 0
    pending: list[Processed] = []
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal pending, last_commit
        if not pending:
            return
        docs = []
        for item in pending:
            if item.document is not None and item.facts is not None:
                row: dict[str, Any] = {
                    "doc_id": item.document.doc_id,
                    "root": item.document.root,
                    "title": item.document.title,
                    "text": item.document.text,
                    "doc_type": item.document.doc_type,
                    "date": item.document.date,
                    "sentiment": item.facts.sentiment,
                    "people": [p.name for p in item.facts.people],
                }
                docs.append(row)
        failed_ids = [item.source.doc_id for item in pending if item.error is not None]
        writer.write(docs, delete_ids=failed_ids)
        store.save_batch(pending)
        pending = []
        pending_hashes.clear()
        last_commit = time.monotonic()

    def todo() -> Iterator[tuple[Source, bytes | LoadError]]:
        nonlocal done
        for source, data in iter_sources(roots):
            store.conn.execute("INSERT OR IGNORE INTO seen VALUES (?)", (source.doc_id,))
            row = store.conn.execute(
                "SELECT content_hash FROM documents WHERE doc_id = ?", (source.doc_id,)
            ).fetchone()
            if row and row[0] == source.content_hash and not isinstance(data, LoadError):
                summary.unchanged += 1
                done += 1
                if progress:
                    progress(done, total, source.doc_id)
                continue
            yield source, data

    existed: dict[str, bool] = {}
    pending_hashes: dict[str, str] = {}  # content hash → first doc_id, for documents not yet committed

    def account(items: list[Processed]) -> None:
        nonlocal done
        for item in items:
            done += 1
            src = item.source
            if item.error is not None:
                existed.pop(src.doc_id, None)
                summary.failed.append({"path": src.path, "reason": item.error})
            else:
                assert item.document is not None
                item.document.duplicate_of = store.hash_owner(src.content_hash, src.doc_id) or pending_hashes.get(src.content_hash)
                pending_hashes.setdefault(src.content_hash, src.doc_id)
                summary.words += item.document.words
                if existed.pop(src.doc_id, False):
                    summary.updated += 1
                else:
                    summary.added += 1
            if progress:
                progress(done, total, src.doc_id)

    def mark_existing(batch: list[tuple[Source, bytes | LoadError]]) -> list[tuple[Source, bytes | LoadError]]:
        for source, _ in batch:
            row = store.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (source.doc_id,)).fetchone()
            existed[source.doc_id] = row is not None
        return batch

    batches = (mark_existing(b) for b in _batches(todo(), settings.batch_size))

    def collect(items: list[Processed]) -> None:
        account(items)
        pending.extend(items)
        if len(pending) >= COMMIT_DOCS or time.monotonic() - last_commit > COMMIT_SECONDS:
            flush()

    if settings.workers <= 1:
        processor = None
        for batch in batches:
            processor = processor or Processor(settings)
            collect(processor(batch))
    else:
        import multiprocessing
        from collections import deque

        # Batches are fed from this thread (the store connection is not shared across threads);
        # at most two per worker are in flight, so memory stays flat however large the corpus.
        ctx = multiprocessing.get_context("forkserver")
        with ctx.Pool(settings.workers, initializer=_init_worker, initargs=(settings,)) as pool:
            inflight: deque[Any] = deque()
            try:
                for batch in batches:
                    inflight.append(pool.apply_async(_work, (batch,)))
                    while len(inflight) >= 2 * settings.workers:
                        collect(inflight.popleft().get())
                while inflight:
                    collect(inflight.popleft().get())
            except BaseException:
                pool.terminate()
                raise
    flush()
    # Files that were under these roots and are gone now.
    marks = ",".join("?" * len(root_names))
    gone = [
        r[0]
        for r in store.conn.execute(
            f"SELECT doc_id FROM documents WHERE root IN ({marks}) AND doc_id NOT IN (SELECT doc_id FROM seen)",
            root_names,
        )
    ]
    gone_failures = [
        r[0]
        for r in store.conn.execute(
            f"SELECT doc_id FROM failures WHERE root IN ({marks}) AND doc_id NOT IN (SELECT doc_id FROM seen)",
            root_names,
        )
    ]
    if gone:
        writer.write([], delete_ids=gone)
    if gone or gone_failures:
        store.delete_documents(gone + gone_failures)
    summary.removed = len(gone)
    store.set_meta("last_ingest", time.strftime("%Y-%m-%dT%H:%M:%S"))


__all__ = ["CorpusSearchError", "Processor", "count_files", "ingest", "prepare"]
