"""Round trip: prose laid out as PDF pages in many ways reads back as the same words, in order,
with the running header kept once, the page numbers gone, and each paragraph that stands on one
page read as one line of its own."""
from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_search.ingest import pdf

WORDS = (
    "the council agreed budget for housing repairs report members noted that officers would "
    "review temporary accommodation families waiting list improvement cabinet resolved approve "
    "recommendations consultation responses residents library opening hours contract savings "
    "£450 £1,250.00 6.3% 2025/26 Councillor Okafor Patel Northfield Millbrook scrutiny committee "
    "extraordinary environmental sustainability transformation programme"
).split()
HEADER = "Northfield Borough Council - Cabinet - 3 June 2025"

paragraphs = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=4, max_size=70).map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + "."),
    min_size=1,
    max_size=9,
)


def _layout(paras: list[str], size: float, leading: float, justify: bool, margin: float) -> tuple[bytes, list[list[int]]]:
    """A PDF of the paragraphs, and for each page the indices of the paragraphs wholly on it (only
    for pages where some paragraph wraps: on a page of one-line paragraphs nothing shows the line
    spacing, so a long one-line paragraph and the next may be read as one, as a person might)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    lines = [(i, line) for i, p in enumerate(paras) for line in simpleSplit(p, "Helvetica", size, width - 2 * margin)]
    pages: list[list[int]] = [[]]
    page_of: dict[int, set[int]] = {}
    lines_on: dict[tuple[int, int], int] = {}  # (paragraph, page) -> lines
    y = height - 80
    number = 1

    def furniture() -> None:
        c.setFont("Helvetica", 8)
        c.drawString(margin, height - 36, HEADER)
        c.drawRightString(width - margin, 30, f"Page {number}")

    furniture()
    for k, (i, line) in enumerate(lines):
        if y < 70:
            c.showPage()
            number += 1
            pages.append([])
            furniture()
            y = height - 80
        page_of.setdefault(i, set()).add(number)
        lines_on[i, number] = lines_on.get((i, number), 0) + 1
        text = c.beginText(margin, y)
        text.setFont("Helvetica", size)
        last_of_para = k + 1 == len(lines) or lines[k + 1][0] != i
        words = line.split(" ")
        spare = (width - 2 * margin) - c.stringWidth(line, "Helvetica", size)
        # word spacing is graphics state: set it on every line (0 on a paragraph's last line)
        text.setWordSpace(spare / (len(words) - 1) if justify and not last_of_para and len(words) > 1 else 0)
        text.textLine(line)
        c.drawText(text)
        y -= size * leading
        if last_of_para:
            y -= size * 0.8  # the space between paragraphs
    c.showPage()
    c.save()
    wraps = {n for (i, n), count in lines_on.items() if count > 1}
    for i, on in page_of.items():
        if len(on) == 1 and next(iter(on)) in wraps:
            pages[next(iter(on)) - 1].append(i)
    return buf.getvalue(), pages


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=paragraphs,
    size=st.sampled_from([9.0, 10.0, 11.0, 12.0]),
    leading=st.sampled_from([1.15, 1.25, 1.5]),
    justify=st.booleans(),
    margin=st.sampled_from([50.0, 72.0, 100.0]),
)
def test_laid_out_prose_reads_back_the_same(paras, size, leading, justify, margin):
    data, whole = _layout(paras, size, leading, justify, margin)
    loaded = pdf.load(data)
    assert loaded.pages is not None
    text = loaded.text
    assert text.count(HEADER) == 1 and text.startswith(HEADER)
    assert "Page " not in text
    assert text.replace(HEADER, "", 1).split() == " ".join(paras).split()
    for page_text, indices in zip(loaded.pages, whole):
        # each paragraph on a line of its own: not broken, not run into its neighbours
        lines = page_text.split("\n")
        for i in indices:
            assert paras[i] in lines, paras[i]
