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

import contextlib
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from corpus_search import clean, homes, kinds, metadata, search
from corpus_search.config import Settings
from corpus_search.errors import LoadError
from corpus_search.homes import IngestLock
from corpus_search.ingest import check_roots, iter_sources, load_bytes
from corpus_search.ingest.pages import clean_pages
from corpus_search.ingest.parts import expand
from corpus_search.models import Document, Facts, IngestSummary, Processed, Source
from corpus_search.nlp import Analysis
from corpus_search.people import corrections
from corpus_search.repair import fill_missing, reindex_from_store, restore_index, stored_fields
from corpus_search.roots import RootMoves
from corpus_search.store import FactStore, drop_store, is_server_url, open_store

ProgressFn = Callable[[int, int, str], None]
Item = tuple[Source, bytes | LoadError]  # a file to process: its bytes, or why they could not be read
FIRST_COMMIT_DOCS = 8  # the first commit (and the first NLP batch) is this small, so search answers early
COMMIT_DOCS = 400  # commits then grow, COMMIT_GROWTH times each, up to this many documents
COMMIT_GROWTH = 8  # few small commits: each one costs the index a segment and a merge
COMMIT_SECONDS = 20.0  # ... or happen when this long has passed since the last one
INPROCESS_MAX_FILES = 200  # smaller ingests run the model in this process (see _Nlp)
# Batches in the NLP workers' queue: a commit of COMMIT_DOCS here takes 3-4 s (Whoosh writes its
# postings in Python) and a batch about 1 s in a worker, so 8 keep one worker busy through it.
QUEUED_BATCHES = 8
ZONE_DOCS = 2000  # an NLP worker's documents whose new words share one spaCy memory zone (Processor._analyse)


# ---- the search index: every call this module makes to it ---------------------------------
# (kept together so that moving the index behind another interface touches only this block)
def _index_open(whoosh_dir: Path) -> search.SearchIndex:
    return search.IndexWriter(whoosh_dir, procs=1)


def _index_write(writer: search.SearchIndex, items: Sequence[Processed], delete_ids: Sequence[str] = ()) -> None:
    rows = [search.index_row(i.document, i.facts) for i in items if i.document is not None and i.facts is not None]
    writer.write(rows, delete_ids=delete_ids)


def _index_write_fields(
    writer: search.SearchIndex, rows: Sequence[dict[str, Any]], delete_ids: Sequence[str] = ()
) -> None:
    writer.write(rows, delete_ids=delete_ids)


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
    """The NLP side: spaCy, then the fact rules, for batches of prepared documents.

    Runs in worker processes for large ingests (corpus_search/workers.py), so that reading,
    cleaning, sentiment and the index and store writes, which stay in the main process, overlap
    with the model on another core. Each batch runs under the NLP clock (`workers.guarded`):
    `seconds_per_doc` per document it holds (default: limits' nlp_seconds_per_doc).
    `analyse` is the model's half alone, for a worker whose caller runs the rules (_Nlp).
    """

    def __init__(self, settings: Settings, seconds_per_doc: float | None = None, zone_docs: int = 0) -> None:
        from corpus_search import nlp
        from corpus_search.ingest import limits

        self.settings = settings
        self.nlp = nlp.load(settings.spacy_model)
        self.batch_size = settings.batch_size
        self.seconds_per_doc = limits.current().nlp_seconds_per_doc if seconds_per_doc is None else seconds_per_doc
        self.zone_docs = zone_docs
        self._zone: contextlib.ExitStack | None = None  # the open spaCy memory zone (see _analyse)
        self._zone_held = 0

    def __call__(self, docs: list[Document]) -> list[Facts | str]:
        """Facts for each document, or why its NLP failed (a string) for that document."""
        from corpus_search.workers import guarded

        return guarded(self._facts, docs, self.seconds_per_doc, self.reload)

    def analyse(self, docs: list[Document]) -> list[Analysis | str]:
        """The model's Analysis of each document, or why its NLP failed (a string)."""
        from corpus_search.workers import guarded

        return guarded(self._analyse, docs, self.seconds_per_doc, self.reload)

    def reload(self) -> None:
        """A fresh pipeline, after a batch was interrupted half-way (by the clock or an error)."""
        from corpus_search import nlp

        with contextlib.suppress(Exception):  # the zone of a pipeline thrown away mid-batch
            self._end_zone()
        nlp.load.cache_clear()
        self.nlp = nlp.load(self.settings.spacy_model)

    def _analyse(self, docs: list[Document]) -> list[Analysis | str]:
        from corpus_search.nlp import analyse, pipe  # long texts in chunks, not spaCy's E088

        # Every new token string would otherwise stay in the vocab (and the tokenizer's cache) for
        # the life of the process, so a worker's memory grew with the corpus (284 → 382 MB from 10k
        # to 50k documents). A memory zone frees them, but the next documents' words must then be
        # looked up and analysed again: a zone per batch made tokenizing a third dearer (1,000
        # documents: 3.7 s against 2.7 s). So a process whose pipeline is ours alone (an NLP worker)
        # keeps one zone open over `zone_docs` documents; elsewhere (zone_docs 0) a zone holds one
        # call, since Docs that other code made with the same cached pipeline while a zone was open
        # would be freed with it. An Analysis holds plain Python strings, so nothing refers to a
        # zone's Docs after it closes.
        if self._zone is None:
            self._zone = contextlib.ExitStack()
            self._zone.enter_context(self.nlp.memory_zone())
            self._zone_held = 0
        try:
            return [analyse(sdoc) for sdoc in pipe(self.nlp, (doc.text for doc in docs), batch_size=self.batch_size)]
        finally:
            self._zone_held += len(docs)
            if self._zone_held >= self.zone_docs:
                self._end_zone()

    def _end_zone(self) -> None:
        zone, self._zone = self._zone, None
        if zone is not None:
            zone.close()

    def _facts(self, docs: list[Document]) -> list[Facts | str]:
        return run_rules(docs, self._analyse(docs))


