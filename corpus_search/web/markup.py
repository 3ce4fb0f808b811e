"""The cleaned text of a document with its facts marked inline, as safe HTML.

Every piece of text goes through `markupsafe.escape`; the only tags are the ones written here.
Sentences become spans carrying their sentiment label (a quiet mark in the margin, from CSS);
people link to their page, dates, money and grades are marked with their normalised value; every
fact start carries an anchor (`#at-OFFSET`) that other pages link to; PDF page starts are marked.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

# Inline marks, most specific first: where two overlap the earlier kind wins.
_PRIORITY = ("person", "money", "judgement", "date")


def _money_value(r: dict[str, Any]) -> str:
    value = r.get("value")
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, (int, float)) else str(value)
    out = f"{text} {r.get('currency') or ''}".strip()
    return out + (f" for {r['purpose']}" if r.get("purpose") else "")


def _spans(facts: dict[str, list[dict[str, Any]]]) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, kind, title, href) for every inline fact, overlaps dropped by priority."""
    raw: list[tuple[int, int, str, str, str | None]] = []
    for p in facts.get("person", []):
        person_href = "/people/" + quote(p["name"], safe="")
        for m in p.get("mentions", []):
            raw.append((m["start"], m["end"], "person", p["name"], person_href))
    for m in facts.get("money", []):
        raw.append((m["start"], m["end"], "money", _money_value(m), None))
    for j in facts.get("judgement", []):
        title = (
            j["grade"]
            + (f" ({j['area']})" if j.get("area") else "")
            + (f", {j['organisation']}" if j.get("organisation") else "")
        )
        href = "/organisations/" + quote(j["organisation"], safe="") if j.get("organisation") else None
        raw.append((j["start"], j["end"], "judgement", title, href))
    for d in facts.get("date", []):
        title = str(d.get("value") or "date not resolved") + (f" to {d['end_value']}" if d.get("end_value") else "")
        raw.append((d["start"], d["end"], "date", title, None))
    raw.sort(key=lambda s: (_PRIORITY.index(s[2]), s[0]))
    taken: list[tuple[int, int, str, str, str | None]] = []
    for span in raw:
        if span[1] <= span[0] or any(span[0] < t[1] and t[0] < span[1] for t in taken):
            continue
        taken.append(span)
    return sorted(taken)


def render(text: str, facts: dict[str, list[dict[str, Any]]], pages: list[dict[str, Any]] | None = None) -> Markup:
    """The text as HTML: sentences, inline facts, anchors at fact starts and page markers."""
    spans = _spans(facts)
    sentences = sorted((s["start"], s["end"], s.get("label") or "neutral") for s in facts.get("sentence", []))
    anchors = {
        r["start"]
        for kind in ("role", "person", "money", "judgement", "date")
        for r in facts.get(kind, [])
        if "start" in r
    }
    for p in facts.get("person", []):
        anchors.update(m["start"] for m in p.get("mentions", []))
    page_at = {p["start"]: p["page"] for p in (pages or [])}

    # Cut points: every boundary of a sentence or a fact, every anchor and page start.
    cuts = {0, len(text)}
    for s, e, *_ in spans:
        cuts.update((s, e))
    for s, e, _ in sentences:
        cuts.update((s, e))
    cuts.update(a for a in anchors if 0 <= a <= len(text))
    cuts.update(a for a in page_at if 0 <= a <= len(text))
    points = sorted(c for c in cuts if 0 <= c <= len(text))

    span_at = {s: (e, kind, title, href) for s, e, kind, title, href in spans}
    sent_starts = [s for s, _, _ in sentences]
    out: list[str] = []
    open_sentence: int | None = None  # end offset of the sentence span that is open
    open_fact: tuple[int, str] | None = None  # (end, closing tag)
    for i, pos in enumerate(points):
        if open_fact and open_fact[0] <= pos:
            out.append(open_fact[1])
            open_fact = None
        if open_sentence is not None and open_sentence <= pos:
            if open_fact:
                out.append(open_fact[1])
                open_fact = None
            out.append("</span>")
            open_sentence = None
        if pos in page_at:
            out.append(f'<span class="page-mark" id="page-{page_at[pos]}">page {page_at[pos]}</span>')
        if open_sentence is None:
            k = bisect_right(sent_starts, pos) - 1
            if k >= 0 and sentences[k][0] == pos and sentences[k][1] > pos:
                label = sentences[k][2]
                out.append(f'<span class="sentence s-{escape(label)}" id="s-{pos}" title="sentence: {escape(label)}">')
                open_sentence = sentences[k][1]
        if pos in anchors:
            out.append(f'<a class="anchor" id="at-{pos}"></a>')
        if open_fact is None and pos in span_at:
            end, kind, title, href = span_at[pos]
            crosses = bisect_right(sent_starts, end - 1) > bisect_right(sent_starts, pos)
            if (open_sentence is None and not crosses) or (open_sentence is not None and end <= open_sentence):
                if href:
                    out.append(f'<a class="fact f-{kind}" href="{escape(href)}" title="{escape(title)}">')
                    open_fact = (end, "</a>")
                else:
                    out.append(f'<mark class="fact f-{kind}" title="{escape(title)}">')
                    open_fact = (end, "</mark>")
        if i + 1 < len(points):
            out.append(str(escape(text[pos:points[i + 1]])))
    if open_fact:
        out.append(open_fact[1])
    if open_sentence is not None:
        out.append("</span>")
    return Markup("".join(out))
