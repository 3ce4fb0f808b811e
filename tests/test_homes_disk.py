"""The index agrees with the disk: a missing or damaged whoosh/ or facts.db, a read-only home, a
full disk, a file-size limit. Real processes, real files, a real tmpfs and a real read-only
bind mount (these need root, as CI has; they are skipped with the reason otherwise)."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus_search import search
from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from tests.paths import ROOT, SEEDS

READERS = (
    ("search", "council", "--json"),
    ("who", "Ade Adetosoye", "--json"),
    ("show", "000_6c236a2a44f5c600.txt", "--json"),
    ("status", "--json"),
    ("report", "--kind", "money"),
)
# Root without the capabilities that let it ignore file permissions: it is refused what a user is.
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all"]


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CORPUS_SEARCH_INDEX", None)
    return env


def cli(home: Path, *args: str, prefix: list[str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        capture_output=True, text=True, timeout=600, env=_env(), stdin=subprocess.DEVNULL, check=False, **kw,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The one `Error:` line an expected failure gives (never a traceback, never exit 1 or 3)."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
    return errors[0]


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: mounts a tmpfs / a read-only bind mount")


def sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


@contextmanager
def mounted(target: Path, *cmd: str) -> Iterator[Path]:
    need_root()
    target.mkdir(parents=True, exist_ok=True)
    try:
        sh(*cmd, str(target))
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount here: {exc}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


def many(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        text = texts[i % len(texts)].replace("\n\n", f"\n\nThe word{i:03d} item was noted.\n\n", 1)
        (folder / f"d{i:03d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """The seeds ingested once; tests copy it before they break it."""
    where = tmp_path_factory.mktemp("disk") / "home"
    ingest([SEEDS], Settings(index_dir=where))
    return where


def copy_of(home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(home, target)
    return target


def answer(done: subprocess.CompletedProcess[str]) -> object:
    """What a reader printed, without where the home is and how big its files are."""
    try:
        data = json.loads(done.stdout)
    except ValueError:
        return done.stdout
    if isinstance(data, dict):
        data.pop("index", None)
        data.pop("index_bytes", None)
    return data


def snapshot(home: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(home)): (p.stat().st_size, p.stat().st_mtime_ns) for p in home.rglob("*")}


# ---- a read-only home --------------------------------------------------------------------
def test_a_read_only_mount_answers_every_reader_and_ingest_says_it_cannot_write(home, tmp_path):
    src = copy_of(home, tmp_path)
    expected = {args: answer(cli(src, *args)) for args in READERS}
    with mounted(tmp_path / "ro", "mount", "--bind", str(src)) as ro:
        sh("mount", "-o", "remount,bind,ro", str(ro))
        before = snapshot(src)
        for args in READERS:
            done = cli(ro, *args)
            assert done.returncode == 0, (args, done.stderr)
            assert answer(done) == expected[args], args
        line = one_line_error(cli(ro, "ingest", str(SEEDS)))
        assert "cannot write" in line and "read-only" in line
        one_line_error(cli(ro, "reindex", "--from-db"))
        assert snapshot(src) == before


def test_a_home_without_write_permission_answers_every_reader(home, tmp_path):
    need_root()
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to drop root's override of file permissions")
    src = copy_of(home, tmp_path)
    expected = {args: answer(cli(src, *args)) for args in READERS}
    sh("chmod", "-R", "a-w", str(src))
    try:
        before = snapshot(src)
        probe = subprocess.run([*UNPRIVILEGED, "touch", str(src / "probe")], capture_output=True, check=False)
        assert probe.returncode != 0, "permissions are not enforced for the unprivileged process"
        for args in READERS:
            done = cli(src, *args, prefix=UNPRIVILEGED)
            assert done.returncode == 0, (args, done.stderr)
            assert answer(done) == expected[args], args
        line = one_line_error(cli(src, "ingest", str(SEEDS), prefix=UNPRIVILEGED))
        assert "cannot write" in line and "permission denied" in line
        assert snapshot(src) == before
    finally:
        sh("chmod", "-R", "u+w", str(src))


# ---- a full disk, a size limit -----------------------------------------------------------
def test_a_full_disk_is_one_line_and_loses_nothing_committed(tmp_path):
    docs = tmp_path / "docs"
    many(docs, 150)
    with mounted(tmp_path / "small", "mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs") as disk:
        where = disk / "home"
        line = one_line_error(cli(where, "ingest", str(docs), "--json"))
        assert "is full" in line and "free some space" in line, line
        status = cli(where, "status", "--json")
        assert status.returncode == 0, status.stderr
        committed = json.loads(status.stdout)["documents"]
        assert 0 < committed < 150
        assert f"the {committed} documents committed before it are kept" in line
        found = cli(where, "search", "word000", "--json", "--no-collapse")
        assert found.returncode == 0 and json.loads(found.stdout)["total"] == 1, found.stderr

        sh("mount", "-o", "remount,size=64m", str(disk))  # space freed: the same command finishes
        done = cli(where, "ingest", str(docs), "--json")
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["added"] == 150 - committed and summary["unchanged"] == committed
        last = cli(where, "search", "word149", "--json", "--no-collapse")
        assert json.loads(last.stdout)["total"] == 1


def test_a_file_size_limit_is_one_line(tmp_path):
    """RLIMIT_FSIZE makes writes past the limit fail with EFBIG (SIGXFSZ ignored, as a shell's
    `ulimit -f` leaves it for a program that handles it)."""
    docs = tmp_path / "docs"
    many(docs, 120)
    limit = 600_000

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    where = tmp_path / "home"
    line = one_line_error(cli(where, "ingest", str(docs), preexec_fn=small_files))
    assert "size limit" in line or "is full" in line, line
    status = cli(where, "status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["documents"] > 0, status.stderr
    done = cli(where, "ingest", str(docs), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["failed"] == [], done.stderr
    assert json.loads(cli(where, "status", "--json").stdout)["documents"] == 120


# ---- a missing or damaged half ------------------------------------------------------------
def test_a_missing_whoosh_is_rebuilt_from_the_store_without_nlp(home, tmp_path):
    where = copy_of(home, tmp_path)
    shutil.rmtree(where / "whoosh")
    line = one_line_error(cli(where, "search", "council"))
    assert "reindex --from-db" in line
    done = cli(where, "ingest", str(SEEDS), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    # nothing processed again ("words" counts only what went through the NLP), all re-indexed
    assert (summary["added"], summary["updated"], summary["words"], summary["reindexed"]) == (0, 0, 0, 5)
    assert "indexed them again from the store" in done.stderr
    found = cli(where, "search", "statutory direction", "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["total"] >= 2


def test_an_index_lacking_documents_of_the_store_is_repaired(home, tmp_path):
    where = copy_of(home, tmp_path)
    index = search.open_index(where / "whoosh")
    index.delete(["000_6c236a2a44f5c600.txt", "003_7124409f017a47d1.txt"])
    index.close()
    summary = ingest([SEEDS], Settings(index_dir=where))
    assert (summary.reindexed, summary.added, summary.unchanged) == (2, 0, 5)
    index = search.open_index(where / "whoosh")
    assert len(index.doc_ids()) == 5


def test_a_damaged_whoosh_file_is_one_line_and_repaired_from_the_store(home, tmp_path):
    where = copy_of(home, tmp_path)
    biggest = max((where / "whoosh").glob("*.seg"), key=lambda p: p.stat().st_size)
    biggest.write_bytes(b"\x00garbage\xff" * (biggest.stat().st_size // 9 + 1))
    line = one_line_error(cli(where, "search", "council"))
    assert "cannot be read" in line and "reindex --from-db" in line, line
    done = cli(where, "reindex", "--from-db")
    assert done.returncode == 0, done.stderr
    assert cli(where, "search", "council").returncode == 0
    for toc in (where / "whoosh").glob("*.toc"):
        toc.write_bytes(b"not a table of contents")
    one_line_error(cli(where, "search", "council"))
    done = cli(where, "ingest", str(SEEDS), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["reindexed"] == 5, done.stderr
    assert cli(where, "search", "council").returncode == 0


def test_a_missing_facts_db_says_exactly_what_to_run(home, tmp_path):
    where = copy_of(home, tmp_path)
    for p in where.glob("facts.db*"):
        p.unlink()
    for args in (("search", "council"), ("who", "Ade Adetosoye"), ("status",)):
        line = one_line_error(cli(where, *args))
        assert "facts database" in line and "is missing" in line and "ingest --rebuild" in line, line


def test_a_damaged_facts_db_is_one_line_for_every_reader(home, tmp_path):
    where = copy_of(home, tmp_path)
    for p in where.glob("facts.db-*"):
        p.unlink()
    (where / "facts.db").write_bytes(b"garbage" * 4096)
    for args in READERS:
        line = one_line_error(cli(where, *args))
        assert "damaged" in line and "--rebuild" in line, (args, line)


def test_a_rebuild_that_fills_the_disk_leaves_the_old_index(tmp_path):
    docs = tmp_path / "docs"
    many(docs, 150)
    with mounted(tmp_path / "small", "mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs") as disk:
        where = disk / "home"
        done = cli(where, "ingest", str(SEEDS), "--json")
        assert done.returncode == 0, done.stderr
        before = answer(cli(where, "status", "--json"))
        line = one_line_error(cli(where, "ingest", str(docs), "--rebuild"))
        assert "is full" in line, line
        assert answer(cli(where, "status", "--json")) == before
        assert sorted(p.name for p in where.iterdir() if ".rebuild-" in p.name) == []
        found = cli(where, "search", "statutory direction", "--json")
        assert found.returncode == 0 and json.loads(found.stdout)["total"] >= 2
