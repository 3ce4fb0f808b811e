"""People corrections: the file, the pure apply, and the CLI commands surviving re-ingest and --rebuild."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.people import corrections as fixes
from corpus_search.people.identity import Appearance, resolve
from tests.test_identity_store import _corpus

APPS = [Appearance("a.txt", "Roger Smith"), Appearance("b.txt", "R J Smith"),
        Appearance("c.txt", "Xmas Bingo"), Appearance("d.txt", "John Smith"), Appearance("e.txt", "John Smith")]


def _c(id_: str, action: str, **kw) -> fixes.Correction:
    return fixes.Correction(id_, action, **kw)


def test_apply_merge_rename_reject_split_and_undo():
    people = resolve(APPS)
    merged, _ = fixes.apply(people, [_c("c1", "merge", names=("Roger Smith", "R J Smith"))])
    assert {p.name: len(p.appearances) for p in merged}["Roger Smith"] == 2
    renamed, _ = fixes.apply(people, [_c("c1", "rename", names=("John Smith",), new="Jon Smith")])
    assert "Jon Smith" in {p.name for p in renamed}
    kept, rejected = fixes.apply(people, [_c("c1", "reject", names=("Xmas Bingo",))])
    assert "Xmas Bingo" not in {p.name for p in kept} and rejected == {("c.txt", "Xmas Bingo")}
    split, _ = fixes.apply(people, [_c("c1", "split", names=("John Smith",), doc_id="e.txt")])
    assert {p.name for p in split} >= {"John Smith", "John Smith (e.txt)"}
    undone, rejected = fixes.apply(people, [_c("c1", "reject", names=("Xmas Bingo",)), _c("c2", "undo", target="c1")])
    assert "Xmas Bingo" in {p.name for p in undone} and not rejected


def test_the_file_round_trips_and_stamps_who_and_when(tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "ana")
    path = tmp_path / fixes.FILE_NAME
    first = fixes.record(path, "merge", names=["Roger Smith", "R J Smith"])
    second = fixes.record(path, "undo", target=first.id)
    loaded = fixes.load(path)
    assert [c.id for c in loaded] == ["c1", "c2"] and loaded[0].who == "ana" and loaded[0].when
    assert loaded[1].target == "c1" and second.action == "undo"
    assert json.loads(path.read_text())["corrections"][0]["names"] == ["Roger Smith", "R J Smith"]


@pytest.mark.parametrize("action, fields", [("merge", {"names": ["One"]}), ("split", {"names": ["A"]}),
                                            ("rename", {"names": ["A"]}), ("undo", {"target": "c9"}), ("bogus", {})])
def test_bad_corrections_are_refused(tmp_path, action, fields):
    with pytest.raises(fixes.CorrectionError):
        fixes.record(tmp_path / fixes.FILE_NAME, action, **fields)


@pytest.mark.parametrize("text", ['[{"action": "reject", "names": ["X"]}]', '{"corrections": {"a": 1}}',
                                  '{"corrections": ["reject X"]}', '"text"', "[1, 2"])
def test_a_file_that_is_not_a_corrections_file_is_refused_in_one_line(tmp_path, text):
    path = tmp_path / fixes.FILE_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(fixes.CorrectionError, match="fix or remove the file"):
        fixes.load(path)


def _people(runner, home) -> set[str]:
    out = runner.invoke(app, ["--index", str(home), "report", "--kind", "people", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    return {json.loads(line)["name"] for line in out.stdout.splitlines()}


def test_corrections_apply_at_once_and_survive_reingest_and_rebuild(tmp_path):
    runner = CliRunner()
    home = tmp_path / "index"
    docs = _corpus(tmp_path / "docs", ["press.txt", "minutes.txt", "other.txt"])
    base = ["--index", str(home)]
    assert runner.invoke(app, [*base, "ingest", str(docs)]).exit_code == 0
    assert "Rachel Smith" in _people(runner, home)
    out = runner.invoke(app, [*base, "people", "reject", "Rachel Smith", "--json"])
    assert out.exit_code == 0, out.output
    rid = json.loads(out.stdout)["id"]
    out = runner.invoke(app, [*base, "people", "rename", "Ann Oduya", "Ann Oduya-Grant"])
    assert out.exit_code == 0, out.output
    after = _people(runner, home)
    assert "Rachel Smith" not in after and "Ann Oduya-Grant" in after and "Ann Oduya" not in after
    who = runner.invoke(app, [*base, "who", "Ann Oduya-Grant", "--json"])
    assert who.exit_code == 0 and len(json.loads(who.stdout)["documents"]) == 2
    (docs / "other.txt").write_text((docs / "other.txt").read_text() + "\nMore text.\n")  # changed: re-extracted
    assert runner.invoke(app, [*base, "ingest", str(docs)]).exit_code == 0
    assert "Rachel Smith" not in _people(runner, home)
    assert runner.invoke(app, [*base, "ingest", str(docs), "--rebuild"]).exit_code == 0
    rebuilt = _people(runner, home)
    assert "Rachel Smith" not in rebuilt and "Ann Oduya-Grant" in rebuilt
    listed = runner.invoke(app, [*base, "people", "list", "--corrections", "--json"])
    assert [c["action"] for c in json.loads(listed.stdout)] == ["reject", "rename"]
    assert runner.invoke(app, [*base, "people", "undo", rid]).exit_code == 0
    assert runner.invoke(app, [*base, "ingest", str(docs), "--rebuild"]).exit_code == 0
    assert "Rachel Smith" in _people(runner, home)
    people = runner.invoke(app, [*base, "people", "list", "--json"])
    assert people.exit_code == 0 and "Roger Smith" in {p["name"] for p in json.loads(people.stdout)}


def test_people_commands_need_an_index(tmp_path):
    out = CliRunner().invoke(app, ["--index", str(tmp_path / "none"), "people", "reject", "X"])
    assert out.exit_code == 2 and "ingest" in out.output


def test_ingest_adopts_a_shared_corrections_file(tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "desk")
    shared = tmp_path / "shared.json"
    fixes.record(shared, "reject", names=["Rachel Smith"])
    runner = CliRunner()
    home = tmp_path / "index"
    docs = _corpus(tmp_path / "docs", ["press.txt", "other.txt"])
    for _ in range(2):  # adopting twice records it once
        out = runner.invoke(app, ["--index", str(home), "ingest", str(docs), "--corrections", str(shared)])
        assert out.exit_code == 0, out.output
    assert "Rachel Smith" not in _people(runner, home)
    adopted = fixes.load(fixes.path_in(home))
    assert [(c.action, c.who) for c in adopted] == [("reject", "desk")]


def test_an_undone_reject_restores_the_person_at_once(tmp_path):
    runner = CliRunner()
    home = tmp_path / "index"
    docs = _corpus(tmp_path / "docs", ["press.txt", "other.txt"])
    base = ["--index", str(home)]
    assert runner.invoke(app, [*base, "ingest", str(docs)]).exit_code == 0

    def profile() -> dict:
        out = runner.invoke(app, [*base, "who", "Rachel Smith", "--json"])
        return json.loads(out.stdout) if out.exit_code == 0 else {}

    def report(kind: str) -> list[dict]:
        out = runner.invoke(app, [*base, "report", "--kind", kind, "--format", "jsonl"])
        return [json.loads(line) for line in out.stdout.splitlines()]

    before = profile()
    rows_before = [r for r in report("people") if r["name"] == "Rachel Smith"]
    assert before["roles"] and rows_before
    rid = json.loads(runner.invoke(app, [*base, "people", "reject", "Rachel Smith", "--json"]).stdout)["id"]
    assert profile() == {} and "Rachel Smith" not in {r["name"] for r in report("people")}
    assert "Rachel Smith" not in {r["person"] for r in report("roles")}
    # A re-ingest that re-reads the other documents keeps her rejected (held, not lost).
    (docs / "press.txt").write_text((docs / "press.txt").read_text() + "\nMore.\n")
    assert runner.invoke(app, [*base, "ingest", str(docs)]).exit_code == 0
    assert profile() == {}
    out = runner.invoke(app, [*base, "people", "undo", rid])
    assert out.exit_code == 0, out.output
    # Back at once, with her mentions, roles and documents, and no ingest in between.
    assert profile() == before
    assert [r for r in report("people") if r["name"] == "Rachel Smith"] == rows_before
    out = runner.invoke(app, [*base, "search", "scheme", "--person", "Rachel Smith", "--json"])
    assert [r["doc_id"] for r in json.loads(out.stdout)["results"]] == ["other.txt"]
