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
