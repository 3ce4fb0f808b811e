"""Moved, renamed and vanished roots (corpus_search/roots.py): real folders moved on disk, real
ingests, the CLI through typer's CliRunner."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from corpus_search import queries
from corpus_search.cli import app
from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from tests.paths import SEEDS

runner = CliRunner()


def make_folder(folder: Path, n: int, word: str = "marker") -> None:
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        text = texts[i % len(texts)].replace("\n\n", f"\n\nThe {word}{i:03d} item was noted.\n\n", 1)
        (folder / f"{word}{i:03d}.txt").write_text(text, encoding="utf-8")


def cli(settings: Settings, *args: str):
    return runner.invoke(app, ["--index", str(settings.index_dir), *args])


def found(settings: Settings, word: str) -> list[str]:
    return [h.doc_id for h in queries.search(settings, word, limit=100, collapse=False).results]


def status(settings: Settings) -> dict:
    done = cli(settings, "status", "--json")
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_a_moved_folder_is_recognised_and_later_deletions_are_seen(tmp_path):
    old, new = tmp_path / "shared" / "minutes", tmp_path / "archive" / "minutes-2019"
    settings = Settings(index_dir=tmp_path / "home")
    make_folder(old, 30)
    assert ingest([old], settings).added == 30
    before = queries.show(settings, "marker007.txt")

    new.parent.mkdir()
    shutil.move(old, new)
    data = status(settings)
    assert data["roots"] == [{"root": str(old), "documents": 30, "failed": 0, "exists": False}]
    assert "MISSING" in cli(settings, "status").stdout

    summary = ingest([new], settings)
    assert (summary.added, summary.updated, summary.moved, summary.unchanged) == (0, 0, 30, 30)
    assert summary.missing_roots == []
    data = status(settings)
    assert data["documents"] == 30
    assert data["roots"] == [{"root": str(new.resolve()), "documents": 30, "failed": 0, "exists": True}]
    after = queries.show(settings, "marker007.txt")
    assert after["path"] == str(new.resolve() / "marker007.txt") and after["facts"] == before["facts"]

    (new / "marker003.txt").unlink()
    (new / "marker011.txt").unlink()
    summary = ingest([new], settings)
    assert summary.removed == 2
    assert status(settings)["documents"] == 28  # 28 files, 28 documents: no ghosts
    assert found(settings, "marker003") == [] and found(settings, "marker011") == []
    assert found(settings, "marker004") == ["marker004.txt"]
    assert cli(settings, "show", "marker003.txt").exit_code == 1


def test_files_deleted_while_the_folder_moved_are_dropped_with_it(tmp_path):
    old, new = tmp_path / "a", tmp_path / "b"
    settings = Settings(index_dir=tmp_path / "home")
    make_folder(old, 10)
    ingest([old], settings)
    shutil.move(old, new)
    (new / "marker002.txt").unlink()
    summary = ingest([new], settings)
    assert (summary.moved, summary.removed, summary.added) == (9, 1, 0)
    assert status(settings)["documents"] == 9 and found(settings, "marker002") == []


def test_a_root_renamed_in_a_several_root_ingest_keeps_its_documents_under_the_new_ids(tmp_path):
    press, minutes = tmp_path / "press", tmp_path / "minutes"
    settings = Settings(index_dir=tmp_path / "home")
    make_folder(press, 4, word="press")
    make_folder(minutes, 3, word="minute")
    ingest([press, minutes], settings)
    assert found(settings, "press001") == ["press/press001.txt"]
    old = queries.show(settings, "press/press001.txt")

    releases = tmp_path / "releases"
    press.rename(releases)
    summary = ingest([releases, minutes], settings)
    assert (summary.added, summary.moved, summary.removed) == (0, 4, 0)
    assert found(settings, "press001") == ["releases/press001.txt"]
    new = queries.show(settings, "releases/press001.txt")
    assert new["facts"] == old["facts"] and new["text"] == old["text"]
    assert cli(settings, "show", "press/press001.txt").exit_code == 1
    assert status(settings)["documents"] == 7
    # the index and the store agree after the renames: a second run changes nothing
    again = ingest([releases, minutes], settings)
    assert (again.added, again.updated, again.removed, again.moved, again.unchanged) == (0, 0, 0, 0, 7)


def test_prune_drops_the_documents_of_roots_that_are_gone(tmp_path):
    keep, gone = tmp_path / "keep", tmp_path / "gone"
    settings = Settings(index_dir=tmp_path / "home")
    make_folder(keep, 3, word="keep")
    make_folder(gone, 3, word="gone")
    ingest([keep], settings)
    ingest([gone], settings)
    shutil.rmtree(gone)

    summary = ingest([keep], settings)  # not named, so left alone, but reported
    assert summary.removed == 0
    assert summary.missing_roots == [{"root": str(gone), "documents": 3, "failed": 0, "exists": False}]
    assert found(settings, "gone001") == ["gone001.txt"]

    done = cli(settings, "ingest", "--prune", "--json")  # no paths: only the pruning
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["removed"] == 3 and out["missing_roots"] == []
    assert found(settings, "gone001") == [] and status(settings)["documents"] == 3
    assert [r["root"] for r in status(settings)["roots"]] == [str(keep)]


def test_a_root_that_still_exists_is_never_adopted_from(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    settings = Settings(index_dir=tmp_path / "home")
    make_folder(first, 2)
    second.mkdir()
    shutil.copy(first / "marker000.txt", second / "copy.txt")  # same content, another id, first still there
    ingest([first], settings)
    summary = ingest([second], settings)
    assert (summary.added, summary.moved) == (1, 0)
    assert queries.show(settings, "copy.txt")["duplicate_of"] == "marker000.txt"
    assert status(settings)["documents"] == 3