def run_rules(docs: Sequence[Document], analyses: Sequence[Analysis | str]) -> list[Facts | str]:
    """The fact rules (facts.extract and the kinds with their own extractor) over each document's
    Analysis; a string (why its NLP failed) passes through, and so does a rule's own failure."""
    from corpus_search.facts.extract import extract

    out: list[Facts | str] = []
    extra = list(kinds.extra_extractors())
    for doc, analysis in zip(docs, analyses):
        if isinstance(analysis, str):
            out.append(analysis)
            continue
        try:
            facts = extract(doc, analysis)
            for kind in extra:
                facts.extra[kind.plural] = list(kind.extractor(doc, analysis))  # type: ignore[misc]
            out.append(facts)
        except Exception as exc:  # an extraction bug is reported against the file, not fatal
            out.append(f"fact extraction failed ({type(exc).__name__}: {exc})")
    return out


# The ingesting process runs the fact rules itself when it serves this many NLP workers or fewer.
# With one worker the worker is the critical path (its model time is the ingest's time) and this
# process is idle two thirds of the time (1,000 documents: 18 s of CPU here against 41 s in the
# worker), so the rules (about 13 % of the worker's time) cost the run nothing here. With two or
# more, this process would become the one the workers wait for.
RULES_HERE_UP_TO_WORKERS = 1


