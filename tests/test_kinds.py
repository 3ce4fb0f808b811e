"""The fact-kind registry: a kind declared once reaches the store, `report`, `show` and the docs."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_search import kinds
from corpus_search.cli import app
from corpus_search.config import Settings
from corpus_search.kinds import FactKind
from corpus_search.pipeline import ingest
from corpus_search.store import open_store

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@dataclass(slots=True)
class Vote:
    text: str
    start: int
    end: int
    votes_for: int
    votes_against: int
    carried: bool


def find_votes(document, analysis) -> list[Vote]:  # type: ignore[no-untyped-def]
    out = []
    for m in re.finditer(r"(\d+) votes to (\d+)", document.text):
        yes, no = int(m.group(1)), int(m.group(2))
        out.append(Vote(m.group(0), m.start(), m.end(), yes, no, yes > no))
    return out


@pytest.fixture
def vote_kind():
    kind = kinds.register(
        FactKind(name="vote", plural="votes", row_type=Vote, extractor=find_votes,
                 line=lambda r: f"{r['votes_for']}–{r['votes_against']}", notes={"carried": "more for than against"})
    )
    try:
        yield kind
    finally:
        kinds.unregister("vote")


def test_builtin_kinds_match_the_contract():
    assert kinds.report_choices() == ["all", "people", "roles", "dates", "money", "judgements", "sentences", "documents"]
    assert [k.name for k in kinds.all_kinds()] == ["document", "person", "role", "date", "money", "judgement", "sentence"]
    assert kinds.by_name("role").column_names == ["person", "role", "organisation", "status", "date", "evidence", "start", "end"]
    # New fields of a row dataclass become columns with no other change.
    assert kinds.by_name("money").column_names[-2:] == ["end_value", "note"]
    assert {c.name: c.type for c in kinds.by_name("money").columns}["end_value"] == kinds.REAL
    assert kinds.DOCUMENT.column_names == ["title", "date", "doc_type", "organisation", "sentiment", "sentiment_scores"]


def test_column_types_follow_the_annotations():
    types = {c.name: c.type for c in kinds.columns_of(Vote)}
    assert types == {"text": "TEXT", "start": "INTEGER", "end": "INTEGER", "votes_for": "INTEGER",
                     "votes_against": "INTEGER", "carried": "BOOL"}
    assert {c.name: c.type for c in kinds.by_name("sentence").columns}["scores"] == kinds.JSON


def test_a_plural_cannot_be_taken_twice():
    with pytest.raises(ValueError, match="already belongs"):
        kinds.register(FactKind(name="cash", plural="money", row_type=Vote, line=str))
    with pytest.raises(ValueError, match="reserved"):
        kinds.register(FactKind(name="document", plural="docs", row_type=Vote, line=str))
    assert "cash" not in [k.name for k in kinds.fact_kinds()]


def test_the_json_docs_table_is_the_registry():
    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    assert kinds.docs_table() in doc, "docs/json-output.md: paste kinds.docs_table() over the report table"


def test_a_registered_kind_reaches_store_report_show_and_docs(tmp_path, vote_kind):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "minutes.txt").write_text(
        "Planning committee, 3 May 2021\n\nThe motion to close the library was lost by 4 votes to 9.\n\n"
        "The budget was agreed by 11 votes to 2.\n",
        encoding="utf-8",
    )
    settings = Settings(index_dir=tmp_path / "home")
    summary = ingest([folder], settings)
    assert summary.added == 1 and summary.failed == []

    with open_store(settings.db_path) as store:
        rows = list(store.fact_rows([vote_kind]))
        text = store.document("minutes.txt")["text"]
        assert store.fact_counts()["votes"] == 2
    assert [(r["kind"], r["doc_id"], r["votes_for"], r["votes_against"], r["carried"]) for r in rows] == [
        ("vote", "minutes.txt", 4, 9, False),
        ("vote", "minutes.txt", 11, 2, True),
    ]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows) and "page" not in rows[0]

    home = ["--index", str(settings.index_dir)]
    report = runner.invoke(app, [*home, "report", "--kind", "votes"])
    assert report.exit_code == 0, report.output
    assert [json.loads(line)["votes_for"] for line in report.stdout.splitlines()] == [4, 11]
    everything = runner.invoke(app, [*home, "report", "--kind", "all"])
    assert "vote" in {json.loads(line)["kind"] for line in everything.stdout.splitlines()}
    csv_out = runner.invoke(app, [*home, "report", "--kind", "votes", "--format", "csv"]).stdout
    assert csv_out.splitlines()[0] == "doc_id,text,start,end,votes_for,votes_against,carried,page"

    shown = runner.invoke(app, [*home, "show", "minutes.txt", "--json"])
    facts = json.loads(shown.stdout)["facts"]
    assert [v["text"] for v in facts["vote"]] == ["4 votes to 9", "11 votes to 2"]
    text = runner.invoke(app, [*home, "show", "minutes.txt"]).stdout
    assert "vote:\n  4–9\n  11–2\n" in text

    assert "| `vote` | `text`, `start`, `end`, `votes_for`, `votes_against`, `carried` (more for than against) |" in kinds.docs_table()
    assert "votes" in kinds.report_choices()


def test_unknown_kind_lists_the_registry(tmp_path, vote_kind):
    from corpus_search.errors import UsageError
    from corpus_search.report import parse_kinds

    with pytest.raises(UsageError, match="use all, people, roles, dates, money, judgements, sentences, votes, documents"):
        parse_kinds("cats")
    assert parse_kinds("votes") == [vote_kind]
