"""Ingest orchestration in three steps that another executor can drive:

- plan: which files under the roots are new or changed, which are unchanged, which are gone;
- process: pure, file bytes in, a `Processed` (document and facts, or why it failed) out:
  `prepare` (load, clean, describe), `Processor` (spaCy and the fact rules), `complete`
  (merge and label sentiment); `process` chains the three for one batch, as a Dask worker would;
- commit: `Committer` writes finished documents to the search index and the facts store, in
  batches that start small (the first documents are searchable within seconds) and grow.

One bad file never stops a batch. Order of writes per commit: the index first, then the store.
The store is the record of what is done, so an ingest killed between the two leaves documents
in the index that the store does not know yet; the next run drops or replaces them.
Ctrl-C and SIGTERM commit what is finished and stop; the summary counts only what was committed.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from corpus_search import clean, kinds, metadata, search
from corpus_search.config import Settings
from corpus_search.errors import IndexBusy, LoadError
from corpus_search.ingest import check_roots, iter_sources, load_bytes
from corpus_search.ingest.pages import clean_pages
from corpus_search.ingest.parts import expand
from corpus_search.models import Document, Facts, IngestSummary, Processed, Source
from corpus_search.people import corrections
from corpus_search.store import FactStore, drop_store, open_store

ProgressFn = Callable[[int, int, str], None]
Item = tuple[Source, bytes | LoadError]  # a file to process: its bytes, or why they could not be read
FIRST_COMMIT_DOCS = 8  # the first commit (and the first NLP batch) is this small, so search answers early
COMMIT_DOCS = 400  # commits then grow, COMMIT_GROWTH times each, up to this many documents
COMMIT_GROWTH = 8  # few small commits: each one costs the index a segment and a merge
COMMIT_SECONDS = 20.0  # ... or happen when this long has passed since the last one
INPROCESS_MAX_FILES = 200  # smaller ingests run the model in this process (see _Nlp)


# ---- the search index: every call this module makes to it ---------------------------------
# (kept together so that moving the index behind another interface touches only this block)
def _index_open(settings: Settings) -> search.SearchIndex:
    return search.IndexWriter(settings.whoosh_dir, procs=1)


def _index_write(writer: search.SearchIndex, items: Sequence[Processed], delete_ids: Sequence[str] = ()) -> None:
    rows = [search.index_row(i.document, i.facts) for i in items if i.document is not None and i.facts is not None]
    writer.write(rows, delete_ids=delete_ids)


def _index_stored_fields(doc: dict[str, Any], people: list[str]) -> dict[str, Any]:
    """The index fields of a document as the facts store keeps it (`reindex --from-db`)."""
    pages = [[p["page"], p["start"], p["end"]] if isinstance(p, dict) else list(p) for p in doc.get("pages") or []]
    return {"doc_id": doc["doc_id"], "root": doc["root"], "title": doc["title"], "text": doc["text"],
            "doc_type": doc["doc_type"], "date": doc["date"], "organisation": doc.get("organisation"),
            "sentiment": doc["sentiment"], "people": people, "pages": pages}


def _index_write_fields(writer: search.SearchIndex, rows: Sequence[dict[str, Any]]) -> None:
    writer.write(rows)


def _index_orphans(writer: search.SearchIndex, known: set[str]) -> set[str]:
    return writer.ids_not_in(known)


# ---- process: per-document work (runs in worker processes too) ---------------------------
def prepare(source: Source, data: bytes | LoadError) -> Processed:
    """Load, clean and describe one file. Errors become `Processed.error`."""
    if isinstance(data, LoadError):
        return Processed(source, error=str(data))
    try:
        loaded = load_bytes(data, source.suffix or Path(source.path).suffix)
        text, pages = clean_pages(loaded.pages) if loaded.pages is not None else (clean.clean(loaded.text), [])
        if not text.strip():
            raise LoadError("no text left after removing boilerplate")
    except LoadError as exc:
        return Processed(source, error=str(exc))
    except Exception as exc:  # a loader bug must not stop the batch either
        return Processed(source, error=f"could not read file ({type(exc).__name__}: {exc})")
    raw = loaded.text
    title, kind, date, organisation = metadata.describe(text, raw, loaded)
    doc = Document(
        doc_id=source.doc_id,
        path=source.path,
        root=source.root,
        content_hash=source.content_hash,
        format=loaded.format,
        raw_text=raw,
        text=text,
        title=title,
        doc_type=kind,
        date=date,
        organisation=organisation,
        words=metadata.word_count(text),
        pages=pages,
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
        from corpus_search.nlp import pipe  # long texts in chunks, not spaCy's E088

        out: list[Facts | str] = []
        extra = list(kinds.extra_extractors())
        # Every new token string would otherwise stay in the vocab for the life of the process,
        # so a worker's memory grew with the corpus (284 → 382 MB from 10k to 50k documents).
        # Facts hold plain Python strings, so nothing refers to the zone's Docs after it closes.
        with self.nlp.memory_zone():
            sdocs = pipe(self.nlp, (doc.text for doc in docs), batch_size=self.batch_size)
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
    # Ctrl-C reaches the whole process group: the parent decides what to keep and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        return pending.get

    def close(self, failed: bool) -> None:
        if self.pool is not None:
            if failed:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()


def complete(items: list[Processed], results: Sequence[Facts | str], model: Any) -> list[Processed]:
    """Attach the NLP results to the prepared items (in order) and label sentiment; RETURNS items."""
    from corpus_search.sentiment.runtime import annotate

    ready = [item for item in items if item.document is not None]
    for item, facts in zip(ready, results):
        if isinstance(facts, str):
            item.document, item.error = None, facts
        else:
            item.facts = facts
    annotate([item for item in ready if item.facts is not None], model)
    return items


def process(batch: Sequence[Item], processor: Processor, model: Any) -> list[Processed]:
    """Pure: files in, documents and facts (or the reason each failed) out. Nothing is written.

    processor (Processor): the NLP, loaded once per executor; model: the sentiment model
    (`sentiment.runtime.load_for_index`).
    """
    items = [prepare(source, data) for source, data in batch]
    docs = [item.document for item in items if item.document is not None]
    return complete(items, processor(docs) if docs else [], model)


# ---- locking ---------------------------------------------------------------------------
@dataclass
class IngestLock:
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


# ---- plan ------------------------------------------------------------------------------
def count_files(roots: list[Path]) -> int:
    from corpus_search.ingest import _walk

    return sum(1 if root.is_file() else sum(1 for _ in _walk(root)) for root in roots)


@dataclass
class Plan:
    """What an ingest of `roots` has to do, worked out as the files are read.

    `todo()` yields the files that are new or changed (with their bytes) and counts the unchanged
    ones; once it is exhausted, `removed()` gives the ids recorded under the roots that are gone.
    """

    roots: list[Path]
    known: dict[str, tuple[str, str]]  # doc_id → (content hash, root) already stored
    total: int  # supported files under the roots, plus the further documents inside them (e-mail) once read
    unchanged: int = 0
    seen: set[str] = field(default_factory=set)

    def todo(self, on_unchanged: Callable[[Source], None] | None = None) -> Iterator[Item]:
        for found in iter_sources(self.roots):
            documents = expand(*found)  # a file with documents inside it (e-mail) is one per part
            self.total += len(documents) - 1
            for source, data in documents:
                self.seen.add(source.doc_id)
                stored = self.known.get(source.doc_id)
                if stored and stored[0] == source.content_hash and not isinstance(data, LoadError):
                    self.unchanged += 1
                    if on_unchanged:
                        on_unchanged(source)
                    continue
                yield source, data

    def existed(self, doc_id: str) -> bool:
        return doc_id in self.known

    def removed(self, store: FactStore) -> tuple[list[str], list[str]]:
        """(documents, failed files) recorded under these roots whose files were not seen."""
        docs, failures = store.ids_under_roots([str(r) for r in self.roots])
        return [d for d in docs if d not in self.seen], [f for f in failures if f not in self.seen]


def plan(roots: list[Path], store: FactStore) -> Plan:
    return Plan(roots=roots, known=store.known_documents(), total=count_files(roots))


# ---- commit ----------------------------------------------------------------------------
class _Signals:
    """Ctrl-C and SIGTERM stop the ingest, but never in the middle of a commit: one that arrives
    during a commit is held until the commit is done."""

    def __init__(self) -> None:
        self.committing = False
        self.held = False
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.committing:
            self.held = True
            return
        raise KeyboardInterrupt

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def after_commit(self) -> None:
        self.committing = False
        if self.held:
            self.held = False
            raise KeyboardInterrupt


class Committer:
    """Writes finished documents to the index and the store, and keeps the summary true.

    Commits start at FIRST_COMMIT_DOCS documents and grow up to COMMIT_DOCS (or come after
    COMMIT_SECONDS). Counts reach the summary only when their commit has succeeded.
    """

    def __init__(
        self, store: FactStore, writer: search.SearchIndex, plan: Plan, summary: IngestSummary, signals: _Signals
    ) -> None:
        self.store, self.writer, self.plan, self.summary, self.signals = store, writer, plan, summary, signals
        self.pending: list[Processed] = []
        self.hashes: dict[str, str] = {}  # content hash → first doc_id, for documents not yet committed
        self.size = FIRST_COMMIT_DOCS
        self.last = time.monotonic()

    def add(self, items: list[Processed]) -> None:
        for item in items:
            if item.document is not None:
                src = item.source
                owner = self.store.hash_owner(src.content_hash, src.doc_id)
                item.document.duplicate_of = owner or self.hashes.get(src.content_hash)
                self.hashes.setdefault(src.content_hash, src.doc_id)
        self.pending.extend(items)
        if len(self.pending) >= self.size or time.monotonic() - self.last > COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write what is pending: the index first, then the store."""
        if not self.pending:
            return
        self.signals.committing = True
        try:
            failed_ids = [item.source.doc_id for item in self.pending if item.error is not None]
            _index_write(self.writer, self.pending, delete_ids=failed_ids)
            self.store.save_batch(self.pending)
            self._count(self.pending)
            self.pending = []
            self.hashes.clear()
            self.size = min(COMMIT_DOCS, self.size * COMMIT_GROWTH)
            self.last = time.monotonic()
        except BaseException:
            self.signals.committing = False  # the error itself is what the caller must see
            raise
        self.signals.after_commit()

    def _count(self, items: list[Processed]) -> None:
        for item in items:
            if item.error is not None:
                self.summary.failed.append({"path": item.source.path, "reason": item.error})
                continue
            assert item.document is not None
            self.summary.words += item.document.words
            if self.plan.existed(item.source.doc_id):
                self.summary.updated += 1
            else:
                self.summary.added += 1

    def remove_gone(self) -> None:
        gone, gone_failures = self.plan.removed(self.store)
        self.signals.committing = True
        try:
            if gone:
                _index_write(self.writer, [], delete_ids=gone)
            if gone or gone_failures:
                self.store.delete_documents(gone + gone_failures)
            self.summary.removed = len(gone)
        except BaseException:
            self.signals.committing = False
            raise
        self.signals.after_commit()


