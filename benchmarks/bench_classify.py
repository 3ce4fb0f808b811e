#!/usr/bin/env python
"""Throughput of `corpus-search classify`, and the sentiment stage's share of ingest.

Feeds N sentences (the labelled dataset's sentences, repeated with a counter appended so no two
lines are equal) to a whole `corpus-search classify --json` process and reports sentences/s for
the process (start-up and model load included) and for `SentimentModel.predict` in-process.

With --ingest-docs D it also writes D news documents from ../shared/benchdata (BBC and Reuters,
alternately) as .txt files and runs `benchmarks/bench.py _stages` on them: every ingest stage
timed alone in one process; it reports `sentiment annotate` as a share of `nlp.pipe` (bar: <= 10 %).

  .venv/bin/python benchmarks/bench_classify.py              # 20,000 sentences, 3 runs
  .venv/bin/python benchmarks/bench_classify.py -n 50000 --runs 5 --ingest-docs 300
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "sentiment" / "sentences.jsonl"


def sentences(n: int) -> list[str]:
    base = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f"{base[i % len(base)]} ({i})" for i in range(n)]


def write_news(folder: Path, n: int) -> None:
    import gzip

    bench = REPO.parent / "shared" / "benchdata"
    with gzip.open(bench / "bbc-news-2225.jsonl.gz", "rt", encoding="utf-8") as bbc, \
            gzip.open(bench / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as reuters:
        streams = (bbc, reuters)
        k = 0
        while k < n:
            rec = json.loads(streams[k % 2].readline())
            if len(rec.get("text", "").split()) < 40:
                continue
            (folder / f"{k:05d}.txt").write_text(f"{rec.get('title', '')}\n\n{rec['text']}\n", encoding="utf-8")
            k += 1


def stage_shares(n_docs: int, runs: int) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_news(corpus, n_docs)
        for r in range(runs):
            home = Path(tmp) / f"home{r}"
            home.mkdir()
            res = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench.py"), "_stages", str(corpus), str(home), "32"],
                                 capture_output=True, text=True, check=True, cwd=REPO)
            out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return out


def command() -> list[str]:
    exe = shutil.which("corpus-search", path=str(Path(sys.executable).parent)) or shutil.which("corpus-search")
    return [exe] if exe else [sys.executable, "-m", "corpus_search"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20_000, help="sentences per run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ingest-docs", type=int, default=0, help="also time the sentiment stage of ingest on this many documents")
    ap.add_argument("--baseline-model", type=Path, default=None,
                    help="an older model file (with its .sha256 beside it) to time in the same runs, interleaved")
    a = ap.parse_args()

    lines = sentences(a.n)
    stdin = ("\n".join(lines) + "\n").encode("utf-8")
    process_rates: list[float] = []
    baseline_rates: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        packaged_home = Path(tmp) / "none"
        baseline_home = Path(tmp) / "baseline"
        if a.baseline_model:
            baseline_home.mkdir()
            shutil.copy(a.baseline_model, baseline_home / "sentiment-model.npz")
            shutil.copy(str(a.baseline_model) + ".sha256", baseline_home / "sentiment-model.npz.sha256")
        for _ in range(a.runs):
            for home, rates in ((packaged_home, process_rates), (baseline_home, baseline_rates)):
                if home == baseline_home and not a.baseline_model:
                    continue
                env = {**os.environ, "CORPUS_SEARCH_INDEX": str(home)}
                t0 = time.perf_counter()
                out = subprocess.run([*command(), "classify", "--json"], input=stdin, capture_output=True, env=env, check=True).stdout
                seconds = time.perf_counter() - t0
                assert out.count(b"\n") == a.n, "one result per input line"
                rates.append(a.n / seconds)

    sys.path.insert(0, str(REPO))
    from corpus_search.sentiment import load_model

    model = load_model()
    model.predict(lines[:100])
    predict_rates = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        model.predict(lines)
        predict_rates.append(a.n / (time.perf_counter() - t0))

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"model: {model.info}")
    print(f"{a.n} sentences x {a.runs} runs")
    print(f"corpus-search classify --json (whole process): median {statistics.median(process_rates):,.0f} sentences/s "
          f"(runs: {', '.join(f'{r:,.0f}' for r in process_rates)})")
    if baseline_rates:
        print(f"baseline model {a.baseline_model}, same runs:  median {statistics.median(baseline_rates):,.0f} sentences/s "
              f"(runs: {', '.join(f'{r:,.0f}' for r in baseline_rates)})")
    print(f"SentimentModel.predict in-process:            median {statistics.median(predict_rates):,.0f} sentences/s")
    if a.ingest_docs:
        staged = stage_shares(a.ingest_docs, a.runs)
        shares = [s["stages_s"]["sentiment annotate"] / s["stages_s"]["nlp.pipe"] for s in staged]
        s0 = staged[0]
        print(f"ingest stages, {s0['docs']} docs, {s0['sentences']} sentences: "
              + "; ".join(f"nlp.pipe {s['stages_s']['nlp.pipe']:.2f}s, sentiment annotate {s['stages_s']['sentiment annotate']:.2f}s" for s in staged))
        print(f"sentiment annotate / nlp.pipe: median {statistics.median(shares):.1%} (runs: {', '.join(f'{x:.1%}' for x in shares)}); bar <= 10%")


if __name__ == "__main__":
    main()
