"""Scale-out costs, in one run on one machine:

1. local `--workers 2` against `--dask local:2` ingesting the same documents, each from an empty
   index home, in the order local, dask, dask, local, ... (`--rounds` pairs) so that a machine whose
   load drifts affects both alike; the load average is recorded beside each run;
2. the facts store's write time per document, SQLite against PostgreSQL (as shipped: a batch in a
   few statements with COPY; and row by row, the statements SQLite runs, for comparison), by
   replaying the batches one ingest committed into fresh stores;
3. `who` latency over the same people on both stores: SQLite, PostgreSQL with the kept connection
   (`serve`, or several questions in one process), and PostgreSQL with a new connection each time
   (one CLI command).

    python benchmarks/bench_scale.py --docs 3000 --rounds 2 --workdir /tmp/cs-scale

The store measurements (2, 3) run right after the first local ingest, whose batches they replay.

Documents: the first N records of /work/shared/benchdata (written as .txt by bench.py's writer).
PostgreSQL: a throwaway local server started by tests/pg.py (PostgreSQL 15 binaries needed).
Prints and writes JSON (`scale-results.json` in the work directory).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from bench import load_records, write_corpus  # noqa: E402
from corpus_search.config import Settings  # noqa: E402
from corpus_search.pipeline import ingest  # noqa: E402
from corpus_search.queries import who  # noqa: E402


def load() -> float:
    return round(os.getloadavg()[0], 2)


class CpuMeter:
    """CPU seconds (user + system) of this process and every process it starts, while an ingest
    runs: the work done, which the machine's load does not change the way it changes wall time.
    Children are sampled (at most every half second, from the progress callback) because the
    worker processes are not all our own children (a forkserver's), so their end-of-life
    accounting never reaches us; a child's last half second before it exits can be missed."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.start = self._own()
        self.seen: dict[int, tuple[float, float]] = {}  # pid → (create_time, cpu seconds)
        self.last = 0.0
        self.sample(force=True)

    def _own(self) -> float:
        t = self.me.cpu_times()
        return t.user + t.system

    def sample(self, force: bool = False) -> None:
        import psutil

        now = time.perf_counter()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        for child in self.me.children(recursive=True):
            try:
                t = child.cpu_times()
                created = child.create_time()
            except psutil.Error:
                continue
            self.seen[child.pid] = (created, t.user + t.system)

    def total(self, baseline: dict[int, tuple[float, float]]) -> float:
        self.sample(force=True)
        children = 0.0
        for pid, (created, cpu) in self.seen.items():
            old = baseline.get(pid)
            children += cpu - (old[1] if old and old[0] == created else 0.0)
        return self._own() - self.start + children


def timed_ingest(folder: Path, settings: Settings) -> dict[str, Any]:
    """Seconds for a whole ingest, CPU seconds of all its processes, and when the first document
    was committed (start-up)."""
    meter = CpuMeter()
    baseline = dict(meter.seen)  # processes alive before (a forkserver left by an earlier run)
    start = time.perf_counter()
    first: list[float] = []

    def progress(done: int, total: int, doc_id: str) -> None:
        if not first:
            first.append(time.perf_counter() - start)
        meter.sample()

    before = load()
    summary = ingest([folder], settings, progress=progress)
    seconds = time.perf_counter() - start
    cpu = meter.total(baseline)
    own = meter._own() - meter.start  # the ingesting process alone: the writer (and a local:N scheduler)
    assert summary.added > 0 and len(summary.failed) < summary.added / 10, summary.failed[:3]
    return {"seconds": round(seconds, 2), "first_result_s": round(first[0], 2) if first else None,
            "cpu_s": round(cpu, 1), "cpu_ms_per_doc": round(1000 * cpu / summary.added, 1),
            "ingest_process_cpu_s": round(own, 1),
            "added": summary.added, "load_before": before, "load_after": load()}


def replay(batches: list[list[Any]], store: Any, save: Any) -> float:
    """Seconds per document to write these batches into `store` with `save(store, batch)`."""
    docs = sum(len(b) for b in batches)
    start = time.perf_counter()
    for batch in batches:
        save(store, batch)
    return (time.perf_counter() - start) / docs


def who_ms(settings: Settings, names: list[str], fresh_connection: bool = False) -> float:
    from corpus_search.store import postgres

    times = []
    for name in names:
        if fresh_connection:
            postgres.close_idle()
        start = time.perf_counter()
        with contextlib.suppress(Exception):  # an ambiguous name is an answer too
            who(settings, name)
        times.append(time.perf_counter() - start)
    return round(1000 * statistics.median(times), 2)


def stores(work: Path, batches: list[list[Any]], out: dict[str, Any]) -> None:
    """Parts 2 and 3: the first local run's batches replayed into fresh stores, then `who` on them."""
    from tests.pg import fresh_database, postgres_server

    from corpus_search.store import open_store
    from corpus_search.store.postgres import PostgresStore, close_idle
    from corpus_search.store.sqlite import SQLiteStore
    from corpus_search.store.write import Writer

    out["stores_load_before"] = load()
    with postgres_server() as server:
        url = fresh_database(server, "bench")
        with open_store(work / "replay" / "facts.db", create=True) as store:
            out["write_ms_per_doc_sqlite"] = round(1000 * replay(batches, store, SQLiteStore.save_batch), 2)
        with open_store(work / "unused", create=True, url=url) as store:
            out["write_ms_per_doc_pg_copy"] = round(1000 * replay(batches, store, PostgresStore.save_batch), 2)
        close_idle()
        rowwise = fresh_database(server, "rowwise")
        with open_store(work / "unused", create=True, url=rowwise) as store:
            out["write_ms_per_doc_pg_rowwise"] = round(1000 * replay(batches, store, Writer.save_batch), 2)
        with open_store(work / "unused", url=url) as store:
            store.reconcile_people()  # as an ingest ends

        sqlite_home = work / "local-0"
        with open_store(sqlite_home / "facts.db") as store:
            people = sorted(store.person_names())
        names = people[:: max(1, len(people) // 60)][:60]
        sqlite_settings = Settings(index_dir=sqlite_home)
        pg_settings = Settings(index_dir=work / "pg-home", db_url=url)
        out["who_names"] = len(names)
        out["who_median_ms_sqlite"] = who_ms(sqlite_settings, names)
        out["who_median_ms_pg_kept_connection"] = who_ms(pg_settings, names)
        out["who_median_ms_pg_new_connection"] = who_ms(pg_settings, names, fresh_connection=True)
        close_idle()
    out["stores_load_after"] = load()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=2, help="pairs of (local, dask) runs, alternated ABBA")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cs-scale-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    folder = work / "docs"
    write_corpus(load_records()[: args.docs], folder)
    out: dict[str, Any] = {"documents": args.docs, "cpus": os.cpu_count(), "runs": []}
    results = work / "scale-results.json"

    from corpus_search.store.sqlite import SQLiteStore

    batches: list[list[Any]] = []
    real_save = SQLiteStore.save_batch
    keep = False

    def keeping(self: Any, batch: Any) -> None:  # the first local run's batches, for part 2
        batch = list(batch)
        if keep:
            batches.append(batch)
        real_save(self, batch)

    SQLiteStore.save_batch = keeping  # type: ignore[method-assign]
    order = [m for r in range(args.rounds) for m in (("local", "dask") if r % 2 == 0 else ("dask", "local"))]
    for i, mode in enumerate(order):
        keep = not batches and mode == "local"
        home = work / f"{mode}-{i}"
        settings = Settings(index_dir=home, workers=2) if mode == "local" else Settings(index_dir=home, dask="local:2")
        run = {"mode": mode, **timed_ingest(folder, settings)}
        out["runs"].append(run)
        print(json.dumps(run), flush=True)
        if i == 0:  # parts 2 and 3 early, so that a long run has them even if stopped
            SQLiteStore.save_batch = real_save  # type: ignore[method-assign]
            stores(work, batches, out)
            batches.clear()
            print(json.dumps({k: v for k, v in out.items() if k != "runs"}), flush=True)
        else:
            shutil.rmtree(home)
        summarise(out, args.docs)
        results.write_text(json.dumps(out, indent=1))
    out["load_end"] = load()
    print(json.dumps(out, indent=1))
    results.write_text(json.dumps(out, indent=1))


def summarise(out: dict[str, Any], docs: int) -> None:
    runs = out["runs"]
    if not any(r["mode"] == "dask" for r in runs):
        return
    for mode in ("local", "dask"):
        mine = [r for r in runs if r["mode"] == mode]
        out[f"{mode}_s"] = statistics.median(r["seconds"] for r in mine)
        out[f"{mode}_cpu_ms_per_doc"] = statistics.median(r["cpu_ms_per_doc"] for r in mine)
        out[f"{mode}_first_result_s"] = statistics.median(r["first_result_s"] for r in mine)
    out["dask_ratio"] = round(out["dask_s"] / out["local_s"], 3)
    out["dask_overhead_ms_per_doc"] = round(1000 * (out["dask_s"] - out["local_s"]) / docs, 2)
    out["dask_cpu_ratio"] = round(out["dask_cpu_ms_per_doc"] / out["local_cpu_ms_per_doc"], 3)
    out["dask_cpu_overhead_ms_per_doc"] = round(out["dask_cpu_ms_per_doc"] - out["local_cpu_ms_per_doc"], 2)


if __name__ == "__main__":
    main()
