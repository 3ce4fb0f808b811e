"""`search` and `similar` as a user runs them: exit codes, messages, the JSON shape."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app


def cli(home, *args):
    return CliRunner().invoke(app, ["--index", str(home), *args])


@pytest.mark.parametrize("query", [
    "Councillors (opposition) say: the Ofsted report [June 2016] + the plan",
    "statutory direction:", "what did Ofsted say about (children's services)?", "+", "Ofsted +",
])
def test_pasted_sentences_exit_0(built_index, query):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", query, "--json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)


def test_stop_words_only_exit_0_with_a_message(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", "the of and", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total"] == 0 and data["results"] == [] and "common words" in data["message"]
    assert "common words" in result.stderr


def test_zero_hits_carry_suggestions(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", "Adetosye", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total"] == 0 and data["suggestions"] == ["Adetosoye"]
    text = cli(settings.index_dir, "search", "Adetosye")
    assert "did you mean 'Adetosoye'?" in text.stderr


def test_all_and_no_collapse_options(built_index):
    settings, _ = built_index
    loose = json.loads(cli(settings.index_dir, "search", "statutory direction zebra", "--json").stdout)
    strict = json.loads(cli(settings.index_dir, "search", "statutory direction zebra", "--all", "--json").stdout)
    assert loose["total"] > 0 and strict["total"] == 0
    flat = json.loads(cli(settings.index_dir, "search", "Ofsted", "--no-collapse", "--json").stdout)
    assert all(r["duplicates"] == [] for r in flat["results"])


def test_curly_and_straight_apostrophes_via_the_cli(built_index):
    settings, _ = built_index
    curly = json.loads(cli(settings.index_dir, "search", "children’s services", "--json").stdout)
    straight = json.loads(cli(settings.index_dir, "search", "children's services", "--json").stdout)
    assert [r["doc_id"] for r in curly["results"]] == [r["doc_id"] for r in straight["results"]]
    assert curly["total"] == straight["total"] > 0


def test_similar_json_has_the_search_shape_without_facets(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "similar", "001_3a3dd66e6bade30d.txt", "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "facets" not in data and set(data) >= {"query", "total", "results"}
    assert data["results"] and "001_3a3dd66e6bade30d.txt" not in [r["doc_id"] for r in data["results"]]
    assert set(data["results"][0]) >= {"doc_id", "title", "date", "doc_type", "sentiment", "score", "snippet", "duplicates"}


def test_similar_unknown_document_exits_1(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "similar", "nope.txt")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no document 'nope.txt'")


def test_org_filter(built_index):
    settings, _ = built_index
    result = json.loads(cli(settings.index_dir, "search", "Ofsted", "--org", "no such body anywhere", "--json").stdout)
    assert result["total"] == 0
