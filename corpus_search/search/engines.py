"""Which search engine an index home uses: chosen at ingest, remembered in the home.

`ingest --engine tantivy` writes `search-engine.json` into the index home; every later command
(search, similar, serve, status, reindex) opens the engine it names. A home without the file is a
Whoosh home (the default, and every home written before engines could be chosen).

Engine folders sit beside each other in the home: `whoosh/` and `tantivy/`. The rest of
corpus-search passes the home's `whoosh/` path (Settings.whoosh_dir) as "the index folder";
the home is its parent. The tantivy folder is named after it (`whoosh.rebuild-PID/` has
`tantivy.rebuild-PID/`), so a rebuild beside the live index (`homes`) gets a folder of its own
for either engine; `folders` lists both, for whatever moves or deletes an index.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from corpus_search.errors import UsageError

ENGINES = ("whoosh", "tantivy")
DEFAULT = "whoosh"
ENGINE_FILE = "search-engine.json"


def home_of(index_dir: Path) -> Path:
    return index_dir.parent


def tantivy_dir(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name.replace("whoosh", "tantivy", 1))


def folders(index_dir: Path) -> tuple[Path, Path]:
    """Every engine's folder for the index folder `index_dir` (the Whoosh one first)."""
    return index_dir, tantivy_dir(index_dir)


def engine_of(index_dir: Path) -> str:
    """The engine the home of `index_dir` was built with ("whoosh" when it never said)."""
    try:
        name = json.loads((home_of(index_dir) / ENGINE_FILE).read_text())["engine"]
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT
    return name if name in ENGINES else DEFAULT


def _built(index_dir: Path, engine: str) -> bool:
    folder = tantivy_dir(index_dir) if engine == "tantivy" else index_dir
    return folder.is_dir() and any(folder.iterdir())


def choose(index_dir: Path, engine: str | None, rebuild: bool = False) -> str:
    """Remember `engine` for the home (None: keep what it has). A home already holding an index
    of another engine must be rebuilt to switch, so one home never holds two answers."""
    current = engine_of(index_dir)
    if engine is None or engine == current:
        return current
    if engine not in ENGINES:
        raise UsageError(f"unknown --engine {engine!r}: use {' or '.join(ENGINES)}")
    if _built(index_dir, current) and not rebuild:
        raise UsageError(f"the index in {home_of(index_dir)} was built with {current}: "
                         f"run `corpus-search ingest --rebuild --engine {engine}` to switch")
    home_of(index_dir).mkdir(parents=True, exist_ok=True)
    (home_of(index_dir) / ENGINE_FILE).write_text(json.dumps({"engine": engine}) + "\n")
    return engine


def remove(index_dir: Path) -> None:
    """Drop the search index of every engine in the home (ingest --rebuild, reindex); the
    engine choice stays."""
    for folder in folders(index_dir):
        shutil.rmtree(folder, ignore_errors=True)
