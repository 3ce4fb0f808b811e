"""Every fact kind, declared once.

A `FactKind` says what a kind is called (`role`, and `roles` for `report --kind`), which dataclass
of `models.py` holds one fact, which columns a row has, and how `show` prints it. The store's
tables and inserts, the report's kinds, columns and formats, `show --json`, the CLI's `--kind`
choices and the table in docs/json-output.md are all derived from this registry.

Adding a kind is an extractor, one `register(FactKind(...))` and its tests: the built-in kinds are
filled by `facts.extract.extract`; a kind with its own `extractor` is run after it by the pipeline,
and its facts travel in `Facts.extra[plural]`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from corpus_search import models

# How a column is kept in SQL. JSON columns hold lists and dicts, written with json.dumps.
TEXT, INTEGER, REAL, BOOL, JSON = "TEXT", "INTEGER", "REAL", "BOOL", "JSON"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str = TEXT  # TEXT, INTEGER, REAL, BOOL or JSON
    doc: str = ""  # what docs/json-output.md says about it, if anything


@dataclass(frozen=True, slots=True)
class FactKind:
    """One kind of fact.

    name (str): the singular, the `kind` of every report row (`role`).
    plural (str): the `report --kind` word and the attribute of `models.Facts` (`roles`).
    row_type (type): the dataclass one fact is (`models.Role`).
    columns (tuple[Column, ...]): the row's fields after `doc_id`, in order; by default every
        field of `row_type`, typed from its annotations.
    line (Callable): one row → the line `show` prints for it.
    summary (str | None): instead of a line per row, `show` counts rows by this column.
    person_column (str | None): a column holding a canonical person's name; the store keeps a
        reference to the person instead, so corrections to people reach these rows too.
    extractor (Callable | None): (Document, nlp.Analysis) → list of `row_type`, for kinds that
        `facts.extract` does not fill itself (the Analysis: the text, its entity and sentence
        spans; plain data, so the rules run in whichever process the pipeline chooses).
    doc (str): a sentence for docs/json-output.md.
    """

    name: str
    plural: str
    row_type: type
    line: Callable[[dict[str, Any]], str]
    columns: tuple[Column, ...] = ()
    summary: str | None = None
    person_column: str | None = None
    extractor: Callable[[models.Document, Any], list[Any]] | None = None
    doc: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.columns:
            object.__setattr__(self, "columns", columns_of(self.row_type, self.notes))

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def has_offsets(self) -> bool:
        """Rows point into the text (`start`, `end`), so a paged document gives them a `page`."""
        return "start" in self.column_names

    @property
    def table(self) -> str:
        return self.plural

    def facts_of(self, facts: models.Facts) -> list[Any]:
        """This kind's facts in one document's Facts."""
        if self.extractor is None and hasattr(facts, self.plural):
            return list(getattr(facts, self.plural))
        return list(facts.extra.get(self.plural, []))


def _sql_type(hint: Any) -> str:
    """The column type for a field annotation (`int`, `float | None`, `dict[str, float]`...)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _sql_type(args[0]) if len(args) == 1 else TEXT
    if typing.get_origin(hint) in (list, dict, tuple) or hint in (list, dict, tuple):
        return JSON
    if hint is bool:
        return BOOL
    if hint is int:
        return INTEGER
    if hint is float:
        return REAL
    return TEXT


def columns_of(row_type: type, notes: dict[str, str] | None = None) -> tuple[Column, ...]:
    """A Column for every field of a dataclass, typed from its annotations."""
    hints = typing.get_type_hints(row_type)
    notes = notes or {}
    return tuple(Column(f.name, _sql_type(hints[f.name]), notes.get(f.name, "")) for f in dataclasses.fields(row_type))


# ---- how `show` prints a row ---------------------------------------------------------------
def _person_line(r: dict[str, Any]) -> str:
    honours = f" ({', '.join(r['honours'])})" if r["honours"] else ""
    return f"{r['name']}{honours}, {len(r['mentions'])} mentions"


def _role_line(r: dict[str, Any]) -> str:
    org = f", {r['organisation']}" if r["organisation"] else ""
    status = f" [{r['status']}]" if r["status"] else ""
    return f"{r['person']}: {r['role']}{org}{status}"


def _date_line(r: dict[str, Any]) -> str:
    return f"{r['text']!r} → {r['value'] or '—'}" + (f" … {r['end_value']}" if r.get("end_value") else "")


def _money_line(r: dict[str, Any]) -> str:
    upper = f"–{r['end_value']:,.2f}" if r.get("end_value") is not None else ""
    note = f" ({r['note']})" if r.get("note") else ""
    purpose = f" for {r['purpose']}" if r["purpose"] else ""
    return f"{r['text']!r} → {r['value']:,.2f}{upper} {r['currency']}{note}{purpose}"


