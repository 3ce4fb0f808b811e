"""Turn the positioned text runs of one PDF page into text a person would read.

Input: `Run`s (a piece of text on one baseline with its box, in PDF points, origin bottom-left),
as pdfium reports them. Output: `PageLines`, the page's lines top to bottom, each line split
into cells where a wide gap separates its runs. `render` then makes text from them:
- two-column pages are read column by column (a gutter no line crosses, text on both sides);
- a line with several cells is a table row: its cells are joined by " | ", and the short lines
  just under it that fall in its columns (a cell wrapped onto a second line) are added to the
  cell above them, so every row stays one line;
- other lines form blocks (paragraphs): a line joins the one above when it follows at normal
  leading, at the same indent, and the one above ran the full width; a word hyphenated at the
  line end is rejoined; a line starting with a bullet or an item number starts a new item.
Page furniture (running headers, footers, page numbers) is found across pages in
`pdf_furniture`; this module only reads one page.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

# A gap between runs of one line wider than this many line heights (a line is about 1.2 em
# high) separates two cells.
CELL_GAP = 1.0
# Wide gaps that differ by less than this factor between single words are justified word spaces.
JUSTIFIED_SPREAD = 1.3
# A gap wider than this (in line heights) between runs is a space, narrower joins the runs as they are.
SPACE_GAP = 0.22
# Lines whose boxes are at most this many line heights apart are in one paragraph (when a page
# has too few lines to measure its line spacing), and never more than MAX_PARA_GAP apart.
PARA_GAP = 0.5
MAX_PARA_GAP = 1.2
# A wrapped table cell: a line at most this far (line heights) under its row, in its columns.
CELL_WRAP_GAP = 0.9
# A line ending this close (fraction of the block width) to the block's right edge ran full width.
FULL_LINE = 0.82
# Lines of one paragraph differ in height (the font's, from pdfium's loose boxes) by at most this.
SAME_SIZE = 0.08
# A stream of fewer lines than this is too short to find its right margin from its lines.
FEW_LINES = 12
# A line of a few words spread apart that ends this close to the margin is justified text.
NEAR_MARGIN = 0.97
# Raised text smaller than this fraction of the line height is a superscript (ordinal, footnote).
SUPERSCRIPT = 0.75

BULLETS = "•●▪■◦○◆◇►▸‣⁃∙·➢➤✓✔-–—*o§"
# A symbol font's bullet comes through as a private-use character (U+E000-U+F8FF).
_BULLET_ONLY = re.compile(rf"^[{re.escape(BULLETS)}\ue000-\uf8ff]$")
_BULLET_START = re.compile(r"^([•●▪■◦○◆◇►▸‣⁃∙·➢➤✓✔]\s*|[\ue000-\uf8ff]\s+|[*\-–](?=\s))")
# An item number or label standing in front of its text ("1.", "4.2", "(a)", "iii)", "09.24.01").
_ENUMERATOR = re.compile(r"^(\(?[0-9]{1,3}([./][0-9]{1,3}){0,3}[.)]?|\(?[a-hj-z][.)]|\(?[ivx]{1,5}[.)]|[A-Z][.)])$")
_ITEM_START = re.compile(r"^(\(?[0-9]{1,3}([./][0-9]{1,3}){0,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s")
_PUNCT_ONLY = re.compile(r"^\s*[.,;:]\s*$")
_HYPHENS = "-\u00ad\u2010\ufffe\x02"
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Run:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top
    text: str
    space_before: bool = False  # a space stood between this run and the text before it

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class Line:
    runs: list[Run]
    cells: list[list[Run]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(r.x0 for r in self.runs)

    @property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @property
    def y0(self) -> float:
        return min(r.y0 for r in self.runs)

    @property
    def y1(self) -> float:
        return max(r.y1 for r in self.runs)

    @property
    def height(self) -> float:
        """The height of the line's main text: that of its longest run (not a bullet's or a
        superscript's)."""
        runs = [r for r in self.runs if r.text.strip()]
        return max(runs, key=lambda r: len(r.text.strip())).height if runs else self.y1 - self.y0

    def cell_texts(self) -> list[str]:
        return [_cell_text(c, self.height, self.y0) for c in self.cells]

    def text(self) -> str:
        return " ".join(self.cell_texts())


@dataclass(slots=True)
class PageLines:
    width: float
    height: float
    lines: list[Line]


