"""The command line against a real PostgreSQL server: the same answers as the default local run,
and `reindex --from-db` rebuilding a search index on another machine's home from the shared store."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from corpus_search.cli import app
from tests.paths import SEEDS

runner = CliRunner()
QUERIES = ("statutory direction", "council", '"chief executive"')


def _answers(*global_opts: str) -> dict[str, object]:
    def run(*args: str) -> str:
        result = runner.invoke(app, [*global_opts, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    out: dict[str, object] = {q: json.loads(run("search", q, "--json")) for q in QUERIES}
    out["who"] = json.loads(run("who", "Ade Adetosoye", "--json"))
    out["report"] = run("report")
    out["show"] = json.loads(run("show", sorted(json.loads(run("search", "council", "--json"))["results"],
                                                key=lambda h: h["doc_id"])[0]["doc_id"], "--json"))
    out["show"].pop("ingested_at")  # when it was written: the one thing two runs do not share
    status = json.loads(run("status", "--json"))
    out["status"] = {k: v for k, v in status.items() if k not in ("index", "index_bytes", "last_ingest")}
    return out


def test_ingest_on_dask_into_postgres_answers_as_the_local_run(built_index, pg_url, tmp_path):
    local_settings, _ = built_index
    home = tmp_path / "pg-home"
    done = runner.invoke(app, ["--index", str(home), "--db", pg_url, "ingest", str(SEEDS), "--dask", "local:2",
                               "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["added"] > 0
    assert not (home / "facts.db").exists()  # the facts went to the server
    local = _answers("--index", str(local_settings.index_dir))
    server = _answers("--index", str(home), "--db", pg_url)
    assert server["who"] == local["who"] and server["who"]["roles"]
    assert server["report"] == local["report"]
    assert server == local

    # An analyst's machine: an empty home, the shared database, the index rebuilt without NLP.
    analyst = tmp_path / "analyst"
    rebuilt = runner.invoke(app, ["--index", str(analyst), "--db", pg_url, "reindex", "--from-db", "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["indexed"] == local["status"]["documents"]
    assert _answers("--index", str(analyst), "--db", pg_url) == local

    # A second ingest of the same files from another home changes nothing.
    again = runner.invoke(app, ["--index", str(tmp_path / "other"), "--db", pg_url, "ingest", str(SEEDS), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["unchanged"] == local["status"]["documents"]


def test_db_from_the_environment_and_rebuild(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_SEARCH_DB", pg_url)
    home = tmp_path / "home"
    one = SEEDS / sorted(p.name for p in SEEDS.iterdir() if p.suffix == ".txt")[0]
    assert runner.invoke(app, ["--index", str(home), "ingest", str(one)]).exit_code == 0
    status = json.loads(runner.invoke(app, ["--index", str(home), "status", "--json"]).stdout)
    assert status["documents"] == 1 and not (home / "facts.db").exists()
    assert runner.invoke(app, ["--index", str(home), "ingest", str(one), "--rebuild"]).exit_code == 0
    status = json.loads(runner.invoke(app, ["--index", str(home), "status", "--json"]).stdout)
    assert status["documents"] == 1


def test_reindex_needs_from_db(tmp_path):
    result = runner.invoke(app, ["--index", str(tmp_path), "reindex"])
    assert result.exit_code == 2 and "--from-db" in result.stderr
