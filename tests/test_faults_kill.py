"""Fault injection, kills: a real `corpus-search ingest` process is killed with SIGKILL at
random points; afterwards `search` and `status` answer without a traceback (exit 0, or the
missing-index exit 2), and a re-run converges to the same documents as an ingest never killed.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import hostile

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CORPUS_SEARCH_INDEX", None)
    return env


def run(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        check=False, capture_output=True, text=True, timeout=timeout, env=_env(), stdin=subprocess.DEVNULL,
    )


def kill_ingest_after(home: Path, root: Path, seconds: float, *args: str) -> int | None:
    """Start an ingest, SIGKILL it after `seconds` (its whole process group, workers too, as the
    OOM killer or a power cut would); returns its exit code if it finished first."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus_search", "--index", str(home), "ingest", str(root), "--json", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        env=_env(), start_new_session=True,
    )
    try:
        return proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


def documents(home: Path) -> int:
    done = run(home, "status", "--json", timeout=120)
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["documents"])


def answers(home: Path) -> list[str]:
    """What is wrong with the index's answers after a kill (empty: nothing)."""
    problems = []
    for args in (("search", "council", "--json"), ("status", "--json"), ("search", "corpusqq3", "--json")):
        done = run(home, *args, timeout=120)
        if done.returncode not in (0, 2) or "Traceback" in done.stderr:
            problems.append(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    return problems


@pytest.fixture(scope="module")
def killed_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One corpus, one clean reference ingest, and a few ingests killed at random points
    (each followed by the questions a user would ask and a re-run)."""
    base = tmp_path_factory.mktemp("kill")
    root = base / "docs"
    hostile.write_corpus(root, 80, seed=11)
    hostile.make_mix(root / "hostile", base / "outside", seed=5, big=False)
    reference = base / "reference"
    done = run(reference, "ingest", str(root), "--json")
    assert done.returncode == 0, done.stderr
    expected = documents(reference)
    rng = random.Random(2026)
    home = base / "killed"
    outcomes = []
    for round_no in range(3):
        delay = rng.uniform(1.0, 9.0)
        finished = kill_ingest_after(home, root, delay, *(("--rebuild",) if round_no == 2 else ()))
        problems = answers(home)
        outcomes.append({"delay": round(delay, 2), "finished": finished, "problems": problems})
    rerun = run(home, "ingest", str(root), "--json")
    return {"expected": expected, "home": home, "root": root, "outcomes": outcomes, "rerun": rerun}


def test_a_re_run_after_kills_converges_to_the_same_documents(killed_runs: dict) -> None:  # type: ignore[type-arg]
    rerun = killed_runs["rerun"]
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "Traceback" not in rerun.stderr
    assert documents(killed_runs["home"]) == killed_runs["expected"]
    again = run(killed_runs["home"], "ingest", str(killed_runs["root"]), "--json")
    summary = json.loads(again.stdout)
    assert summary["added"] == summary["updated"] == summary["removed"] == 0


def test_a_killed_ingest_leaves_an_index_that_answers(killed_runs: dict) -> None:  # type: ignore[type-arg]
    problems = [p for o in killed_runs["outcomes"] for p in o["problems"]]
    assert problems == [], killed_runs["outcomes"]


@pytest.mark.slow
def test_kills_during_a_multi_process_ingest(tmp_path: Path) -> None:
    """Over 200 files, so the NLP runs in worker processes; kills at more points, each
    followed by a re-run that must converge."""
    root = tmp_path / "docs"
    hostile.write_corpus(root, 260, seed=12, sentences=25)
    reference = tmp_path / "reference"
    assert run(reference, "ingest", str(root), "--workers", "2").returncode == 0
    expected = documents(reference)
    rng = random.Random(7)
    home = tmp_path / "killed"
    for _ in range(4):
        kill_ingest_after(home, root, rng.uniform(2.0, 15.0), "--workers", "2")
        for args in (("search", "council", "--json"), ("status", "--json")):
            done = run(home, *args, timeout=120)
            assert "Traceback" not in done.stderr, done.stderr[-1000:]
        rerun = run(home, "ingest", str(root), "--workers", "2", "--json")
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert documents(home) == expected
        time.sleep(0.1)
