"""PDF loader: text layer with wrapped lines joined; encrypted, scanned and corrupt files refused."""
from __future__ import annotations

import pytest

from corpus_search.errors import LoadError
from corpus_search.ingest import load_path
from corpus_search.ingest.pdf import join_lines
from tests.paths import FIXTURES


def test_wrapped_lines_are_joined_into_sentences():
    text = load_path(FIXTURES / "minutes.pdf").text
    assert "presented by Councillor Ahmed Patel, Portfolio Holder for Housing" in text
    assert "improvement in the quality" in text  # "improve-" / "ment" rejoined
    # a heading and the paragraph right under it: a line break; a blank line before the heading
    assert "\n\n2. Temporary accommodation update\nThe committee considered" in text


@pytest.mark.parametrize(
    "name, reason",
    [("encrypted.pdf", "encrypted PDF"), ("scanned.pdf", r"no text layer \(scanned image\?\)"), ("corrupt.pdf", "corrupt PDF")],
)
def test_bad_pdfs_fail_with_a_reason(name, reason):
    with pytest.raises(LoadError, match=reason):
        load_path(FIXTURES / name)


def test_join_lines_keeps_paragraphs_apart():
    assert join_lines("First paragraph ends here.\n\nSecond one.") == "First paragraph ends here.\n\nSecond one."
    assert join_lines("a sentence that goes on and\ncontinues") == "a sentence that goes on and continues"
