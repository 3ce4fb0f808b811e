"""`report --format html`: one self-contained page a person can work from.

Every fact links to its passage: the sentence it stands in, listed under its document further down
the same file (or, given `link_base`, the document page of a running `corpus-search serve`).
Tables sort by any column and filter as you type (a few lines of inline script: the file has
no server and loads nothing). Money is itemised, never summed across unrelated items; time axes
run over the real dates of the documents and grades plotted. Every value is escaped.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import quote

from markupsafe import escape

from corpus_search.web import charts

GRADES = ["outstanding", "good", "requires improvement", "inadequate"]
LABELS = ["positive", "neutral", "negative"]
# Columns shown per kind (the passage link replaces start/end; the sentences are the passages).
SHOWN = {
    "document": ["doc_id", "title", "date", "doc_type", "organisation", "sentiment"],
    "person": ["name", "honours", "mentions", "doc_id"],
    "role": ["person", "role", "organisation", "status", "date", "evidence", "doc_id"],
    "date": ["text", "value", "end_value", "doc_id"],
    "money": ["text", "value", "currency", "purpose", "doc_id"],
    "judgement": ["grade", "area", "organisation", "date", "text", "doc_id"],
}
TITLES = {"document": "Documents", "person": "People", "role": "Roles", "date": "Dates", "money": "Money",
          "judgement": "Inspection grades"}

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;padding:1.5em 2em;max-width:1200px;color:#1f2328}
h1{margin:.2em 0}h2{margin:1.8em 0 .4em;border-bottom:1px solid #d8dee4}h3{margin:1.2em 0 .3em}
nav a{margin-right:1em}a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.4em 0 1em}
td,th{border-bottom:1px solid #d8dee4;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}\
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
input.filter{padding:3px 6px;border:1px solid #d8dee4;border-radius:4px;width:20em}
.muted{color:#656d76}.passage{scroll-margin-top:2em;margin:.2em 0;padding-left:.6em;border-left:3px solid transparent}
.passage:target{background:#fff8c5}.passage.positive{border-color:#8fd19e}.passage.negative{border-color:#f1a9a0}
svg .axis{stroke:#57606a}svg .tick,svg .row-line{stroke:#eaeef2}svg text{font-size:12px;fill:#57606a}
svg .mark{fill:#0b5cad;stroke:#fff;stroke-width:1.5}\
svg .g-inadequate{fill:#c0392b}svg .g-requires-improvement{fill:#e67e22}
svg .g-good{fill:#1a7f37}svg .g-outstanding{fill:#0a5e2a}\
svg .s-positive{fill:#1a7f37}svg .s-negative{fill:#c0392b}svg .s-neutral{fill:#8c959f}
details{margin:.3em 0 1em}summary{cursor:pointer;color:#656d76}
"""
SCRIPT = """
document.querySelectorAll("table.facts").forEach(function (table) {
  var body = table.tBodies[0];
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (r) { var c = r.cells[col];\
 return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim(); };
      var numeric = rows.every(function (r) { var k = key(r); return k === "" || !isNaN(Number(k)); });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = numeric ? (Number(x || -Infinity) - Number(y || -Infinity)) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.querySelectorAll("input.filter").forEach(function (input) {
  var table = document.getElementById(input.dataset.table);
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var text = r.textContent.toLowerCase();
      r.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
    });
  });
});
"""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(v["text"] if isinstance(v, dict) and "text" in v else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


class _Passages:
    """Anchors for documents and their sentences, and the link from a fact to its passage."""

    def __init__(self, sentences: list[dict[str, Any]], doc_ids: list[str], link_base: str | None) -> None:
        self.link_base = link_base.rstrip("/") if link_base else None
        self.doc_anchor = {doc_id: f"doc-{n}" for n, doc_id in enumerate(doc_ids)}
        self.by_doc: dict[str, list[dict[str, Any]]] = {}
        for s in sentences:
            self.by_doc.setdefault(s["doc_id"], []).append(s)
        self.starts: dict[str, list[int]] = {}
        self.ids: dict[tuple[str, int], str] = {}
        for doc_id, items in self.by_doc.items():
            items.sort(key=lambda s: s["start"])
            self.starts[doc_id] = [s["start"] for s in items]
            for s in items:
                self.ids[(doc_id, s["start"])] = f"p-{len(self.ids)}"

    def href(self, doc_id: str, start: int | None) -> str:
        if self.link_base:
            return f"{self.link_base}/documents/{quote(doc_id, safe='/')}" + (
                f"#at-{start}" if start is not None else ""
            )
        if start is not None and doc_id in self.starts:
            k = bisect_right(self.starts[doc_id], start) - 1
            if k >= 0:
                s = self.by_doc[doc_id][k]
                if s["start"] <= start < max(s["end"], s["start"] + 1):
                    return "#" + self.ids[(doc_id, s["start"])]
        return "#" + self.doc_anchor.get(doc_id, "")


def _table(kind: str, items: list[dict[str, Any]], passages: _Passages) -> str:
    cols = SHOWN[kind]
    table_id = f"t-{kind}"
    head = "".join(f"<th>{escape(c)}</th>" for c in cols) + ("<th>passage</th>" if kind != "document" else "")
    parts = [f'<h2 id="{table_id}-h">{escape(TITLES[kind])} ({len(items)})</h2>',
             f'<p><input class="filter" type="search" placeholder="filter these rows" data-table="{table_id}"></p>',
             f'<table class="facts" id="{table_id}"><thead><tr>{head}</tr></thead><tbody>']
    for row in items:
        cells = []
        for c in cols:
            value = row.get(c)
            if c == "doc_id":
                cells.append(f'<td><a href="#{passages.doc_anchor.get(str(value), "")}">{escape(value)}</a></td>')
            elif c == "value" and isinstance(value, (int, float)):
                cells.append(f'<td class="num" data-sort="{value}">{escape(_cell(value))}</td>')
            elif c == "mentions" and isinstance(value, list):
                cells.append(f'<td class="num" data-sort="{len(value)}">{len(value)}</td>')
            else:
                cells.append(f"<td>{escape(_cell(value))}</td>")
        if kind != "document":
            start = row.get("start")
            if start is None and kind == "person" and row.get("mentions"):
                start = row["mentions"][0]["start"]
            cells.append(f'<td><a href="{escape(passages.href(row["doc_id"], start))}">show</a></td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _charts(by_kind: dict[str, list[dict[str, Any]]], passages: _Passages) -> list[str]:
    out: list[str] = []
    doc_date = {d["doc_id"]: d.get("date") for d in by_kind.get("document", [])}
    grades = [
        charts.Point(
            x=j.get("date") or doc_date.get(j["doc_id"]) or "",
            row=j["grade"],
            cls="g-" + j["grade"].replace(" ", "-"),
            href=passages.href(j["doc_id"], j.get("start")),
            label=f"{j.get('date') or ''} {j['grade']}: {j.get('organisation') or ''} {j.get('area') or ''}".strip(),
        )
        for j in by_kind.get("judgement", [])
        if j.get("grade") in GRADES
    ]
    chart = charts.timeline(grades, GRADES, "Inspection grades over time")
    if chart:
        out.append(f"<h2>Inspection grades over time</h2>{chart}")
    docs = [
        charts.Point(
            x=d.get("date") or "",
            row=d.get("sentiment") or "neutral",
            cls="s-" + (d.get("sentiment") or "neutral"),
            href="#" + passages.doc_anchor.get(d["doc_id"], ""),
            label=f"{d.get('date')}: {d.get('title')}",
        )
        for d in by_kind.get("document", [])
    ]
    chart = charts.timeline(docs, LABELS, "Documents by date and judgement sentiment")
    if chart:
        out.append(f"<h2>Documents over time, by judgement sentiment</h2>{chart}")
    money = by_kind.get("money", [])
    for currency in sorted({m.get("currency") or "" for m in money}):
        points = [
            charts.Point(
                x=doc_date.get(m["doc_id"]) or "",
                value=m.get("value"),
                cls="money",
                href=passages.href(m["doc_id"], m.get("start")),
                label=f"{m['text']}" + (f" for {m['purpose']}" if m.get("purpose") else "") + f" ({m['doc_id']})",
            )
            for m in money
            if (m.get("currency") or "") == currency
        ]
        chart = charts.amounts(points, currency, f"Amounts of money ({currency}), one dot per item")
        if chart:
            out.append(f"<h2>Money ({escape(currency)}), item by item</h2><p class='muted'>Each amount on its own, "
                       f"by its document's date, on a log scale: unrelated items are never added up.</p>{chart}")
    return out


def _grades_by_organisation(judgements: list[dict[str, Any]], passages: _Passages) -> str:
    if not judgements:
        return ""
    orgs: dict[str, list[dict[str, Any]]] = {}
    for j in judgements:
        orgs.setdefault(j.get("organisation") or "organisation not named", []).append(j)
    parts = ["<h2>Inspection grades by organisation</h2>"]
    for org, items in sorted(orgs.items()):
        parts.append(f"<h3>{escape(org)}</h3><ul>")
        for j in sorted(items, key=lambda j: j.get("date") or ""):
            parts.append(
                f'<li>{escape(j.get("date") or "undated")}: <a href="'
                f'{escape(passages.href(j["doc_id"], j.get("start")))}">'
                f"<b>{escape(j['grade'])}</b></a>{escape(' — ' + j['area']) if j.get('area') else ''} "
                f'<span class="muted">{escape(j["doc_id"])}</span></li>'
            )
        parts.append("</ul>")
    return "\n".join(parts)


def _documents(doc_ids: list[str], by_kind: dict[str, list[dict[str, Any]]], passages: _Passages) -> str:
    meta = {d["doc_id"]: d for d in by_kind.get("document", [])}
    parts = ["<h2 id='passages'>Documents and their passages</h2>"]
    for doc_id in doc_ids:
        d = meta.get(doc_id, {})
        sentences = passages.by_doc.get(doc_id, [])
        head = escape(d.get("title") or doc_id)
        info = " · ".join(
            escape(x) for x in (doc_id, d.get("date") or "", d.get("doc_type") or "", d.get("sentiment") or "") if x
        )
        parts.append(f'<section id="{passages.doc_anchor[doc_id]}"><h3>{head}</h3><p class="muted">{info}</p>')
        if sentences:
            parts.append(f"<details><summary>{len(sentences)} sentences</summary>")
            for s in sentences:
                parts.append(
                    f'<p class="passage {escape(s.get("label") or "")}" id="{passages.ids[(doc_id, s["start"])]}">'
                    f'{escape(s["text"])} <span class="muted">[{escape(s.get("label") or "")}]</span></p>'
                )
            parts.append("</details>")
        parts.append("</section>")
    return "\n".join(parts)


def write_html(rows: Iterable[dict[str, Any]], out: TextIO, link_base: str | None = None) -> int:
    """Write the report page; RETURNS the number of fact rows."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    doc_ids: dict[str, None] = {}
    n = 0
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
        doc_ids.setdefault(row["doc_id"], None)
        n += 1
    ordered = sorted(doc_ids)
    passages = _Passages(by_kind.get("sentence", []), ordered, link_base)
    present = [k for k in SHOWN if k in by_kind]
    counts = ", ".join(f"{len(by_kind[k])} {k} rows" for k in by_kind) or "No facts in the index."
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>corpus-search report</title>",
             f"<style>{STYLE}</style></head><body>",
             "<h1>corpus-search report</h1>", f"<p>{escape(counts)}</p>",
             "<nav>" + "".join(f'<a href="#t-{k}-h">{escape(TITLES[k])}</a>' for k in present)
             + ("<a href='#passages'>Passages</a>" if ordered else "") + "</nav>"]
    parts += _charts(by_kind, passages)
    parts.append(_grades_by_organisation(by_kind.get("judgement", []), passages))
    for kind in present:
        parts.append(_table(kind, by_kind[kind], passages))
    if ordered:
        parts.append(_documents(ordered, by_kind, passages))
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    out.write("\n".join(p for p in parts if p))
    return n
