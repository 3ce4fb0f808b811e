"""The tantivy engine as a user chooses it: `ingest --engine tantivy`, remembered in the home, then
`search`, `similar`, `status`, `reindex` and the web API answering in the same shapes as Whoosh."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from tests.paths import SEEDS


def cli(home, *args):
    return CliRunner().invoke(app, ["--index", str(home), *args])


@pytest.fixture(scope="module")
def tantivy_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("tv") / "index"
    result = cli(home, "ingest", str(SEEDS), "--engine", "tantivy", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == len(list(SEEDS.glob("*.txt")))
    return home


def shape(data):
    """The JSON's keys and types, recursively (values aside)."""
    if isinstance(data, dict):
        return {k: shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [shape(data[0])] if data else []
    return type(data).__name__


OPTION_SETS = [
    ("statutory direction",),
    ("children's services improvement", "--limit", "3"),
    ("Ofsted", "--type", "minutes"),
    ("Ofsted", "--since", "2017", "--until", "2018-06"),
    ("Ofsted", "--sentiment", "positive", "--sort", "date"),
    ("statutory direction zebra", "--all"),
    ('"statutory direction" OR inspection -Bromley',),
    ("council", "--no-collapse", "--offset", "1"),
]


def test_the_engine_is_remembered_in_the_home(tantivy_home):
    assert json.loads((tantivy_home / "search-engine.json").read_text()) == {"engine": "tantivy"}
    assert (tantivy_home / "tantivy").is_dir() and not (tantivy_home / "whoosh").exists()


@pytest.mark.parametrize("args", OPTION_SETS)
def test_search_json_has_the_whoosh_shape_and_the_same_matches(tantivy_home, built_index, args):
    settings, _ = built_index
    ours = cli(tantivy_home, "search", *args, "--json")
    whoosh = cli(settings.index_dir, "search", *args, "--json")
    assert ours.exit_code == whoosh.exit_code == 0, ours.output
    a, b = json.loads(ours.stdout), json.loads(whoosh.stdout)
    assert a["total"] == b["total"] and a["facets"] == b["facets"]
    assert set(a) == set(b)
    if a["results"] and b["results"]:
        assert shape(a["results"][0]) == shape(b["results"][0])
    # the same documents (five seeds: the order may differ only where scores are close)
    assert {r["doc_id"] for r in a["results"]} == {r["doc_id"] for r in b["results"]}


def test_search_without_json_and_zero_hit_suggestions(tantivy_home):
    plain = cli(tantivy_home, "search", "statutory direction")
    assert plain.exit_code == 0 and "Statutory" in plain.stdout
    miss = cli(tantivy_home, "search", "Adetosye", "--json")
    assert miss.exit_code == 0 and json.loads(miss.stdout)["suggestions"] == ["Adetosoye"]
    bad = cli(tantivy_home, "search", "(cabinet AND", "--json")
    assert bad.exit_code == 2


def test_person_filter(tantivy_home, built_index):
    settings, _ = built_index
    who = json.loads(cli(settings.index_dir, "who", "Adetosoye", "--json").stdout)
    name = who[0]["name"] if isinstance(who, list) else who["name"]
    a = json.loads(cli(tantivy_home, "search", "children", "--person", name, "--json").stdout)
    b = json.loads(cli(settings.index_dir, "search", "children", "--person", name, "--json").stdout)
    assert a["total"] == b["total"] > 0
    assert {r["doc_id"] for r in a["results"]} == {r["doc_id"] for r in b["results"]}


def test_similar_and_status(tantivy_home, built_index):
    settings, _ = built_index
    first = sorted(p.name for p in SEEDS.glob("*.txt"))[1]
    a = cli(tantivy_home, "similar", first, "--json")
    b = cli(settings.index_dir, "similar", first, "--json")
    assert a.exit_code == 0, a.output
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    assert set(da) == set(db) and "facets" not in da
    assert first not in {r["doc_id"] for r in da["results"]}
    assert {r["doc_id"] for r in da["results"]} == {r["doc_id"] for r in db["results"]}
    assert cli(tantivy_home, "similar", "nope.txt").exit_code == 1
    status = cli(tantivy_home, "status", "--json")
    assert status.exit_code == 0, status.output


def test_switching_engine_needs_rebuild(tmp_path, tantivy_home):
    import shutil

    home = tmp_path / "index"
    shutil.copytree(tantivy_home, home)
    refused = cli(home, "ingest", str(SEEDS), "--engine", "whoosh")
    assert refused.exit_code == 2 and "--rebuild" in refused.output
    unchanged = cli(home, "ingest", str(SEEDS), "--json")  # no flag: the home's own engine
    assert unchanged.exit_code == 0 and json.loads(unchanged.stdout)["unchanged"] == len(list(SEEDS.glob("*.txt")))
    rebuilt = cli(home, "reindex", "--from-db")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (home / "tantivy").is_dir() and not (home / "whoosh").exists()
    after = json.loads(cli(home, "search", "statutory direction", "--json").stdout)
    before = json.loads(cli(tantivy_home, "search", "statutory direction", "--json").stdout)
    assert [r["doc_id"] for r in after["results"]] == [r["doc_id"] for r in before["results"]]


def test_a_rebuild_is_built_beside_and_swapped_for_either_engine(tmp_path, tantivy_home):
    import shutil

    home = tmp_path / "index"
    shutil.copytree(tantivy_home, home)
    before = json.loads(cli(home, "search", "statutory direction", "--json").stdout)
    rebuilt = cli(home, "ingest", str(SEEDS), "--rebuild", "--json")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert sorted(p.name for p in home.iterdir() if "rebuild" in p.name or ".old-" in p.name) == []
    assert (home / "tantivy").is_dir() and not (home / "whoosh").exists()
    after = json.loads(cli(home, "search", "statutory direction", "--json").stdout)
    assert [r["doc_id"] for r in after["results"]] == [r["doc_id"] for r in before["results"]]
    switched = cli(home, "ingest", str(SEEDS), "--rebuild", "--engine", "whoosh", "--json")
    assert switched.exit_code == 0, switched.output
    assert (home / "whoosh").is_dir() and not (home / "tantivy").exists()
    again = json.loads(cli(home, "search", "statutory direction", "--json").stdout)
    assert [r["doc_id"] for r in again["results"]] == [r["doc_id"] for r in before["results"]]


def test_web_api_answers_from_the_tantivy_home(tantivy_home):
    from starlette.testclient import TestClient

    from corpus_search.config import Settings
    from corpus_search.web.app import create_app

    with TestClient(create_app(Settings(index_dir=tantivy_home))) as client:
        got = client.get("/api/search", params={"q": "statutory direction"})
        assert got.status_code == 200
        assert got.json() == json.loads(cli(tantivy_home, "search", "statutory direction", "--json").stdout)
