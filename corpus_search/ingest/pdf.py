"""PDF files (committee minutes often come this way), read through the page layout.

pypdfium2 gives each page's text runs with their boxes; `pdf_layout` turns them into lines,
cells, table rows, paragraphs and columns, and `pdf_furniture` drops running headers, footers
and page numbers found across the pages. The result is checked (`pdf_quality`): text that is not
really text (no word breaks, no words) falls back to poppler's `pdftotext`, and a page without a
text layer to OCR with tesseract when both are installed; otherwise the file fails with a reason
a person understands. `LoadedText.pages` holds each page's text, `meta` the /Title and
/CreationDate the file carries. The creation date is kept as `pdf_created`, which never dates the
document: a PDF is made when it is exported or scanned, often weeks after the meeting or letter
it records, and a press release's PDF a day after the date printed on it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any

from corpus_search.errors import LoadError
from corpus_search.ingest import pdf_furniture, pdf_layout
from corpus_search.ingest.pdf_quality import MIN_CHARS_PER_PAGE, unreadable
from corpus_search.models import LoadedText

FORMAT = "pdf"
SUFFIXES = (".pdf",)

ENCRYPTED_MSG = "encrypted PDF"
CORRUPT_MSG = "corrupt PDF (damaged or truncated file)"
OCR_MAX_PAGES = 40  # scanned pages read by OCR in one file, at most (1-3 s each)
OCR_DPI = 200
SCAN_AREA = 0.3  # an image covering this share of a page makes it a scanned page
TOOL_SECONDS = 120

_HEADING = re.compile(r"^(\d{1,3}[.)]|[A-Z][A-Z ,&'-]{6,}$|RESOLVED\b|Page \d+ of \d+$)")
_SENTENCE_END = re.compile(r"[.!?:;”\"')\]]$")


def join_lines(text: str) -> str:
    """Join printed lines back into sentences and paragraphs (for text without geometry).

    Used on the fallback extractors' output. Each break is judged on its own: a word hyphenated
    at the line end joins without its hyphen; a line ending in a comma, or followed by a
    lower-case word, or running near the full width without closing punctuation, continues on
    the next; anything else is a paragraph break.
    """
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if len(lengths) > 3 else lengths[-1]
    out = [lines[0]]
    for prev, line in pairwise(lines):
        if _HEADING.match(line) or line[:1] in "•●▪■◦○":
            out.append(line)
        elif prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        elif prev.endswith(",") or line[:1].islower() or (
            len(prev) >= 0.75 * full and not _SENTENCE_END.search(prev)
        ):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return "\n\n".join(out)


# ---- the layout reader (pypdfium2) -------------------------------------------------------
def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise LoadError(ENCRYPTED_MSG) from exc
        raise LoadError(CORRUPT_MSG) from exc


def _page_runs(page: Any) -> list[pdf_layout.Run]:
    """The page's text as runs: characters on one line with no wide gap, one font size.

    Reads pdfium's characters (with the spaces and line breaks it infers from the geometry) and
    each character's loose box, whose height is the font's, so that a line's height is stable.
    """
    import ctypes

    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = textpage.count_chars()
        chars = textpage.get_text_range(0, count) if count > 0 else ""
        if len(chars) != count:  # characters outside the BMP: read them one by one
            chars = "".join(
                chr(c) if 0 < (c := raw.FPDFText_GetUnicode(handle, i)) < 0x110000 else " " for i in range(count)
            )
        box = raw.FS_RECTF()
        ref = ctypes.byref(box)
        get_box = raw.FPDFText_GetLooseCharBox
        small, wide = pdf_layout.SUPERSCRIPT, pdf_layout.CELL_GAP
        runs: list[pdf_layout.Run] = []
        cur: pdf_layout.Run | None = None
        space = False
        for i, ch in enumerate(chars):
            if ch == "\r" or ch == "\n":
                if cur is not None:
                    runs.append(cur)
                    cur = None
                space = True
                continue
            if ch.isspace():
                space = True
                continue
            if not get_box(handle, i, ref):
                continue
            x0, x1, y0, y1 = box.left, box.right, box.bottom, box.top
            if x1 < x0:
                x0, x1 = x1, x0
            if y1 < y0:
                y0, y1 = y1, y0
            h = y1 - y0
            if ch == "\x02" or ch == "\ufffe":
                ch = "-"
            if cur is not None:
                ch_h = cur.y1 - cur.y0
                gap = x0 - cur.x1
                if (
                    (min(cur.y1, y1)) - (max(cur.y0, y0)) >= 0.5 * (min(ch_h, h))
                    and small * ch_h <= h <= ch_h / small
                    and -0.5 * h < gap < wide * h
                ):
                    cur.text += " " + ch if space else ch
                    cur.x1 = max(cur.x1, x1)
                    space = False
                    continue
                runs.append(cur)
                cur = None
            angle = raw.FPDFText_GetCharAngle(handle, i)
            if 0.05 < angle < 6.23:
                continue  # text set at an angle (a note up the margin)
            cur = pdf_layout.Run(x0, y0, x1, y1, ch, space_before=space)
            space = False
        if cur is not None:
            runs.append(cur)
        return runs
    finally:
        textpage.close()


def read_layout(pdf: Any) -> list[str]:
    """Each page's text, read through its layout, furniture removed."""
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            left, bottom, right, top = page.get_mediabox()
            runs = _page_runs(page)
            for run in runs:  # measure from the page's corner, wherever its box starts
                run.x0, run.x1, run.y0, run.y1 = run.x0 - left, run.x1 - left, run.y0 - bottom, run.y1 - bottom
            lines = pdf_layout.group_lines(runs)
            pages.append(pdf_layout.PageLines(right - left, top - bottom, lines))
        finally:
            page.close()
    return [pdf_layout.render(p) for p in pdf_furniture.remove(pages)]


