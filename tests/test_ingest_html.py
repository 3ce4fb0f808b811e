"""HTML loader: main content only, declared charsets honoured."""
from __future__ import annotations

from corpus_search.clean import clean
from corpus_search.ingest import load_bytes, load_path
from tests.paths import FIXTURES


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


def _text(html: str) -> str:
    from corpus_search.ingest.html import extract

    return extract(html).text


STORY = "<p>The council agreed a new plan for its libraries after a long debate on Monday evening.</p>"


def test_a_form_round_the_whole_page_keeps_the_story():
    page = f"<html><body><form id='form1'><h1>Libraries plan agreed</h1>{STORY}</form></body></html>"
    text = _text(page)
    assert "Libraries plan agreed" in text and "long debate" in text


def test_the_longest_article_is_the_story_not_a_teaser_card():
    page = ("<html><body><article><h2><a href='/x'>Bins late</a></h2></article>"
            f"<article><h1>Libraries plan agreed</h1>{STORY}{STORY}</article></body></html>")
    text = _text(page)
    assert "long debate" in text and "Bins late" not in text


def test_table_cells_are_spaced_and_figures_with_tables_kept():
    page = ("<html><body><main><h1>Cabinet</h1><figure><table><tr><td>Councillor Helen Marsh</td>"
            "<td>Leader</td></tr></table></figure><figure><img src='a.jpg'><figcaption>Photo: J Bloggs"
            "</figcaption></figure></main></body></html>")
    text = _text(page)
    assert "Councillor Helen Marsh Leader" in " ".join(text.split())
    assert "J Bloggs" not in text


def test_a_list_of_links_without_a_class_hint_is_dropped():
    links = "".join(f"<li><a href='/{i}'>Service number {i}</a></li>" for i in range(6))
    page = f"<html><body><main><div><ul>{links}</ul></div><h1>Libraries plan agreed</h1>{STORY}</main></body></html>"
    text = _text(page)
    assert "Service number" not in text and "long debate" in text
