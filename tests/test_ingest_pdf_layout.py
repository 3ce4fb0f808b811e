"""PDFs read through their layout: small real PDFs made by tests/fixtures/make_pdf_fixtures.py."""
from __future__ import annotations

import re

import pytest

from corpus_search.errors import LoadError
from corpus_search.ingest import load_path, pdf
from corpus_search.ingest.pdf_furniture import is_page_number
from corpus_search.ingest.pdf_quality import (
    NO_BREAKS_MSG,
    NO_TEXT_MSG,
    NOT_WORDS_MSG,
    unreadable,
)
from tests.paths import FIXTURES


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_running_header_footer_and_page_numbers_are_dropped():
    loaded = load_path(FIXTURES / "pdf_furniture.pdf")
    text = loaded.text
    assert len(loaded.pages or []) == 4
    assert text.count("Housing Committee - 12 March 2025") == 1  # the header, kept where it first stands
    assert text.count("Tel 01632 960123") == 1  # the footer likewise
    assert not re.search(r"Page \d of 4", text)
    assert "Page" not in (loaded.pages or [])[0].split("\n")[-1]
    # the body of every page is there, in order
    for words in ("urgent repair had fallen", "forty two at the end of February", "revised allocations policy",
                  "The meeting closed at 8.40pm."):
        assert words in text
    assert text.index("urgent repair") < text.index("forty two") < text.index("allocations") < text.index("8.40pm")


def test_word_hyphenated_at_line_end_is_rejoined_within_its_paragraph():
    text = load_path(FIXTURES / "pdf_furniture.pdf").text
    assert "a further improvement is expected once the new contract" in text
    assert "improve-" not in text


def test_footnote_marker_is_not_glued_to_the_number():
    text = load_path(FIXTURES / "pdf_furniture.pdf").text
    assert "6.3%1" not in text
    assert "rise by 6.3% [1] from April" in text


def test_paragraphs_stay_apart_and_wrapped_lines_join():
    text = load_path(FIXTURES / "pdf_furniture.pdf").text
    assert "Members noted that the average time" in text  # a wrapped line joined
    assert "within ten working days.\n\nThe meeting closed" in text  # two paragraphs


def test_table_rows_keep_their_cells_in_order_one_row_a_line():
    text = load_path(FIXTURES / "pdf_table.pdf").text
    lines = _lines(text)
    # the rows of one table are consecutive lines
    assert "Payee | Detail | Total £s | VAT\nGreenway Landscapes | " in text
    assert "Payee | Detail | Total £s | VAT" in lines
    assert "Greenway Landscapes | Grass cutting, June | 441.60 | 73.60" in lines
    # a cell wrapped onto a second line is added to its own cell, not made a row
    assert "Ashby Village Hall | Hall hire for the annual meeting and the planning workshop | 45.00 | 0.00" in lines
    assert "Playsafe Inspections Ltd | Playground inspection | 107.06 | 17.84" in lines
    assert lines[-1] == "The clerk will circulate the bank reconciliation before the next meeting."


def test_two_column_page_reads_column_by_column():
    text = load_path(FIXTURES / "pdf_two_columns.pdf").text
    assert " | " not in text
    assert text.startswith("Ashby Parish Council Newsletter - Spring Edition\n\n")
    left = text.index("The parish council met on Tuesday evening to discuss the future of the village library.")
    right = text.index("Turning to the highways report, members noted that the resurfacing of Mill Lane")
    assert left < text.index("The chair thanked residents for their letters.") < right
    assert text.rstrip().endswith("reported four times without any repair being made.")


def test_list_items_stay_items_with_their_bullet():
    lines = _lines(load_path(FIXTURES / "pdf_list.pdf").text)
    assert "• extend the weekday opening hours of the recycling centre until eight in the evening during the summer months;" in lines
    assert "• publish the results of the air quality monitoring every quarter;" in lines
    assert "1. Clerk to write to the bus operator." in lines
    assert "2. Chair to meet the recycling manager." in lines
    assert not any(line.strip() in "•*-" for line in lines)