def _judgement_line(r: dict[str, Any]) -> str:
    return f"{r['grade']}" + (f" ({r['area']})" if r["area"] else "") + f" {r['date'] or ''}"


def _sentence_line(r: dict[str, Any]) -> str:
    return f"{r['label']}: {r['text']}"


def _document_line(r: dict[str, Any]) -> str:
    return f"{r['title']} ({r['date'] or 'undated'}, {r['doc_type']})"


# ---- the registry --------------------------------------------------------------------------
DOCUMENT = FactKind(
    name="document",
    plural="documents",
    row_type=models.Document,
    line=_document_line,
    columns=(
        Column("title"),
        Column("date", doc="ISO at the precision known, or null"),
        Column("doc_type"),
        Column("organisation", doc="the issuing body, or null"),
        Column("sentiment", doc="the argmax of `sentiment_scores`"),
        Column("sentiment_scores", JSON, "`positive`, `negative`, `neutral`"),
    ),
    doc="one line per document",
)

_BUILTIN = (
    FactKind(
        name="person",
        plural="people",
        row_type=models.Person,
        line=_person_line,
        columns=(
            Column("name", doc="canonical, shared across documents"),
            Column("honours", JSON),
            Column("mentions", JSON, "`text`, `start`, `end`"),
        ),
        doc="one line per person per document",
    ),
    FactKind(
        name="role",
        plural="roles",
        row_type=models.Role,
        line=_role_line,
        person_column="person",
        notes={
            "person": "the canonical name",
            "status": "`current`, `former`, `interim`, `appointed` or null",
            "date": "stated in the text, else the document's",
            "evidence": "the sentence it was read from",
        },
    ),
    FactKind(
        name="date",
        plural="dates",
        row_type=models.DateFact,
        line=_date_line,
        notes={
            "value": "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or null for durations, a month alone, a season "
            "without a year, relative expressions",
            "end_value": "closes a range; `2018/19` is `2018-04` to `2019-03`",
        },
    ),
    FactKind(
        name="money",
        plural="money",
        row_type=models.MoneyFact,
        line=_money_line,
        notes={
            "value": "in units of the currency: `50p` is 0.5",
            "currency": "ISO code",
            "end_value": "the upper end of a range, or null",
            "note": "a qualifier such as `circa`, or null",
        },
    ),
    FactKind(
        name="judgement",
        plural="judgements",
        row_type=models.Judgement,
        line=_judgement_line,
        notes={"grade": "`inadequate`, `requires improvement`, `good`, `outstanding`"},
    ),
    FactKind(
        name="sentence",
        plural="sentences",
        row_type=models.Sentence,
        line=_sentence_line,
        summary="label",
        notes={"label": "`positive`, `negative` or `neutral`", "scores": "a probability for each label"},
        doc="judgement sentiment of each sentence",
    ),
)

_registry: dict[str, FactKind] = {k.name: k for k in _BUILTIN}


def register(kind: FactKind) -> FactKind:
    """Add a fact kind; RETURNS it. Its table is created the next time a store is opened for writing."""
    for other in _registry.values():
        if kind.name != other.name and kind.plural == other.plural:
            raise ValueError(f"plural {kind.plural!r} already belongs to kind {other.name!r}")
    if kind.name == DOCUMENT.name or kind.plural == DOCUMENT.plural:
        raise ValueError(f"{kind.name!r} is reserved for the document row")
    _registry[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _registry.pop(name, None)


def fact_kinds() -> list[FactKind]:
    """Every fact kind, in registration order (the order of reports and `show`)."""
    return list(_registry.values())


def all_kinds() -> list[FactKind]:
    """The document row, then every fact kind."""
    return [DOCUMENT, *fact_kinds()]


def by_plural(plural: str) -> FactKind:
    for kind in all_kinds():
        if kind.plural == plural:
            return kind
    raise KeyError(plural)


def by_name(name: str) -> FactKind:
    for kind in all_kinds():
        if kind.name == name:
            return kind
    raise KeyError(name)


def report_choices() -> list[str]:
    """The words `report --kind` takes, `all` first."""
    return ["all", *(k.plural for k in fact_kinds()), DOCUMENT.plural]


def extra_extractors() -> Iterator[FactKind]:
    """Kinds whose facts come from their own extractor rather than `facts.extract`."""
    return (k for k in fact_kinds() if k.extractor is not None)


def docs_table() -> str:
    """The `report --format jsonl` table of docs/json-output.md, as this registry defines it."""
    lines = ["| kind | fields |", "|---|---|"]
    for kind in all_kinds():
        fields = ", ".join(f"`{c.name}`" + (f" ({c.doc})" if c.doc else "") for c in kind.columns)
        lines.append(f"| `{kind.name}` | {fields}" + (f" — {kind.doc}" if kind.doc else "") + " |")
    return "\n".join(lines)
