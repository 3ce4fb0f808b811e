"""NLP worker processes that one document cannot take down with the run.

`WorkerPool` runs `pipeline.Processor` (spaCy and the fact rules, or with `rules=False` spaCy alone,
each document's `nlp.Analysis` going back for the caller to run the rules on) in child processes,
one batch of documents per worker at a time, for `ingest --workers N` on more than a few hundred files.

- **The clock.** Inside each worker (and in-process for small ingests) `guarded` gives a batch
  `nlp_seconds_per_doc` (ingest/limits.py) for every document it holds, by SIGALRM in the
  process's main thread, as the loaders' clock does. A batch that runs over, or that spaCy
  raises on, is tried again one document at a time, each with its own allowance, so only the
  slow or bad document fails ("NLP exceeded 300 s (the limit per document)"). The pipeline is
  loaded afresh after an interruption: nothing half-done in spaCy is used again.
- **A worker that dies** (SIGKILL from the OOM killer, a segfault in a C extension) is replaced
  by a fresh process, and the batch it held is retried one document per job. A document is
  recorded as failed when a worker died holding it alone after dying once already with it:
  "the NLP worker died (signal 9) while processing this file". A worker killed from outside
  once therefore costs nothing but time: every document it held lands.
- **The parent's deadline** (twice the batch's allowance plus `GRACE_SECONDS`) is for a worker
  stuck where the alarm cannot reach it (one call into C that never returns): the worker is
  killed and treated as dead, and a document alone past it fails as over its time.
- **Orphaned workers exit quietly.** A worker whose ingest is gone (killed on its own) sees its
  connection close at once and leaves with `os._exit(0)`, even in the middle of a batch; a
  reply to an ingest that has gone is dropped the same way, so no BrokenPipeError traceback
  ever reaches the terminal.

A dispatcher thread in the parent sends the batches and reads the replies, so the workers keep
working while the main thread reads files and commits; the main thread waits for each batch on
a Future, in short waits, so Ctrl-C and SIGTERM are seen at once.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing import connection
from typing import Any, TypeVar

from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, LoadError
from corpus_search.ingest.limits import time_limit
from corpus_search.models import Document, Facts
from corpus_search.nlp import Analysis

Result = Facts | Analysis | str  # a document's facts (or its Analysis: rules=False), or why its NLP failed
R = TypeVar("R")
GRACE_SECONDS = 60.0  # added to the parent's deadline for a batch (a fresh model load, a loaded machine)
START_FAILURES = 3  # workers dying in a row before they are ready: the run stops with the reason
OVERRUN = "NLP exceeded {seconds:g} s (the limit per document)"


class WorkersFailed(CorpusSearchError):
    """The NLP worker processes cannot be started."""


# ---- the clock, for one batch, wherever it runs -----------------------------------------------
def guarded(
    run: Callable[[list[Document]], list[R]],
    docs: list[Document],
    seconds_per_doc: float,
    reset: Callable[[], None],
) -> list[R | str]:
    """`run(docs)` within `seconds_per_doc` × len(docs) (0: no limit); a batch that runs over or
    raises is run again document by document. RETURNS one result per document, in order.

    reset: called after an interrupted or failed run, before the next (loads a fresh pipeline).
    """
    if not docs:
        return []
    try:
        with time_limit(seconds_per_doc * len(docs), message=OVERRUN.format(seconds=seconds_per_doc)):
            done: list[R | str] = [*run(docs)]
            return done
    except LoadError as exc:  # the clock
        reason = str(exc)
    except Exception as exc:  # spaCy refusing a text: only that text's document fails
        reason = f"NLP failed ({type(exc).__name__}: {exc})"
    reset()
    if len(docs) == 1:
        return [reason]
    return [result for doc in docs for result in guarded(run, [doc], seconds_per_doc, reset)]


def _how(exitcode: int | None) -> str:
    return f"died (signal {-exitcode})" if exitcode is not None and exitcode < 0 else f"exited (code {exitcode})"


def death_reason(exitcode: int | None) -> str:
    """Why a document a worker died holding (alone, the second time) failed."""
    return f"the NLP worker {_how(exitcode)} while processing this file"


# ---- the worker process ------------------------------------------------------------------------
def _serve(conn: Any, settings: Settings, seconds_per_doc: float, rules: bool = True) -> None:
    """A worker's life: load the model, then answer batches until told to stop or orphaned.

    rules: answer with each document's Facts; False: with its Analysis (the model's half alone).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent decides
    _watch_parent(conn)
    try:
        from corpus_search.pipeline import ZONE_DOCS, Processor

        processor = Processor(settings, seconds_per_doc, zone_docs=ZONE_DOCS)  # its pipeline is its own
        processor.nlp("Warm up the model, so that its first batch is not charged for this.")
    except BaseException as exc:  # no model, a broken install: the parent raises it
        _send(conn, ("fatal", _portable(exc)))
        os._exit(1)
    _send(conn, ("ready", os.getpid()))
    answer: Callable[[list[Document]], Sequence[Result]] = processor if rules else processor.analyse
    while True:
        try:
            docs = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if docs is None:
            os._exit(0)
        _send(conn, ("done", answer(docs)))