# ---- lines and cells ---------------------------------------------------------------------
def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def group_lines(runs: list[Run]) -> list[Line]:
    """Runs sharing a baseline band become one line; lines top to bottom, runs left to right."""
    runs = [r for r in runs if r.text.strip() and r.x1 > r.x0]
    runs.sort(key=lambda r: (-r.y1, r.x0))
    lines: list[Line] = []
    bands: list[tuple[float, float]] = []  # (bottom, top) of the main text of each line
    for run in runs:
        placed = False
        for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
            b0, b1 = bands[i]
            ov = _overlap(run.y0, run.y1, b0, b1)
            if ov >= 0.5 * min(run.height, b1 - b0) and ov > 0:
                lines[i].runs.append(run)
                if run.height > b1 - b0:
                    bands[i] = (run.y0, run.y1)
                placed = True
                break
        if not placed:
            lines.append(Line([run]))
            bands.append((run.y0, run.y1))
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
        line.cells = split_cells(line)
    lines.sort(key=lambda ln: -ln.y1)
    return lines


def split_cells(line: Line) -> list[list[Run]]:
    """Split a line's runs where the gap is wider than CELL_GAP line heights."""
    h = max(line.height, 1.0)
    cells: list[list[Run]] = [[line.runs[0]]]
    right = line.runs[0].x1
    wide: list[float] = []
    for run in line.runs[1:]:
        if run.x0 - right > CELL_GAP * h:
            wide.append(run.x0 - right)
            cells.append([run])
        else:
            cells[-1].append(run)
        right = max(right, run.x1)
    if _justified(cells, wide):
        return [[r for c in cells for r in c]]
    # A stray full stop or comma far from any text is not a cell of its own.
    if len(cells) > 1:
        cells = [c for c in cells if not _PUNCT_ONLY.match("".join(r.text for r in c))] or cells
    # A bullet glyph or an item number set apart from its text belongs to that text.
    while len(cells) >= 2:
        head = "".join(r.text for r in cells[0]).strip()
        if _BULLET_ONLY.match(head) or (len(cells) == 2 and _ENUMERATOR.match(head)):
            cells[0:2] = [cells[0] + cells[1]]
        else:
            break
    return cells


