"""Pages everywhere: a paged source is cleaned page by page and every character keeps its page."""
from __future__ import annotations

import hashlib
from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from corpus_search.clean import clean
from corpus_search.ingest.pages import PAGE_BREAK, clean_pages, page_at
from corpus_search.models import Source
from corpus_search.pipeline import prepare
from tests.paths import FIXTURES

# pieces of page text, boilerplate the cleaner removes included, joined into a page
page_text = st.lists(
    st.sampled_from(["a", "b c", "XYZ.", "£1", " ", "\n", "\n\n", "\u00a0", "Page 2 of 3", "Share this page", "ends", "é"]),
    max_size=20,
).map("".join)


@given(st.lists(page_text, max_size=6))
def test_offsets_are_exact_for_any_pages(pages):
    text, spans = clean_pages(pages)
    assert [s.page for s in spans] == list(range(1, len(pages) + 1))
    for raw, span in zip(pages, spans):
        assert text[span.start : span.end] == clean(raw)
    ends = [(s.start, s.end) for s in spans]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(ends))
    assert text == PAGE_BREAK.join(clean(p) for p in pages if clean(p))


def test_page_at_and_breaks():
    text, spans = clean_pages(["First page.", "", "Third page."])
    assert text == "First page.\n\nThird page."
    assert page_at(spans, 0) == 1
    assert page_at(spans, text.index("Third")) == 3
    assert page_at(spans, len("First page.")) == 3  # inside the break: the page after it
    assert spans[1].start == spans[1].end
    assert page_at([], 5) is None


def _source(path: Path) -> Source:
    data = path.read_bytes()
    return Source(path.name, str(path), str(path.parent), hashlib.sha256(data).hexdigest(), len(data), 0.0)


def test_prepare_fills_document_pages_for_a_pdf():
    path = FIXTURES / "pdf_furniture.pdf"
    done = prepare(_source(path), path.read_bytes())
    assert done.error is None and done.document is not None
    doc = done.document
    assert [p.page for p in doc.pages] == [1, 2, 3, 4]
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    assert page_at(doc.pages, doc.text.index("Tom Becker")) == 4
    assert page_at(doc.pages, doc.text.index("forty two")) == 2
    assert page_at(doc.pages, doc.text.index("Minutes of the Housing Committee")) == 1
    assert "Tom Becker" in doc.text[doc.pages[3].start : doc.pages[3].end]


def test_prepare_leaves_pages_empty_for_unpaged_text():
    path = FIXTURES / "press_utf8.txt"
    done = prepare(_source(path), path.read_bytes())
    assert done.document is not None and done.document.pages == []