def _send(conn: Any, message: object) -> None:
    try:
        conn.send(message)
    except (OSError, EOFError):  # the parent has gone: leave without a word
        os._exit(0)


def _watch_parent(conn: Any) -> None:
    """Exit at once, silently, when the ingest that started this worker has gone.

    Watched on the worker's end of its connection (the ingest's end closes when it dies), not by
    parent pid: the forkserver that forks the workers lives on while any of them does.
    """
    if not hasattr(select, "POLLRDHUP"):
        return  # elsewhere than Linux an orphan leaves when its next reply finds no one to read it
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLRDHUP)

    def watch() -> None:
        while True:
            for _, events in poller.poll(1000):
                if events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


# ---- the parent's side -------------------------------------------------------------------------
@dataclass(eq=False)
class _Task:
    """One submitted batch: its documents, their results as they come, and its Future."""

    docs: list[Document]
    results: list[Result | None]
    deaths: list[int]  # how many dead workers held each document
    left: int
    future: Future[list[Result]] = field(default_factory=Future)


@dataclass(eq=False)
class _Job:
    """Some of a task's documents, sent to one worker together."""

    task: _Task
    indices: list[int]


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any
    pid: int | None = None  # known once the worker is ready
    job: _Job | None = None
    deadline: float | None = None


