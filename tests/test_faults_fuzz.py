"""Fault injection, queries: hypothesis draws query strings and options and runs them through
the CLI; whatever the input, the answer is a result (exit 0), "nothing found" where the
contract says so (exit 1: `who`, `show`), or a one-line usage error (exit 2), never an
exception or a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_search.cli import app

SYNTAX = ["AND", "OR", "NOT", "-", "+", '"', "(", ")", "*", "?", "~", "^", ":", "title:", "date:", "doc_type:",
          "[/]", "[red]", "\\", "'", "council", "Bromley", "£2m", "2016", "NOT NOT", "\x1b[31m", "\u202e", "\x00", "%", "{", "}"]
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=6)), max_size=8).map("".join),
)
date_text = st.one_of(st.none(), st.sampled_from(["2016", "2016-02", "2016-02-30", "2016-13", "0000", "99999", "x", "", "2016-1-1"]),
                      st.text(max_size=12))
options = st.fixed_dictionaries(
    {},
    optional={
        "--limit": st.integers(min_value=-3, max_value=10_000).map(str),
        "--offset": st.integers(min_value=-3, max_value=10_000).map(str),
        "--sort": st.sampled_from(["relevance", "date", "size", ""]),
        "--type": st.sampled_from(["minutes", "press_release", "news", "nonsense", ""]),
        "--since": date_text.filter(lambda d: d is not None),
        "--until": date_text.filter(lambda d: d is not None),
        "--sentiment": st.sampled_from(["positive", "negative", "neutral", "happy", ""]),
        "--person": st.text(max_size=20),
    },
)
FLAGS = st.lists(st.sampled_from(["--all", "--no-collapse", "--json"]), unique=True)


def _args(opts: dict[str, str], flags: list[str]) -> list[str]:
    out: list[str] = []
    for key, value in opts.items():
        out += [key, value]
    return out + flags


def _no_crash(result, allowed: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{type(exc).__name__}: {exc}"
    assert result.exit_code in allowed, result.output
    assert "Traceback" not in result.output
    assert "unexpected" not in result.output.lower(), result.output


@pytest.fixture(scope="module")
def home(built_index) -> Path:  # type: ignore[no-untyped-def]
    settings_, _ = built_index
    return settings_.index_dir


@given(query=query_text, opts=options, flags=FLAGS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_searches_never_crash(home: Path, query: str, opts: dict[str, str], flags: list[str]) -> None:
    if query.startswith("-"):
        query = " " + query  # a leading dash is an option to any CLI; `--` is the user's way round it
    result = CliRunner().invoke(app, ["--index", str(home), "search", query, *_args(opts, flags)])
    # 1 only as a deliberate answer (`--person` naming nobody in the index), never from a crash.
    _no_crash(result, (0, 1, 2) if "--person" in opts else (0, 2))
    if result.exit_code == 0 and "--json" in flags:
        body = json.loads(result.stdout)
        assert isinstance(body["results"], list) and body["total"] >= 0


@given(name=st.one_of(st.text(max_size=40), st.lists(st.sampled_from(SYNTAX), max_size=5).map(" ".join)),
       as_json=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_who_and_show_never_crash(home: Path, name: str, as_json: bool) -> None:
    name = name.lstrip("-") or "x"
    extra = ["--json"] if as_json else []
    for command in ("who", "show", "similar"):
        result = CliRunner().invoke(app, ["--index", str(home), command, name, *extra])
        _no_crash(result, (0, 1, 2))


def test_searching_an_index_with_no_documents_answers(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    home = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(app, ["--index", str(home), "ingest", str(root)]).exit_code == 0
    for args in (["search", "council", "--json"], ["status", "--json"], ["who", "Ann Lee"], ["report", "--format", "csv"]):
        result = runner.invoke(app, ["--index", str(home), *args])
        _no_crash(result, (0, 1, 2))
