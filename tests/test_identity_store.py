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
