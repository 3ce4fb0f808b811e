"""What every loader provides. A loader turns a file's bytes into text, or raises LoadError."""
from __future__ import annotations

from typing import Protocol

from corpus_search.models import LoadedText


class Loader(Protocol):
    FORMAT: str
    SUFFIXES: tuple[str, ...]

    def load(self, data: bytes) -> LoadedText: ...


# Magic bytes that identify a format whatever the file's name says.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def looks_like_html(head: bytes) -> bool:
    sample = head[:2048].lstrip().lower()
    return sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample[:512]
