#!/usr/bin/env python
"""Search latency at scale: our search, bare Whoosh with an OR query, and tantivy, in one run.

Needs homes built by `python benchmarks/search_corpus.py DIR 100000` (DIR/index: the index
home, Whoosh engine; DIR/tantivy: a bare tantivy index of the same documents) and
`python benchmarks/search_corpus.py DIR 100000 --engine-home` (DIR/index-tantivy: the same
documents in our tantivy engine, sharing DIR/index's facts store).

  ours      corpus_search.search: open the index, parse, rank (optional words), collapse,
            facets, snippets from the facts store, as `corpus-search search` does in-process
  ours_tantivy  the same through our tantivy engine (`ingest --engine tantivy`); the opened
            tantivy.Index is kept for the process (reloaded per query), as `serve` keeps it
  whoosh    bare Whoosh: MultifieldParser(title, body) with OrGroup, searcher.search(limit=10)
            with default settings (no facets, no snippets), index opened per query
  tantivy   tantivy's parse_query over title and body (OR), top 10, index opened once
  process   wall time of whole `corpus-search --index HOME search QUERY` processes

Queries: 2-5 word keyword queries and 15-25 word natural sentences written for news text.
Latencies: one warm-up run per query, then --reps runs; p50/p95 nearest-rank per category.

Usage: python benchmarks/bench_search.py DIR [--reps 5] [--json out.json] [--only ours_tantivy,tantivy]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SHORT = ["oil prices", "interest rates rise", "trade deficit japan", "mobile phone market", "bank shares fall sharply",
         "election campaign", "football club manager sacked", "record profits", "stock market crash", "film award ceremony"]
LONG = [
    "why did oil prices fall so sharply after the opec meeting failed to agree new production quotas for members",
    "the central bank raised interest rates again because inflation is rising faster than the government expected this year",
    "which football club sacked its manager after a run of poor results left the team near the bottom of the league",
    "japanese car makers are expected to report higher profits as exports to the united states and europe keep growing",
    "the prime minister promised voters lower taxes and more money for schools and hospitals before the general election",
    "shares in the mobile phone company fell after it warned that sales of new handsets would be lower than forecast",
    "a court ruled that the takeover of the steel company by a rival group was illegal and must be reversed by regulators",
    "the film won several awards at the ceremony including best actress for its star and best director for its maker",
]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(q * len(s) + 0.5)) - 1))]


def calibrate() -> float:
    """Milliseconds of a fixed pure-Python loop (3 million iterations; ~40-60 ms on a quiet core):
    how slow the machine was while the figures were taken."""
    t = time.perf_counter()
    for _ in range(3_000_000):
        pass
    return round((time.perf_counter() - t) * 1000, 1)


def timed(fn: Any, queries: list[str], reps: int) -> dict[str, float]:
    times = []
    for q in queries:
        fn(q)
        for _ in range(reps):
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(pct(times, 0.95), 1), "runs": len(times)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--bare-like-whoosh", action="store_true",
                    help="rebuild bare tantivy over the Whoosh home's documents when their counts differ")
    ap.add_argument("--only", default="", help="comma-separated: ours, ours_tantivy, whoosh_or, tantivy, process")
    args = ap.parse_args(argv)
    home, tv, tv_home = args.dir / "index", args.dir / "tantivy", args.dir / "index-tantivy"
    only = set(filter(None, args.only.split(",")))

    from corpus_search import search
    from corpus_search.config import Settings
    from corpus_search.search.people import names_for
    from corpus_search.store import Store

    settings = Settings(index_dir=home)
    tv_settings = Settings(index_dir=tv_home)
    store = Store(settings.db_path)
    tv_store = Store(tv_settings.db_path) if tv_settings.db_path.exists() else store

    def ours(q: str) -> Any:
        index = search.open_index(settings.whoosh_dir)
        return index.search(q, search.SearchOptions(), text_for=store.texts, names_for=names_for(store))

    def ours_tantivy(q: str) -> Any:
        index = search.open_index(tv_settings.whoosh_dir)
        return index.search(q, search.SearchOptions(), text_for=tv_store.texts, names_for=names_for(tv_store))

    def bare_whoosh(q: str) -> Any:
        from whoosh import index as wix
        from whoosh.qparser import MultifieldParser, OrGroup

        ix = wix.open_dir(str(settings.whoosh_dir))
        with ix.searcher() as s:
            parsed = MultifieldParser(["title", "body"], schema=ix.schema, group=OrGroup).parse(q)
            return [hit["doc_id"] for hit in s.search(parsed, limit=10)]

    import tantivy

    docs = {"whoosh_home": Store(settings.db_path).totals()[0]}
    if tv_home.exists():
        docs["tantivy_home"] = search.open_index(tv_settings.whoosh_dir)._ix.searcher().num_docs  # type: ignore[attr-defined]
    if not tv.exists() or (args.bare_like_whoosh and tantivy.Index.open(str(tv)).searcher().num_docs != docs["whoosh_home"]):
        # the same documents as the Whoosh home (a home built partially, or resumed)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from search_corpus import build_tantivy

        recs = [{"id": d["doc_id"].removesuffix(".txt"), "title": d["title"] or "",
                 "text": (d["text"] or "").split("\n\n", 1)[-1]} for d in store.documents()]
        print("tantivy rebuilt over the home's documents:", build_tantivy(tv, recs), flush=True)
    tix = tantivy.Index.open(str(tv))
    tix.reload()
    tsearcher = tix.searcher()

    def bare_tantivy(q: str) -> Any:
        parsed = tix.parse_query(" ".join(re.findall(r"\w+", q)), ["title", "body"])
        return [tsearcher.doc(a)["doc_id"][0] for _s, a in tsearcher.search(parsed, 10).hits]

    results: dict[str, Any] = {"docs": docs, "bare_tantivy_docs": tix.searcher().num_docs, "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                        "processor": platform.processor() or platform.machine()}}
    results["load_before"] = os.getloadavg()
    results["calibration_ms"] = calibrate()
    for name, fn in (("ours", ours), ("ours_tantivy", ours_tantivy), ("whoosh_or", bare_whoosh),
                     ("tantivy", bare_tantivy)):
        if only and name not in only:
            continue
        results[name] = {"short (2-5 words)": timed(fn, SHORT, args.reps), "sentence (15-25 words)": timed(fn, LONG, args.reps)}
        print(name, json.dumps(results[name]), flush=True)
    cli = Path(sys.executable).parent / "corpus-search"
    for name, where in (("process", home), ("process_tantivy", tv_home)):
        if only and name not in only:
            continue
        walls = []
        for q in SHORT[:4] + LONG[:2]:
            for _ in range(2):
                t = time.perf_counter()
                subprocess.run([str(cli), "--index", str(where), "search", q], capture_output=True, check=True)
                walls.append((time.perf_counter() - t) * 1000)
        results[name] = {"p50_ms": round(statistics.median(walls), 1), "max_ms": round(max(walls), 1),
                         "runs": len(walls)}
        print(name, json.dumps(results[name]))
    results["load_after"] = os.getloadavg()
    results["calibration_ms_after"] = calibrate()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
