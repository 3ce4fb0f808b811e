"""The search engine seam: what the rest of corpus-search asks of a full-text index.

`SearchIndex` is the protocol; `corpus_search.search.whoosh.WhooshIndex` is the default
implementation. Everything a backend needs to agree on (how queries parse, how text becomes
terms, snippets, near-duplicate signatures) lives beside it in this package, engine-neutral.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from corpus_search.errors import UsageError
from corpus_search.models import DOC_TYPES, SearchResult

SENTIMENTS = ("positive", "negative", "neutral")

TextsFor = Callable[[list[str]], dict[str, str]]  # doc ids → cleaned texts (the facts store)
NamesFor = Callable[[str], list[str]]  # words of a query → canonical person names they denote


@dataclass(frozen=True)
class SearchOptions:
    """The contract's search options (CONTRACT.md, `search`)."""

    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    doc_type: str | None = None
    since: str | None = None
    until: str | None = None
    sentiment: str | None = None
    people: list[str] | None = None  # canonical names: documents mentioning any of them
    # and, when identity told them apart, only these documents (the one person's, from the store)
    documents: list[str] | None = None
    org: str | None = None
    require_all: bool = False
    collapse: bool = True

    def check(self) -> None:
        if self.limit < 0 or self.offset < 0:
            raise UsageError("--limit and --offset must be zero or more")
        if self.sort not in ("relevance", "date"):
            raise UsageError("--sort must be relevance or date")
        if self.doc_type and self.doc_type not in DOC_TYPES:
            raise UsageError(f"unknown --type {self.doc_type!r}: use {', '.join(DOC_TYPES)}")
        if self.sentiment and self.sentiment not in SENTIMENTS:
            raise UsageError(f"unknown --sentiment {self.sentiment!r}: use positive, negative or neutral")


class SearchIndex(Protocol):
    """A full-text index of one index home."""

    def write(self, rows: Iterable[dict[str, Any]], delete_ids: Iterable[str] = ()) -> None:
        """Add or replace documents (rows from `index_row`) and drop others, in one commit."""

    def delete(self, doc_ids: Iterable[str]) -> None: ...

    def doc_ids(self) -> set[str]: ...

    def count(self) -> int:
        """Live documents."""

    def ids_not_in(self, known: set[str]) -> set[str]:
        """Live documents whose id is not in `known` (left by an interrupted ingest)."""

    def search(self, query: str, options: SearchOptions, *, text_for: TextsFor,
               names_for: NamesFor | None = None) -> SearchResult:
        """Ranked results with snippets, facets, collapsed near-duplicates, hints on zero hits."""

    def facets(self, query: str, options: SearchOptions) -> dict[str, dict[str, int]]: ...

    def similar(self, doc_id: str, *, text_for: TextsFor, limit: int = 10, collapse: bool = True) -> SearchResult:
        """The documents most like `doc_id` (the search shape, facets empty)."""

    def close(self) -> None: ...
