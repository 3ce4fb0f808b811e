"""Plain-text loader: encodings, BOMs, and the files that must fail with a clear reason."""
from __future__ import annotations

import pytest

from corpus_search.errors import LoadError
from corpus_search.ingest import load_bytes, load_path
from tests.paths import FIXTURES


def test_utf8_keeps_curly_quotes_and_dashes():
    text = load_path(FIXTURES / "press_utf8.txt").text
    assert "’" in text and "–" in text and "“" in text


def test_cp1252_reads_smart_punctuation_and_pound():
    raw = (FIXTURES / "minutes_cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = load_path(FIXTURES / "minutes_cp1252.txt").text
    assert "£" in text and "–" in text and ("“" in text or "’" in text)
    assert not any(0x80 <= ord(ch) < 0xA0 for ch in text)


def test_latin1_reads_accents():
    text = load_path(FIXTURES / "notice_latin1.txt").text
    assert "Müller" in text and "Café" in text and "£" in text


def test_utf16_with_bom():
    text = load_path(FIXTURES / "utf16.txt").text
    assert text.startswith("Northfield Borough Council")


def test_pdf_bytes_under_txt_name_are_read_as_pdf():
    loaded = load_path(FIXTURES / "pdf_named.txt")
    assert loaded.format == "pdf"
    assert "Ahmed Patel" in loaded.text


@pytest.mark.parametrize(
    "name, reason",
    [("empty.txt", "empty file"), ("whitespace.txt", "empty file"), ("binary.txt", "undecodable bytes")],
)
def test_bad_text_files_fail_with_a_reason(name, reason):
    with pytest.raises(LoadError, match=reason):
        load_path(FIXTURES / name)


def test_nul_bytes_without_bom_are_binary():
    with pytest.raises(LoadError, match="binary"):
        load_bytes(b"Minutes\x00\x00\x01\x02 of the meeting" * 10, ".txt")
