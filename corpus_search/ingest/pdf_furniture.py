"""Page furniture of a PDF: running headers, footers and page numbers, found across pages.

A line is furniture when it stands in the top or bottom band of its page and either
- reads as a page number on its own ("3", "- 3 -", "Page 3", "Page 3 of 9", "P a g e | 3",
  "1 / 9", "3 of 9"), or
- recurs, once digits are normalised, in the same band on most pages (a council's name and a
  meeting date in the header, a clerk's address and phone number in the footer, "Page 3 of 9").
Page numbers go everywhere; a recurring header or footer is kept once, where it first stands
(it often names the council, the meeting or the clerk), and dropped from every later page.
"""
from __future__ import annotations

import re
from collections import Counter

from corpus_search.ingest.pdf_layout import Line, PageLines

# Lines this close to the top or bottom edge (fraction of the page height) are in a band...
BAND = 0.12
# ...and so are the first and last EDGE_LINES lines of a page within WIDE_BAND of the edge.
WIDE_BAND = 0.2
EDGE_LINES = 2
# A line recurring in a band on at least this fraction of the pages (and on two or more) is furniture,
MOST_PAGES = 0.4  # below a half, so that running heads alternating on odd and even pages count

_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?(page|pg\.?|p\.?)?[|:.\s]*#+([|:.\s]*(of|/|\|)[|:.\s]*#+)?[)\]]?[-–—]?$"
)
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """The form compared across pages: lower case, no spaces, every number as '#'."""
    return _DIGITS.sub("#", re.sub(r"\s+", "", text.lower()))


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number ("3", "Page 3 of 9", "1 / 9"); a year is not."""
    numbers = _DIGITS.findall(text)
    return bool(numbers) and all(int(n) < 1000 for n in numbers) and bool(_PAGE_NUMBER.match(normalise(text)))


def _band_lines(page: PageLines) -> list[Line]:
    lines = page.lines
    edge = set(map(id, lines[:EDGE_LINES] + lines[-EDGE_LINES:]))
    out = []
    for ln in lines:
        top = ln.y0 >= page.height * (1 - BAND) or (id(ln) in edge and ln.y0 >= page.height * (1 - WIDE_BAND))
        bottom = ln.y1 <= page.height * BAND or (id(ln) in edge and ln.y1 <= page.height * WIDE_BAND)
        if top or bottom:
            out.append(ln)
    return out


def _without_page_numbers(line: Line) -> Line | None:
    """The line with any cell that is a page number taken out (None if nothing is left)."""
    cells = [c for c, t in zip(line.cells, line.cell_texts()) if not is_page_number(t)]
    if len(cells) == len(line.cells):
        return line
    if not cells:
        return None
    return Line([r for c in cells for r in c], cells)


def remove(pages: list[PageLines]) -> list[PageLines]:
    """The pages with page numbers dropped and recurring headers and footers kept only once."""
    stripped = []
    for page in pages:
        band = set(map(id, _band_lines(page)))
        lines = []
        for ln in page.lines:
            kept = _without_page_numbers(ln) if id(ln) in band else ln
            if kept is not None:
                lines.append(kept)
        stripped.append(PageLines(page.width, page.height, lines))
    pages = stripped
    bands = [_band_lines(p) for p in pages]
    counts: Counter[str] = Counter()
    for lines in bands:
        counts.update({normalise(ln.text()) for ln in lines})
    need = max(2, round(MOST_PAGES * len(pages) + 0.01))
    recurring = {key for key, n in counts.items() if n >= need and key}
    seen: set[str] = set()
    out = []
    for page, lines in zip(pages, bands):
        drop = set()
        for ln in lines:
            key = normalise(ln.text())
            if key in recurring:
                if key in seen:
                    drop.add(id(ln))
                seen.add(key)
        out.append(PageLines(page.width, page.height, [ln for ln in page.lines if id(ln) not in drop]))
    return out


def remove_text_furniture(pages: list[str]) -> list[str]:
    """The same rule for pages known only as text (a fallback extractor's output): the first and
    last EDGE_LINES paragraphs of each page stand in for its bands."""
    split = [p.split("\n\n") for p in pages]
    counts: Counter[str] = Counter()
    for paras in split:
        counts.update({normalise(x) for x in paras[:EDGE_LINES] + paras[-EDGE_LINES:]})
    need = max(2, round(MOST_PAGES * len(pages) + 0.01))
    seen: set[str] = set()
    out = []
    for paras in split:
        edge = set(range(min(EDGE_LINES, len(paras)))) | set(range(max(0, len(paras) - EDGE_LINES), len(paras)))
        kept = []
        for i, para in enumerate(paras):
            key = normalise(para)
            if i in edge and key:
                if is_page_number(para):
                    continue
                if counts[key] >= need:
                    if key in seen:
                        continue
                    seen.add(key)
            kept.append(para)
        out.append("\n\n".join(kept))
    return out
