"""Batch reports of every extracted fact: JSONL, CSV, Markdown, and a self-contained HTML page.

The store streams the contract's row shapes (`FactStore.fact_rows`), so a report of a large
index never holds it all in memory (HTML, which draws plots, is the exception: it aggregates).
"""
from __future__ import annotations

import csv
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


def write_html(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A self-contained HTML page (see report_html)."""
    from corpus_search.report_html import write_html as write

    return write(rows, out)


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
