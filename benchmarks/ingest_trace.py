"""Where one ingest's wall time goes: a timeline of its phases, without a profiler's overhead.

    .venv/bin/python benchmarks/ingest_trace.py CORPUS [--workers 1] [--batch-size 32] [--home DIR]

Runs `corpus-search ingest` in this process with timestamps (seconds from the ingest's start)
wrapped around the steps that decide its length: when the worker pool is started and when each
worker reports ready (its model loaded), each batch's results being taken (`_Nlp` rules, where
they run in this process, and `complete`: sentiment), each commit (its documents and seconds),
and the end (removing what is gone, people across documents). It prints the events and a
summary: time until the first worker was ready, the time this process spent in each step, the
longest commit, and the tail (from the last batch's results to the end, which nothing overlaps).

The wrappers replace methods of corpus_search.pipeline and corpus_search.workers for this run
only; the ingest itself is the real one into a fresh home (deleted first).
"""
from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--home", type=Path, default=None, help="index home to build (deleted first; default: temporary)")
    p.add_argument("--json", action="store_true", help="print the events and summary as JSON")
    args = p.parse_args()

    from corpus_search import pipeline, workers
    from corpus_search.config import Settings

    events: list[tuple[str, float, float, dict[str, Any]]] = []  # (what, start, seconds, details)
    t0 = [time.perf_counter()]

    def now() -> float:
        return time.perf_counter() - t0[0]

    def timed(owner: Any, name: str, label: str, details: Any = None) -> None:
        real = getattr(owner, name)

        @functools.wraps(real)
        def wrapper(*a: Any, **k: Any) -> Any:
            start = now()
            extra = details(*a) if details else {}
            out = real(*a, **k)
            events.append((label, round(start, 3), round(now() - start, 3), extra))
            return out

        setattr(owner, name, wrapper)

    timed(pipeline.Committer, "commit", "commit", lambda self: {"docs": len(self.pending)})
    timed(pipeline._Nlp, "_rules", "rules here", lambda self, docs, results: {"docs": len(docs)})
    timed(pipeline, "complete", "complete (sentiment)")
    timed(pipeline.Committer, "remove_gone", "remove gone")
    timed(pipeline._Nlp, "__init__", "start NLP")
    real_message = workers.WorkerPool._message

    def message(self: Any, w: Any, msg: tuple[Any, ...]) -> None:
        if msg[0] in ("ready", "done"):
            events.append((f"worker {msg[0]}", round(now(), 3), 0.0, {}))
        real_message(self, w, msg)

    workers.WorkerPool._message = message  # type: ignore[method-assign]

    home = args.home or Path(tempfile.mkdtemp(prefix="cs-trace-")) / "home"
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings(index_dir=home, workers=args.workers, batch_size=args.batch_size)
    t0[0] = time.perf_counter()
    summary = pipeline.ingest([args.corpus], settings)
    end = now()
    if args.home is None:
        shutil.rmtree(home.parent, ignore_errors=True)

    def total(label: str) -> float:
        return round(sum(e[2] for e in events if e[0] == label), 3)

    commits = [e for e in events if e[0] == "commit" and e[3]["docs"]]
    done = [e[1] for e in events if e[0] in ("worker done", "rules here", "complete (sentiment)")]
    ready = [e[1] for e in events if e[0] == "worker ready"]
    out = {
        "documents": summary.added + summary.updated,
        "ingest_s": summary.seconds,
        "first_worker_ready_s": ready[0] if ready else None,
        "this_process_s": {k: total(k) for k in ("rules here", "complete (sentiment)", "commit")},
        "commits": len(commits),
        "longest_commit": max(((e[2], e[3]["docs"]) for e in commits), default=None),
        "tail_s": round(end - max(done), 3) if done else None,
    }
    if args.json:
        print(json.dumps({"events": events, "summary": out}))
        return
    for what, start, secs, extra in events:
        if what not in ("worker done", "rules here", "complete (sentiment)"):
            print(f"{start:8.2f}  {what:<22} {secs:7.3f} s  {json.dumps(extra) if extra else ''}")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":  # the forkserver imports this file as __mp_main__ in its workers: no run there
    sys.exit(main())
