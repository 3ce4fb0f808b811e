"""The `corpus-search` command. Parses options, calls the library, prints. Nothing else lives here.

`app.py` holds the typer app and what every command shares; each other module registers one group
of commands on it when imported, in the order `--help` lists them.
"""
from importlib import import_module

from corpus_search.cli.app import app, run, safe_text

for _group in ("ingesting", "searching", "reading", "sentiment", "people"):
    import_module(f"corpus_search.cli.{_group}")

__all__ = ["app", "run", "safe_text"]
