"""Scale-out costs: local `--workers 2` against `--dask local:2` on the same documents, and the
PostgreSQL facts store's write and `who` latency against SQLite's, in one run on one machine.

    python benchmarks/bench_scale.py --docs 3000 --workdir /tmp/cs-scale

Documents: the first N records of ../shared/benchdata (written as .txt by bench.py's writer).
PostgreSQL: a throwaway local server started by tests/pg.py (PostgreSQL 15 binaries needed).
Prints and writes JSON: seconds per ingest, the cluster's overhead per document, and median
`who` latency over the most-mentioned people.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from bench import load_records, write_corpus  # noqa: E402
from corpus_search.config import Settings  # noqa: E402
from corpus_search.pipeline import ingest  # noqa: E402
from corpus_search.queries import who  # noqa: E402


def timed_ingest(folder: Path, settings: Settings) -> float:
    start = time.perf_counter()
    summary = ingest([folder], settings)
    assert not summary.failed or len(summary.failed) < summary.added
    return time.perf_counter() - start


def who_latency(settings: Settings, names: list[str]) -> float:
    times = []
    for name in names:
        start = time.perf_counter()
        who(settings, name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cs-scale-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    folder = work / "docs"
    write_corpus(load_records()[: args.docs], folder)
    out: dict[str, float] = {}
    local = Settings(index_dir=work / "local", workers=2)
    out["local_workers2_s"] = timed_ingest(folder, local)
    out["dask_local2_s"] = timed_ingest(folder, Settings(index_dir=work / "dask", dask="local:2"))
    out["dask_overhead_ms_per_doc"] = 1000 * (out["dask_local2_s"] - out["local_workers2_s"]) / args.docs
    out["dask_ratio"] = out["dask_local2_s"] / out["local_workers2_s"]

    from tests.pg import postgres_server

    from corpus_search.store import open_store

    with open_store(local.db_path) as store:
        names = sorted(store.person_names())[:50]
        items = list(store.documents())
    with postgres_server() as url:
        pg = Settings(index_dir=work / "pg", workers=2, db_url=url)
        out["pg_ingest_workers2_s"] = timed_ingest(folder, pg)
        out["who_median_ms_sqlite"] = 1000 * who_latency(local, names)
        out["who_median_ms_pg"] = 1000 * who_latency(pg, names)
    out["documents"] = float(len(items))
    print(json.dumps(out, indent=1))
    (work / "scale-results.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
