"""Main-content extraction from HTML: our loader + cleaner against trafilatura.

Every page in benchmarks/html_pages/NAME.html has a hand-written NAME.gold.txt: the text a
reader wants, one paragraph per line. Each method turns the page into text, and the text is
scored against the gold:

- recall     share of gold tokens the output keeps (bag of lower-cased word tokens)
- precision  share of output tokens that are gold tokens (1 - boilerplate share)
- F1         harmonic mean of the two
- lines      share of gold lines found whole in the output (token sequence, punctuation ignored)
- ms         median wall time per page over --repeat runs

Methods: `ours` = corpus_search.ingest.load_bytes + corpus_search.clean.clean (what ingest does);
`traf-*` = trafilatura.extract(include_comments=False, include_tables=True) with favor_precision,
the default, or favor_recall; `traf-*+clean` = the same output passed through our line cleaner,
as the pipeline would do if trafilatura replaced our loader. trafilatura is optional: without it
only `ours` runs.

    .venv/bin/python benchmarks/html_extraction.py            # tables
    .venv/bin/python benchmarks/html_extraction.py --show     # plus lost and kept lines per page
    .venv/bin/python benchmarks/html_extraction.py --json out.json
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "html_pages"
sys.path.insert(0, str(ROOT))

from corpus_search.clean import clean  # noqa: E402
from corpus_search.errors import LoadError  # noqa: E402
from corpus_search.ingest import load_bytes  # noqa: E402

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def ours(data: bytes) -> str:
    try:
        return clean(load_bytes(data, ".html").text)
    except LoadError:
        return ""


def ours_raw(data: bytes) -> str:
    try:
        return load_bytes(data, ".html").text
    except LoadError:
        return ""


def trafilatura_method(mode: str, then_clean: bool) -> Callable[[bytes], str]:
    import trafilatura

    kwargs = {"favor_precision": mode == "precision", "favor_recall": mode == "recall"}

    def run(data: bytes) -> str:
        out = trafilatura.extract(data, include_comments=False, include_tables=True, **kwargs) or ""
        return clean(out) if then_clean else out

    return run


def methods(with_raw: bool) -> dict[str, Callable[[bytes], str]]:
    found: dict[str, Callable[[bytes], str]] = {"ours": ours}
    if with_raw:
        found["ours-noclean"] = ours_raw
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print("trafilatura is not installed: measuring our extractor only", file=sys.stderr)
        return found
    for mode in ("precision", "default", "recall"):
        found[f"traf-{mode}"] = trafilatura_method(mode, then_clean=False)
    for mode in ("precision", "default", "recall"):
        found[f"traf-{mode}+clean"] = trafilatura_method(mode, then_clean=True)
    return found


def score(gold: str, out: str) -> dict[str, float | int]:
    g, o = Counter(tokens(gold)), Counter(tokens(out))
    common = sum((g & o).values())
    n_gold, n_out = sum(g.values()), sum(o.values())
    recall = common / n_gold if n_gold else 1.0
    precision = common / n_out if n_out else (1.0 if not n_gold else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    flat = " " + " ".join(tokens(out)) + " "
    gold_lines = [line for line in gold.splitlines() if tokens(line)]
    found = sum(1 for line in gold_lines if " " + " ".join(tokens(line)) + " " in flat)
    return {"recall": recall, "precision": precision, "f1": f1, "common": common, "gold": n_gold,
            "out": n_out, "lines": found / len(gold_lines) if gold_lines else 1.0,
            "gold_lines": len(gold_lines), "lines_found": found}


def diff_lines(gold: str, out: str) -> tuple[list[str], list[str]]:
    """Gold lines missing from the output, and output lines that are mostly not gold."""
    flat = " " + " ".join(tokens(out)) + " "
    lost = [line for line in gold.splitlines() if tokens(line) and " " + " ".join(tokens(line)) + " " not in flat]
    gold_vocab = set(tokens(gold))
    kept = []
    for line in out.splitlines():
        toks = tokens(line)
        if toks and sum(t in gold_vocab for t in toks) / len(toks) < 0.5:
            kept.append(line)
    return lost, kept


def timed(fn: Callable[[bytes], str], data: bytes, repeat: int) -> tuple[str, float]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - start)
    return out, statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--repeat", type=int, default=5, help="runs per page and method for timing (median)")
    parser.add_argument("--show", action="store_true", help="print lost gold lines and kept boilerplate lines")
    parser.add_argument("--raw", action="store_true", help="also score our loader without the line cleaner")
    parser.add_argument("--only", help="comma-separated method names")
    parser.add_argument("--json", type=Path, help="write all scores to this file")
    args = parser.parse_args(argv)

    pages = sorted(args.pages.glob("*.html"))
    if not pages:
        print(f"no pages in {args.pages}", file=sys.stderr)
        return 1
    all_methods = methods(args.raw)
    if args.only:
        wanted = args.only.split(",")
        all_methods = {k: v for k, v in all_methods.items() if k in wanted}
    for fn in all_methods.values():  # warm up imports and caches outside the timing
        fn(pages[0].read_bytes())

    results: dict[str, dict[str, dict]] = {m: {} for m in all_methods}
    for page in pages:
        data = page.read_bytes()
        gold = page.with_suffix(".gold.txt").read_text(encoding="utf-8")
        for name, fn in all_methods.items():
            out, ms = timed(fn, data, args.repeat)
            s = score(gold, out)
            s["ms"] = ms
            results[name][page.stem] = s
            if args.show:
                lost, kept = diff_lines(gold, out)
                if lost or kept:
                    print(f"--- {page.stem} [{name}]")
                    for line in lost:
                        print(f"  LOST  {line[:110]}")
                    for line in kept:
                        print(f"  KEPT  {line[:110]}")

    names = list(all_methods)
    width = max(len(p.stem) for p in pages)
    print("\nF1 per page (recall/precision in brackets)\n")
    print(f"{'page':<{width}}  " + "  ".join(f"{n:>17}" for n in names))
    for page in pages:
        cells = []
        for n in names:
            s = results[n][page.stem]
            cells.append(f"{s['f1']:.2f} ({s['recall']:.2f}/{s['precision']:.2f})".rjust(17))
        print(f"{page.stem:<{width}}  " + "  ".join(cells))

    print("\nTotals over all pages\n")
    print(f"{'method':<20} {'recall':>7} {'precision':>9} {'F1':>6} {'macro F1':>9} {'lines':>7} {'pages F1<0.9':>13} {'ms/page':>8}")
    totals = {}
    for n in names:
        per = results[n].values()
        common = sum(s["common"] for s in per)
        gold_n = sum(s["gold"] for s in per)
        out_n = sum(s["out"] for s in per)
        r = common / gold_n
        p = common / out_n if out_n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        macro = statistics.mean(s["f1"] for s in per)
        lines = sum(s["lines_found"] for s in per) / sum(s["gold_lines"] for s in per)
        bad = sum(1 for s in per if s["f1"] < 0.9)
        ms = statistics.mean(s["ms"] for s in per)
        totals[n] = {"recall": r, "precision": p, "f1": f1, "macro_f1": macro, "lines": lines, "pages_f1_below_0.9": bad, "ms_per_page": ms}
        print(f"{n:<20} {r:>7.3f} {p:>9.3f} {f1:>6.3f} {macro:>9.3f} {lines:>7.3f} {bad:>13} {ms:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps({"pages": results, "totals": totals}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
