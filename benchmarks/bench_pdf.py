"""PDF reading speed: pages per second before and after the layout reader, against the spaCy stage.

Two sets of files:
- `realdocs`: the real council PDFs in ../shared/realdocs/docs (read as they are);
- `generated`: multi-page PDFs made here with reportlab from BBC News articles
  (../shared/benchdata/bbc-news-2225.jsonl.gz), laid out like council papers: a running header,
  a footer with a page number, paragraphs, and a payments table on every page. They are written to
  a temporary folder and deleted afterwards.

Readers compared on the same files, in the same run:
- `before`: the previous loader (pdfminer.six `extract_text` of the text stream, then `join_lines`);
- `after`: `corpus_search.ingest.pdf.load` (pypdfium2 characters and boxes, layout, furniture);
- `spacy`: the spaCy stage of ingest (`nlp.pipe` with the configured model) on the text `after`
  produced, so that reading can be compared with the stage it must stay below.

Run:  /work/main/.venv/bin/python benchmarks/bench_pdf.py [--docs 40] [--repeat 3] [--json-out F]
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
REALDOCS = SHARED / "realdocs" / "docs"
BBC = SHARED / "benchdata" / "bbc-news-2225.jsonl.gz"


def make_generated(folder: Path, docs: int, articles_per_doc: int = 4) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = A4
    records = []
    with gzip.open(BBC, "rt", encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if len(records) >= docs * articles_per_doc:
                break
    paths = []
    for d in range(docs):
        path = folder / f"generated_{d:03d}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        page = 1
        y = height - 90

        def furniture() -> None:
            c.setFont("Helvetica", 8)
            c.drawString(72, height - 40, f"Benchmark Borough Council - Cabinet - paper {d}")
            c.drawString(72, 36, "Democratic Services, Civic Centre - 01632 960000")
            c.drawRightString(width - 72, 36, f"Page {page}")

        furniture()
        for rec in records[d * articles_per_doc : (d + 1) * articles_per_doc]:
            for para in [rec["title"], *rec["text"].split("\n\n")]:
                for line in simpleSplit(para.replace("\n", " "), "Helvetica", 10, width - 144):
                    if y < 90:
                        # a small payments table at the foot of each page
                        c.setFont("Helvetica", 9)
                        for i, row in enumerate((("Payee", "Detail", "Total £s"), ("Supplier Ltd", "Services", f"{100 + page}.50"))):
                            for x, cell in zip((72, 230, 420), row):
                                c.drawString(x, 76 - 11 * i, cell)
                        c.showPage()
                        page += 1
                        furniture()
                        y = height - 90
                    c.setFont("Helvetica", 10)
                    c.drawString(72, y, line)
                    y -= 13
                y -= 7
        c.showPage()
        c.save()
        paths.append(path)
    return paths


def read_before(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    from corpus_search.ingest.pdf import join_lines

    return join_lines(extract_text(io.BytesIO(data)))


def read_after(data: bytes) -> str:
    from corpus_search.ingest.pdf import load

    return load(data).text


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def timed(fn, data: bytes, repeat: int) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    times = []
    out = ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def measure(name: str, paths: list[Path], repeat: int, nlp) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from corpus_search.clean import clean

    pages = before = after = spacy = 0.0
    worst = 0.0  # the largest per-document ratio of reading time to spaCy time
    for path in paths:
        data = path.read_bytes()
        pages += page_count(data)
        t_before, _ = timed(read_before, data, repeat)
        t_after, text = timed(read_after, data, repeat)
        cleaned = clean(text)
        t_spacy, _ = timed(lambda _d: list(nlp.pipe([cleaned])), data, repeat)
        before += t_before
        after += t_after
        spacy += t_spacy
        worst = max(worst, t_after / t_spacy if t_spacy else 0.0)
    return {
        "set": name,
        "files": len(paths),
        "pages": int(pages),
        "before_pages_per_s": round(pages / before, 1),
        "after_pages_per_s": round(pages / after, 1),
        "spacy_pages_per_s": round(pages / spacy, 1),
        "after_over_spacy_total": round(after / spacy, 3),
        "after_over_spacy_worst_doc": round(worst, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40, help="generated documents (4 BBC articles each)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per file and reader; the median counts")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()

    from corpus_search import nlp as nlp_mod
    from corpus_search.config import Settings

    nlp = nlp_mod.load(Settings().spacy_model)
    results = []
    real = sorted(REALDOCS.glob("*.pdf"))
    if real:
        results.append(measure("realdocs", real, args.repeat, nlp))
    with tempfile.TemporaryDirectory() as tmp:
        generated = make_generated(Path(tmp), args.docs)
        results.append(measure("generated", generated, args.repeat, nlp))
    cols = list(results[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in results:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
