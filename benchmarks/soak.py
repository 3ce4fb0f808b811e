"""Soak: a long run of the fault-injection suite, with figures for docs/reliability.md.

1. Writes a folder of good documents (generated prose, hostile names among them, one report
   over 1,000,000 characters) and at least `--files` hostile files (tests/hostile.py), plus a
   folder outside it that links point at.
2. Ingests it with the real command in a subprocess (the reference): every good document must
   be findable by its marker word, nothing from outside the root, and every hostile file
   listed with its reason.
3. Kills real ingests with SIGKILL at `--kills` random points (fresh ingests and --rebuilds
   into one index home); after each, `search` and `status` are asked (exit 0 or 2 and no
   traceback is an answer); at the end a re-run must give the reference's document count.
4. Kills `--worker-kills` NLP worker processes (SIGKILL to a worker only, as the OOM killer
   would) at random points of one more fresh ingest: it must finish (exit 0) with the
   reference's document count, no file failed because of a worker's death, no traceback.
5. Runs `--queries` random queries and options through the CLI (in this process) against the
   reference index: no exception, no exit outside 0/2, no traceback.

Usage (from the repository root, the venv's python):
    python benchmarks/soak.py --files 1000 --kills 12 --worker-kills 6 --queries 1000 [--workdir DIR] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile, procs  # noqa: E402
from tests.test_faults_long import long_text  # noqa: E402

SYNTAX = ["AND", "OR", "NOT", "-", "+", '"', "(", ")", "*", "?", "~", "^", ":", "title:", "date:", "doc_type:",
          "[/]", "[red]", "\\", "'", "council", "improvement", "£2m", "2019", "NOT NOT", "\x1b[31m", "\u202e", "%", "{"]


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(ROOT)}
    out.pop("CORPUS_SEARCH_INDEX", None)
    return out


def cli(home: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        check=False, capture_output=True, text=True, timeout=timeout, env=env(), stdin=subprocess.DEVNULL,
    )


def make_corpus(work: Path, files: int, seed: int) -> hostile.Mix:
    root, outside = work / "docs", work / "outside"
    per_copy = 28  # hostile files per copy without the big ones (write_hostile)
    copies = max(1, -(-files // per_copy))
    mix = hostile.make_mix(root, outside, seed=seed, copies=copies)
    hostile.write_corpus(root / "plain", 200, seed=seed)
    report = root / "annual_report.txt"
    report.write_text(long_text(1_100_000, "Councillor Joan Hart closed the report with goodqqlongreport."))
    mix.good[str(report)] = "goodqqlongreport"
    return mix


def searchable(home: Path, words: list[str]) -> dict[str, int]:
    """Hits per marker word, asked in one process (the library through the CLI app)."""
    from typer.testing import CliRunner

    from corpus_search.cli import app

    runner = CliRunner()
    out = {}
    for word in words:
        result = runner.invoke(app, ["--index", str(home), "search", word, "--json", "--limit", "5"])
        out[word] = json.loads(result.stdout)["total"] if result.exit_code == 0 else -1
    return out


def reference_run(work: Path, mix: hostile.Mix) -> dict[str, object]:
    home = work / "reference"
    started = time.monotonic()
    done = cli(home, "ingest", str(mix.root), "--workers", "2", "--json")
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return {"ok": False, "exit": done.returncode, "stderr": done.stderr[-2000:]}
    summary = json.loads(done.stdout)
    reasons = {f["path"]: f["reason"] for f in summary["failed"]}
    hostile_listed = sum(1 for p, why in mix.hostile.items() if why is None or (p in reasons and why in reasons[p]))
    hits = searchable(home, sorted(set(mix.good.values())) + [hostile.OUTSIDE_MARKER, "swordfish", *hostile.PASSWD_WORDS])
    outside_hits = sum(hits.pop(w) for w in [hostile.OUTSIDE_MARKER, "swordfish", *hostile.PASSWD_WORDS])
    return {
        "ok": True,
        "seconds": round(seconds, 1),
        "files": len(mix.good) + len(mix.hostile) + 0,
        "hostile": len(mix.hostile),
        "good": len(mix.good),
        "good_found": sum(1 for n in hits.values() if n > 0),
        "hostile_listed_or_parsed": hostile_listed,
        "failed_entries": len(summary["failed"]),
        "added": summary["added"],
        "outside_hits": outside_hits,
        "home": home,
    }


def documents(home: Path) -> int:
    done = cli(home, "status", "--json", timeout=300)
    return int(json.loads(done.stdout)["documents"]) if done.returncode == 0 else -1


def kill_runs(work: Path, mix: hostile.Mix, kills: int, rng: random.Random, expected: int) -> dict[str, object]:
    home = work / "killed"
    answered = unanswered = finished = 0
    problems: list[str] = []
    for i in range(kills):
        args = ["ingest", str(mix.root), "--workers", "2", "--json"] + (["--rebuild"] if i % 4 == 3 else [])
        proc = subprocess.Popen(
            [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env(),
            start_new_session=True,
        )
        delay = rng.uniform(1.0, 60.0)
        try:
            proc.wait(timeout=delay)
            finished += 1
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for q in (("search", "council", "--json"), ("status", "--json")):
            done = cli(home, *q, timeout=300)
            if done.returncode in (0, 2) and "Traceback" not in done.stderr:
                answered += 1
            else:
                unanswered += 1
                problems.append(f"after kill {i + 1} at {delay:.1f} s, {q[0]}: exit {done.returncode}: {done.stderr.strip()[-200:]}")
    rerun = cli(home, "ingest", str(mix.root), "--workers", "2", "--json")
    converged = documents(home)
    return {
        "kills": kills - finished,
        "finished_before_kill": finished,
        "answered": answered,
        "unanswered": unanswered,
        "problems": problems[:10],
        "rerun_exit": rerun.returncode,
        "documents_after_rerun": converged,
        "expected_documents": expected,
    }


def workers_of(pid: int) -> list[int]:
    """An ingest's NLP worker processes: the children of its forkserver (its grandchildren)."""
    tree = procs.children()
    return [g for c in tree.get(pid, []) for g in tree.get(c, [])]


