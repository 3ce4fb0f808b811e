"""`ingest --dask`: the per-document work (`pipeline.process`) on a Dask cluster.

The writer stays here: this process plans the ingest, reads the files, sends batches of (source,
bytes) to the workers and commits what comes back, as it finishes (`as_completed`), through the
same `Committer` as a local ingest, so incremental semantics, failure records, progress and the
summary do not change. Each worker loads spaCy once, through a worker plugin that also carries the
sentiment model this index home uses (so a user-trained model is used on every machine).

A worker that dies mid-task loses nothing: the scheduler gives its tasks to another worker. A batch
whose task has killed workers twice is split and its documents retried one by one; a document that
kills workers twice on its own is recorded as failed with that reason. On a `local:N` cluster the
scheduler counts that for us: we start it with `allowed-failures` 1, so a task's second kill is
its last (KilledWorker). A remote scheduler has its own (3 by default) and is not ours to configure,
so there each task counts its own starts in the scheduler's metadata (`set_metadata`, under a key of
this run): a task that finds it was started twice before without finishing has killed a worker each
time, and gives up at once instead of running a third time. (Those are three round trips to the
scheduler per task, while the worker waits: 21 ms a task on a loaded machine, which `local:N` saves.)
Only `distributed` is needed, and only here.
"""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from corpus_search.config import Settings
from corpus_search.errors import UsageError
from corpus_search.models import Processed

ALLOWED_FAILURES = 1  # worker deaths a task may cause before we give up on it (so: twice)
TRIES = "corpus-search-tries"  # scheduler metadata: TRIES → run id → task key → unfinished starts
KILLED = "processing it stopped the Dask worker twice (out of memory, or a crash in a parser or the model)"
PLUGIN_NAME = "corpus-search-nlp"
# Dask's settings for a `local:N` cluster, where they differ from its defaults. The tasks' own count
# (process_on_worker) agrees with allowed-failures. The rest is upkeep that a dashboard or numpy-heavy
# work needs and an ingest does not, measured on an idle local:2 cluster (84 ms of CPU a second over
# the three processes before, 15 after) and on the workers' page faults:
# - the statistical profiler samples every worker's stack every 10 ms, for a dashboard we do not start;
# - every server checks its event loop's lag every 20 ms (`tick`), and samples the machine's CPU,
#   memory, network and disks every 500 ms (`system-monitor`); each wakes a thread that must take
#   the GIL from spaCy;
# - each worker's memory is read every 100 ms; every 500 ms still pauses or stops a runaway worker
#   in time;
# - the scheduler hands each worker its running task only (worker-saturation 1.0; Dask's 1.1 gives a
#   one-thread worker a second one to wait behind it): the scheduler counts a worker's death against
#   every task the worker held, so with 1.1 a one-document task that twice waited behind a document
#   that kills workers was failed with it. The next task is sent when one finishes (one round trip);
# - the nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that numpy arrays' memory goes
#   back to the system at once; spaCy's many small allocations then fault their pages in again
#   (3.6 times the page faults, +2 ms of system time a document). spaCy's memory zone (Processor)
#   keeps a worker's memory flat without it.
LOCAL_CONFIG: dict[str, Any] = {
    "distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: not set
}


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


def process_on_worker(batch: list[Any], run: str | None) -> list[Processed] | None:
    """The task: `pipeline.process` with the worker's loaded NLP; None (without running) if this
    task was started more than ALLOWED_FAILURES times before and never finished.

    run: the key of this ingest's counts in the scheduler's metadata; None: the scheduler's own
    allowed-failures is ALLOWED_FAILURES (a `local:N` cluster), nothing to count.
    """
    from distributed import get_client, get_worker

    from corpus_search.pipeline import process

    worker = get_worker()
    processor, model = worker.corpus_search  # type: ignore[attr-defined]
    if run is None:
        return process(batch, processor, model)
    tries = [TRIES, run, str(worker.get_current_task())]
    client = get_client()
    started = int(client.get_metadata(tries, default=0))
    if started > ALLOWED_FAILURES:
        return None
    client.set_metadata(tries, started + 1)
    out = process(batch, processor, model)
    client.set_metadata(tries, 0)  # finished: a rerun (its result lost with a worker) starts afresh
    return out


def _connect(address: str) -> tuple[Any, Any]:
    """(client, cluster-we-started-or-None) for `tcp://host:port` or `local:N`."""
    import dask
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise UsageError(f"--dask {address!r}: say how many local workers, e.g. local:2")
        with dask.config.set(LOCAL_CONFIG):  # read once, as the scheduler and the nannies are made
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

    # The sentiment model loads here while the cluster starts (a LocalCluster's processes take seconds).
    with ThreadPoolExecutor(1) as loading:
        model_load = loading.submit(load_for_index, settings.index_dir)
        client, cluster = _connect(settings.dask)
        try:
            model = model_load.result()
        except BaseException:
            _close(client, cluster)
            raise
    run = uuid.uuid4().hex if cluster is None else None  # a scheduler we did not start: tasks count
    try:
        client.register_plugin(_plugin_class()(settings, model), name=PLUGIN_NAME)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        depth = 3 * workers + 2
        batch_of: dict[Any, list[Any]] = {}
        pending = as_completed(loop=client.loop)  # this client's loop, not a default client's

        def submit(batch: list[Any]) -> None:
            future = client.submit(process_on_worker, batch, run, pure=False)
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
                result: list[Processed] | None = future.result()
            except KilledWorker:  # the scheduler's own count ran out first (local:N)
                result = None
            if result is None:
                if len(batch) > 1:
                    for one in batch:
                        submit([one])
                    continue
                result = [Processed(batch[0][0], error=KILLED)]
            items = result
            for item in items:
                tick(item.source.doc_id)
            committer.add(items)
            if len(batch_of) < depth:
                nxt = next(source, None)
                if nxt is not None:
                    submit(nxt)
    finally:
        if run is not None:
            with contextlib.suppress(Exception):  # this run's counts: forget them (best effort)
                client.set_metadata([TRIES, run], {})
        _close(client, cluster)
    committer.commit()


def _close(client: Any, cluster: Any) -> None:
    client.close()
    if cluster is not None:
        cluster.close()
