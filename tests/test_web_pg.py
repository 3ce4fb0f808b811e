"""`corpus-search --db postgresql://… serve` as a real server process: its API answers as the same
server over the default SQLite store does, and its requests reuse a few database connections."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus_search.config import Settings
from corpus_search.pipeline import ingest
from tests.paths import ROOT, SEEDS

SEARCHES = [
    {"q": "statutory direction"},
    {"q": "council", "sort": "date", "limit": "3"},
    {"q": '"chief executive"'},
    {"q": "Ofsted", "person": "Adetosoye"},
    {"q": "inspection", "sentiment": "negative"},
]
PEOPLE = ["Ade Adetosoye", "adetosoye", "Robert Evans", "Nobody Atall"]
IGNORED_STATUS = ("index", "index_bytes", "last_ingest")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(*global_opts: str) -> Iterator[str]:
    """`corpus-search GLOBAL_OPTS serve --port P` in its own process; yields its base URL."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    proc = subprocess.Popen([sys.executable, "-m", "corpus_search", *global_opts, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/api/status", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    raise AssertionError(f"serve exited {proc.returncode}: {proc.stderr.read()}") from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def get(base: str, path: str, params: dict[str, str] | None = None) -> tuple[int, object]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def answers(base: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for params in SEARCHES:
        out["search " + json.dumps(params)] = get(base, "/api/search", params)
    for name in PEOPLE:
        out["who " + name] = get(base, "/api/who", {"name": name})
    _, hits = get(base, "/api/search", {"q": "council", "limit": "50"})
    for doc_id in sorted(h["doc_id"] for h in hits["results"]):  # type: ignore[index]
        code, doc = get(base, "/api/documents/" + urllib.parse.quote(doc_id))
        doc.pop("ingested_at")  # type: ignore[union-attr]  # when it was written: two runs differ there
        out["show " + doc_id] = (code, doc)
    out["show missing"] = get(base, "/api/documents/no-such-doc.txt")
    code, status = get(base, "/api/status")
    out["status"] = (code, {k: v for k, v in status.items() if k not in IGNORED_STATUS})  # type: ignore[union-attr]
    return out


@pytest.fixture
def pg_home(pg_url, tmp_path) -> Path:
    home = tmp_path / "pg-home"
    summary = ingest([SEEDS], Settings(index_dir=home, db_url=pg_url))
    assert summary.added > 0 and not (home / "facts.db").exists()
    return home


def _connections(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid != pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def test_serve_over_postgres_answers_as_over_sqlite(built_index, pg_home, pg_url):
    from corpus_search.store.postgres import IDLE_MAX

    local_settings, _ = built_index
    with served("--index", str(local_settings.index_dir)) as base:
        local = answers(base)
    with served("--index", str(pg_home), "--db", pg_url) as base:
        server = answers(base)
        # Every request opened the store; they shared a few kept connections, not one each.
        assert len(server) > 10 and 1 <= _connections(pg_url) <= IDLE_MAX
    assert server["who Ade Adetosoye"][0] == 200 and server["who Ade Adetosoye"][1]["roles"]  # type: ignore[index]
    assert server["who Nobody Atall"][0] == 404 and server["show missing"][0] == 404  # type: ignore[index]
    assert server.keys() == local.keys()
    for key in local:
        assert server[key] == local[key], key