def meta(pdf: Any) -> dict[str, str]:
    """/Title and /CreationDate (as an ISO date) when the file carries them."""
    out: dict[str, str] = {}
    try:
        info = pdf.get_metadata_dict()
    except Exception:  # metadata is optional; a damaged info dictionary is ignored
        return out
    title = " ".join(str(info.get("Title") or "").split())
    if title:
        out["title"] = title
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(info.get("CreationDate") or ""))
    if m and 1990 <= int(m.group(1)) <= 2100:
        out["pdf_created"] = "-".join(g for g in m.groups() if g)
    return out


# ---- fallbacks -----------------------------------------------------------------------------
def _pdftotext(data: bytes) -> list[str] | None:
    """poppler's reading of each page, or None if poppler is not installed or fails."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        try:
            done = subprocess.run(
                [exe, "-q", "-enc", "UTF-8", str(src), "-"], capture_output=True, timeout=TOOL_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    texts = [join_lines(p) for p in pages]
    return pdf_furniture.remove_text_furniture(texts)


def tesseract() -> str | None:
    """The tesseract command, if installed (Debian: tesseract-ocr)."""
    return shutil.which("tesseract")


def _scanned(page: Any) -> bool:
    """True if an image covers SCAN_AREA of the page or more (a scan, not a logo)."""
    from pypdfium2 import raw

    left, bottom, right, top = page.get_mediabox()
    area = max((right - left) * (top - bottom), 1.0)
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0) * (y1 - y0) >= SCAN_AREA * area:
            return True
    return False


def _ocr_page(exe: str, page: Any, folder: Path) -> str | None:
    png = folder / "page.png"
    page.render(scale=OCR_DPI / 72).to_pil().save(png)
    try:
        done = subprocess.run([exe, str(png), "-", "-l", "eng"], capture_output=True, timeout=TOOL_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return join_lines(done.stdout.decode("utf-8", errors="replace"))


def ocr_scanned_pages(pdf: Any, pages: list[str]) -> list[str]:
    """The pages with each scanned page that has (almost) no text layer read by OCR.

    Only when tesseract is installed, for pages an image covers, at most OCR_MAX_PAGES of them;
    the OCR text is kept only if it reads as text (`pdf_quality.unreadable`).
    """
    exe = tesseract()
    todo = [i for i, text in enumerate(pages) if len("".join(text.split())) < MIN_CHARS_PER_PAGE]
    if exe is None or not todo:
        return pages
    out = list(pages)
    with tempfile.TemporaryDirectory() as tmp:
        for i in todo[:OCR_MAX_PAGES]:
            page = pdf[i]
            try:
                text = _ocr_page(exe, page, Path(tmp)) if _scanned(page) else None
            finally:
                page.close()
            if text and unreadable([text]) is None:
                out[i] = text
    return out


def load(data: bytes) -> LoadedText:
    if not data.strip():
        raise LoadError("empty file")
    if not data.lstrip().startswith(b"%PDF-"):
        raise LoadError("not a PDF file")
    pdf = _open(data)
    try:
        try:
            pages = read_layout(pdf)
        except Exception as exc:
            raise LoadError(CORRUPT_MSG) from exc
        pages = ocr_scanned_pages(pdf, pages)
        reason = unreadable(pages)
        if reason is not None:  # poppler also reads text set at an angle, which we skip
            other = _pdftotext(data)
            if other is not None and unreadable(other) is None:
                pages, reason = other, None
        if reason is not None:
            raise LoadError(reason)
        info = meta(pdf)
    finally:
        pdf.close()
    return LoadedText(text="\n\n".join(pages), format=FORMAT, pages=pages, meta=info)
