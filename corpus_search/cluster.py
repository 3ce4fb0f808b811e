"""`ingest --dask`: the per-document work (`pipeline.process`) on a Dask cluster.

The writer stays here: this process plans the ingest, reads the files, sends batches of (source,
bytes) to the workers and commits what comes back, as it finishes (`as_completed`), through the
same `Committer` as a local ingest, so incremental semantics, failure records, progress and the
summary do not change. Each worker loads spaCy once, through a worker plugin that also carries the
sentiment model this index home uses (so a user-trained model is used on every machine).

A worker that dies mid-task loses nothing: the scheduler gives its tasks to another worker. A batch
whose task has killed workers twice (`allowed-failures` = 1) is split and its documents retried one
by one; a document that kills workers twice on its own is recorded as failed with that reason.
Only `distributed` is needed, and only here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corpus_search.config import Settings
from corpus_search.errors import UsageError
from corpus_search.models import Processed

ALLOWED_FAILURES = 1  # worker deaths a task may cause before the scheduler gives up on it (so: twice)
KILLED = "processing it stopped the Dask worker twice (out of memory, or a crash in a parser or the model)"
PLUGIN_NAME = "corpus-search-nlp"


def _plugin_class() -> Any:
    from distributed import WorkerPlugin

    class NlpPlugin(WorkerPlugin):
        """Loads the NLP once per worker process; tasks find it on the worker."""

        def __init__(self, settings: Settings, model: Any) -> None:
            self.settings, self.model = settings, model

        def setup(self, worker: Any) -> None:
            from corpus_search.pipeline import Processor

            worker.corpus_search = (Processor(self.settings), self.model)

    return NlpPlugin


def process_on_worker(batch: list[Any]) -> list[Processed]:
    """The task: `pipeline.process` with the worker's loaded NLP."""
    from distributed import get_worker

    from corpus_search.pipeline import process

    processor, model = get_worker().corpus_search  # type: ignore[attr-defined]
    return process(batch, processor, model)


def _connect(address: str) -> tuple[Any, Any]:
    """(client, cluster-we-started-or-None) for `tcp://host:port` or `local:N`."""
    import dask
    from distributed import Client, LocalCluster

    dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES})
    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise UsageError(f"--dask {address!r}: say how many local workers, e.g. local:2")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=30), None
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def run_on_dask(
    todo: Any, settings: Settings, committer: Any, progress: Callable[[int, int, str], None] | None
) -> None:
    """Process the planned files (`pipeline.Plan`) on the cluster `settings.dask`, committing as results arrive."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from corpus_search.pipeline import _batches
    from corpus_search.sentiment.runtime import load_for_index

    assert settings.dask
    done = 0

    def tick(doc_id: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, todo.total, doc_id)

    model = load_for_index(settings.index_dir)
    client, cluster = _connect(settings.dask)
    try:
        client.register_plugin(_plugin_class()(settings, model), name=PLUGIN_NAME)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        depth = 3 * workers + 2
        batch_of: dict[Any, list[Any]] = {}
        pending = as_completed(loop=client.loop)  # this client's loop, not a default client's

        def submit(batch: list[Any]) -> None:
            future = client.submit(process_on_worker, batch, pure=False)
            batch_of[future] = batch
            pending.add(future)

        source = _batches(todo.todo(on_unchanged=lambda s: tick(s.doc_id)), settings.batch_size)
        for batch in source:
            submit(batch)
            if len(batch_of) >= depth:
                break
        for future in pending:
            batch = batch_of.pop(future)
            try:
                items: list[Processed] = future.result()
            except KilledWorker:
                if len(batch) > 1:
                    for one in batch:
                        submit([one])
                    continue
                items = [Processed(batch[0][0], error=KILLED)]
            for item in items:
                tick(item.source.doc_id)
            committer.add(items)
            if len(batch_of) < depth:
                nxt = next(source, None)
                if nxt is not None:
                    submit(nxt)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    committer.commit()
