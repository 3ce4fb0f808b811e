"""DOCX loader: paragraphs and tables; a non-DOCX under a .docx name is refused."""
from __future__ import annotations

import pytest

from corpus_search.errors import LoadError
from corpus_search.ingest import load_path
from tests.paths import FIXTURES


def test_docx_paragraphs_tables_and_title():
    loaded = load_path(FIXTURES / "report.docx")
    assert loaded.format == "docx"
    assert loaded.title == "Annual Report on Waste and Recycling 2022/23"
    assert "Published 2 May 2023" in loaded.text
    assert " | " in loaded.text  # table cells


def test_plain_text_named_docx_is_refused():
    with pytest.raises(LoadError, match="not a DOCX file"):
        load_path(FIXTURES / "not_really.docx")


def _minutes_docx(path, created):
    import docx

    doc = docx.Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Oakridge Parish Council - running header"
    section.footer.paragraphs[0].text = "Page 1 of 2 - Clerk, The Pavilion, Oakridge"
    doc.add_heading("Minutes of the Parish Council meeting held on Tuesday 4 March 2025", level=1)
    doc.add_paragraph("Present: Cllr Ann Hale (Chair), Cllr Ravi Shah")
    doc.add_paragraph("The minutes of the meeting held on 4 February 2025 were approved.")
    table = doc.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Payee", "Detail", "Total £s"), ("J. Brown", "Grass cutting", "420.00"),
                                        ("Oakridge Hall", "Room hire", "36.50")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    doc.add_paragraph("RESOLVED: that the payments be approved.")
    doc.core_properties.title = "Parish Council minutes March 2025"
    doc.core_properties.author = "Clerk to the Council"
    doc.core_properties.created = created
    doc.save(path)


def test_docx_as_word_writes_it(tmp_path):
    from datetime import datetime

    from corpus_search import clean, metadata
    from corpus_search.facts.money import find_money

    path = tmp_path / "minutes.docx"
    _minutes_docx(path, datetime(2025, 3, 6, 9, 30))
    loaded = load_path(path)
    text = loaded.text
    assert "running header" not in text and "Page 1 of 2" not in text  # header and footer parts
    assert "Payee | Detail | Total £s" in text.split("\n\n") and "J. Brown | Grass cutting | 420.00" in text.split("\n\n")
    assert loaded.meta == {"title": "Parish Council minutes March 2025", "author": "Clerk to the Council",
                           "date_created": "2025-03-06", "date_modified": loaded.meta["date_modified"]}
    assert loaded.title == "Minutes of the Parish Council meeting held on Tuesday 4 March 2025"
    cleaned = clean.clean(text)
    _, kind, date, _ = metadata.describe(cleaned, text, loaded)
    assert (kind, date) == ("minutes", "2025-03-04")  # the meeting, not the file's creation date
    assert [m.value for m in find_money(cleaned)] == [420.0, 36.5]


def test_docx_creation_date_dates_a_document_without_one(tmp_path):
    from datetime import datetime

    import docx

    from corpus_search import clean, metadata

    doc = docx.Document()
    doc.add_paragraph("Notes on the village hall car park and the new lighting.")
    doc.core_properties.created = datetime(2024, 11, 2, 8, 0)
    doc.core_properties.author = "python-docx"
    path = tmp_path / "notes.docx"
    doc.save(path)
    loaded = load_path(path)
    assert "author" not in loaded.meta
    text = clean.clean(loaded.text)
    assert metadata.describe(text, loaded.text, loaded)[2] == "2024-11-02"
