"""The real council PDFs in ../shared/realdocs, read as they are (skipped when not beside the checkout)."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from corpus_search.ingest import load_path
from corpus_search.ingest.pdf_quality import unreadable

REALDOCS = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "docs"
PDFS = sorted(REALDOCS.glob("*.pdf")) if REALDOCS.is_dir() else []
pytestmark = pytest.mark.skipif(not PDFS, reason="../shared/realdocs is not beside the checkout")
_AMOUNT = re.compile(r"^\d{1,3}(,?\d{3})*\.\d{2}$")


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_every_real_pdf_reads_as_words(path):
    loaded = load_path(path)
    assert loaded.pages is not None
    assert unreadable(loaded.pages) is None
    words = loaded.text.split()
    assert len(words) > 60 * len(loaded.pages) * 0.5
    assert max(len(w) for w in words if "/" not in w) < 40


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_table_amounts_stand_in_rows_with_their_payee(path):
    lines = [line.strip() for line in load_path(path).text.split("\n") if line.strip()]
    assert not [line for line in lines if _AMOUNT.match(line)]  # no amount alone on a line
    for line in lines:
        cells = line.split(" | ")
        if len(cells) > 2 and any(_AMOUNT.match(c) for c in cells):
            assert not _AMOUNT.match(cells[0])  # the row starts with who or what, then its amounts


def _edge_lines(path: Path) -> list[set[str]]:
    """By an independent reader (poppler), the first and last lines of each page."""
    out = subprocess.run(["pdftotext", "-q", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    pages = out.decode("utf-8", errors="replace").split("\f")
    edges = []
    for page in pages:
        lines = [" ".join(line.split()) for line in page.split("\n") if line.strip()]
        edges.append(set(lines[:2] + lines[-2:]))
    return [e for e in edges if e]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_lines_repeating_at_the_top_or_bottom_of_most_pages_appear_at_most_once(path):
    edges = _edge_lines(path)
    if len(edges) < 2:
        pytest.skip("one page")
    counts = Counter(re.sub(r"\d+", "#", line) for page in edges for line in page)
    text = " ".join(load_path(path).text.split())
    for page in edges:
        for line in page:
            if counts[re.sub(r"\d+", "#", line)] >= max(2, len(edges) / 2) and len(line.split()) > 1:
                # the line with any number in it (a page number, a date) matching any number
                pattern = r"\s*".join(re.sub(r"\d+", r"\\d+", re.escape(tok)) for tok in line.split())
                assert len(re.findall(pattern, text)) <= 1, line