# ---- the run ---------------------------------------------------------------------------
def ingest(
    paths: list[Path],
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
) -> IngestSummary:
    """Bring the index home up to date with the files under `paths`.

    RETURNS (IngestSummary): what was committed: counts, failures, words and seconds;
    `interrupted` if stopped by Ctrl-C or SIGTERM (what was finished by then is committed).
    """
    started = time.perf_counter()
    roots = check_roots(paths)
    summary = IngestSummary()
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with IngestLock(settings.lock_path), _Signals() as signals:
        if rebuild:
            shutil.rmtree(settings.whoosh_dir, ignore_errors=True)
            drop_store(settings.db_path, settings.db_url)
        store = open_store(settings.db_path, create=True, url=settings.db_url)
        writer = _index_open(settings)
        try:
            _reconcile(store, writer)
            todo = plan(roots, store)
            committer = Committer(store, writer, todo, summary, signals)
            try:
                if settings.dask:
                    from corpus_search.cluster import run_on_dask

                    run_on_dask(todo, settings, committer, progress)
                else:
                    _run(todo, settings, committer, progress)
                committer.remove_gone()
                # Identity across documents, over the whole store, with the user's corrections.
                store.reconcile_people(corrections.load(corrections.path_in(settings.index_dir)))
            except KeyboardInterrupt:
                summary.interrupted = True
                committer.commit()
            summary.unchanged = todo.unchanged
            store.set_meta("last_ingest", time.strftime("%Y-%m-%dT%H:%M:%S"))
        finally:
            writer.close()
            store.close()
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def reindex_from_store(settings: Settings, progress: ProgressFn | None = None) -> int:
    """Build the local search index afresh from the facts store's documents and their people,
    without running the NLP (an analyst searching a shared PostgreSQL corpus). RETURNS documents indexed."""
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with IngestLock(settings.lock_path):
        store = open_store(settings.db_path, url=settings.db_url)
        try:
            total = store.totals()[0]
            shutil.rmtree(settings.whoosh_dir, ignore_errors=True)
            writer = _index_open(settings)
            done, rows = 0, []
            try:
                for doc in store.documents():
                    rows.append(_index_stored_fields(doc, store.people_in(doc["doc_id"])))
                    done += 1
                    if progress:
                        progress(done, total, doc["doc_id"])
                    if len(rows) >= COMMIT_DOCS:
                        _index_write_fields(writer, rows)
                        rows = []
                _index_write_fields(writer, rows)
            finally:
                writer.close()
        finally:
            store.close()
    return done


