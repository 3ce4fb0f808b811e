"""Batch reports of every extracted fact: JSONL, CSV, Markdown, and a self-contained HTML page.

The store streams the contract's row shapes (`FactStore.fact_rows`), so a report of a large
index never holds it all in memory (HTML, which draws plots, is the exception: it aggregates).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from html import escape
from typing import Any, TextIO

from corpus_search import kinds
from corpus_search.errors import UsageError
from corpus_search.kinds import FactKind
from corpus_search.store import FactStore

FORMATS = ("jsonl", "csv", "md", "html")
# A cell a spreadsheet would evaluate as a formula (OWASP "CSV injection"): these first characters.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def parse_kinds(kind: str) -> list[FactKind]:
    """`report --kind` word → the kinds to report: `all` is the document row and every fact kind."""
    if kind == "all":
        return kinds.all_kinds()
    try:
        return [kinds.by_plural(kind)]
    except KeyError:
        raise UsageError(f"unknown --kind {kind!r}: use {', '.join(kinds.report_choices())}") from None


def columns(kind_name: str) -> list[str]:
    """The table columns of one kind's rows: `doc_id`, its fields, and `page` for facts with offsets."""
    kind = kinds.by_name(kind_name)
    paged = kind.has_offsets or kind.name == "person"
    return ["doc_id", *kind.column_names, *(["page"] if paged else [])]


