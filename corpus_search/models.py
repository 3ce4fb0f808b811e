"""Plain data passed between the pipeline stages. Offsets always point into `Document.text`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The document types, declared once (CONTRACT.md): metadata decides among them, search filters on them.
DOC_TYPES = ("press_release", "news", "minutes", "agenda", "report", "letter", "other")


@dataclass(slots=True)
class Source:
    """A file found under an ingest root, before it is read, or a document inside one (an
    e-mail's attachment: `doc_id` and `path` then go on past the file's name, `box.mbox/2/a.pdf`,
    and `content_hash` and `size` are the part's own; see ingest/parts.py)."""

    doc_id: str
    path: str
    root: str
    content_hash: str
    size: int
    mtime: float
    suffix: str = ""  # the suffix that picks the loader, when it is not the path's (an mbox's message)


@dataclass(slots=True)
class Page:
    """A page of a paged source (PDF): characters `start`..`end` of `Document.text` are on `page`."""

    page: int  # 1-based
    start: int
    end: int


@dataclass(slots=True)
class LoadedText:
    """What a loader returns: the raw text and any title the format carries.

    pages (list[str] | None): for a paged source, the raw text of each page in order (`text` is
        their concatenation); the pipeline cleans page by page so that `Document.pages` can say on
        which page every character of the cleaned text stands.
    meta (dict[str, str]): metadata the format itself carries (`date`, `author`, `publisher`,
        `organisation`, `title`, ...), used before anything is guessed from the text.
    """

    text: str
    title: str | None = None
    format: str = "text"
    is_html: bool = False
    pages: list[str] | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    doc_id: str
    path: str
    root: str
    content_hash: str
    format: str
    raw_text: str
    text: str
    title: str
    doc_type: str = "other"
    date: str | None = None
    organisation: str | None = None
    words: int = 0
    duplicate_of: str | None = None
    pages: list[Page] = field(default_factory=list)  # empty unless the source is paged


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Person:
    name: str
    honours: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Role:
    person: str
    role: str
    organisation: str | None
    status: str | None
    date: str | None
    evidence: str
    start: int
    end: int


@dataclass(slots=True)
class DateFact:
    text: str
    start: int
    end: int
    value: str | None
    end_value: str | None = None


@dataclass(slots=True)
class MoneyFact:
    text: str
    start: int
    end: int
    value: float
    currency: str
    purpose: str | None = None
    end_value: float | None = None  # the upper end of a range ("£2,500-3,000")
    note: str | None = None  # e.g. "circa" for "c£77m"


@dataclass(slots=True)
class Judgement:
    grade: str
    area: str | None
    organisation: str | None
    date: str | None
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    label: str
    scores: dict[str, float]


@dataclass(slots=True)
class Facts:
    people: list[Person] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    money: list[MoneyFact] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    sentiment: str = "neutral"
    sentiment_scores: dict[str, float] = field(
        default_factory=lambda: {"positive": 0.0, "negative": 0.0, "neutral": 1.0}
    )
    verdict_sentences: list[int] = field(default_factory=list)  # indices into `sentences` that carried the label
    # Facts of kinds registered with their own extractor (kinds.py), by the kind's plural.
    extra: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(slots=True)
class Processed:
    """One document through the whole pipeline, or the reason it failed."""

    source: Source
    document: Document | None = None
    facts: Facts | None = None
    error: str | None = None


@dataclass(slots=True)
class SearchHit:
    doc_id: str
    title: str
    date: str | None
    doc_type: str
    sentiment: str | None
    score: float
    snippet: str
    duplicates: list[str] = field(default_factory=list)  # near-duplicates grouped under this result
    page: int | None = None  # page of the best passage, for a paged source


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]
    suggestions: list[str] = field(default_factory=list)  # close index terms, when nothing matched
    message: str | None = None  # why nothing can match (stop words only, an empty index, ...)


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    moved: int = 0  # documents found again under a moved or renamed root: re-pointed, not re-processed
    reindexed: int = 0  # documents written to the search index again from the facts store (no NLP)
    missing_roots: list[dict[str, Any]] = field(default_factory=list)  # recorded roots that no longer exist
    rebuild_abandoned: bool = False  # an interrupted --rebuild: the old index was left as it was


def to_dict(obj: Any) -> Any:
    """Dataclass → plain dict (recursively), for JSON and for worker processes."""
    return asdict(obj)
