#!/usr/bin/env python
"""Throughput of `corpus-search classify` reading sentences from standard input.

Feeds N sentences (the labelled dataset's sentences, repeated with a counter appended so no two
lines are equal) to a whole `corpus-search classify --json` process and reports sentences/s for
the process (start-up and model load included) and for `SentimentModel.predict` in-process.

  .venv/bin/python benchmarks/bench_classify.py              # 20,000 sentences, 3 runs
  .venv/bin/python benchmarks/bench_classify.py -n 50000 --runs 5
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


def command() -> list[str]:
    exe = shutil.which("corpus-search", path=str(Path(sys.executable).parent)) or shutil.which("corpus-search")
    return [exe] if exe else [sys.executable, "-m", "corpus_search"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20_000, help="sentences per run")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    lines = sentences(a.n)
    stdin = ("\n".join(lines) + "\n").encode("utf-8")
    process_rates = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CORPUS_SEARCH_INDEX": str(Path(home) / "none")}
        for _ in range(a.runs):
            t0 = time.perf_counter()
            out = subprocess.run([*command(), "classify", "--json"], input=stdin, capture_output=True, env=env, check=True).stdout
            seconds = time.perf_counter() - t0
            assert out.count(b"\n") == a.n, "one result per input line"
            process_rates.append(a.n / seconds)

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
    print(f"SentimentModel.predict in-process:            median {statistics.median(predict_rates):,.0f} sentences/s")


if __name__ == "__main__":
    main()
