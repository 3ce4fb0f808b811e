"""Shared fixtures: real files, the real model, a real index and SQLite store in tmp dirs."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed (HYPOTHESIS_PROFILE=ci in .ci/run), so a landing
# never turns on a newly drawn example; on a developer's machine every run draws new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

from tests.paths import SEEDS


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per test session."""
    from corpus_search import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped demo corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def settings(tmp_path: Path):
    from corpus_search.config import Settings

    return Settings(index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory):
    """The demo corpus ingested once into a session-wide index home: (Settings, summary)."""
    from corpus_search.config import Settings
    from corpus_search.pipeline import ingest

    home = tmp_path_factory.mktemp("built") / "index"
    settings = Settings(index_dir=home)
    summary = ingest([SEEDS], settings)
    return settings, summary


@pytest.fixture
def store(built_index):
    from corpus_search.store import open_store

    settings, _ = built_index
    with open_store(settings.db_path) as s:
        yield s


@pytest.fixture(scope="session")
def pg_server():
    """URL of a real PostgreSQL server started for this session (fails loudly if it cannot start)."""
    from tests.pg import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server, request):
    """An empty database of its own on the session's PostgreSQL server."""
    import re

    from tests.pg import fresh_database

    name = "t_" + re.sub(r"\W", "_", request.node.name)[:50].lower()
    return fresh_database(pg_server, name)
