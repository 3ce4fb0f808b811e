"""Fault injection, NLP workers: real worker processes that die (SIGKILL, a segfault), that are
killed from outside, that overrun the per-document NLP clock or hang where the clock cannot
reach; the same clock in-process; orphaned workers; Ctrl-C during a multi-process ingest.

The crashes are real: a spaCy model package written by tests/worker_faults.py (the English
model plus a component that kills its own process on a marker word) is chosen like any other
model, so nothing in corpus_search knows it is being tested.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_search.config import Settings
from corpus_search.models import Document, Facts
from corpus_search.nlp import Analysis
from corpus_search.workers import OVERRUN, WorkerPool, death_reason, guarded
from tests import worker_faults as wf
from tests.procs import descendants

ROOT = Path(__file__).resolve().parent.parent
PROSE = ("Councillor Joan Hart said the Northshire County Council budget of £2.4m for 2019 was agreed. "
         "The committee met in March and Mr Peter Long, the Chief Executive, answered questions.")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wf.write_model(tmp_path_factory.mktemp("site"))


@pytest.fixture
def faulty(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.syspath_prepend(str(site))  # workers get this process's sys.path
    wf.configure(site)
    return Settings(index_dir=tmp_path / "home", spacy_model=wf.NAME, batch_size=4)


def doc(n: int, extra: str = "") -> Document:
    text = f"{PROSE} Item {n} goodqq{n}. {extra}"
    return Document(doc_id=f"d{n}.txt", path=f"/x/d{n}.txt", root="/x", content_hash=f"h{n}", format="text",
                    raw_text="", text=text, title=f"Doc {n}", words=len(text.split()))


def wait_for_pid(pid_file: Path, seconds: float = 120) -> int:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pid_file.exists() and pid_file.read_text().strip():
            return int(pid_file.read_text().split()[0])
        time.sleep(0.05)
    raise AssertionError("the slow document never reached a worker")


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_a_worker_that_dies_fails_only_its_document_and_is_replaced(faulty: Settings) -> None:
    docs = [doc(0), doc(1, wf.KILL_WORD), doc(2), doc(3, wf.SEGV_WORD), doc(4), doc(5)]
    pool = WorkerPool(faulty, 2, seconds_per_doc=300)
    try:
        results = pool.submit(docs)()
        assert results[1] == death_reason(-signal.SIGKILL)
        assert results[1] == "the NLP worker died (signal 9) while processing this file"
        assert results[3] == death_reason(-signal.SIGSEGV)
        good = [r for i, r in enumerate(results) if i not in (1, 3)]
        assert all(isinstance(r, Facts) for r in good), results
        assert any(p.name == "Joan Hart" for p in good[0].people)  # type: ignore[union-attr]
        assert pool.replaced >= 3  # the batch's worker, then each guilty document's second
        again = pool.submit([doc(6), doc(7)])()  # the replacements work
        assert all(isinstance(r, Facts) for r in again)
    finally:
        pool.close()


def test_a_worker_killed_from_outside_loses_nothing(faulty: Settings, site: Path, tmp_path: Path) -> None:
    """The OOM killer picking a worker that did nothing wrong: every document it held lands."""
    pid_file = tmp_path / "pids"
    wf.configure(site, pid_file=pid_file, seconds=2)
    pool = WorkerPool(faulty, 1, seconds_per_doc=300)
    try:
        wait = pool.submit([doc(0), doc(1, wf.SLOW_WORD), doc(2)])
        victim = wait_for_pid(pid_file)
        os.kill(victim, signal.SIGKILL)
        results = wait()
        assert all(isinstance(r, Facts) for r in results), results
        assert pool.replaced == 1 and victim not in pool.pids()
    finally:
        pool.close()


def test_a_document_over_the_nlp_clock_fails_alone_in_its_worker(faulty: Settings, site: Path) -> None:
    wf.configure(site, seconds=30)
    pool = WorkerPool(faulty, 1, seconds_per_doc=1)
    try:
        started = time.monotonic()
        results = pool.submit([doc(0), doc(1, wf.SLOW_WORD), doc(2)])()
        assert results[1] == OVERRUN.format(seconds=1) == "NLP exceeded 1 s (the limit per document)"
        assert isinstance(results[0], Facts) and isinstance(results[2], Facts)
        assert pool.replaced == 0  # the worker's own clock stopped it: nothing to replace
        assert time.monotonic() - started < 25
        assert all(isinstance(r, Facts) for r in pool.submit([doc(3)])())  # and spaCy still works
    finally:
        pool.close()


def test_a_worker_stuck_past_its_clock_is_killed_by_the_parent(faulty: Settings, site: Path) -> None:
    """SIGALRM blocked (a call into C that never returns): the parent's deadline ends it."""
    wf.configure(site, seconds=60)
    pool = WorkerPool(faulty, 1, seconds_per_doc=1, grace=1.0)
    try:
        started = time.monotonic()
        results = pool.submit([doc(0, wf.HANG_WORD), doc(1)])()
        assert results[0] == OVERRUN.format(seconds=1)
        assert isinstance(results[1], Facts)
        assert pool.replaced == 2 and time.monotonic() - started < 50
    finally:
        pool.close()


