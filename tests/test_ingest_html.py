"""HTML loader: main content only, declared charsets honoured."""
from __future__ import annotations

from corpus_search.clean import clean
from corpus_search.ingest import load_bytes, load_path
from tests.conftest import FIXTURES


def test_page_keeps_article_and_drops_furniture():
    loaded = load_path(FIXTURES / "page.html")
    text = clean(loaded.text)
    assert loaded.title == "New play areas for three Northfield parks"
    assert text.startswith("New play areas for three Northfield parks")
    assert "£1.2m" in text
    for furniture in ("cookies", "Add your comment", "There are no comments", "Share this page", "Skip to"):
        assert furniture not in text, furniture


def test_cp1252_declared_charset():
    loaded = load_path(FIXTURES / "page_cp1252.htm")
    assert "’" in loaded.text and "£" in loaded.text


def test_html_sniffed_under_txt_suffix():
    loaded = load_bytes(b"<!DOCTYPE html><html><body><article><p>Hello council.</p></article></body></html>", ".txt")
    assert loaded.format == "html" and loaded.text == "Hello council."
