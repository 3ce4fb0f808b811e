"""`ingest --rebuild` builds beside the live index and swaps at the end (corpus_search/homes.py):
real `corpus-search` processes, real signals, real Whoosh folders and SQLite files."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpus_search import homes, queries
from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from tests.paths import ROOT, SEEDS


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CORPUS_SEARCH_INDEX", None)
    return env


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        capture_output=True, text=True, timeout=300, env=_env(), stdin=subprocess.DEVNULL, check=False,
    )


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def write_corpus(folder: Path, word: str, n: int) -> None:
    """n real documents (the seeds' text) each carrying a marker word."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        text = texts[i % len(texts)].replace("\n\n", f"\n\nThe {word} item number {i} was noted.\n\n", 1)
        (folder / f"{word}-{i:03d}.txt").write_text(text, encoding="utf-8")


def hits(settings: Settings, word: str) -> int:
    return queries.search(settings, word, limit=1, collapse=False).total


def leftovers(home: Path) -> list[str]:
    return sorted(p.name for p in home.iterdir() if ".rebuild-" in p.name or ".old-" in p.name)


def test_searches_answer_from_the_old_index_throughout_a_rebuild_then_from_the_new(tmp_path):
    docs, home = tmp_path / "docs", tmp_path / "home"
    settings = Settings(index_dir=home)
    write_corpus(docs, "oldmarker", 12)
    ingest([docs], settings)
    assert hits(settings, "oldmarker") == 12
    write_corpus(docs, "newmarker", 60)

    proc = start(home, "ingest", str(docs), "--rebuild", "--json")
    # One query per sample (both markers), so each sample is one searcher's view: 12 is the old
    # index, 60 the new one, anything else a mixture (two queries could straddle the swap).
    seen: list[int] = []
    try:
        while proc.poll() is None:
            seen.append(hits(settings, "oldmarker OR newmarker"))
            who = queries.who(settings, "Ade Adetosoye")  # the store answers too, from the old facts
            assert who["documents"], who
            time.sleep(0.05)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err
    assert json.loads(out)["added"] == 60
    assert hits(settings, "oldmarker") == 0 and hits(settings, "newmarker") == 60
    seen.append(hits(settings, "oldmarker OR newmarker"))
    # every answer is the old index or the new one, never half of each or an empty one; old first
    assert set(seen) <= {12, 60}, sorted(set(seen))
    first_new = seen.index(60)
    assert all(s == 12 for s in seen[:first_new]) and all(s == 60 for s in seen[first_new:])
    assert first_new >= 3, f"the rebuild finished before it could be watched ({len(seen)} samples)"
    assert leftovers(home) == []
    # a search in a separate process agrees
    done = cli(home, "search", "newmarker", "--json", "--no-collapse")
    assert done.returncode == 0 and json.loads(done.stdout)["total"] == 60


def test_a_killed_rebuild_leaves_the_old_index_and_its_leftovers_are_cleaned_next_run(tmp_path):
    docs, home = tmp_path / "docs", tmp_path / "home"
    settings = Settings(index_dir=home)
    write_corpus(docs, "oldmarker", 8)
    ingest([docs], settings)
    before = queries.status(settings)
    write_corpus(docs, "newmarker", 40)

    proc = start(home, "ingest", str(docs), "--rebuild", "--json")
    try:
        # wait until the new index has committed something beside the old one, then SIGKILL it
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            beside = [p for p in home.glob("facts.rebuild-*.db") if p.stat().st_size > 0]
            if beside and list(home.glob("whoosh.rebuild-*/*.toc")):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the rebuild ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert leftovers(home), "nothing was built beside the old index"
    assert hits(settings, "oldmarker") == 8 and hits(settings, "newmarker") == 0
    after = queries.status(settings)
    assert (after["documents"], after["facts"]) == (before["documents"], before["facts"])
    for args in (["search", "oldmarker"], ["who", "Ade Adetosoye"], ["status"], ["show", "oldmarker-000.txt"]):
        done = cli(home, *args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)

    summary = ingest([docs], settings)  # the next run cleans up, then updates as usual
    assert leftovers(home) == []
    assert summary.added == 40 and summary.removed == 8
    assert hits(settings, "newmarker") == 40


def test_an_interrupted_rebuild_is_abandoned_and_says_so(tmp_path):
    docs, home = tmp_path / "docs", tmp_path / "home"
    write_corpus(docs, "oldmarker", 6)
    ingest([docs], Settings(index_dir=home))
    write_corpus(docs, "newmarker", 40)
    proc = start(home, "ingest", str(docs), "--rebuild", "--json")
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if list(home.glob("whoosh.rebuild-*/*.toc")):
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    summary = json.loads(out)
    assert summary["interrupted"] is True and summary["rebuild"] == "abandoned" and summary["added"] == 0
    assert "rebuild was abandoned" in err and "Traceback" not in err
    assert leftovers(home) == []
    assert hits(Settings(index_dir=home), "oldmarker") == 6


def test_rebuild_keeps_corrections_and_replaces_a_damaged_facts_file(tmp_path):
    docs, home = tmp_path / "docs", tmp_path / "home"
    settings = Settings(index_dir=home)
    write_corpus(docs, "oldmarker", 4)
    ingest([docs], settings)
    (home / "people-corrections.json").write_text('{"corrections": []}', encoding="utf-8")
    settings.db_path.write_bytes(b"this is not a database at all" * 100)
    done = cli(home, "status")
    assert done.returncode == 2 and "damaged" in done.stderr and "--rebuild" in done.stderr, done.stderr
    summary = ingest([docs], settings, rebuild=True)
    assert summary.added == 4
    assert (home / "people-corrections.json").exists()
    assert hits(settings, "oldmarker") == 4 and homes.leftovers(settings) == []
