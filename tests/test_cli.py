"""The command line as users run it: CliRunner for each command, and real subprocesses."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_search.cli import app
from tests.paths import FIXTURES, ROOT, SEED_IDS

runner = CliRunner()


def cli(home, *args, input=None):
    return runner.invoke(app, ["--index", str(home), *args], input=input)


def test_version():
    from corpus_search import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"corpus-search {__version__}"


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "search", "who", "report", "classify", "train", "evaluate", "show", "status"):
        assert command in result.output


def test_ingest_json_summary_lists_failures(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.txt").write_text((FIXTURES / "press_utf8.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.pdf").write_bytes((FIXTURES / "encrypted.pdf").read_bytes())
    result = cli(tmp_path / "home", "ingest", str(folder), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"added", "updated", "unchanged", "removed", "failed", "words", "seconds"}
    assert data["added"] == 1 and data["failed"] == [{"path": str(folder / "bad.pdf"), "reason": "encrypted PDF"}]


def test_ingest_missing_path_exits_2(tmp_path):
    result = cli(tmp_path / "home", "ingest", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: no such file or folder: {tmp_path / 'nowhere'}"


def test_search_json_contract(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", "statutory direction", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "statutory direction" and data["total"] >= 2
    assert sorted(r["doc_id"][:3] for r in data["results"][:2]) == ["001", "003"]
    first = data["results"][0]
    assert set(first) >= {"doc_id", "title", "date", "doc_type", "sentiment", "score", "snippet"}
    assert "<b>" in first["snippet"].lower()
    assert set(data["facets"]) == {"doc_type", "year", "sentiment"}


def test_search_text_output(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", "statutory direction")
    assert result.exit_code == 0
    assert "documents match" in result.output and "[" in result.output


def test_search_no_hits_exits_0(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "search", "zebra", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", '"statutory direction'], 'Error: malformed query: unbalanced quote (")'),
        (["search", "Ofsted", "--since", "2016-13"], "Error: bad date '2016-13': month must be 01–12"),
        (["search", "Ofsted", "--type", "memo"], "Error: unknown --type 'memo': use press_release, news, minutes, agenda, report, letter, other"),
    ],
)
def test_usage_errors_exit_2_with_one_line(built_index, args, message):
    settings, _ = built_index
    result = cli(settings.index_dir, *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


@pytest.mark.parametrize("command", [["search", "x"], ["who", "Evans"], ["show", "x"], ["status"], ["report"]])
def test_missing_index_exits_2_and_says_ingest(tmp_path, command):
    result = cli(tmp_path / "empty", *command)
    assert result.exit_code == 2
    assert result.stderr == f"Error: no index in {tmp_path / 'empty'}: run `corpus-search ingest` first\n"


def test_show_json_offsets_point_into_text(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "show", SEED_IDS[0], "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["doc_id"] == SEED_IDS[0] and doc["date"] == "2016-09-30"
    for kind in ("person", "date", "money", "sentence"):
        for fact in doc["facts"].get(kind, []):
            spans = fact["mentions"] if kind == "person" else [fact]
            for span in spans:
                assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_show_unknown_exits_1(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "show", "nope.txt")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no document 'nope.txt'")


def test_status_json(built_index):
    settings, _ = built_index
    result = cli(settings.index_dir, "status", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["documents"] == 5 and sum(data["by_type"].values()) == 5 and data["failed"] == []


def test_subprocess_ingest_and_search(tmp_path):
    home = tmp_path / "home"
    base = [sys.executable, "-m", "corpus_search", "--index", str(home)]
    ingest = subprocess.run(base + ["ingest", str(ROOT / "corpus"), "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["added"] == 5
    search = subprocess.run(base + ["search", "statutory direction", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert search.returncode == 0, search.stderr
    assert sorted(r["doc_id"][:3] for r in json.loads(search.stdout)["results"][:2]) == ["001", "003"]
    missing = subprocess.run(base[:3] + ["--index", str(tmp_path / "x"), "search", "y"], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr



def test_a_reader_that_closes_the_pipe_is_not_a_bug(built_index):
    """`corpus-search report | head`: the reader goes away; no traceback, no "unexpected", exit 141."""
    settings, _ = built_index
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus_search", "--index", str(settings.index_dir), "report", "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before it writes: its first write meets a pipe with no reader
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert err == ""

HEAVY = ("spacy", "thinc", "sklearn", "scipy", "pydantic", "pydantic_core", "click", "dask", "starlette", "jinja2")
QUERY_COMMANDS = {
    "search": ["search", "statutory direction", "--json"],
    "search text": ["search", "which councillors criticised the cabinet over children's services"],
    "search --person": ["search", "Ofsted", "--person", "Adetosoye", "--json"],
    "who": ["who", "Ade Adetosoye", "--json"],
    "show": ["show", SEED_IDS[0], "--json"],
    "show text": ["show", SEED_IDS[0]],
}
# what a command needs beyond the facts store: search reads the Whoosh index and ranks with numpy
NOT_FOR_READING = ("numpy", "whoosh", "rich")


@pytest.mark.parametrize("command", sorted(QUERY_COMMANDS))
def test_query_commands_start_without_heavy_imports(built_index, command):
    """search, who and show answer from the index alone: no spaCy, scikit-learn, pydantic (typer's
    option checks, cli/plain_options.py), click, dask or web framework; who and show not even
    numpy or Whoosh. Checked in a real process: start-up time is what a user waits for."""
    settings, _ = built_index
    args = ["--index", str(settings.index_dir), *QUERY_COMMANDS[command]]
    banned = HEAVY + (() if command.startswith("search") else NOT_FOR_READING)
    code = (
        "import sys\n"
        "from corpus_search.cli import app\n"
        f"try:\n    app({args!r}, prog_name='corpus-search')\n"
        "except SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {banned!r})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr, done.stderr[-2000:]


def test_an_unexpected_error_exits_3_and_says_where_the_traceback_is(built_index, monkeypatch, tmp_path):
    from corpus_search import queries

    def broken(settings):
        raise RuntimeError("status exploded\nsecond line")

    monkeypatch.setattr(queries, "status", broken)
    home = tmp_path / "home"
    home.mkdir()
    result = cli(home, "status")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: unexpected RuntimeError: status exploded second line. This is a bug in corpus-search")
    logs = list(home.glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in result.stderr
    assert "Traceback" in logs[0].read_text(encoding="utf-8") and "status exploded" in logs[0].read_text(encoding="utf-8")


def test_nothing_found_stays_exit_1_not_3(built_index):
    settings, _ = built_index
    assert cli(settings.index_dir, "who", "Nobody Atall").exit_code == 1
    assert cli(settings.index_dir, "show", "missing.txt").exit_code == 1


def test_ambiguous_name_json_goes_to_stdout_through_the_one_wrapper(tmp_path):
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Councillor Robert Evans chaired the meeting.\n\nRobert Evans said so.\n")
    (folder / "b.txt").write_text("Councillor Mary Evans opened the library.\n\nMary Evans said so.\n")
    settings = Settings(index_dir=tmp_path / "home")
    ingest([folder], settings)
    result = cli(settings.index_dir, "who", "Evans", "--json")
    assert result.exit_code == 1 and result.stderr.startswith("Error: 'Evans' could be several people")
    assert {c["name"] for c in json.loads(result.stdout)["candidates"]} == {"Robert Evans", "Mary Evans"}
    unknown = cli(settings.index_dir, "who", "Evens Robertson", "--json")
    assert unknown.exit_code == 1 and json.loads(unknown.stdout)["candidates"] == []


def test_safe_text_removes_escapes_but_keeps_lines_and_tabs():
    from corpus_search.cli import safe_text

    assert safe_text("a\x1b]0;title\nnext\x1b[1mbold\x1b[0m \x07bell\ttab \x9b2J x") == "a\nnextbold bell\ttab  x"


@given(st.text())
def test_safe_text_never_leaves_a_control_character(text):
    from corpus_search.cli import safe_text

    out = safe_text(text)
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) for ch in out)
    assert safe_text(out) == out
