"""Markdown exports (a CMS's or a static site's posts): front matter, tables, links, raw HTML
and entities turned into the text a reader sees (see `text.plain`)."""
from __future__ import annotations

from corpus_search.ingest.text import load_text
from corpus_search.models import LoadedText

FORMAT = "text"
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def load(data: bytes) -> LoadedText:
    return load_text(data, markup=True)
