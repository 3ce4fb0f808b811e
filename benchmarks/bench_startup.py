"""Whole-process time of `corpus-search search`, `who` and `show`, against interpreter baselines.

Each command is a fresh process, as a user runs it: interpreter start, imports, option parsing,
opening the index and the facts store, the work, printing. The baselines (`python -c pass`,
`python -c "import typer"`, and the libraries no search can start without: typer, numpy, sqlite3
and the Whoosh modules a search opens) run interleaved with the commands in the same rounds, so a
busy machine inflates them alike; compare the differences and ratios more than the absolute figures.

    python benchmarks/bench_startup.py                      # demo index built from corpus/ (temp)
    python benchmarks/bench_startup.py --index /tmp/ss-idx --runs 30 --json out.json
    python benchmarks/bench_startup.py --index /tmp/ss-big --who "" --show ""   # search only
    python benchmarks/bench_startup.py --index /tmp/ss-idx --code /tmp/main-checkout --code .   # two trees

Every run of a round is one warm-up first (bytecode caches and page cache), then `--runs` rounds.
PYTHONDONTWRITEBYTECODE is removed from the environment: a user's install has its .pyc files.
Reports median, p95 and min wall time, and median CPU time (user + system) per command, plus the
load average before and after. Results and machine: docs/benchmarks.md, "Start-up".
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHORT = "statutory direction"
LIBRARIES = "import typer, numpy, sqlite3, whoosh.index, whoosh.searching, whoosh.codec.whoosh3, whoosh.query"
LONG = "which councillors criticised the cabinet over children's services after the Ofsted inspection report"


def _cli() -> list[str]:
    exe = shutil.which("corpus-search")
    return [exe] if exe else [sys.executable, "-m", "corpus_search"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def _env(code: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(x for x in (str(code), env.get("PYTHONPATH", "")) if x)
    return env


def commands(index: Path, who: str, show: str, codes: list[Path]) -> dict[str, tuple[list[str], dict[str, str]]]:
    """name -> (argv, environment); with several source trees, each tree's commands are labelled by it."""
    env = _env(codes[0])
    out = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "python -c 'import typer'": ([sys.executable, "-c", "import typer"], env),
        # the floor of a search process: the libraries it cannot start without
        "python -c 'import typer, numpy, whoosh…'": ([sys.executable, "-c", LIBRARIES], env),
    }
    for code in codes:
        tag = f" [{code}]" if len(codes) > 1 else ""
        env = _env(code)
        cli = [*_cli(), "--index", str(index)]
        out[f"corpus-search --version{tag}"] = ([*_cli(), "--version"], env)
        out[f"search '{SHORT}'{tag}"] = ([*cli, "search", SHORT], env)
        out[f"search (12-word sentence){tag}"] = ([*cli, "search", LONG], env)
        out[f"search --json (12 words){tag}"] = ([*cli, "search", LONG, "--json"], env)
        if who:
            out[f"who '{who}'{tag}"] = ([*cli, "who", who], env)
            out[f"who --json{tag}"] = ([*cli, "who", who, "--json"], env)
        if show:
            out[f"show {show}{tag}"] = ([*cli, "show", show], env)
    return out


def measure(cmds: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, dict[str, float]]:
    walls: dict[str, list[float]] = {name: [] for name in cmds}
    cpus: dict[str, list[float]] = {name: [] for name in cmds}
    for name, (cmd, env) in cmds.items():  # warm-up, and a failing command is a broken benchmark
        _, _, code = _run(cmd, env)
        if code != 0:
            raise SystemExit(f"{name!r} exited {code}: {' '.join(cmd)}")
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            wall, cpu, _ = _run(cmd, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: {
            "median_s": round(statistics.median(walls[name]), 4),
            "p95_s": round(_percentile(walls[name], 0.95), 4),
            "min_s": round(min(walls[name]), 4),
            "cpu_median_s": round(statistics.median(cpus[name]), 4),
        }
        for name in cmds
    }


def demo_index(folder: Path) -> Path:
    index = folder / "demo-index"
    subprocess.run([*_cli(), "--index", str(index), "ingest", str(REPO / "corpus")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index home (default: the demo corpus, ingested into a temp folder)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--who", default="Ade Adetosoye", help='a person in the index ("" to skip who)')
    ap.add_argument("--show", default="000_6c236a2a44f5c600.txt", help='a document id ("" to skip show)')
    ap.add_argument("--code", type=Path, action="append",
                    help="a source tree whose corpus_search is measured (default: this one); give it twice to "
                    "compare two trees (e.g. a checkout of main) in the same rounds")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cs-startup-") as tmp:
        index = args.index or demo_index(Path(tmp))
        load_before = os.getloadavg()
        codes = args.code or [REPO]
        results = measure(commands(index, args.who, args.show, codes), args.runs)
        load_after = os.getloadavg()
    machine = {
        "python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
        "index": str(args.index or "demo corpus"), "code": [str(c) for c in codes], "runs": args.runs,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    base = results["python -c pass"]["median_s"]
    width = max(len(name) for name in results) + 1
    print(f"{'command':<{width}} {'median':>8} {'p95':>8} {'min':>8} {'cpu med':>8} {'- python':>9}")
    for name, r in results.items():
        print(f"{name:<{width}} {r['median_s']:>8.3f} {r['p95_s']:>8.3f} {r['min_s']:>8.3f} {r['cpu_median_s']:>8.3f}"
              f" {r['median_s'] - base:>9.3f}")
    print(f"load average before {machine['load_before']}, after {machine['load_after']}; "
          f"{machine['cpus']} CPUs, Python {machine['python']}, {args.runs} runs")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