class WorkerPool:
    """`size` NLP worker processes, replaced when they die; see the module's description.

    seconds_per_doc (float): the NLP clock per document (0: none); grace (float): added to the
    parent's deadline for a batch; rules (bool): the workers run the fact rules too (results are
    Facts), else only the model (results are Analyses).
    """

    def __init__(
        self, settings: Settings, size: int, seconds_per_doc: float, grace: float = GRACE_SECONDS, rules: bool = True
    ) -> None:
        import multiprocessing

        # forkserver: children start from a clean interpreter, not a copy of this one with its
        # open SQLite and Whoosh handles.
        self._ctx = multiprocessing.get_context("forkserver")
        # What the forkserver imports before forking workers: their own module, not `__main__` (for
        # the CLI that is typer and every command, 0.15 s before each first worker starts loading).
        self._ctx.set_forkserver_preload(["corpus_search.workers"])
        self.settings, self.seconds_per_doc, self.grace, self.rules = settings, seconds_per_doc, grace, rules
        self.replaced = 0  # workers started to replace one that died or overran
        self._incoming: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._queue: deque[_Job] = deque()
        self._tasks: list[_Task] = []
        self._error: BaseException | None = None
        self._stop = False
        self._start_failures = 0
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._workers = [self._start() for _ in range(max(1, size))]
        self._thread = threading.Thread(target=self._loop, name="nlp-dispatch", daemon=True)
        self._thread.start()

    # -- the main thread's calls
    def submit(self, docs: Sequence[Document]) -> Callable[[], list[Result]]:
        """Queue a batch; the returned function waits for its results (one per document)."""
        if self._error is not None:
            raise self._error
        n = len(docs)
        task = _Task(list(docs), [None] * n, [0] * n, n)
        if not n:
            task.future.set_result([])
        else:
            self._incoming.put(task)
            self._wake()

        def wait() -> list[Result]:
            while True:
                try:
                    return task.future.result(timeout=0.5)  # short waits: signals are seen at once
                except TimeoutError:
                    if self._error is not None:
                        raise self._error from None

        return wait

    def pids(self) -> list[int]:
        """The process ids of the workers that are ready."""
        return [w.pid for w in list(self._workers) if w.pid is not None]

    def close(self, failed: bool = False) -> None:
        """Stop the workers: politely when all went well, at once (SIGKILL) when not."""
        self._stop = True
        self._wake()
        self._thread.join(timeout=30)
        for w in self._workers:
            if not failed:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            elif w.process.is_alive():
                w.process.kill()
        for w in self._workers:
            w.process.join(timeout=10)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self._workers = []
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b".")

    # -- the dispatcher thread
    def _loop(self) -> None:
        try:
            while not self._stop:
                while True:
                    try:
                        task = self._incoming.get_nowait()
                    except queue.Empty:
                        break
                    self._tasks.append(task)
                    self._queue.append(_Job(task, list(range(len(task.docs)))))
                self._dispatch()
                self._poll()
        except BaseException as exc:  # nothing may hang the main thread's waits
            self._error = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
            for task in self._tasks:
                if not task.future.done():
                    task.future.set_exception(self._error)
            self._tasks = []

    def _dispatch(self) -> None:
        for w in list(self._workers):
            if not self._queue:
                return
            if w.pid is None or w.job is not None:
                continue
            job = self._queue.popleft()
            try:
                w.conn.send([job.task.docs[i] for i in job.indices])
            except OSError:  # it died before it was given anything: the job waits for another
                self._queue.appendleft(job)
                self._lost(w)
                continue
            w.job = job
            if self.seconds_per_doc:
                w.deadline = time.monotonic() + 2 * self.seconds_per_doc * len(job.indices) + self.grace

    def _poll(self) -> None:
        workers = list(self._workers)
        waits: list[Any] = [self._wake_r]
        for w in workers:
            waits += [w.conn, w.process.sentinel]
        deadlines = [w.deadline for w in workers if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = connection.wait(waits, timeout)
        if self._wake_r in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(self._wake_r, 4096)
        for w in workers:
            if w.conn in ready:
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    self._lost(w)
                    continue
                self._message(w, message)
            elif w.process.sentinel in ready:
                self._lost(w)
        now = time.monotonic()
        for w in list(self._workers):
            if w.deadline is not None and now > w.deadline:
                self._lost(w, overran=True)

    def _message(self, w: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            w.pid = message[1]
            self._start_failures = 0
        elif kind == "done":
            job, w.job, w.deadline = w.job, None, None
            assert job is not None
            self._fill(job, message[1])
        elif kind == "fatal":
            self._stop = True
            raise message[1]

    def _fill(self, job: _Job, results: Sequence[Result]) -> None:
        task = job.task
        for i, result in zip(job.indices, results):
            task.results[i] = result
            task.left -= 1
        if task.left == 0:
            self._tasks.remove(task)
            task.future.set_result(task.results)  # type: ignore[arg-type]

    def _lost(self, w: _Worker, overran: bool = False) -> None:
        """A worker died or overran: replace it and decide what becomes of the job it held."""
        if w not in self._workers:
            return
        self._workers.remove(w)
        if w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=10)
        w.conn.close()
        if w.pid is None:
            self._start_failures += 1
            if self._start_failures >= START_FAILURES:
                how = _how(w.process.exitcode)
                raise WorkersFailed(f"the NLP worker processes keep dying as they start (the last {how})")
        if not self._stop:  # first, so that the replacement loads while the job is seen to
            self._workers.append(self._start())
            self.replaced += 1
        job = w.job
        if job is not None:
            task = job.task
            reason = OVERRUN.format(seconds=self.seconds_per_doc) if overran else death_reason(w.process.exitcode)
            for i in job.indices:
                task.deaths[i] += 1
            if len(job.indices) == 1 and (overran or task.deaths[job.indices[0]] >= 2):
                self._fill(job, [reason])
            else:  # one document per job from now on, ahead of everything else
                self._queue.extendleft(_Job(task, [i]) for i in reversed(job.indices))

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_serve, args=(child_end, self.settings, self.seconds_per_doc, self.rules),
            name="corpus-search-nlp", daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)


__all__ = ["OVERRUN", "WorkerPool", "WorkersFailed", "death_reason", "guarded"]
