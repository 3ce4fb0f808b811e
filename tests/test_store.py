"""The facts store on a real SQLite file: schema version, round trips, pages, the protocol."""
from __future__ import annotations

import inspect
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from corpus_search import kinds
from corpus_search.cli import app
from corpus_search.models import (
    DateFact, Document, Facts, Mention, MoneyFact, Page, Person, Processed, Role, Sentence, Source,
)
from corpus_search.store import SCHEMA_VERSION, FactStore, SQLiteStore, StoreOutdated, open_store, page_of

runner = CliRunner()
TEXT = "Cover page.\nMinutes of the cabinet.\nJane Roe was appointed Chief Executive of Exton Council.\nWe spent £2.5m-£3m on roads in 2020.\n"


def paged_item(doc_id: str = "minutes.pdf") -> Processed:
    """A two-page document with one fact of each built-in kind, as the pipeline would hand it over."""
    second = TEXT.index("Jane")
    doc = Document(
        doc_id=doc_id, path=f"/x/{doc_id}", root="/x", content_hash="h1", format="pdf", raw_text=TEXT, text=TEXT,
        title="Minutes", doc_type="minutes", date="2020-05-01", organisation="Exton Council", words=20,
        pages=[Page(1, 0, second), Page(2, second, len(TEXT))],
    )
    jane = TEXT.index("Jane Roe")
    money = TEXT.index("£2.5m")
    facts = Facts(
        people=[Person("Jane Roe", honours=["OBE"], aliases=["Jane Roe"], mentions=[Mention("Jane Roe", jane, jane + 8)])],
        roles=[Role("Jane Roe", "Chief Executive", "Exton Council", "appointed", "2020-05-01", TEXT[jane:money - 1], jane, money - 1)],
        dates=[DateFact("2020", TEXT.index("2020"), TEXT.index("2020") + 4, "2020")],
        money=[MoneyFact("£2.5m-£3m", money, money + 9, 2500000.0, "GBP", "roads", end_value=3000000.0, note="range")],
        sentences=[Sentence("Cover page.", 0, 11, "neutral", {"neutral": 1.0}),
                   Sentence("We spent £2.5m-£3m on roads in 2020.", money - 9, len(TEXT) - 1, "negative", {"negative": 0.9})],
        sentiment="negative",
        sentiment_scores={"positive": 0.1, "negative": 0.8, "neutral": 0.1},
        verdict_sentences=[1],
    )
    return Processed(Source(doc_id, f"/x/{doc_id}", "/x", "h1", 1, 0.0), document=doc, facts=facts)


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    with open_store(home / "facts.db", create=True) as store:
        store.save_batch([paged_item()])
    return home


def test_page_of_bisects_page_starts():
    pages = [Page(1, 0, 10), Page(2, 10, 25), Page(3, 25, 40)]
    assert [page_of(pages, o) for o in (0, 9, 10, 24, 25, 39)] == [1, 1, 2, 2, 3, 3]
    assert page_of([], 5) is None


def test_round_trip_keeps_pages_verdicts_and_new_money_fields(home):
    with open_store(home / "facts.db") as store:
        doc = store.document("minutes.pdf")
        rows = {r["kind"]: r for r in store.fact_rows(kinds.all_kinds())}
    assert doc["pages"] == [{"page": 1, "start": 0, "end": TEXT.index("Jane")}, {"page": 2, "start": TEXT.index("Jane"), "end": len(TEXT)}]
    assert doc["verdict_sentences"] == [1]
    assert rows["document"]["organisation"] == "Exton Council"
    assert set(rows["document"]["sentiment_scores"]) == {"positive", "negative", "neutral"}
    assert rows["money"]["end_value"] == 3000000.0 and rows["money"]["note"] == "range" and rows["money"]["page"] == 2
    assert rows["role"]["person"] == "Jane Roe" and rows["role"]["page"] == 2
    assert rows["person"]["page"] == 2 and rows["person"]["mentions"][0]["page"] == 2
    assert rows["date"]["page"] == 2
    assert "page" not in rows["document"]


def test_show_json_and_text_give_pages(home):
    shown = runner.invoke(app, ["--index", str(home), "show", "minutes.pdf", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert [p["page"] for p in data["pages"]] == [1, 2] and data["verdict_sentences"] == [1]
    assert data["facts"]["sentence"][data["verdict_sentences"][0]]["label"] == "negative"
    assert [s["page"] for s in data["facts"]["sentence"]] == [1, 2]
    text = runner.invoke(app, ["--index", str(home), "show", "minutes.pdf"]).stdout
    assert "Jane Roe: Chief Executive, Exton Council [appointed] (p. 2)" in text


def test_who_gives_pages(home):
    data = json.loads(runner.invoke(app, ["--index", str(home), "who", "Jane Roe", "--json"]).stdout)
    assert data["roles"][0]["page"] == 2 and data["documents"][0]["pages"] == [2]
    text = runner.invoke(app, ["--index", str(home), "who", "Jane Roe"]).stdout
    assert "p. 2" in text


def test_unpaged_documents_carry_no_page(tmp_path):
    item = paged_item("note.txt")
    item.document.pages = []
    with open_store(tmp_path / "facts.db", create=True) as store:
        store.save_batch([item])
        doc = store.document("note.txt")
        assert doc["pages"] == []
        assert all("page" not in r for r in store.fact_rows(kinds.fact_kinds()))


def test_save_replaces_and_delete_forgets(home):
    with open_store(home / "facts.db", create=True) as store:
        store.save_batch([paged_item()])
        assert store.fact_counts() == {"people": 1, "roles": 1, "dates": 1, "money": 1, "judgements": 0, "sentences": 2}
        failed = Processed(Source("minutes.pdf", "/x/minutes.pdf", "/x", "h2", 1, 0.0), error="encrypted PDF")
        store.save_batch([failed])
        assert store.document("minutes.pdf") is None and store.person_names() == []
        assert store.failures() == [{"doc_id": "minutes.pdf", "path": "/x/minutes.pdf", "reason": "encrypted PDF"}]
        assert store.ids_under_roots(["/x"]) == ([], ["minutes.pdf"])
        store.delete_documents(["minutes.pdf"])
        assert store.failures() == [] and store.fact_counts()["sentences"] == 0


def test_an_older_home_is_refused_with_what_to_run(home):
    conn = sqlite3.connect(home / "facts.db")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreOutdated, match=r"older corpus-search \(facts schema 1, this one needs \d+\): run `corpus-search ingest --rebuild`"):
        open_store(home / "facts.db")
    result = runner.invoke(app, ["--index", str(home), "status"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "ingest --rebuild" in result.stderr


def test_a_newer_home_says_upgrade(home):
    conn = sqlite3.connect(home / "facts.db")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(int(SCHEMA_VERSION) + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(StoreOutdated, match="newer corpus-search .*upgrade"):
        open_store(home / "facts.db", create=True)


def test_a_home_without_a_version_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "facts.db")
    conn.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreOutdated, match="facts schema unknown"):
        open_store(tmp_path / "facts.db")


def test_sqlite_store_has_every_method_of_the_protocol():
    wanted = {n for n, v in vars(FactStore).items() if inspect.isfunction(v) and (not n.startswith("_") or n in ("__enter__", "__exit__"))}
    assert wanted and all(callable(getattr(SQLiteStore, n, None)) for n in wanted)
    for name in wanted - {"__enter__", "__exit__"}:
        assert inspect.signature(getattr(SQLiteStore, name)).parameters.keys() == inspect.signature(getattr(FactStore, name)).parameters.keys(), name