def worker_kill_run(work: Path, mix: hostile.Mix, kills: int, rng: random.Random, expected: int) -> dict[str, object]:
    home = work / "worker-kills"
    out, err = work / "worker-kills.out", work / "worker-kills.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "corpus_search", "--index", str(home), "ingest", str(mix.root),
             "--workers", "2", "--json"],
            stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, env=env(),
        )
        killed = 0
        for _ in range(kills):
            time.sleep(rng.uniform(2.0, 30.0))
            if proc.poll() is not None:
                break
            workers = workers_of(proc.pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
                killed += 1
        proc.wait(timeout=3600)
    said = err.read_text(errors="replace")
    summary = json.loads(out.read_text()) if proc.returncode == 0 else {}
    return {
        "worker_kills": killed,
        "exit": proc.returncode,
        "documents": documents(home),
        "expected_documents": expected,
        "failed_by_a_worker_death": sum(1 for f in summary.get("failed", []) if "NLP worker" in f["reason"]),
        "traceback": "Traceback" in said,
    }


def random_query(rng: random.Random) -> list[str]:
    words = [rng.choice(SYNTAX) if rng.random() < 0.6 else "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(rng.randint(1, 6)))
             for _ in range(rng.randint(0, 8))]
    query = " ".join(words)
    if query.startswith("-"):
        query = " " + query
    args = ["search", query]
    for option, values in (
        ("--limit", ["0", "1", "5", "1000", "-1"]),
        ("--offset", ["0", "3", "99999"]),
        ("--sort", ["relevance", "date", "bogus"]),
        ("--type", ["minutes", "news", "nonsense"]),
        ("--since", ["2016", "2016-02", "2016-02-30", "x", ""]),
        ("--until", ["2019", "2019-12-31", "2019-13", "yesterday"]),
        ("--sentiment", ["positive", "negative", "happy"]),
    ):
        if rng.random() < 0.25:
            args += [option, rng.choice(values)]
    for flag in ("--all", "--no-collapse", "--json"):
        if rng.random() < 0.3:
            args.append(flag)
    return args


def fuzz(home: Path, queries: int, rng: random.Random) -> dict[str, object]:
    from typer.testing import CliRunner

    from corpus_search.cli import app

    runner = CliRunner()
    crashes: list[str] = []
    codes: dict[int, int] = {}
    slowest = 0.0
    for _ in range(queries):
        args = random_query(rng)
        started = time.monotonic()
        result = runner.invoke(app, ["--index", str(home), *args])
        slowest = max(slowest, time.monotonic() - started)
        codes[result.exit_code] = codes.get(result.exit_code, 0) + 1
        exc = result.exception
        if (exc is not None and not isinstance(exc, SystemExit)) or result.exit_code not in (0, 2) or "Traceback" in result.output:
            crashes.append(f"{args!r}: exit {result.exit_code} {type(exc).__name__ if exc else ''} {result.output.strip()[:160]}")
    return {"queries": queries, "exit_codes": codes, "crashes": len(crashes), "examples": crashes[:10], "slowest_s": round(slowest, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, help="hostile files to write (at least)")
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--worker-kills", type=int, default=6, help="NLP workers to kill during one ingest")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="soak-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    mix = make_corpus(work, args.files, args.seed)
    print(f"wrote {len(mix.good)} good and {len(mix.hostile)} hostile files under {mix.root}", file=sys.stderr)
    ref = reference_run(work, mix)
    print(f"reference: {ref}", file=sys.stderr)
    figures: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "reference": {k: v for k, v in ref.items() if k != "home"},
    }
    if ref.get("ok"):
        expected = documents(ref["home"])  # type: ignore[arg-type]
        figures["kills"] = kill_runs(work, mix, args.kills, rng, expected)
        print(f"kills: {figures['kills']}", file=sys.stderr)
        if args.worker_kills:
            figures["worker_kills"] = worker_kill_run(work, mix, args.worker_kills, rng, expected)
            print(f"worker kills: {figures['worker_kills']}", file=sys.stderr)
        figures["fuzz"] = fuzz(ref["home"], args.queries, rng)  # type: ignore[arg-type]
    figures["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(figures, indent=2, default=str))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
