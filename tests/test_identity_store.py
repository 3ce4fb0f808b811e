"""Identity wired into the store: one person across documents after an ingest, whatever the
order of the files or the number of workers; `who` and `search --person` agree."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.config import Settings
from corpus_search.pipeline import ingest

PRESS = ("Northshire County Council\n\nBudget agreed\n\n"
         "Cllr Roger Smith, Leader of Northshire County Council, said the budget protected libraries. "
         "Cllr Ann Oduya, Cabinet Member for Finance, and Cllr Tom Pryce welcomed it.\n")
MINUTES = ("Northshire County Council\n\nMinutes of the Cabinet\n\n"
           "Present: Mr R J Smith (Leader), Cllr Ann Oduya, Cllr Tom Pryce\n\n"
           "1. The budget for libraries was agreed. Mr Smith thanked officers.\n")
OTHER = ("Kingsmere Borough Council\n\nNew chair\n\n"
         "Cllr Rachel Smith, chair of the planning committee, said the scheme was welcome.\n")


def _corpus(root: Path, names: list[str]) -> Path:
    root.mkdir(parents=True)
    texts = {"press.txt": PRESS, "minutes.txt": MINUTES, "other.txt": OTHER}
    for name in names:
        (root / name).write_text(texts[name])
    return root


def _people(settings: Settings) -> set[tuple[str, str]]:
    result = CliRunner().invoke(app, ["--index", str(settings.index_dir), "report", "--kind", "people", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return {(row["doc_id"], row["name"]) for row in map(json.loads, result.stdout.splitlines())}


def test_leader_in_minutes_and_press_release_is_one_person(tmp_path):
    settings = Settings(index_dir=tmp_path / "index")
    ingest([_corpus(tmp_path / "docs", ["press.txt", "minutes.txt", "other.txt"])], settings)
    people = _people(settings)
    assert ("minutes.txt", "Roger Smith") in people and ("press.txt", "Roger Smith") in people
    assert ("other.txt", "Rachel Smith") in people  # another Smith at another council is not him
    runner = CliRunner()
    who = runner.invoke(app, ["--index", str(settings.index_dir), "who", "Roger Smith", "--json"])
    assert who.exit_code == 0, who.output
    assert {d["doc_id"] for d in json.loads(who.stdout)["documents"]} == {"press.txt", "minutes.txt"}
    hits = {}
    for person in ("Roger Smith", "R J Smith"):
        out = runner.invoke(app, ["--index", str(settings.index_dir), "search", "budget", "--person", person, "--json"])
        assert out.exit_code == 0, out.output
        hits[person] = {r["doc_id"] for r in json.loads(out.stdout)["results"]}
    assert hits["Roger Smith"] == hits["R J Smith"] == {"press.txt", "minutes.txt"}


def test_same_people_whatever_the_order_and_workers(tmp_path):
    results = []
    for i, (order, workers) in enumerate([(["press.txt", "minutes.txt", "other.txt"], 1),
                                          (["other.txt", "minutes.txt", "press.txt"], 2)]):
        settings = dataclasses.replace(Settings(index_dir=tmp_path / f"index{i}"), workers=workers)
        root = tmp_path / f"docs{i}"
        _corpus(root, order[:1])
        ingest([root], settings)  # one file first, the rest in a second ingest
        _corpus(root / "more", order[1:])
        ingest([root], settings)
        results.append({(doc.split("/")[-1], name) for doc, name in _people(settings)})
    assert results[0] == results[1]


def test_mr_and_mrs_carter_stay_two_people_in_the_store(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "letter.txt").write_text("Objection\n\nMrs Carter and Mr Carter objected to the extension. Mr Carter said it was too tall.\n")
    settings = Settings(index_dir=tmp_path / "index")
    ingest([root], settings)
    assert {name for _, name in _people(settings)} == {"Mrs Carter", "Mr Carter"}
    who = CliRunner().invoke(app, ["--index", str(settings.index_dir), "who", "Carter", "--json"])
    assert who.exit_code == 1
    assert {c["name"] for c in json.loads(who.stdout)["candidates"]} == {"Mrs Carter", "Mr Carter"}


KENT = ("Westmarch County Council\n\nPlanning decision\n\n"
        "Cllr John Smith, Cabinet Member for Highways at Westmarch County Council, said the bypass was approved. "
        "Cllr Priya Natt welcomed it.\n")
DALE = ("Eastdale District Council\n\nLeisure centre\n\n"
        "Cllr John Smith, Chair of the Licensing Committee of Eastdale District Council, said the centre would reopen. "
        "Cllr Omar Feld agreed.\n")


def test_two_john_smiths_at_two_councils_stay_two_people(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "westmarch.txt").write_text(KENT)
    (root / "eastdale.txt").write_text(DALE)
    settings = Settings(index_dir=tmp_path / "index")
    ingest([root], settings)
    base = ["--index", str(settings.index_dir)]
    runner = CliRunner()
    listed = runner.invoke(app, [*base, "people", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    smiths = [p for p in json.loads(listed.stdout) if p["name"] == "John Smith"]
    assert len(smiths) == 2 and all(p["documents"] == 1 for p in smiths)
    who = runner.invoke(app, [*base, "who", "John Smith", "--json"])
    assert who.exit_code == 1, who.output  # ambiguous: the contract's candidates
    candidates = json.loads(who.stdout)["candidates"]
    assert [c["name"] for c in candidates] == ["John Smith", "John Smith"]
    councils = [{o for o in c["organisations"] if o.endswith(("County Council", "District Council"))
                 and " of " not in o} for c in candidates]
    assert sorted(map(sorted, councils)) == [["Eastdale District Council"], ["Westmarch County Council"]]
    # Each John Smith keeps the roles of his own document.
    report = runner.invoke(app, [*base, "report", "--kind", "roles", "--format", "jsonl"])
    roles = {(r["doc_id"], r["organisation"]) for r in map(json.loads, report.stdout.splitlines())
             if r["person"] == "John Smith"}
    assert {d for d, _ in roles} == {"westmarch.txt", "eastdale.txt"}
    # --person with the shared name finds the documents of every John Smith, as a surname does.
    for person in ("John Smith", "Smith"):
        out = runner.invoke(app, [*base, "search", "said", "--person", person, "--json"])
        assert out.exit_code == 0, out.output
        assert {r["doc_id"] for r in json.loads(out.stdout)["results"]} == {"westmarch.txt", "eastdale.txt"}
    # A rename of the one in a document tells them apart by name: each is then findable alone.
    out = runner.invoke(app, [*base, "people", "rename", "John Smith", "John Smith (Eastdale)", "--doc", "eastdale.txt"])
    assert out.exit_code == 0, out.output
    who = runner.invoke(app, [*base, "who", "John Smith (Eastdale)", "--json"])
    assert who.exit_code == 0, who.output
    assert [d["doc_id"] for d in json.loads(who.stdout)["documents"]] == ["eastdale.txt"]
    who = runner.invoke(app, [*base, "who", "John Smith", "--json"])
    assert who.exit_code == 0, who.output
    assert [d["doc_id"] for d in json.loads(who.stdout)["documents"]] == ["westmarch.txt"]


def test_two_john_smiths_whatever_the_order_and_workers(tmp_path):
    results = []
    for i, (order, workers) in enumerate([(("westmarch.txt", "eastdale.txt"), 1), (("eastdale.txt", "westmarch.txt"), 2)]):
        settings = dataclasses.replace(Settings(index_dir=tmp_path / f"index{i}"), workers=workers)
        root = tmp_path / f"docs{i}"
        (root / "more").mkdir(parents=True)
        texts = {"westmarch.txt": KENT, "eastdale.txt": DALE}
        (root / order[0]).write_text(texts[order[0]])
        ingest([root], settings)  # one council first, the other in a second ingest
        (root / "more" / order[1]).write_text(texts[order[1]])
        ingest([root], settings)
        listed = CliRunner().invoke(app, ["--index", str(settings.index_dir), "people", "list", "--json"])
        results.append(sorted((p["name"], p["documents"]) for p in json.loads(listed.stdout)))
        assert ("John Smith", 1) in results[-1] and results[-1].count(("John Smith", 1)) == 2
    assert results[0] == results[1]