def fact_rows(store: FactStore, which: Iterable[FactKind], doc_id: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the given kinds, each with `kind` (singular) and `doc_id`, streamed from the store."""
    return store.fact_rows(which, doc_id=doc_id)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        if value and isinstance(value, list) and isinstance(value[0], dict) and "text" in value[0]:
            return "; ".join(v["text"] for v in value)
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else ", ".join(map(str, value))
    return str(value)


def csv_safe(cell: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula by prefixing `'`; numbers stay numbers."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, single_kind: bool) -> int:
    """CSV: the kind's own columns for one kind; `kind,doc_id,field,...` as JSON for `all`."""
    n = 0
    writer = csv.writer(out)
    header_for: str | None = None
    for row in rows:
        kind = row["kind"]
        if single_kind:
            cols = columns(kind)
            if header_for is None:
                writer.writerow(cols)
                header_for = kind
            writer.writerow([csv_safe(_cell(row.get(c))) for c in cols])
        else:
            if header_for is None:
                writer.writerow(["kind", "doc_id", "data"])
                header_for = "all"
            data = {k: v for k, v in row.items() if k not in ("kind", "doc_id")}
            writer.writerow([kind, csv_safe(row["doc_id"]), csv_safe(json.dumps(data, ensure_ascii=False))])
        n += 1
    return n


def _md_escape(value: str) -> str:
    """A Markdown table cell: HTML escaped (renderers pass raw HTML through), pipes and newlines neutral."""
    return escape(value, quote=True).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def write_markdown(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    current = None
    for row in rows:
        kind = row["kind"]
        cols = columns(kind)
        if kind != current:
            head = f"## {kind}\n\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
            out.write(("\n" if current else "") + head)
            current = kind
        out.write("| " + " | ".join(_md_escape(_cell(row.get(c))) for c in cols) + " |\n")
        n += 1
    if n == 0:
        out.write("No facts in the index.\n")
    return n


def _plot_png(draw) -> str:  # type: ignore[no-untyped-def]
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=96)
    draw(ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _timeline(dates: list[dict[str, Any]], judgements: list[dict[str, Any]]) -> str | None:
    from datetime import date as _date

    def as_date(value: str) -> _date | None:
        parts = value.split("-")
        try:
            return _date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 7, int(parts[2]) if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            return None

    points = [(as_date(d["value"]), d["doc_id"]) for d in dates if d.get("value")]
    points = [(x, doc) for x, doc in points if x is not None]
    if not points:
        return None
    docs = sorted({doc for _, doc in points})
    grade_colour = {
        "outstanding": "#1a9850", "good": "#91cf60", "requires improvement": "#fc8d59", "inadequate": "#d73027",
    }

    def draw(ax) -> None:  # type: ignore[no-untyped-def]
        ys = [docs.index(doc) for _, doc in points]
        ax.scatter([x for x, _ in points], ys, s=18, color="#4575b4", label="dated event")
        for j in judgements:
            x = as_date(j["date"]) if j.get("date") else None
            if x is not None and j["doc_id"] in docs:
                colour = grade_colour.get(j["grade"], "grey")
                ax.scatter([x], [docs.index(j["doc_id"])], s=90, marker="D", color=colour, label=j["grade"])
        ax.set_yticks(range(len(docs)), [d[:40] for d in docs], fontsize=7)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        ax.legend(unique.values(), unique.keys(), fontsize=7, loc="upper left")
        ax.set_title("Dated events by document (diamonds: inspection grades)")

    return _plot_png(draw)


def _money_chart(money: list[dict[str, Any]]) -> str | None:
    totals: dict[str, float] = {}
    for m in money:
        if m.get("currency") == "GBP":
            totals[m["doc_id"]] = totals.get(m["doc_id"], 0.0) + float(m["value"])
    if not totals:
        return None
    items = sorted(totals.items(), key=lambda kv: kv[1])[-25:]

    def draw(ax) -> None:  # type: ignore[no-untyped-def]
        ax.barh([k[:40] for k, _ in items], [v for _, v in items], color="#4575b4")
        ax.set_xlabel("£ mentioned (sum of amounts)")
        ax.tick_params(axis="y", labelsize=7)
        ax.set_title("Money by document (GBP)")

    return _plot_png(draw)


def write_html(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    n = 0
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
        n += 1
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>corpus-search report</title>",
        (
            "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}"
            "table{border-collapse:collapse;margin-bottom:2em;font-size:13px}"
            "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}"
            "th{background:#eee}h2{margin-top:1.5em}img{max-width:100%}</style></head><body>"
        ),
        "<h1>corpus-search report</h1>",
        "<p>" + escape(", ".join(f"{len(v)} {k} rows" for k, v in by_kind.items()) or "No facts in the index.")
        + "</p>",
    ]
    timeline = _timeline(by_kind.get("date", []), by_kind.get("judgement", []))
    if timeline:
        parts.append(f"<h2>Timeline</h2><img alt='timeline of dated events' src='{timeline}'>")
    judgements = by_kind.get("judgement", [])
    if judgements:
        parts.append("<h2>Inspection grades by organisation</h2>")
        orgs: dict[str, list[dict[str, Any]]] = {}
        for j in judgements:
            orgs.setdefault(j.get("organisation") or "unknown organisation", []).append(j)
        for org, items in sorted(orgs.items()):
            parts.append(f"<h3>{escape(org)}</h3><ul>")
            for j in sorted(items, key=lambda j: j.get("date") or ""):
                parts.append(f"<li>{escape(j.get('date') or 'undated')}: <b>{escape(j['grade'])}</b>"
                             f"{escape(' — ' + j['area']) if j.get('area') else ''} ({escape(j['doc_id'])})</li>")
            parts.append("</ul>")
    money_chart = _money_chart(by_kind.get("money", []))
    if money_chart:
        parts.append(f"<h2>Money</h2><img alt='money by document' src='{money_chart}'>")
    for kind, items in by_kind.items():
        cols = columns(kind)
        header = "".join(f"<th>{escape(c)}</th>" for c in cols)
        parts.append(f"<h2>{escape(kind)} ({len(items)})</h2><table><tr>{header}</tr>")
        for row in items:
            parts.append("<tr>" + "".join(f"<td>{escape(_cell(row.get(c)))}</td>" for c in cols) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    out.write("\n".join(parts))
    return n


def write_report(store: FactStore, kind: str, fmt: str, out: TextIO) -> int:
    """Write the report; RETURNS the number of fact rows written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}: use {', '.join(FORMATS)}")
    kinds = parse_kinds(kind)
    rows = fact_rows(store, kinds)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "csv":
        return write_csv(rows, out, single_kind=len(kinds) == 1)
    if fmt == "md":
        return write_markdown(rows, out)
    return write_html(rows, out)