def test_guarded_retries_a_batch_one_document_at_a_time() -> None:
    """The clock's and the error's rule on its own: only the document that overruns or raises
    fails, the others get their results in order, and the pipeline is reset after each."""
    resets: list[int] = []

    def run(docs: list[Document]) -> list[Facts | str]:
        for d in docs:
            if "sleepqq" in d.text:
                time.sleep(5)
            if "raiseqq" in d.text:
                raise ValueError("[E088] Text of length 2000001 exceeds maximum")
        return [d.doc_id for d in docs]

    docs = [doc(0), doc(1, "sleepqq"), doc(2), doc(3, "raiseqq"), doc(4)]
    started = time.monotonic()
    out = guarded(run, docs, 0.5, lambda: resets.append(1))
    assert out == ["d0.txt", OVERRUN.format(seconds=0.5), "d2.txt",
                   "NLP failed (ValueError: [E088] Text of length 2000001 exceeds maximum)", "d4.txt"]
    assert len(resets) == 3 and time.monotonic() - started < 5  # the batch, then each bad one alone
    assert guarded(run, [doc(0), docs[3]], 0, lambda: None) == ["d0.txt", out[3]]  # 0: no clock; errors still


def test_a_worker_that_cannot_start_gives_its_reason(tmp_path: Path) -> None:
    """No model in the workers: the ingest's error is the model's, not a hang or a respawn loop."""
    from corpus_search.errors import ModelNotFound

    pool = WorkerPool(Settings(index_dir=tmp_path, spacy_model="no_such_spacy_model"), 2, seconds_per_doc=300)
    try:
        with pytest.raises(ModelNotFound, match="no_such_spacy_model"):
            pool.submit([doc(0)])()
    finally:
        pool.close(failed=True)


def test_a_worker_without_the_rules_answers_with_the_models_analysis(faulty: Settings) -> None:
    """rules=False (one worker: the ingest runs the rules): each document's Analysis comes back,
    the one spaCy gives in this process; a death still fails only its document."""
    from corpus_search import nlp as nlp_mod

    docs = [doc(0), doc(1, wf.KILL_WORD), doc(2)]
    pool = WorkerPool(faulty, 1, seconds_per_doc=300, rules=False)
    try:
        results = pool.submit(docs)()
    finally:
        pool.close()
    assert results[1] == death_reason(-signal.SIGKILL)
    here = nlp_mod.load(wf.NAME)
    for i in (0, 2):
        analysis = results[i]
        assert analysis == nlp_mod.analyse(here(docs[i].text))
        assert isinstance(analysis, nlp_mod.Analysis) and analysis.text == docs[i].text
        assert "Peter Long" in [analysis.text[s:e] for s, e, label in analysis.ents if label == "PERSON"]


@dataclass
class Mark:
    text: str
    start: int
    end: int


@pytest.fixture
def rule_faults():  # type: ignore[no-untyped-def]
    """Two fact kinds registered in this process only (so only rules run here see them): one whose
    rule never ends on a document holding "stuckqq", one whose rule raises on "brokenqq"."""
    from corpus_search import kinds

    def stuck(document: Document, analysis: object) -> list[Mark]:
        while "stuckqq" in document.text:
            time.sleep(0.01)
        return []

    def broken(document: Document, analysis: object) -> list[Mark]:
        if "brokenqq" in document.text:
            raise ValueError("a bug in a rule")
        return []

    kinds.register(kinds.FactKind(name="stuck", plural="stucks", row_type=Mark, extractor=stuck, line=str))
    kinds.register(kinds.FactKind(name="broken", plural="brokens", row_type=Mark, extractor=broken, line=str))
    try:
        yield
    finally:
        kinds.unregister("stuck")
        kinds.unregister("broken")