def test_words_placed_apart_without_space_characters_read_with_spaces():
    text = load_path(FIXTURES / "pdf_placed_words.pdf").text
    assert "received the report of the internal auditor and agreed the annual governance statement" in text


def test_spaceless_text_layer_fails_with_the_reason():
    with pytest.raises(LoadError, match=re.escape(NO_BREAKS_MSG)):
        load_path(FIXTURES / "pdf_spaceless.pdf")


def test_scanned_page_is_read_by_ocr():
    text = load_path(FIXTURES / "pdf_scan.pdf").text
    assert "Ashby Parish Council" in text
    assert "meeting closed" in text


def test_a_scanned_page_among_typed_pages_is_read_by_ocr():
    pages = load_path(FIXTURES / "pdf_mixed_scan.pdf").pages
    assert pages is not None and len(pages) == 2
    assert "bus shelter on Church Road" in pages[0]
    assert "Signed by the chair." in pages[1]


def test_scanned_page_without_ocr_fails_with_the_reason(monkeypatch):
    monkeypatch.setattr(pdf, "tesseract", lambda: None)
    with pytest.raises(LoadError, match=re.escape(NO_TEXT_MSG)):
        load_path(FIXTURES / "pdf_scan.pdf")
    # with a typed page beside it, the file is read and the scanned page is empty
    assert load_path(FIXTURES / "pdf_mixed_scan.pdf").pages[1] == ""


def test_owner_password_only_opens_but_a_user_password_is_encrypted():
    assert "twenty pounds a plot" in load_path(FIXTURES / "pdf_owner_only.pdf").text
    with pytest.raises(LoadError, match="^encrypted PDF$"):
        load_path(FIXTURES / "encrypted.pdf")


def test_metadata_the_file_carries():
    meta = load_path(FIXTURES / "pdf_table.pdf").meta
    assert meta["title"] == "Northfield test document"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["pdf_created"]) and "date" not in meta


def test_pdftotext_fallback_reads_each_page():
    pages = pdf._pdftotext((FIXTURES / "pdf_furniture.pdf").read_bytes())
    assert pages is not None and len(pages) == 4
    assert "Tom Becker" in pages[3]
    assert sum(p.count("Page") for p in pages) == 0


@pytest.mark.parametrize(
    "text", ["3", "- 3 -", "Page 3", "Page 3 of 9", "P a g e | 3", "1 / 9", "3 of 9", "page 12", "(4)"]
)
def test_page_number_lines(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["3 members present", "2019", "Page Turner", "Item 3 of the agenda", ""])
def test_not_page_number_lines(text):
    assert not is_page_number(text)


def test_unreadable_text_layers_are_named():
    prose = "The council agreed the budget for the coming year and thanked the clerk. " * 20
    assert unreadable([prose]) is None
    assert unreadable([prose.replace(" ", "")]) == NO_BREAKS_MSG
    assert unreadable(["", " 3 "]) == NO_TEXT_MSG
    assert unreadable([" ".join(["(cid:12)(cid:7)"] * 80)]) == NOT_WORDS_MSG
    # a URL or a long reference number is not "no word breaks"
    assert unreadable([prose + " https://www.example.gov.uk/council/meetings/2024/minutes-of-the-meeting"]) is None


def test_unreadable_layout_text_falls_back_to_pdftotext(monkeypatch):
    # the layout reader's words run together (as pdfminer read the browser-printed files)
    real = pdf.read_layout
    monkeypatch.setattr(pdf, "read_layout", lambda doc: [p.replace(" ", "") for p in real(doc)])
    loaded = load_path(FIXTURES / "pdf_placed_words.pdf")
    assert "received the report of the internal auditor" in loaded.text


def test_unreadable_text_without_a_fallback_fails_with_the_reason(monkeypatch):
    real = pdf.read_layout
    monkeypatch.setattr(pdf, "read_layout", lambda doc: [p.replace(" ", "") for p in real(doc)])
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(LoadError, match=re.escape(NO_BREAKS_MSG)):
        load_path(FIXTURES / "pdf_placed_words.pdf")
