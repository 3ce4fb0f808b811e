"""`ingest --dask` against real Dask schedulers and worker processes over TCP on 127.0.0.1."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from distributed import WorkerPlugin

from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from corpus_search.queries import status, who
from tests.paths import SEEDS


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c, Client(c) as client:
        yield c, client


def many_documents(folder, n: int):
    """`n` distinct text documents built from the seed texts (each with a line of its own)."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt")
    folder.mkdir()
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"doc{i:03d}.txt").write_text(f"{text}\nReference number {i} of the series.\n", encoding="utf-8")
    return folder


def test_dask_ingest_matches_the_local_one_and_is_incremental(built_index, cluster, tmp_path):
    local, local_summary = built_index
    c, _ = cluster
    settings = Settings(index_dir=tmp_path / "home", dask=c.scheduler_address)
    summary = ingest([SEEDS], settings)
    assert (summary.added, summary.failed, summary.words) == (local_summary.added, [], local_summary.words)
    assert who(settings, "Ade Adetosoye") == who(local, "Ade Adetosoye")
    drop = ("index", "index_bytes", "last_ingest")
    assert {k: v for k, v in status(settings).items() if k not in drop} == {
        k: v for k, v in status(local).items() if k not in drop}
    again = ingest([SEEDS], settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, local_summary.added)


def test_a_killed_worker_loses_nothing(cluster, tmp_path):
    c, client = cluster
    docs = many_documents(tmp_path / "docs", 40)
    pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def progress(done: int, total: int, doc_id: str) -> None:
        if done == 4 and not killed:
            os.kill(pids[0], signal.SIGKILL)  # the nanny starts a new worker; its tasks go elsewhere
            killed.append(pids[0])

    settings = Settings(index_dir=tmp_path / "home", dask=c.scheduler_address, batch_size=2)
    summary = ingest([docs], settings, progress=progress)
    assert killed
    assert (summary.added, summary.failed) == (40, [])
    assert status(settings)["documents"] == 40
    client.wait_for_workers(2, timeout=60)


