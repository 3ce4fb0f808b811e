"""A throwaway PostgreSQL 15 cluster for the tests: initdb in a temp dir, on a free port on 127.0.0.1.

The server binaries refuse to run as root, so as root they run as the `postgres` user. If the server
cannot start, the fixture fails (it never skips): the PostgreSQL tests are part of the suite.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("CORPUS_SEARCH_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(args: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else args


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a cluster, create database `corpus`, yield its URL, stop and remove the cluster."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN} (apt-get install postgresql-15)")
    user = "postgres" if os.geteuid() == 0 else None
    db_user = user or os.environ.get("USER") or "postgres"
    home = Path(tempfile.mkdtemp(prefix="cs-pg-"))
    data, sock = home / "data", home / "sock"
    sock.mkdir()
    if user:
        shutil.chown(home, user)
        shutil.chown(sock, user)
    port = _free_port()

    def run(args: list[str]) -> None:
        done = subprocess.run(_as_server_user(args, user), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stdout}\n{done.stderr}")

    try:
        run([str(PG_BIN / "initdb"), "-D", str(data), "-U", db_user, "--auth=trust", "-E", "UTF8", "--no-sync"])
        opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {sock} -c fsync=off -c max_connections=50"
        run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(home / "log"), "-w", "-t", "60", "start"])
        try:
            run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", db_user, "corpus"])
            yield f"postgresql://{db_user}@127.0.0.1:{port}/corpus"
        finally:
            run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(home, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the same server; RETURNS its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name
