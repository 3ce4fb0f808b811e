"""Clean a paged source page by page, so that every character of the cleaned text has a page."""
from __future__ import annotations

from corpus_search.clean import clean
from corpus_search.models import Page

PAGE_BREAK = "\n\n"  # between the cleaned texts of two pages in `Document.text`


def clean_pages(pages: list[str]) -> tuple[str, list[Page]]:
    """The cleaned text of all pages and where each page lies in it.

    Each page is cleaned on its own (`corpus_search.clean.clean`) and the non-empty results are
    joined by PAGE_BREAK. `Page(page, start, end)` says that `text[start:end]` is page `page`
    (1-based); a page with nothing left after cleaning has `start == end`. Pages are in order,
    do not overlap, and the break between two pages belongs to neither.
    """
    parts: list[str] = []
    spans: list[Page] = []
    pos = 0
    for number, raw in enumerate(pages, start=1):
        text = clean(raw)
        if text and parts:
            pos += len(PAGE_BREAK)
        if text:
            parts.append(text)
        spans.append(Page(number, pos, pos + len(text)))
        pos += len(text)
    return PAGE_BREAK.join(parts), spans


def page_at(pages: list[Page], offset: int) -> int | None:
    """The page on which character `offset` of the cleaned text stands (None for an unpaged text).

    An offset inside the break between two pages counts for the page after it.
    """
    for span in pages:
        if span.start <= offset < span.end:
            return span.page
    for span in pages:
        if span.start > offset:
            return span.page
    return pages[-1].page if pages else None
