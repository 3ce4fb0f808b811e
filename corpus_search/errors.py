"""Errors the library raises; the CLI turns each into one line and an exit code."""
from __future__ import annotations


class CorpusSearchError(Exception):
    """Base class: a problem the user can act on. `exit_code` follows CONTRACT.md."""

    exit_code = 2


class UsageError(CorpusSearchError):
    """Bad input from the user: a path that does not exist, a malformed query or date."""


class IndexNotFound(CorpusSearchError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"no index in {index_dir}: run `corpus-search ingest` first")


class IndexBusy(CorpusSearchError):
    def __init__(self, index_dir: object, holder: str) -> None:
        super().__init__(
            f"another ingest is writing to {index_dir} ({holder}); wait for it to finish and try again"
        )


class NotFound(CorpusSearchError):
    """Nothing matched (unknown document id, unknown person): exit 1."""

    exit_code = 1


class ModelNotFound(CorpusSearchError):
    """No spaCy English model, or a classifier file that fails its checks."""


class LoadError(CorpusSearchError):
    """A document could not be read. The message is the reason shown to the user."""


class IndexDamaged(CorpusSearchError):
    def __init__(self, where: object, exc: BaseException) -> None:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
        super().__init__(f"the search index in {where} cannot be read ({detail}): run `corpus-search reindex "
                         "--from-db` (or any `corpus-search ingest`) to rebuild it from the facts store")