@pytest.fixture(scope="module")
def remote():
    """A `dask scheduler` and a `dask worker` (with its nanny) started as the commands a newsroom
    would run, over TCP; the scheduler keeps its own `allowed-failures` (3, the default), which an
    ingest cannot change. Yields the scheduler's address."""
    from pathlib import Path

    bin_dir = os.path.dirname(sys.executable)
    port = _free_port()
    env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="3")
    repo = str(Path(__file__).resolve().parents[1])  # the workers unpickle test plugins from tests/
    env["PYTHONPATH"] = os.pathsep.join(p for p in (repo, env.get("PYTHONPATH")) if p)
    procs = [subprocess.Popen([os.path.join(bin_dir, "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--dashboard-address", ":0", "--no-show"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        address = f"tcp://127.0.0.1:{port}"
        procs.append(subprocess.Popen([os.path.join(bin_dir, "dask"), "worker", address, "--nthreads", "1",
                                       "--nworkers", "1", "--host", "127.0.0.1", "--no-dashboard"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
            assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures) == 3
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_scheduler_and_workers_started_as_commands(remote, tmp_path):
    settings = Settings(index_dir=tmp_path / "home", dask=remote)
    summary = ingest([SEEDS], settings)
    assert summary.added == 5 and summary.failed == []
    assert json.dumps(who(settings, "Ade Adetosoye"))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PoisonPlugin(WorkerPlugin):
    """Makes any document whose path contains 'poison' kill the worker process processing it
    (a stand-in for a parser that segfaults or a file that eats all memory), noting each kill in
    the file `hits` first."""

    name = "poison"

    def __init__(self, hits: str = os.devnull) -> None:
        self.hits = hits

    def setup(self, worker) -> None:
        from corpus_search import pipeline

        self.real = real = pipeline.prepare
        hits = self.hits

        def prepare(source, data):
            if "poison" in source.path:
                with open(hits, "a", encoding="utf-8") as fh:
                    fh.write(source.doc_id + "\n")
                os._exit(9)
            return real(source, data)

        pipeline.prepare = prepare

    def teardown(self, worker) -> None:
        from corpus_search import pipeline

        pipeline.prepare = self.real


def test_a_document_that_kills_workers_twice_is_recorded_as_failed(cluster, tmp_path):
    c, client = cluster
    docs = many_documents(tmp_path / "docs", 4)
    (docs / "poison.txt").write_text("Jane Roe was appointed Chief Executive of Exton Council.\n", encoding="utf-8")
    hits = tmp_path / "hits"
    client.register_plugin(PoisonPlugin(str(hits)), name="poison")
    try:
        settings = Settings(index_dir=tmp_path / "home", dask=c.scheduler_address, batch_size=1)
        summary = ingest([docs], settings)
    finally:
        client.unregister_worker_plugin("poison")
        # Fresh workers, without the patched prepare; each loads spaCy again, which on a loaded
        # machine can take longer than distributed's default 120 s wait.
        client.restart(timeout=600)
    assert summary.added == 4
    assert [f["path"].endswith("poison.txt") for f in summary.failed] == [True]
    assert "stopped the Dask worker twice" in summary.failed[0]["reason"]
    assert [f["doc_id"] for f in status(settings)["failed"]] == ["poison.txt"]
    assert hits.read_text(encoding="utf-8").split() == ["poison.txt", "poison.txt"]


@pytest.mark.slow
def test_a_remote_scheduler_also_gives_up_on_a_document_after_two_kills(remote, tmp_path):
    """The scheduler would let a task kill three workers and try a fourth time (its allowed-failures
    is 3): the tasks' own count stops at two kills, for the batch and then for the document alone."""
    from distributed import Client

    docs = many_documents(tmp_path / "docs", 3)
    (docs / "poison.txt").write_text("Jane Roe was appointed Chief Executive of Exton Council.\n", encoding="utf-8")
    hits = tmp_path / "hits"
    with Client(remote, timeout=60) as client:
        client.register_plugin(PoisonPlugin(str(hits)), name="poison")
        try:
            settings = Settings(index_dir=tmp_path / "home", dask=remote, batch_size=1)
            summary = ingest([docs], settings)
        finally:
            client.unregister_worker_plugin("poison")
        client.wait_for_workers(1, timeout=120)
    assert summary.added == 3
    assert [f["path"].endswith("poison.txt") for f in summary.failed] == [True]
    assert "stopped the Dask worker twice" in summary.failed[0]["reason"]
    assert [f["doc_id"] for f in status(settings)["failed"]] == ["poison.txt"]
    assert hits.read_text(encoding="utf-8").split() == ["poison.txt", "poison.txt"]


def _worker_settings() -> tuple[str | None, str | None, object, object]:
    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"),
            dask.config.get("distributed.admin.tick.interval"), dask.config.get("distributed.worker.profile.enabled"))


def test_a_local_cluster_is_started_for_an_ingest_not_a_dashboard(monkeypatch):
    """`local:N` worker processes get our settings (cluster.LOCAL_CONFIG), not only this process:
    no malloc trimming at 64 KiB, the nanny's other variables kept, upkeep slowed, no profiler."""
    from corpus_search.cluster import ALLOWED_FAILURES, LOCAL_CONFIG, _close, _connect

    # A nanny writes its variables into its own process's environment for good, so the clusters
    # of the other tests (Dask's defaults) leave MALLOC_TRIM_THRESHOLD_ here for every child after.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    client, started = _connect("local:1")
    try:
        [found] = client.run(_worker_settings).values()
        assert found == (None, "1", LOCAL_CONFIG["distributed.admin.tick.interval"], False)
        assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures) == ALLOWED_FAILURES
    finally:
        _close(client, started)


def test_a_local_cluster_fails_a_document_that_kills_its_workers_twice(tmp_path, monkeypatch):
    """`--dask local:N`: the scheduler we start counts the kills (allowed-failures 1, the tasks do
    not count themselves there); the other documents all land, though they shared the workers."""
    from corpus_search import cluster as cluster_module

    docs = many_documents(tmp_path / "docs", 4)
    (docs / "poison.txt").write_text("Jane Roe was appointed Chief Executive of Exton Council.\n", encoding="utf-8")
    hits = tmp_path / "hits"
    real_connect = cluster_module._connect

    def connect(address: str):
        client, started = real_connect(address)
        assert started is not None  # local:N: the scheduler is ours
        client.register_plugin(PoisonPlugin(str(hits)), name="poison")
        return client, started

    monkeypatch.setattr(cluster_module, "_connect", connect)
    settings = Settings(index_dir=tmp_path / "home", dask="local:2", batch_size=1)
    summary = ingest([docs], settings)
    assert summary.added == 4
    assert [f["path"].endswith("poison.txt") for f in summary.failed] == [True]
    assert "stopped the Dask worker twice" in summary.failed[0]["reason"]
    assert hits.read_text(encoding="utf-8").split() == ["poison.txt", "poison.txt"]