def test_rules_run_here_under_the_clock_with_one_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule_faults: None
) -> None:
    """With one worker the rules run in the ingesting process, still one clock per document: a
    document whose rules never end fails alone with the overrun reason, one whose rules raise
    fails alone with theirs, and the others land."""
    from corpus_search import pipeline
    from corpus_search.ingest import limits

    monkeypatch.setattr(limits, "current", lambda: limits.Limits(nlp_seconds_per_doc=1))
    nlp = pipeline._Nlp(Settings(index_dir=tmp_path / "home", batch_size=4, workers=1), in_process=False)
    try:
        assert nlp.rules_here and nlp.pool is not None and nlp.pool.rules is False
        results = nlp.submit([doc(0), doc(1, "stuckqq"), doc(2), doc(3, "brokenqq"), doc(4)])()
    finally:
        nlp.close(failed=False)
        nlp.close(failed=False)  # again: nothing left to stop
    assert results[1] == OVERRUN.format(seconds=1)
    assert results[3] == "fact extraction failed (ValueError: a bug in a rule)"
    for i in (0, 2, 4):
        facts = results[i]
        assert isinstance(facts, Facts) and any(p.name == "Joan Hart" for p in facts.people)
        assert facts.extra == {"stucks": [], "brokens": []}


def test_several_workers_run_the_rules_themselves(tmp_path: Path) -> None:
    from corpus_search import pipeline

    nlp = pipeline._Nlp(Settings(index_dir=tmp_path / "home", workers=2), in_process=False)
    try:
        assert not nlp.rules_here and nlp.pool is not None and nlp.pool.rules is True
        assert all(isinstance(r, Facts) for r in nlp.pool.submit([doc(0), doc(1)])())
    finally:
        nlp.close(failed=False)


def test_new_words_are_freed_every_zone_docs_documents(tmp_path: Path) -> None:
    """A worker's vocabulary stays flat: the new words of `zone_docs` documents share one spaCy
    memory zone (so later batches find them) and go when it closes; the Analyses stay whole."""
    from corpus_search import nlp as nlp_mod
    from corpus_search import pipeline

    processor = pipeline.Processor(Settings(index_dir=tmp_path / "home"), seconds_per_doc=0, zone_docs=4)
    processor.nlp = nlp_mod.load.__wrapped__()  # a pipeline of its own, as in a worker process
    docs = [doc(n, f"Vexworthqq{n} objected.") for n in range(5)]
    strings = processor.nlp.vocab.strings
    first = processor.analyse(docs[:2])
    assert "Vexworthqq0" in strings  # the zone is still open: the next batch shares these words
    processor.analyse(docs[2:4])  # the fourth document closes the zone
    assert not any(f"Vexworthqq{n}" in strings for n in range(4))
    assert isinstance(first[0], Analysis) and "Vexworthqq0" in first[0].text
    assert first[0] == nlp_mod.analyse(nlp_mod.load()(docs[0].text))
    processor.analyse(docs[4:])
    assert "Vexworthqq4" in strings and "Vexworthqq0" not in strings


def test_elsewhere_a_zone_holds_one_call(tmp_path: Path) -> None:
    """A Processor sharing the cached pipeline with other code (in-process ingests, Dask) leaves no
    zone open after a call, so the Docs that code makes are never freed under it."""
    from corpus_search import pipeline

    from corpus_search import nlp as nlp_mod

    settings = Settings(index_dir=tmp_path / "home")
    processor = pipeline.Processor(settings, seconds_per_doc=0)
    nlp = nlp_mod.load(settings.spacy_model)
    assert processor.nlp is nlp  # the cached pipeline, shared with the rest of this process
    processor.analyse([doc(0, "Quorblethqq spoke.")])
    assert "Quorblethqq" not in nlp.vocab.strings
    kept = nlp("Zarnwickqq replied.")
    processor.analyse([doc(1)])
    assert kept.text == "Zarnwickqq replied." and kept[0].text == "Zarnwickqq"


def test_the_clock_in_process_leaves_spacy_usable(tmp_path: Path) -> None:
    """A long document over a small limit fails alone; the next batch's facts are those of a
    fresh pipeline (the one interrupted is never used again)."""
    from corpus_search.pipeline import Processor
    from tests.test_faults_long import long_text

    settings = Settings(index_dir=tmp_path / "home", batch_size=4)
    processor = Processor(settings, seconds_per_doc=1)
    long = doc(9, long_text(300_000, "Closing words."))
    results = processor([doc(0), long, doc(1)])
    assert results[1] == OVERRUN.format(seconds=1)
    assert isinstance(results[0], Facts) and isinstance(results[2], Facts)
    after = processor([doc(2), doc(3)])
    fresh = Processor(settings, seconds_per_doc=0)([doc(2), doc(3)])
    assert after == fresh