def _justified(cells: list[list[Run]], gaps: list[float]) -> bool:
    """True if the wide gaps of a line are the stretched word spaces of justified text: three or
    more gaps, all about the same width, between single words (table cells differ in width)."""
    if len(gaps) < 3 or max(gaps) > JUSTIFIED_SPREAD * min(gaps):
        return False
    words = sorted(len(" ".join(r.text for r in c).split()) for c in cells)
    return words[len(words) // 2] <= 1


def _cell_text(runs: list[Run], line_h: float, line_y0: float) -> str:
    out = ""
    right: float | None = None
    for run in runs:
        text = run.text.replace("\r", "").replace("\n", " ")
        text = text.replace("\ufffe", "-").replace("\x02", "-")
        if not text.strip():
            continue
        raised = run.height < SUPERSCRIPT * line_h and run.y0 > line_y0 + 0.25 * line_h
        if right is not None:
            gap = run.x0 - right
            ordinal = raised and text.strip().lower() in ("st", "nd", "rd", "th") and out[-1:].isdigit()
            spaced = run.space_before or gap > SPACE_GAP * line_h
            if raised and text.strip().isdigit() and len(text.strip()) <= 3:
                # A footnote marker ("6.3%¹", "Act²"): kept apart from the number or word it follows.
                out = out.rstrip() + " "
                text = "[" + text.strip() + "] "
            elif spaced and not out.endswith(" ") and not (ordinal and gap < 0.5 * line_h):
                out += " "
        if out.endswith(" ") and text.startswith(" "):
            text = text.lstrip()
        out += text
        right = run.x1 if right is None else max(right, run.x1)
    return _SPACES.sub(" ", out).strip()


# ---- columns -----------------------------------------------------------------------------
def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two text columns, or None if the page is one column.

    A gutter is an empty vertical band in the middle of the page that at most a few lines
    cross, with running text (several words a line, few table-like gaps) on both sides.
    """
    if len(lines) < 6:
        return None
    best: tuple[int, float] | None = None
    for step in range(30, 71):
        x = width * step / 100
        crossing = sum(1 for ln in lines if any(r.x0 < x - 3 and r.x1 > x + 3 for r in ln.runs))
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > 0.15 * len(lines):
        return None
    x = best[1]
    for keep in (lambda r: r.x1 <= x + 3, lambda r: r.x0 >= x - 3):
        parts = []
        for ln in lines:
            runs = [r for r in ln.runs if keep(r)]
            if runs:
                part = Line(runs)
                part.cells = split_cells(part)
                parts.append(part)
        if len(parts) < 4:
            return None
        words = sorted(len(p.text().split()) for p in parts)
        if words[len(words) // 2] < 4:
            return None  # short entries: a table or a form, not running text
        if sum(1 for p in parts if len(p.cells) > 1) > 0.3 * len(parts):
            return None
    return x


def reading_order(page: PageLines) -> list[list[Line]]:
    """The page as streams of lines to read in order: full-width parts and then each column."""
    gutter = find_gutter(page.lines, page.width)
    if gutter is None:
        return [page.lines]
    streams: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    for ln in page.lines:
        if ln.x0 < gutter - 2 and ln.x1 > gutter + 2 and any(r.x0 < gutter - 2 and r.x1 > gutter + 2 for r in ln.runs):
            streams.extend(s for s in (left, right) if s)
            left, right = [], []
            streams.append([ln])
            continue
        lruns = [r for r in ln.runs if r.x1 <= gutter + 2]
        rruns = [r for r in ln.runs if r.x1 > gutter + 2]
        for runs, side in ((lruns, left), (rruns, right)):
            if runs:
                part = Line(runs)
                part.cells = split_cells(part)
                side.append(part)
    streams.extend(s for s in (left, right) if s)
    return streams


# ---- blocks ------------------------------------------------------------------------------
def _is_item(text: str) -> bool:
    return bool(_BULLET_START.match(text) or _ITEM_START.match(text))


def _join(prev: str, nxt: str) -> str:
    if len(prev) > 1 and prev[-1] in _HYPHENS and prev[-2].isalpha() and nxt[:1].islower():
        return prev[:-1] + nxt
    return prev + " " + nxt


def _bullet(text: str) -> str:
    """A line starting with a bullet reads "<bullet> text"; a symbol-font bullet becomes "•"."""
    m = _BULLET_START.match(text)
    if not m:
        return text
    glyph = m.group(0).strip()
    glyph = "•" if "\ue000" <= glyph <= "\uf8ff" else glyph
    return glyph + " " + text[m.end():].lstrip()


def render_stream(lines: list[Line], right_edge: float = 0.0) -> str:
    """The text of one stream of lines: paragraphs, list items and table rows in order.

    Pieces that follow each other at the page's line spacing (the rows of one table, the lines of
    an address or an attendance list, a heading and its text) are separated by a line break;
    pieces with a wider gap between them by a blank line, as on the page.
    """
    out: list[tuple[str, bool]] = []  # (piece, follows the previous piece closely)
    block: list[Line] = []
    row: Line | None = None  # the table row being built
    row_texts: list[str] = []
    row_x: list[float] = []
    para = ""
    para_tight = row_tight = False
    prev: Line | None = None  # the last line read
    # The right margin: where most long lines end; on a short stream, where the page's text area
    # ends (`right_edge`, the left margin mirrored), as few lines tell little.
    ends = sorted(ln.x1 for ln in lines)
    margin = ends[int(len(ends) * 0.9)] if ends else 0.0
    if len(lines) < FEW_LINES:
        margin = max(margin, right_edge)
    para_gap = _paragraph_gap(lines, margin)

    def flush_para() -> None:
        nonlocal para, block
        if para:
            out.append((para, para_tight))
        para, block = "", []

    def flush_row() -> None:
        nonlocal row, row_texts
        if row is not None:
            out.append((" | ".join(row_texts), row_tight))
        row, row_texts = None, []

    for ln in lines:
        if not ln.cells:
            continue
        h = max(ln.height, 1.0)
        gap_above = prev.y0 - ln.y1 if prev is not None else float("inf")
        prev = ln
        if row is not None:
            gap = row.y0 - ln.y1
            if gap <= CELL_WRAP_GAP * h and _wraps_into(ln, row_x):
                cols = [_column(c[0].x0, row_x) for c in ln.cells]
                for col, text in zip(cols, ln.cell_texts()):
                    assert col is not None
                    row_texts[col] = _join(row_texts[col], text) if row_texts[col] else text
                row = Line(row.runs + ln.runs, row.cells)
                continue
            flush_row()
        if len(ln.cells) > 1 and block and _stretched(ln, block, margin, para_gap(h)):
            ln = Line(ln.runs, [[r for c in ln.cells for r in c]])
        if len(ln.cells) > 1:
            after_row = bool(out) and not para and " | " in out[-1][0]
            flush_para()
            row, row_texts, row_x = ln, ln.cell_texts(), [c[0].x0 for c in ln.cells]
            row_tight = gap_above <= (2.5 * h if after_row else para_gap(h))
            continue
        text = _bullet(ln.cell_texts()[0])
        if block:
            last = block[-1]
            gap = last.y0 - ln.y1
            left = min(b.x0 for b in block)
            right = max(margin, max(b.x1 for b in block))
            width = max(right - left, 1.0)
            indent = ln.x0 - _text_x0(block)
            full = last.x1 >= left + FULL_LINE * width  # it ran the full width: the text goes on
            # A list item's wrapped line hangs under the item's text, right of its bullet.
            hanging = _is_item(para) and block[0].x0 + 0.5 * h < ln.x0 <= block[0].x0 + 4 * h
            same = (
                gap <= para_gap(h)
                and abs(ln.height - last.height) <= SAME_SIZE * max(h, last.height)
                and (abs(indent) <= 1.5 * h or hanging)
                and not _is_item(text)
                and (full or text[:1].islower() or para.endswith((",", "-")))
            )
            if same:
                para = _join(para, text)
                block.append(ln)
                continue
            flush_para()
        para, block = text, [ln]
        para_tight = gap_above <= para_gap(h)
    flush_row()
    flush_para()
    text = ""
    for piece, tight in out:
        text += ("\n" if tight else "\n\n") + piece if text else piece
    return text


def _paragraph_gap(lines: list[Line], margin: float) -> Callable[[float], float]:
    """The widest gap between two lines of one paragraph, for a line of height h.

    The page's line spacing is read where two lines surely belong to one paragraph: a line of
    running text that runs the full width (or one followed by a line starting in lower case), then
    a line of the same size under it. The smallest
    such gap is the spacing (a paragraph's last line can run nearly full too, so not the median);
    without such a pair, the lower quartile of all gaps. A gap wider than the spacing by 0.3 of a
    line is a new block.
    """
    pairs = [
        (a, b, a.y0 - b.y1) for a, b in pairwise(lines) if -0.2 * a.height < a.y0 - b.y1 < 2 * a.height
    ]
    prose = [
        gap
        for a, b, gap in pairs
        if len(a.cells) == len(b.cells) == 1
        and gap <= a.height  # double spacing at most
        and abs(a.height - b.height) <= SAME_SIZE * max(a.height, b.height)
        and (a.x1 >= a.x0 + FULL_LINE * (margin - a.x0) or b.text()[:1].islower())
    ]
    gaps = sorted(gap for _, _, gap in pairs)
    if prose:
        base = min(prose)
    elif len(gaps) >= 3:
        base = max(gaps[len(gaps) // 4], 0.0)
    else:
        return lambda h: PARA_GAP * h
    return lambda h: min(MAX_PARA_GAP * h, base + 0.3 * h)


def _stretched(ln: Line, block: list[Line], margin: float, max_gap: float) -> bool:
    """True if a line of a few single words spread apart is a justified line of the paragraph
    above (two long words stretched across a narrow column), not a table row: it starts where
    the paragraph's lines start and ends at the margin, right under a full line."""
    if any(len(" ".join(r.text for r in c).split()) != 1 for c in ln.cells):
        return False
    last = block[-1]
    left = _text_x0(block)
    width = max(margin - left, 1.0)
    return (
        last.y0 - ln.y1 <= max_gap
        and abs(ln.x0 - left) <= 0.5 * ln.height
        and ln.x1 >= left + NEAR_MARGIN * width
        and last.x1 >= left + NEAR_MARGIN * width
    )


def _text_x0(block: list[Line]) -> float:
    """Where the text of a block's continuation lines starts (after a bullet or item number)."""
    if len(block) > 1:
        return block[-1].x0
    first = block[0]
    runs = first.runs
    head = runs[0].text.strip()
    if len(runs) > 1 and (_BULLET_ONLY.match(head) or _ENUMERATOR.match(head)):
        return runs[1].x0
    return first.x0


def _wraps_into(ln: Line, starts: list[float]) -> bool:
    """True if every cell of `ln` sits inside one column of a row whose columns start at `starts`,
    each in a different column, and the line is not a row of its own (it skips the first column
    or has fewer cells than the row)."""
    cols = [_column(c[0].x0, starts) for c in ln.cells]
    if any(c is None for c in cols) or len(set(cols)) != len(cols):
        return False
    for col, cell in zip(cols, ln.cells):
        assert col is not None
        if col + 1 < len(starts) and max(r.x1 for r in cell) > starts[col + 1] + 2:
            return False
    # Either it leaves the first column empty, or it is the first column's text alone.
    return cols[0] != 0 or len(ln.cells) == 1


def _column(x: float, starts: list[float]) -> int | None:
    """Which column (by the x where each starts) a cell starting at x falls in."""
    col = None
    for i, start in enumerate(starts):
        if x >= start - 4:
            col = i
    return col


def render(page: PageLines) -> str:
    streams = reading_order(page)
    right_edge = page.width - min(ln.x0 for ln in page.lines) if len(streams) == 1 and page.lines else 0.0
    parts = [render_stream(stream, right_edge) for stream in streams]
    return "\n\n".join(p for p in parts if p)
