"""Ingest end to end on real files: incremental runs, failures, interruption, locking."""
from __future__ import annotations

import json
import pickle
import shutil
import sqlite3

import pytest

from corpus_search import kinds
from corpus_search import search as index
from corpus_search.errors import IndexBusy, UsageError
from corpus_search.pipeline import IngestLock, ingest
from corpus_search.store import Store
from corpus_search.config import Settings
from tests.paths import FIXTURES, ROOT, SEED_IDS, SEEDS


def ids_in_index(settings) -> set[str]:
    writer = index.IndexWriter(settings.whoosh_dir)
    try:
        return writer.doc_ids()
    finally:
        writer.close()


def ids_in_store(settings) -> set[str]:
    with Store(settings.db_path) as store:
        return set(store.known_documents())


def test_first_ingest_adds_every_seed(built_index):
    settings, summary = built_index
    assert (summary.added, summary.updated, summary.unchanged, summary.removed, summary.failed) == (5, 0, 0, 0, [])
    assert summary.words > 2000
    assert ids_in_index(settings) == ids_in_store(settings) == set(SEED_IDS)


def test_reingest_skips_unchanged_replaces_changed_drops_deleted(corpus_dir, settings):
    ingest([corpus_dir], settings)
    again = ingest([corpus_dir], settings)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 5, 0)

    changed = corpus_dir / SEED_IDS[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe council published a further update on caseloads.\n", encoding="utf-8")
    (corpus_dir / SEED_IDS[4]).unlink()
    third = ingest([corpus_dir], settings)
    assert (third.added, third.updated, third.unchanged, third.removed) == (0, 1, 3, 1)
    assert ids_in_index(settings) == ids_in_store(settings) == set(SEED_IDS[:4])
    with Store(settings.db_path) as store:
        assert "further update on caseloads" in store.document(SEED_IDS[3])["text"]
        assert list(store.fact_rows([kinds.by_name("date")], doc_id=SEED_IDS[4])) == []


def test_bad_files_are_listed_and_the_rest_lands(tmp_path, settings):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("encrypted.pdf", "scanned.pdf", "not_really.docx", "empty.txt", "binary.txt", "press_utf8.txt", "report.docx"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "picture.png").write_bytes(b"\x89PNG not a document")
    summary = ingest([folder], settings)
    reasons = {item["path"].rsplit("/", 1)[-1]: item["reason"] for item in summary.failed}
    assert reasons == {
        "encrypted.pdf": "encrypted PDF",
        "scanned.pdf": "no text layer (scanned image?)",
        "not_really.docx": "not a DOCX file",
        "empty.txt": "empty file",
        "binary.txt": "undecodable bytes (binary file, not text)",
    }
    assert summary.added == 2
    assert ids_in_store(settings) == {"press_utf8.txt", "report.docx"}


def test_missing_path_is_a_usage_error(tmp_path, settings):
    with pytest.raises(UsageError, match="no such file or folder"):
        ingest([tmp_path / "nope"], settings)


def test_single_file_and_several_roots_ids(tmp_path, corpus_dir, settings):
    other = tmp_path / "press"
    other.mkdir()
    shutil.copy(FIXTURES / "press_utf8.txt", other / "release.txt")
    ingest([corpus_dir, other], settings)
    assert ids_in_store(settings) == {f"corpus/{i}" for i in SEED_IDS} | {"press/release.txt"}
    lone = settings.__class__(index_dir=tmp_path / "lone")
    ingest([other / "release.txt"], lone)
    assert ids_in_store(lone) == {"release.txt"}


def test_duplicate_content_is_flagged(tmp_path, settings):
    folder = tmp_path / "dups"
    folder.mkdir()
    shutil.copy(FIXTURES / "press_utf8.txt", folder / "a.txt")
    shutil.copy(FIXTURES / "press_utf8.txt", folder / "b.txt")
    ingest([folder], settings)
    with Store(settings.db_path) as store:
        assert store.document("b.txt")["duplicate_of"] == "a.txt"


def test_interrupted_ingest_leaves_a_working_index_and_resumes(corpus_dir, settings, monkeypatch):
    from corpus_search import pipeline

    calls = {"n": 0}
    real_prepare = pipeline.prepare

    def interrupt_on_third(source, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_prepare(source, data)

    monkeypatch.setattr(pipeline, "COMMIT_DOCS", 1)
    monkeypatch.setattr(pipeline, "prepare", interrupt_on_third)
    monkeypatch.setattr(settings.__class__, "batch_size", 1, raising=False)
    small = settings.__class__(index_dir=settings.index_dir, batch_size=1)
    summary = ingest([corpus_dir], small)
    assert summary.interrupted
    done = ids_in_store(small)
    assert 0 < len(done) < 5 and done <= ids_in_index(small)
    monkeypatch.setattr(pipeline, "prepare", real_prepare)
    resumed = ingest([corpus_dir], small)
    assert not resumed.interrupted
    assert resumed.unchanged == len(done) and resumed.added == 5 - len(done)
    assert ids_in_store(small) == ids_in_index(small) == set(SEED_IDS)


def test_index_orphans_from_a_killed_run_are_reconciled(corpus_dir, settings):
    ingest([corpus_dir], settings)
    # Simulate a kill between the index commit and the store commit: the store forgets one doc.
    conn = sqlite3.connect(settings.db_path)
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (SEED_IDS[0],))
    conn.commit()
    conn.close()
    summary = ingest([corpus_dir], settings)
    assert summary.added == 1 and summary.unchanged == 4
    assert ids_in_index(settings) == ids_in_store(settings) == set(SEED_IDS)


def test_a_second_ingest_is_refused_while_one_runs(corpus_dir, settings):
    with IngestLock(settings.lock_path):
        with pytest.raises(IndexBusy, match="another ingest is writing"):
            ingest([corpus_dir], settings)


def test_rebuild_starts_afresh(corpus_dir, settings):
    ingest([corpus_dir], settings)
    summary = ingest([corpus_dir], settings, rebuild=True)
    assert summary.added == 5 and summary.unchanged == 0


def _facts_snapshot(settings):
    with Store(settings.db_path) as store:
        docs = [tuple(d[k] for k in ("doc_id", "title", "doc_type", "date", "sentiment", "words")) for d in store.documents()]
        counts = store.fact_counts()
        rows = sorted(json.dumps(r, sort_keys=True) for r in store.fact_rows(kinds.fact_kinds()))
    return docs, counts, rows


def test_nlp_in_worker_processes_gives_the_same_index(corpus_dir, tmp_path, monkeypatch):
    """Large ingests run spaCy in child processes (and with one worker the fact rules here, on the
    Analysis it sends back); every fact must be the same wherever each step ran."""
    from corpus_search import pipeline
    from corpus_search.config import Settings

    here = Settings(index_dir=tmp_path / "here")
    ingest([corpus_dir], here)
    monkeypatch.setattr(pipeline, "INPROCESS_MAX_FILES", 0)
    for workers in (1, 2):
        there = Settings(index_dir=tmp_path / f"pool{workers}", workers=workers, batch_size=2)
        summary = ingest([corpus_dir], there)
        assert (summary.added, summary.failed) == (5, [])
        assert _facts_snapshot(there) == _facts_snapshot(here)
        assert ids_in_index(there) == set(SEED_IDS)


def test_the_analysis_is_what_spacy_says(nlp):
    """nlp.analyse reads the entity and sentence arrays; spaCy's own Span objects agree, and the
    Analysis survives the pipe to the ingesting process unchanged."""
    from corpus_search import nlp as nlp_mod

    for path in sorted(SEEDS.glob("*.txt")):
        sdoc = nlp(path.read_text(encoding="utf-8"))
        analysis = nlp_mod.analyse(sdoc)
        assert analysis.text == sdoc.text
        assert analysis.ents == [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        assert analysis.sents == [(s.start_char, s.end_char) for s in sdoc.sents]
        assert pickle.loads(pickle.dumps(analysis)) == analysis
        assert nlp_mod.as_analysis(analysis) is analysis


def test_process_is_pure_and_matches_what_ingest_stores(built_index, tmp_path):
    """The middle step another executor (a Dask worker) calls: bytes in, documents and facts out."""
    from corpus_search.ingest import iter_sources
    from corpus_search.pipeline import Processor, process
    from corpus_search.sentiment.runtime import load_for_index

    settings, _ = built_index
    lone = settings.__class__(index_dir=tmp_path / "never-written")
    batch = list(iter_sources([SEEDS]))
    out = process(batch, Processor(lone), load_for_index(None))
    assert not lone.index_dir.exists()
    assert [p.source.doc_id for p in out] == SEED_IDS and all(p.error is None for p in out)
    with Store(settings.db_path) as store:
        for item in out:
            stored = store.document(item.source.doc_id)
            assert (item.document.title, item.document.date, item.facts.sentiment) == (stored["title"], stored["date"], stored["sentiment"])
            money = [(r["text"], r["value"]) for r in store.fact_rows([kinds.by_name("money")], doc_id=item.source.doc_id)]
            assert [(m.text, m.value) for m in item.facts.money] == money


def _many(folder, n):
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(texts[i % len(texts)] + f"\nCopy number {i}.\n", encoding="utf-8")


def test_the_first_commit_is_small_and_the_next_ones_grow(tmp_path, settings, monkeypatch):
    from corpus_search import pipeline

    _many(tmp_path / "many", 45)
    sizes = []
    real = pipeline.Committer.commit

    def spy(self):
        if self.pending:
            sizes.append(len(self.pending))
        real(self)

    monkeypatch.setattr(pipeline.Committer, "commit", spy)
    summary = ingest([tmp_path / "many"], settings)
    assert summary.added == 45
    assert sizes == [pipeline.FIRST_COMMIT_DOCS, 45 - pipeline.FIRST_COMMIT_DOCS]
    assert pipeline.FIRST_COMMIT_DOCS * pipeline.COMMIT_GROWTH > 45 - pipeline.FIRST_COMMIT_DOCS  # so it waited


def test_with_workers_the_last_commit_holds_only_the_last_batch(tmp_path, monkeypatch):
    """Once every batch is queued, each one back is committed while the worker does the rest, so
    the commit nothing overlaps with is one batch, not up to COMMIT_DOCS documents."""
    from corpus_search import pipeline
    from corpus_search.config import Settings

    _many(tmp_path / "many", 45)
    monkeypatch.setattr(pipeline, "INPROCESS_MAX_FILES", 0)
    sizes = []
    real = pipeline.Committer.commit

    def spy(self):
        if self.pending:
            sizes.append(len(self.pending))
        real(self)

    monkeypatch.setattr(pipeline.Committer, "commit", spy)
    summary = ingest([tmp_path / "many"], Settings(index_dir=tmp_path / "home", workers=1, batch_size=4))
    assert summary.added == 45 and sum(sizes) == 45
    assert sizes[0] == pipeline.FIRST_COMMIT_DOCS
    assert sizes[-1] <= 4 and len(sizes) >= pipeline.QUEUED_BATCHES


def test_an_interrupt_commits_what_is_finished_and_reports_exactly_that(corpus_dir, settings, monkeypatch):
    from corpus_search import pipeline

    real_prepare = pipeline.prepare
    calls = {"n": 0}

    def interrupt_on_fourth(source, data):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real_prepare(source, data)

    monkeypatch.setattr(pipeline, "FIRST_COMMIT_DOCS", 100)  # nothing committed before the interrupt
    monkeypatch.setattr(pipeline, "prepare", interrupt_on_fourth)
    summary = ingest([corpus_dir], settings.__class__(index_dir=settings.index_dir, batch_size=1))
    assert summary.interrupted
    assert summary.added == 3 == len(ids_in_store(settings)) == len(ids_in_index(settings))
    assert summary.removed == 0


def test_sigterm_during_a_real_ingest_commits_and_tells_the_truth(tmp_path):
    """A real process and a real signal: the summary's counts are what the index and store hold."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    _many(tmp_path / "many", 190)
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus_search", "--index", str(home), "ingest", str(tmp_path / "many"), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        while proc.poll() is None:  # wait for the first (small) commit, then stop the ingest
            if (home / "facts.db").exists():
                try:
                    with Store(home / "facts.db") as store:
                        if store.known_documents():
                            break
                except Exception:
                    pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    summary = json.loads(out)
    assert summary["interrupted"] is True and "Traceback" not in err
    settings = Settings(index_dir=home)
    stored = ids_in_store(settings)
    assert 0 < summary["added"] == len(stored) < 190
    assert ids_in_index(settings) == stored