def _reconcile(store: FactStore, writer: search.SearchIndex) -> None:
    """Drop index entries the store does not know: left by a run killed between the two writes."""
    orphans = _index_orphans(writer, set(store.known_documents()))
    if orphans:
        _index_write(writer, [], delete_ids=sorted(orphans))


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Batches of `size` files; the first one no bigger than FIRST_COMMIT_DOCS."""
    batch: list[Item] = []
    limit = min(size, FIRST_COMMIT_DOCS)
    for item in items:
        batch.append(item)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], size
    if batch:
        yield batch


def _run(todo: Plan, settings: Settings, committer: Committer, progress: ProgressFn | None) -> None:
    """Process the planned files and hand them to the committer as they finish.

    Reading, cleaning, sentiment and the writes happen here while the model works on the batches
    in flight: enough of them queued that an index commit (with its segment merges) does not
    leave the NLP processes idle, and few enough that memory stays flat.
    """
    from corpus_search.sentiment.runtime import load_for_index

    done = 0

    def tick(doc_id: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, todo.total, doc_id)

    nlp = _Nlp(settings, in_process=todo.total <= INPROCESS_MAX_FILES)
    model = None
    depth = 1 if nlp.in_process else max(4, 3 * settings.workers)  # in-process: nothing to overlap
    inflight: deque[tuple[list[Processed], Callable[[], list[Facts | str]]]] = deque()

    def finish() -> None:
        nonlocal model
        items, result = inflight.popleft()
        model = model or load_for_index(settings.index_dir)
        complete(items, result(), model)
        for item in items:
            tick(item.source.doc_id)
        committer.add(items)

    failed = True
    try:
        for batch in _batches(todo.todo(on_unchanged=lambda s: tick(s.doc_id)), settings.batch_size):
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
    committer.commit()


__all__ = [
    "Committer", "Plan", "Processor",
    "complete", "count_files", "ingest", "plan", "prepare", "process",
    "reindex_from_store",
]