class _Nlp:
    """Where the NLP runs: in this process for small jobs, else in `workers` worker processes
    (workers.WorkerPool: a worker that dies or overruns is replaced, and only its document fails).

    A child process costs a model load (about a second) and some pickling, which only pays off when
    there is enough work to overlap; below INPROCESS_MAX_FILES documents everything stays here.
    With up to RULES_HERE_UP_TO_WORKERS workers they run only the model and send back Analyses;
    the fact rules run here, under the same clock per document, when a batch's results are taken.
    """

    def __init__(self, settings: Settings, in_process: bool) -> None:
        from corpus_search.ingest import limits

        self.settings = settings
        self.in_process = in_process
        self.pool: WorkerPool | None = None
        self.local: Processor | None = None
        self.seconds_per_doc = limits.current().nlp_seconds_per_doc
        self.rules_here = not in_process and settings.workers <= RULES_HERE_UP_TO_WORKERS
        if not in_process:
            from corpus_search.workers import WorkerPool

            self.pool = WorkerPool(settings, settings.workers, self.seconds_per_doc, rules=not self.rules_here)

    def submit(self, docs: list[Document]) -> Callable[[], list[Facts | str]]:
        """Start work on a batch; the returned function waits for and gives its results."""
        if self.pool is None:
            local = self.local = self.local or Processor(self.settings)
            return lambda: local(docs)
        # The worker does not need the raw text: do not pickle it across.
        wait = self.pool.submit([replace(doc, raw_text="") for doc in docs])
        if not self.rules_here:
            return wait  # type: ignore[return-value]
        return lambda: self._rules(docs, wait())

    def _rules(self, docs: list[Document], results: Sequence[Any]) -> list[Facts | str]:
        """The rules over a batch's Analyses (`results`: the pool's, Analysis or str), under the
        NLP clock here: a document whose rules overrun fails alone, as in a worker."""
        from corpus_search.workers import guarded

        analysed: dict[int, Analysis | str] = {id(doc): r for doc, r in zip(docs, results)}

        def run(some: list[Document]) -> list[Facts | str]:
            return run_rules(some, [analysed[id(d)] for d in some])

        return guarded(run, docs, self.seconds_per_doc, lambda: None)

    def warm(self) -> None:
        """Import the fact rules here now, if they run here (a second of compiling their
        patterns), while the workers are still loading the model."""
        if self.rules_here:
            import corpus_search.facts.extract  # noqa: F401

    def close(self, failed: bool) -> None:
        """Stop the workers (at once if `failed`); again is a no-op."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.close(failed)


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
    moves: RootMoves = field(default_factory=lambda: RootMoves(set(), {}, {}))

    def todo(self, on_unchanged: Callable[[Source], None] | None = None) -> Iterator[Item]:
        """New or changed documents with their bytes (a file with documents inside it, an e-mail, is
        one per part: ingest/parts.py); unchanged ones are counted (and re-pointed when they were
        recorded under another root), and a new one holding a document of a root that no longer
        exists takes that document over (roots.py) instead of being processed."""
        for found in iter_sources(self.roots):
            documents = expand(*found)
            self.total += len(documents) - 1
            for source, data in documents:
                self.seen.add(source.doc_id)
                stored = self.known.get(source.doc_id)
                if not isinstance(data, LoadError):
                    if stored and stored[0] == source.content_hash:
                        self.moves.same_id(source, stored[1])
                    elif stored or not self.moves.adopt(source):
                        self.moves.claim(source.doc_id)
                        yield source, data
                        continue
                    self.unchanged += 1
                    if on_unchanged:
                        on_unchanged(source)
                    continue
                self.moves.claim(source.doc_id)
                yield source, data

    def existed(self, doc_id: str) -> bool:
        return doc_id in self.known

    def removed(self, store: FactStore) -> tuple[list[str], list[str]]:
        """(documents, failed files) recorded under these roots whose files were not seen, and
        what is left of the roots that moved here (their files are gone)."""
        docs, failures = store.ids_under_roots([str(r) for r in self.roots])
        gone_docs, gone_failures = store.ids_under_roots(sorted(self.moves.moved_from))
        return ([d for d in docs if d not in self.seen] + gone_docs,
                [f for f in failures if f not in self.seen] + gone_failures)


def plan(roots: list[Path], store: FactStore, total: int | None = None) -> Plan:
    """The Plan of an ingest of `roots` into `store`; total: count_files(roots), if counted already."""
    known = store.known_documents()
    moves = RootMoves.plan(known, store.roots(), [str(r) for r in roots])
    return Plan(roots=roots, known=known, total=count_files(roots) if total is None else total, moves=moves)


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

    def add(self, items: list[Processed], now: bool = False) -> None:
        """Take finished items; commit when enough are pending (or `now`)."""
        for item in items:
            if item.document is not None:
                src = item.source
                owner = self.store.hash_owner(src.content_hash, src.doc_id)
                item.document.duplicate_of = owner or self.hashes.get(src.content_hash)
                self.hashes.setdefault(src.content_hash, src.doc_id)
        self.pending.extend(items)
        if now or len(self.pending) >= self.size or time.monotonic() - self.last > COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write what is pending: the index first, then the store; documents of moved roots first."""
        moves = self.plan.moves.take()
        if not self.pending and not moves:
            return
        self.signals.committing = True
        try:
            if moves:
                self._move(moves)
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

    def _move(self, moves: list[tuple[str, str, str, str]]) -> None:
        """Re-point documents found under a moved root: a new id is written to the index from
        the store (no NLP) and the old one dropped; then the store follows."""
        for i in range(0, len(moves), COMMIT_DOCS):
            part = moves[i : i + COMMIT_DOCS]
            renamed = [m for m in part if m[0] != m[1]]
            rows = []
            for old, new, root, _ in renamed:
                doc = self.store.document(old)
                if doc is not None:
                    rows.append(stored_fields(dict(doc, doc_id=new, root=root), self.store.people_in(old)))
            if renamed:
                _index_write_fields(self.writer, rows, delete_ids=[m[0] for m in renamed])
            self.store.repoint(part)
            self.summary.moved += len(part)

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

    def remove_gone(self, prune: bool = False) -> None:
        """Drop what is gone from the roots of this ingest; with `prune`, also everything recorded
        under roots that no longer exist."""
        gone, gone_failures = self.plan.removed(self.store)
        if prune:
            from corpus_search.roots import missing

            stale = [r["root"] for r in missing(self.store.roots())]
            more, more_failures = self.store.ids_under_roots(stale)
            gone, gone_failures = sorted(set(gone) | set(more)), sorted(set(gone_failures) | set(more_failures))
        self.signals.committing = True
        try:
            if gone:
                _index_write(self.writer, [], delete_ids=gone)
            if gone or gone_failures:
                self.store.delete_documents(gone + gone_failures)
            self.summary.removed += len(gone)
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
    prune: bool = False,
    progress: ProgressFn | None = None,
) -> IngestSummary:
    """Bring the index home up to date with the files under `paths`.

    rebuild: build a new index beside the old one and swap it in at the end (homes.py); prune:
    drop the documents of recorded roots that no longer exist (`paths` may then be empty).
    RETURNS (IngestSummary): what was committed: counts, failures, words and seconds;
    `interrupted` if stopped by Ctrl-C or SIGTERM (what was finished by then is committed; an
    interrupted rebuild is abandoned and the old index left as it was: `rebuild_abandoned`).
    Raises homes.DiskProblem (one line) when the disk refuses: full, read-only, permission, damage.
    """
    started = time.perf_counter()
    roots = check_roots(paths)
    summary = IngestSummary()
    homes.check_writable(settings)
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        with IngestLock(settings.lock_path), _Signals() as signals:
            homes.clean_leftovers(settings)
            target = homes.beside(settings) if rebuild else homes.live(settings)
            try:
                _ingest_into(target, roots, settings, summary, signals, prune, progress)
            except KeyboardInterrupt:  # before or after the part that commits what is finished
                summary.interrupted = True
                if target.rebuilding:
                    _abandon(target, settings, summary)
            except BaseException:
                if target.rebuilding:
                    homes.discard(target, settings)
                raise
    except (OSError, sqlite3.DatabaseError) as exc:
        explained = homes.explain(exc, settings, committed=summary.added + summary.updated)
        if explained is None:
            raise
        raise explained from exc
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _ingest_into(
    target: homes.Target, roots: list[Path], settings: Settings, summary: IngestSummary,
    signals: _Signals, prune: bool, progress: ProgressFn | None,
) -> None:
    server = is_server_url(settings.db_url)
    if target.rebuilding and server:
        drop_store(settings.db_path, settings.db_url)  # a shared server store is emptied, not built beside
    total = count_files(roots)
    # Started first: the NLP workers load the model (two to three seconds) while the store and the
    # index are opened and the run is planned, not after.
    nlp = None if settings.dask else _Nlp(settings, in_process=total <= INPROCESS_MAX_FILES)
    try:
        _ingest_with(target, roots, settings, summary, signals, prune, progress, nlp, total)
    finally:
        if nlp is not None:
            nlp.close(failed=True)  # only if _run has not closed it already (an error before it)


