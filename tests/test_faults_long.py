"""Long documents are a chunking problem, not a failure: spaCy's 1,000,000-character limit
(E088) must not stop a document, let alone the run, and facts keep their offsets."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_search import nlp as nlp_mod
from corpus_search.cli import app

PARAGRAPHS = (
    "The committee considered the report on highways maintenance for the coming year.",
    "Members asked about the cost of resurfacing the market square and the timetable.",
    "The officer said that the work would start after the consultation had closed.",
    "Residents had written to ask for a crossing near the primary school on the hill.",
    "RESOLVED that the recommendations in the report be approved.",
)


def long_text(min_chars: int, ending: str) -> str:
    """Numbered minutes paragraphs until `min_chars`, then `ending` as the last paragraph."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < min_chars:
        para = f"{i + 1}. {PARAGRAPHS[i % len(PARAGRAPHS)]}"
        parts.append(para)
        size += len(para) + 2
        i += 1
    parts.append(ending)
    return "\n\n".join(parts) + "\n"


@given(st.text(alphabet=st.sampled_from("ab .\n!?\t"), max_size=3000), st.integers(min_value=50, max_value=700))
@settings(max_examples=200, deadline=None)
def test_chunks_join_back_and_respect_the_limit(text: str, limit: int) -> None:
    pieces = nlp_mod.chunk_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces) or text == ""


def test_chunked_doc_matches_the_whole_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    text = long_text(12_000, "Councillor Jane Smithson, Leader of the Council, agreed the £2.5m budget on 3 March 2016.")
    whole = nlp(text)
    [chunked] = list(nlp_mod.pipe(nlp, [text], chunk_chars=2_000))
    assert chunked.text == text
    whole_a, chunked_a = nlp_mod.analyse(whole), nlp_mod.analyse(chunked)
    assert chunked_a.text == text
    assert chunked_a.sents == whole_a.sents
    # The model reads a few tokens either side, so only entities next to a cut may differ.
    cuts, at = [], 0
    for piece in nlp_mod.chunk_text(text, 2_000)[:-1]:
        at += len(piece)
        cuts.append(at)

    def away(spans: list[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
        return {s for s in spans if all(abs(s[0] - c) > 40 and abs(s[1] - c) > 40 for c in cuts)}

    assert len(cuts) >= 5
    assert away(chunked_a.ents) == away(whole_a.ents)
    assert chunked_a.ents[-3:] == whole_a.ents[-3:]


def test_pipe_keeps_order_and_empty_texts(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = ["", "A short note.", long_text(5_000, "The end."), "x"]
    docs = list(nlp_mod.pipe(nlp, texts, chunk_chars=1_000))
    assert [d.text for d in docs] == texts


def test_a_document_over_a_million_characters_is_indexed_whole(tmp_path: Path) -> None:
    ending = (
        "Councillor Jane Smithson, Leader of the Council, said the council would spend £2.5m "
        "on new school places from 3 March 2016."
    )
    text = long_text(1_050_000, ending)
    assert len(text) > 1_000_000
    root = tmp_path / "docs"
    root.mkdir()
    (root / "annual_report.txt").write_text(text, encoding="utf-8")
    (root / "short.txt").write_text("Councillor Tom Brown opened the new library on 4 May 2017.\n", encoding="utf-8")
    home = tmp_path / "index"
    runner = CliRunner()
    result = runner.invoke(app, ["--index", str(home), "ingest", str(root), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["failed"] == [], summary
    assert summary["added"] == 2
    shown = runner.invoke(app, ["--index", str(home), "show", "annual_report.txt", "--json"])
    assert shown.exit_code == 0
    stored = json.loads(shown.stdout)["text"]
    assert len(stored) > 1_000_000
    report = runner.invoke(app, ["--index", str(home), "report", "--kind", "all", "--format", "jsonl"])
    assert report.exit_code == 0
    facts = [json.loads(line) for line in report.stdout.splitlines() if line.strip()]
    facts = [f for f in facts if f["doc_id"] == "annual_report.txt"]
    money = [f for f in facts if f["kind"] == "money"]
    assert money and money[-1]["start"] > 1_000_000
    assert stored[money[-1]["start"] : money[-1]["end"]] == money[-1]["text"] == "£2.5m"
    people = [f for f in facts if f["kind"] == "person" and f["name"] == "Jane Smithson"]
    assert people, "the person named at the very end was found"
    for mention in people[0]["mentions"]:
        assert stored[mention["start"] : mention["end"]] == mention["text"]
    dates = [f for f in facts if f["kind"] == "date" and f["value"] == "2016-03-03"]
    assert dates and stored[dates[-1]["start"] : dates[-1]["end"]] == dates[-1]["text"]
    # The end of the report is searchable.
    found = runner.invoke(app, ["--index", str(home), "search", "new school places", "--json"])
    assert found.exit_code == 0
    assert "annual_report.txt" in [r["doc_id"] for r in json.loads(found.stdout)["results"]]
