#!/usr/bin/env python
"""nDCG@10 of `search` on graded queries over ../shared/benchdata (benchmarks/search_queries.json).

Runs the same queries against several engines on the same corpus (BBC News, all; Reuters-21578
records 1-6000), each in its own process:

  current    this tree's corpus_search.search (plain words optional), the Whoosh engine
  current-tantivy  the same with the tantivy engine (ingest --engine tantivy)
  before     a corpus_search package given with --before (e.g. the code before optional words:
             `git archive 2a558d4 corpus_search | tar -x -C /tmp/cs-before`), whose
             corpus_search.index.search requires every word
  tantivy    tantivy's BM25 with an OR query over title and body (a library reference point)

Usage: python benchmarks/eval_search.py --work /tmp/cs-eval [--before /tmp/cs-before] [-v]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def corpus() -> list[dict[str, Any]]:
    from search_corpus import load_records

    out = []
    for r in load_records():
        source, rid = r["id"].split("/", 1)
        if source == "reuters" and int(rid.split("-")[1]) > 6000:
            continue
        out.append(dict(r, id=rid))
    return out


def judgements(recs: list[dict[str, Any]], queries: list[dict[str, Any]]) -> list[dict[str, int]]:
    texts = {r["id"]: (r["title"] + "\n" + r["text"]).lower() for r in recs}
    out = []
    for q in queries:
        grades = {doc: 1 for doc, text in texts.items() if all(any(a in text for a in group) for group in q["related"])}
        grades[q["target"]] = 2
        out.append(grades)
    return out


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


# ---- engines (each run in a child process) --------------------------------------------------
def child(engine: str, work: str, queries_path: str) -> None:
    work_dir = Path(work)
    queries = json.loads(Path(queries_path).read_text())["queries"]
    recs = corpus()
    texts = {r["id"] + ".txt": (r["title"] + "\n\n" + r["text"]) for r in recs}
    rows = [{"doc_id": r["id"] + ".txt", "title": r["title"], "text": texts[r["id"] + ".txt"], "doc_type": "news",
             "date": r["date"]} for r in recs]
    ranked: list[list[str]] = []
    if engine == "tantivy":
        import tantivy

        from search_corpus import build_tantivy

        folder = work_dir / "tantivy"
        if not folder.exists():
            build_tantivy(folder, [dict(r, id=r["id"]) for r in recs])
        ix = tantivy.Index.open(str(folder))
        ix.reload()
        searcher = ix.searcher()
        import re

        for q in queries:
            words = re.findall(r"\w+", q["q"])
            parsed = ix.parse_query(" ".join(words), ["title", "body"])
            hits = searcher.search(parsed, 10).hits
            ranked.append([searcher.doc(addr)["doc_id"][0] for _score, addr in hits])
    elif engine == "before":
        from corpus_search import index  # the old module

        home = work_dir / "before"
        if not home.exists():
            writer = index.IndexWriter(home)
            for i in range(0, len(rows), 400):
                writer.write(rows[i:i + 400])
            writer.close()
        for q in queries:
            try:
                result = index.search(home, q["q"], text_for=lambda ids: {i: texts[i] for i in ids}, limit=10)
                ranked.append([h.doc_id for h in result.results])
            except Exception as exc:  # a malformed query then: no results
                print(f"  before: {q['q']!r}: {exc}", file=sys.stderr)
                ranked.append([])
    else:
        from corpus_search import search

        home = work_dir / "current"
        if engine == "current-tantivy":
            home = work_dir / "current-tantivy" / "whoosh"
            search.use_engine(home, "tantivy")
        if not search.exists(home):
            writer = search.IndexWriter(home)
            for i in range(0, len(rows), 400):
                writer.write(rows[i:i + 400])
            writer.close()
        index = search.open_index(home)
        for q in queries:
            result = index.search(q["q"], search.SearchOptions(limit=10, collapse=False),
                                  text_for=lambda ids: {i: texts[i] for i in ids})
            ranked.append([h.doc_id for h in result.results])
    print(json.dumps([[d.removesuffix(".txt") for d in r] for r in ranked]))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/cs-eval")
    ap.add_argument("--before", help="folder holding an older corpus_search package")
    ap.add_argument("--queries", default=str(HERE / "search_queries.json"))
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args(argv)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    queries = json.loads(Path(args.queries).read_text())["queries"]
    grades = judgements(corpus(), queries)
    engines = ["current", "current-tantivy", "tantivy"] + (["before"] if args.before else [])
    table: dict[str, list[float]] = {}
    for engine in engines:
        path = args.before if engine == "before" else str(REPO)
        out = subprocess.run([sys.executable, __file__, "--child", engine, args.work, args.queries],
                             capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=path))
        if out.returncode:
            print(out.stderr, file=sys.stderr)
            return 1
        ranked = json.loads(out.stdout.strip().splitlines()[-1])
        table[engine] = [ndcg(r, g) for r, g in zip(ranked, grades)]
        if args.v:
            for q, r, s in zip(queries, ranked, table[engine]):
                print(f"  {engine:8} {s:.3f} {q['q'][:60]!r} top={r[:3]}")
    kinds = {"all": range(len(queries))}
    for kind in ("keywords", "sentence"):
        kinds[kind] = [i for i, q in enumerate(queries) if q["kind"] == kind]
    print(f"{len(queries)} queries ({len(kinds['keywords'])} keywords, {len(kinds['sentence'])} sentences)")
    print("| engine | nDCG@10 all | keywords | sentences |\n|---|---|---|---|")
    for engine, scores in table.items():
        cells = [sum(scores[i] for i in idx) / len(idx) for idx in kinds.values()]
        print(f"| {engine} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        sys.exit(main(sys.argv[1:]))