def _ingest_with(
    target: homes.Target, roots: list[Path], settings: Settings, summary: IngestSummary,
    signals: _Signals, prune: bool, progress: ProgressFn | None, nlp: _Nlp | None, total: int,
) -> None:
    """_ingest_into's run, with the NLP started (None: on Dask); swaps a finished rebuild in."""
    server = is_server_url(settings.db_url)
    store = open_store(target.db_path, create=True, url=settings.db_url)
    try:
        if not target.rebuilding:
            summary.reindexed += restore_index(store, settings)
        writer = _index_open(target.whoosh_dir)
        try:
            _reconcile(store, writer)
            if not target.rebuilding:
                summary.reindexed += fill_missing(store, writer)
            todo = plan(roots, store, total)
            committer = Committer(store, writer, todo, summary, signals)
            try:
                if nlp is None:
                    from corpus_search.cluster import run_on_dask

                    run_on_dask(todo, settings, committer, progress)
                else:
                    _run(todo, settings, nlp, committer, progress)
                committer.remove_gone(prune=prune)
                # Identity across documents, over the whole store, with the user's corrections.
                store.reconcile_people(corrections.load(corrections.path_in(settings.index_dir)))
            except KeyboardInterrupt:
                summary.interrupted = True
                committer.commit()
            summary.unchanged = todo.unchanged
            store.set_meta("last_ingest", time.strftime("%Y-%m-%dT%H:%M:%S"))
            from corpus_search.roots import missing

            summary.missing_roots = missing(store.roots())
        finally:
            writer.close()
    finally:
        store.close()
    if target.rebuilding:
        if summary.interrupted:
            _abandon(target, settings, summary)
        else:
            homes.swap(target, settings, store=not server)


