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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from corpus_search import clean, index, kinds, metadata
from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, IndexBusy, LoadError
from corpus_search.ingest import check_roots, iter_sources, load_bytes
from corpus_search.models import Document, Facts, IngestSummary, Processed, Source
from corpus_search.store import FactStore, open_store

ProgressFn = Callable[[int, int, str], None]
COMMIT_DOCS = 400  # documents per index+store commit
COMMIT_SECONDS = 20.0
INPROCESS_MAX_FILES = 200  # smaller ingests run the model in this process (see _Nlp)


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
    """The NLP side: spaCy and fact extraction for batches of prepared documents.

    Runs in its own process(es) (see `_run`), so that reading, cleaning, sentiment and the index
    and store writes, which stay in the main process, overlap with the model on another core.
    """

    def __init__(self, settings: Settings) -> None:
        from corpus_search import nlp

        self.nlp = nlp.load(settings.spacy_model)
        self.batch_size = settings.batch_size

    def __call__(self, docs: list[Document]) -> list[Facts | str]:
        """Facts for each document, or why extraction failed (a string) for that document."""
        from corpus_search.facts.extract import extract

        out: list[Facts | str] = []
        extra = list(kinds.extra_extractors())
        # Every new token string would otherwise stay in the vocab for the life of the process,
        # so a worker's memory grew with the corpus (284 → 382 MB from 10k to 50k documents).
        # Facts hold plain Python strings, so nothing refers to the zone's Docs after it closes.
        with self.nlp.memory_zone():
            sdocs = self.nlp.pipe((doc.text for doc in docs), batch_size=self.batch_size)
            for doc, sdoc in zip(docs, sdocs):
                try:
                    facts = extract(doc, sdoc)
                    for kind in extra:
                        facts.extra[kind.plural] = list(kind.extractor(doc, sdoc))  # type: ignore[misc]
                    out.append(facts)
                except Exception as exc:  # an extraction bug is reported against the file, not fatal
                    out.append(f"fact extraction failed ({type(exc).__name__}: {exc})")
        return out


_worker: Processor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Processor(settings)


def _work(docs: list[Document]) -> list[Facts | str]:
    assert _worker is not None
    return _worker(docs)


class _Nlp:
    """Where the NLP runs: in this process for small jobs, else in a pool of `workers` processes.

    A child process costs a model load (about a second) and some pickling, which only pays off when
    there is enough work to overlap; below INPROCESS_MAX_FILES documents everything stays here.
    """

    def __init__(self, settings: Settings, in_process: bool) -> None:
        self.settings = settings
        self.in_process = in_process
        self.pool: Any = None
        self.local: Processor | None = None
        if not in_process:
            import multiprocessing

            # forkserver: children start from a clean interpreter, not a copy of this one with
            # its open SQLite and Whoosh handles.
            ctx = multiprocessing.get_context("forkserver")
            self.pool = ctx.Pool(settings.workers, initializer=_init_worker, initargs=(settings,))

    def submit(self, docs: list[Document]) -> Callable[[], list[Facts | str]]:
        """Start work on a batch; the returned function waits for and gives its results."""
        if self.pool is None:
            local = self.local = self.local or Processor(self.settings)
            return lambda: local(docs)
        # The worker does not need the raw text: do not pickle it across.
        slim = [replace(doc, raw_text="") for doc in docs]
        pending = self.pool.apply_async(_work, (slim,))
        return pending.get  # type: ignore[no-any-return]

    def close(self, failed: bool) -> None:
        if self.pool is not None:
            if failed:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()


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
        store = open_store(settings.db_path, create=True)
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


def _reconcile(store: FactStore, writer: index.IndexWriter) -> None:
    """Drop index entries the store does not know: left by a run killed between the two writes."""
    orphans = writer.ids_not_in(set(store.known_documents()))
    if orphans:
        writer.write([], delete_ids=sorted(orphans))


def _run(
    roots: list[Path],
    settings: Settings,
    store: FactStore,
    writer: index.IndexWriter,
    summary: IngestSummary,
    progress: ProgressFn | None,
) -> None:
    total = count_files(roots)
    root_names = [str(r) for r in roots]
    seen: set[str] = set()
    known = store.known_documents()
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
            seen.add(source.doc_id)
            stored = known.get(source.doc_id)
            if stored and stored[0] == source.content_hash and not isinstance(data, LoadError):
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
            existed[source.doc_id] = source.doc_id in known
        return batch

    batches = (mark_existing(b) for b in _batches(todo(), settings.batch_size))

    def collect(items: list[Processed]) -> None:
        account(items)
        pending.extend(items)
        if len(pending) >= COMMIT_DOCS or time.monotonic() - last_commit > COMMIT_SECONDS:
            flush()

    # Reading, cleaning, sentiment and the writes happen here while the model works on the
    # batches in flight: enough of them queued that a Whoosh commit (with its segment merges)
    # does not leave the NLP processes idle, and few enough that memory stays flat.
    from collections import deque

    from corpus_search.sentiment.runtime import annotate, load_for_index

    nlp = _Nlp(settings, in_process=total <= INPROCESS_MAX_FILES)
    model = None
    depth = 1 if nlp.in_process else max(4, 3 * settings.workers)  # in-process: nothing to overlap
    inflight: deque[tuple[list[Processed], Callable[[], list[Facts | str]]]] = deque()

    def finish() -> None:
        nonlocal model
        items, result = inflight.popleft()
        ready = [item for item in items if item.document is not None]
        for item, facts in zip(ready, result()):
            if isinstance(facts, str):
                item.document, item.error = None, facts
            else:
                item.facts = facts
        model = model or load_for_index(settings.index_dir)
        annotate([item for item in ready if item.facts is not None], model)
        collect(items)

    failed = True
    try:
        for batch in batches:
            items = [prepare(source, data) for source, data in batch]
            docs = [item.document for item in items if item.document is not None]
            inflight.append((items, nlp.submit(docs) if docs else lambda: []))
            if model is None and not nlp.in_process:
                model = load_for_index(settings.index_dir)  # while the workers load spaCy
            while len(inflight) >= depth:
                finish()
        while inflight:
            finish()
        failed = False
    finally:
        nlp.close(failed)
    flush()
    # Files that were under these roots and are gone now.
    under_docs, under_failures = store.ids_under_roots(root_names)
    gone = [doc_id for doc_id in under_docs if doc_id not in seen]
    gone_failures = [doc_id for doc_id in under_failures if doc_id not in seen]
    if gone:
        writer.write([], delete_ids=gone)
    if gone or gone_failures:
        store.delete_documents(gone + gone_failures)
    summary.removed = len(gone)
    store.set_meta("last_ingest", time.strftime("%Y-%m-%dT%H:%M:%S"))


__all__ = ["CorpusSearchError", "Processor", "count_files", "ingest", "prepare"]
