"""A surname alone across documents, in the store: the council's minutes and reports that name
its leader as "Cllr Smith (Leader)" or "the Leader, Councillor R. Smith" reach the full-named
leader of its press releases; another Smith at the same council, a Mrs Smith, and a Smith at
another council stay apart; the same people whatever the order of the files and the workers."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from tests.engines import choose, engine  # noqa: F401  (the engine fixture)

NORTHSHIRE = {
    "press-budget.txt": (
        "Northshire County Council\n\nPress release: Council agrees budget\n\n12 February 2024\n\n"
        "Councillor Roger Smith, Leader of Northshire County Council, said: \"This budget protects the "
        "services residents rely on most.\"\n\nCouncillor Helen Marsh, Cabinet Member for Finance, said "
        "the council had found savings.\n"
    ),
    "cabinet-minutes.txt": (
        "Northshire County Council\n\nMinutes of the meeting of the Cabinet held on 5 March 2024\n\n"
        "Present: Cllr Smith (Leader), Cllr H Marsh, Cllr P Okonjo, Cllr D Venn\n\n"
        "1. Budget monitoring\nThe Leader, Councillor R. Smith, introduced the report and thanked officers. "
        "Cllr Marsh moved the recommendations, which were agreed.\n"
    ),
    "council-minutes.txt": (
        "Northshire County Council\n\nMinutes of the meeting of Full Council held on 21 March 2024\n\n"
        "Present: Councillor D Venn (Chairman), Councillor Smith, Councillor Marsh, Councillor Okonjo\n\n"
        "3. Leader's announcements\nCllr Smith (Leader) reported on the meeting about highways funding.\n"
    ),
    "funding-report.txt": (
        "Northshire County Council\n\nReport to Cabinet, 9 April 2024\n\n"
        "Cabinet Member: Councillor Smith, Leader of the Council\nReport author: Janet Pike, Director of Finance\n\n"
        "This report sets out the council's response to the consultation on funding.\n"
    ),
    "cabinet-april-minutes.txt": (
        "Northshire County Council\n\nMinutes of the meeting of the Cabinet held on 16 April 2024\n\n"
        "Present: Cllr Smith (Leader), Cllr Marsh, Cllr Okonjo\n\n"
        "1. Libraries\nThe Leader, Councillor Roger Smith, introduced the report. Cllr Smith thanked officers.\n"
    ),
    "planning-minutes.txt": (
        "Northshire County Council\n\nMinutes of the Planning Committee held on 20 May 2024\n\n"
        "Present: Councillor D Venn (Chairman), Councillor Okonjo\n\n"
        "5. Land at Mill Lane\nMrs Smith, a neighbour, spoke against the application, which was refused.\n"
    ),
}
KINGSMERE = {
    "kingsmere-press.txt": (
        "Kingsmere Borough Council\n\nNew homes approved\n\n2 May 2024\n\n"
        "Councillor Rachel Smith, Chair of the Planning Committee of Kingsmere Borough Council, said the "
        "homes were badly needed.\n"
    ),
    "kingsmere-minutes.txt": (
        "Kingsmere Borough Council\n\nMinutes of the Planning Committee held on 30 April 2024\n\n"
        "Present: Councillor Smith (Chair), Councillor T Ahmed, Councillor L Brook\n\n"
        "2. Riverside scheme\nCouncillor Smith welcomed the officers' report and the scheme was approved.\n"
    ),
}
SECOND_SMITH = {
    "scrutiny-press.txt": (
        "Northshire County Council\n\nNew chair of scrutiny\n\n3 May 2024\n\n"
        "Councillor Jane Smith has been appointed Chair of the Adult Social Care Scrutiny Committee of "
        "Northshire County Council. Councillor Jane Smith said she looked forward to the work.\n"
    ),
    "highways-minutes.txt": (
        "Northshire County Council\n\nMinutes of the Highways Committee held on 14 May 2024\n\n"
        "Present: Councillor P Okonjo (Chairman), Councillor Smith, Councillor Ferris\n\n"
        "4. Potholes\nCouncillor Smith asked about the cost of repairs.\n"
    ),
}
LEADER_DOCS = {"press-budget.txt", "cabinet-minutes.txt", "council-minutes.txt", "funding-report.txt",
               "cabinet-april-minutes.txt"}


def _write(root: Path, texts: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _cli(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--index", str(settings.index_dir), *args])
    return result.exit_code, result.stdout


def _people(settings: Settings) -> set[tuple[str, str]]:
    code, out = _cli(settings, "report", "--kind", "people", "--format", "jsonl")
    assert code == 0, out
    return {(row["doc_id"].split("/")[-1], row["name"]) for row in map(json.loads, out.splitlines())}


def _who_docs(settings: Settings, name: str) -> set[str]:
    code, out = _cli(settings, "who", name, "--json")
    assert code == 0, out
    return {d["doc_id"].split("/")[-1] for d in json.loads(out)["documents"]}


def test_every_document_naming_the_leader_is_in_his_profile(tmp_path, engine):  # noqa: F811
    settings = Settings(index_dir=tmp_path / "index")
    choose(settings.index_dir / "whoosh", engine)
    ingest([_write(tmp_path / "docs", {**NORTHSHIRE, **KINGSMERE})], settings)
    assert _who_docs(settings, "Roger Smith") == LEADER_DOCS
    # The other council's chair by surname is that council's Smith, not the leader.
    assert _who_docs(settings, "Rachel Smith") == {"kingsmere-press.txt", "kingsmere-minutes.txt"}
    people = _people(settings)
    # The minutes that give him as "Cllr Smith (Leader)" before his full name: one person there.
    assert {n for d, n in people if d == "cabinet-april-minutes.txt" and n.endswith("Smith")} == {"Roger Smith"}
    # A neighbour named in the council's minutes holds no post there: she stays herself.
    assert ("planning-minutes.txt", "Smith") in people
    # --person finds the leader's documents, and not those where "Smith" is someone else.
    code, out = _cli(settings, "search", "council", "--person", "Roger Smith", "--json", "--limit", "50")
    assert code == 0, out
    assert {r["doc_id"] for r in json.loads(out)["results"]} == LEADER_DOCS
    code, out = _cli(settings, "search", "council", "--person", "Rachel Smith", "--json", "--limit", "50")
    assert code == 0, out
    assert {r["doc_id"] for r in json.loads(out)["results"]} == {"kingsmere-press.txt", "kingsmere-minutes.txt"}


def test_a_second_smith_at_the_council_leaves_a_councillor_smith_undecided(tmp_path):
    settings = Settings(index_dir=tmp_path / "index")
    ingest([_write(tmp_path / "docs", {**NORTHSHIRE, **SECOND_SMITH})], settings)
    people = _people(settings)
    # "Councillor Smith" with no post only one of them holds: neither Roger nor Jane.
    assert ("highways-minutes.txt", "Smith") in people
    # The leader's documents still reach him: "Leader" tells the two apart.
    assert _who_docs(settings, "Roger Smith") == LEADER_DOCS
    assert _who_docs(settings, "Jane Smith") == {"scrutiny-press.txt"}
    code, out = _cli(settings, "who", "Smith", "--json")
    assert code == 1, out
    names = {c["name"] for c in json.loads(out)["candidates"]}
    assert {"Roger Smith", "Jane Smith", "Smith"} <= names


def test_the_same_links_whatever_the_order_and_the_workers(tmp_path):
    texts = {**NORTHSHIRE, **KINGSMERE, **SECOND_SMITH}
    names = sorted(texts)
    results = []
    for i, (order, workers) in enumerate([(names, 1), (names[::-1], 2)]):
        settings = dataclasses.replace(Settings(index_dir=tmp_path / f"index{i}"), workers=workers)
        root = tmp_path / f"docs{i}"
        half = len(order) // 2
        _write(root, {n: texts[n] for n in order[:half]})
        ingest([root], settings)  # half the corpus first, the rest in a second ingest
        _write(root / "more", {n: texts[n] for n in order[half:]})
        ingest([root], settings)
        results.append(_people(settings))
    assert results[0] == results[1]
    assert ("cabinet-minutes.txt", "Roger Smith") in results[0]
    assert ("kingsmere-minutes.txt", "Rachel Smith") in results[0]