def _abandon(target: homes.Target, settings: Settings, summary: IngestSummary) -> None:
    """An interrupted rebuild: thrown away, the live index untouched. The summary says so, not what
    the new index held, since none of it reached the live one."""
    homes.discard(target, settings)
    fresh = IngestSummary(interrupted=True, rebuild_abandoned=True)
    for f in fields(IngestSummary):
        setattr(summary, f.name, getattr(fresh, f.name))


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


def _run(todo: Plan, settings: Settings, nlp: _Nlp, committer: Committer, progress: ProgressFn | None) -> None:
    """Process the planned files and hand them to the committer as they finish.

    Reading, cleaning, sentiment and the writes happen here while the model works on the batches
    in flight: enough of them queued that an index commit does not leave the NLP processes idle
    (QUEUED_BATCHES), and few enough that memory stays flat. With one worker, this process has
    time to spare: once every batch is queued, each one that comes back is committed at once,
    overlapping with those still in the worker, so the last commit, which nothing overlaps, holds
    only the last batch (with more workers this process is the busy one and the extra commits
    would cost their time).
    """
    from corpus_search.sentiment.runtime import load_for_index

    done = 0

    def tick(doc_id: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, todo.total, doc_id)

    model = None
    depth = 1 if nlp.in_process else max(QUEUED_BATCHES, 3 * settings.workers)  # in-process: nothing to overlap
    inflight: deque[tuple[list[Processed], Callable[[], list[Facts | str]]]] = deque()

    def finish(draining: bool = False) -> None:
        nonlocal model
        items, result = inflight.popleft()
        model = model or load_for_index(settings.index_dir)
        complete(items, result(), model)
        for item in items:
            tick(item.source.doc_id)
        committer.add(items, now=draining and nlp.rules_here and bool(inflight))

    failed = True
    try:
        for batch in _batches(todo.todo(on_unchanged=lambda s: tick(s.doc_id)), settings.batch_size):
            items = [prepare(source, data) for source, data in batch]
            docs = [item.document for item in items if item.document is not None]
            inflight.append((items, nlp.submit(docs) if docs else lambda: []))
            if model is None and not nlp.in_process:
                model = load_for_index(settings.index_dir)  # while the workers load spaCy
                nlp.warm()
            while len(inflight) >= depth:
                finish()
        while inflight:
            finish(draining=True)
        failed = False
    finally:
        nlp.close(failed)
    committer.commit()


__all__ = [
    "Committer", "IngestLock", "Plan", "Processor",
    "complete", "count_files", "ingest", "plan", "prepare", "process",
    "reindex_from_store",
]