def test_the_clock_through_the_command_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CORPUS_SEARCH_NLP_SECONDS_PER_DOC through the CLI (a small ingest: NLP in this process)."""
    from typer.testing import CliRunner

    from corpus_search.cli import app
    from tests.test_faults_long import long_text

    root = tmp_path / "docs"
    root.mkdir()
    for n in range(3):
        (root / f"short{n}.txt").write_text(doc(n).text, encoding="utf-8")
    (root / "long.txt").write_text(long_text(300_000, "The end of the long one."), encoding="utf-8")
    monkeypatch.setenv("CORPUS_SEARCH_NLP_SECONDS_PER_DOC", "1")
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["--index", str(home), "ingest", str(root), "--json", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == 3
    assert [(Path(f["path"]).name, f["reason"]) for f in summary["failed"]] == [("long.txt", OVERRUN.format(seconds=1))]
    found = CliRunner().invoke(app, ["--index", str(home), "search", "goodqq2", "--json"])
    assert json.loads(found.stdout)["total"] == 1


# ---- the real command, in its own process ------------------------------------------------------
def many(root: Path, n: int, extra: dict[int, str]) -> None:
    """More than INPROCESS_MAX_FILES small documents, so that the NLP runs in worker processes."""
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"doc{i:03d}.txt").write_text(doc(i, extra.get(i, "")).text, encoding="utf-8")


def command(home: Path, site: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "corpus_search", "--index", str(home), *args]


def env(site: Path) -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{site}", "CORPUS_SEARCH_SPACY_MODEL": wf.NAME}
    out.pop("CORPUS_SEARCH_INDEX", None)
    return out


def documents(home: Path, site: Path) -> int:
    done = subprocess.run(command(home, site, "status", "--json"), capture_output=True, text=True, env=env(site),
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["documents"])


@pytest.mark.parametrize("workers", ["1", "2"])  # one: the rules run in the ingest; two: in the workers
def test_the_command_records_only_the_documents_that_killed_workers(site: Path, tmp_path: Path, workers: str) -> None:
    wf.configure(site)
    root = tmp_path / "docs"
    many(root, 212, {17: wf.KILL_WORD, 150: wf.SEGV_WORD})
    home = tmp_path / "home"
    done = subprocess.run(command(home, site, "ingest", str(root), "--workers", workers, "--json"), capture_output=True,
                          text=True, env=env(site), timeout=600, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert sorted((Path(f["path"]).name, f["reason"]) for f in summary["failed"]) == [
        ("doc017.txt", death_reason(-signal.SIGKILL)), ("doc150.txt", death_reason(-signal.SIGSEGV))]
    assert summary["added"] == 210 == documents(home, site)


def test_orphaned_workers_exit_quietly(site: Path, tmp_path: Path) -> None:
    """The ingest itself SIGKILLed (not its workers): they notice and leave, without a word."""
    pid_file = tmp_path / "pids"
    wf.configure(site, pid_file=pid_file, seconds=60)
    root = tmp_path / "docs"
    many(root, 210, {40: wf.SLOW_WORD})
    errors = tmp_path / "stderr"
    with errors.open("w") as err:
        proc = subprocess.Popen(command(tmp_path / "home", site, "ingest", str(root), "--workers", "2"),
                                stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, env=env(site))
        try:
            slow = wait_for_pid(pid_file)
            family = descendants(proc.pid)
            assert slow in family
        finally:
            proc.kill()
            proc.wait()
    end = time.monotonic() + 20
    while time.monotonic() < end and not all(gone(p) for p in family):
        time.sleep(0.1)
    assert all(gone(p) for p in family), [p for p in family if not gone(p)]
    time.sleep(0.5)
    said = errors.read_text()
    assert "Traceback" not in said and "BrokenPipe" not in said, said[-2000:]


def test_ctrl_c_during_a_multi_process_ingest_commits_what_is_finished(site: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    wf.configure(site, pid_file=pid_file, seconds=60)
    root = tmp_path / "docs"
    many(root, 210, {60: wf.SLOW_WORD})
    home = tmp_path / "home"
    proc = subprocess.Popen(command(home, site, "ingest", str(root), "--workers", "2", "--json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            env=env(site), start_new_session=True)
    try:
        wait_for_pid(pid_file)
        time.sleep(1.0)
        family = descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "Traceback" not in err, err[-2000:]
    summary = json.loads(out)
    assert summary["interrupted"] is True
    assert 0 < summary["added"] < 210
    assert documents(home, site) == summary["added"]  # exactly what was committed
    assert family and all(gone(p) for p in family)  # no worker left behind
