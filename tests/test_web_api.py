"""The HTTP API through Starlette's TestClient: the CLI's --json shapes and the error semantics."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from corpus_search.cli import app as cli_app
from corpus_search.config import Settings
from corpus_search.web.app import create_app
from tests.paths import ROOT, SEED_IDS

runner = CliRunner()


def cli_json(settings: Settings, *args: str) -> object:
    result = runner.invoke(cli_app, ["--index", str(settings.index_dir), *args, "--json"])
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def client(built_index):
    settings, _ = built_index
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("params, args", [
    ({"q": "statutory direction"}, ["statutory direction"]),
    ({"q": "Ofsted", "type": "news"}, ["Ofsted", "--type", "news"]),
    ({"q": "children", "since": "2017", "sort": "date", "limit": "2", "offset": "1"},
     ["children", "--since", "2017", "--sort", "date", "--limit", "2", "--offset", "1"]),
    ({"q": "Ofsted", "person": "Adetosoye"}, ["Ofsted", "--person", "Adetosoye"]),
    ({"q": "inspection", "sentiment": "negative", "until": "2016-12"}, ["inspection", "--sentiment", "negative", "--until", "2016-12"]),
    ({"q": "nothingmatchesthis"}, ["nothingmatchesthis"]),
])
def test_search_equals_cli_json(built_index, client, params, args):
    settings, _ = built_index
    response = client.get("/api/search", params=params)
    assert response.status_code == 200
    assert response.json() == cli_json(settings, "search", *args)


def test_search_statutory_direction_finds_seeds_001_and_003(client):
    data = client.get("/api/search", params={"q": "statutory direction"}).json()
    assert sorted(r["doc_id"][:3] for r in data["results"][:2]) == ["001", "003"]
    assert all("<b>" in r["snippet"] for r in data["results"][:2])
    assert set(data["facets"]) == {"doc_type", "year", "sentiment"}


@pytest.mark.parametrize("name", ["Ade Adetosoye", "adetosoye", "Robert Evans"])
def test_who_equals_cli_json(built_index, client, name):
    settings, _ = built_index
    response = client.get("/api/who", params={"name": name})
    assert response.status_code == 200
    assert response.json() == cli_json(settings, "who", name)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_document_equals_cli_show_json(built_index, client, doc_id):
    settings, _ = built_index
    response = client.get(f"/api/documents/{doc_id}")
    assert response.status_code == 200
    assert response.json() == cli_json(settings, "show", doc_id)


def test_status_equals_cli_json(built_index, client):
    settings, _ = built_index
    assert client.get("/api/status").json() == cli_json(settings, "status")


@pytest.mark.parametrize("kind", ["all", "money", "roles"])
def test_report_is_the_cli_jsonl(built_index, client, kind):
    settings, _ = built_index
    response = client.get("/api/report", params={"kind": kind})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    result = runner.invoke(cli_app, ["--index", str(settings.index_dir), "report", "--kind", kind])
    assert response.text == result.stdout
    assert all(json.loads(line)["doc_id"] for line in response.text.splitlines())


def test_classify_one_line_out_per_line_in(client):
    body = "The service was rated inadequate.\n\nOfsted praised the outstanding leadership.\n"
    response = client.post("/api/classify", content=body.encode(), headers={"content-type": "text/plain"})
    assert response.status_code == 200
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [r["text"] for r in rows] == ["The service was rated inadequate.", "", "Ofsted praised the outstanding leadership."]
    assert rows[0]["label"] == "negative" and rows[1]["label"] == "neutral" and rows[2]["label"] == "positive"
    # The same as the CLI for the same lines.
    done = subprocess.run([sys.executable, "-m", "corpus_search", "classify", "--json"], input=body, check=False, capture_output=True,
                          text=True, cwd=ROOT)
    assert [json.loads(line) for line in done.stdout.splitlines()] == rows


@pytest.mark.parametrize("url, message", [
    ("/api/search?q=%22unbalanced", 'malformed query: unbalanced quote (")'),
    ("/api/search?q=", "empty query: give some words to search for"),
    ("/api/search", "give a query: /api/search?q=WORDS"),
    ("/api/search?q=council&type=poem", "unknown --type 'poem': use press_release, news, minutes, agenda, report, letter, other"),
    ("/api/search?q=council&since=2016-13", "bad date '2016-13': month must be 01–12"),
    ("/api/search?q=council&limit=ten", "limit must be a whole number, not 'ten'"),
    ("/api/search?q=council&limit=-1", "limit must be zero or more"),
    ("/api/search?q=council&sort=random", "--sort must be relevance or date"),
    ("/api/search?q=council&all=perhaps", "all must be true or false, not 'perhaps'"),
    ("/api/report?kind=gossip", "unknown --kind 'gossip': use all, people, roles, dates, money, judgements, sentences, documents"),
    ("/api/who?name=", "give a name: /api/who?name=NAME"),
])
def test_bad_options_are_400_with_one_line(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_unknown_ids_and_names_are_404(client):
    response = client.get("/api/documents/no_such_doc.txt")
    assert response.status_code == 404 and response.json()["error"].startswith("no document 'no_such_doc.txt' in the index")
    response = client.get("/api/who", params={"name": "Ade Adetosoy"})
    assert response.status_code == 404
    assert response.json() == {"error": "no person called 'Ade Adetosoy' in the index; did you mean 'Ade Adetosoye'?",
                               "candidates": [], "suggestions": ["Ade Adetosoye"]}
    assert client.get("/api/nothing-here").status_code == 404


def test_similar_equals_cli_json(client, built_index):
    settings, _ = built_index
    response = client.get(f"/api/similar/{SEED_IDS[0]}")
    assert response.status_code == 200
    cli = CliRunner().invoke(cli_app, ["--index", str(settings.index_dir), "similar", SEED_IDS[0], "--json"])
    assert cli.exit_code == 0, cli.output
    assert response.json() == json.loads(cli.stdout)
    assert "facets" not in response.json()


def test_no_index_is_503_everywhere(tmp_path):
    with TestClient(create_app(Settings(index_dir=tmp_path / "none"))) as c:
        for url in ("/api/search?q=x", "/api/who?name=Evans", f"/api/documents/{SEED_IDS[0]}", "/api/status", "/api/report"):
            response = c.get(url)
            assert response.status_code == 503, url
            assert response.json() == {"error": f"no index in {tmp_path / 'none'}: run `corpus-search ingest` first"}
        assert c.get("/").status_code == 503
        assert "corpus-search ingest" in c.get("/search?q=x").text


def test_read_only_methods(client):
    assert client.post("/api/search?q=x").status_code == 405
    assert client.delete(f"/api/documents/{SEED_IDS[0]}").status_code == 405
    assert client.put("/documents/x").status_code == 405


def test_openapi_describes_every_route(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/search", "/api/similar/{doc_id}", "/api/who", "/api/documents/{doc_id}",
                                  "/api/status", "/api/report", "/api/classify", "/api/openapi.json"}
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {"q", "limit", "offset", "sort", "type", "since", "until", "sentiment", "person", "org", "all"}


def test_search_ignores_an_uncommitted_write(built_index, tmp_path):
    """A search while an ingest is writing answers from the last committed state."""
    import shutil

    from corpus_search.search import whoosh

    settings, _ = built_index
    home = tmp_path / "home"
    shutil.copytree(settings.index_dir, home)
    copy = Settings(index_dir=home)
    with TestClient(create_app(copy)) as c:
        before = c.get("/api/search", params={"q": "statutory direction"}).json()
        writer = whoosh.open_ix(copy.whoosh_dir).writer()
        try:
            writer.add_document(**whoosh.document_fields({
                "doc_id": "new.txt", "root": "", "title": "statutory direction again", "text": "statutory direction",
                "doc_type": "news", "date": "2020-01-01", "organisation": None, "sentiment": "neutral", "people": [],
                "pages": []}))
            during = c.get("/api/search", params={"q": "statutory direction"}).json()
        finally:
            writer.cancel()
    assert during == before
