"""The search engines every behavioural search test runs on (tests parametrise over them)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_search import search

ENGINES = ("whoosh", "tantivy")


def choose(index_dir: Path, engine: str) -> Path:
    """Make the home of `index_dir` (its parent) use `engine`; returns `index_dir`."""
    search.use_engine(index_dir, engine)
    return index_dir


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)
