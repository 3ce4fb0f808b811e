"""Plain text and Markdown, in whatever encoding a council's Windows PC saved them."""
from __future__ import annotations

import codecs

from corpus_search.errors import LoadError
from corpus_search.models import LoadedText

FORMAT = "text"
SUFFIXES = (".txt", ".md", ".text", ".markdown")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never appear in real text; a file full of them is binary.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


def decode(data: bytes) -> str:
    """Decode bytes as text: BOM, then UTF-8, then cp1252, then latin-1.

    cp1252 before latin-1 because Windows files put curly quotes and dashes in 0x80–0x9F, where
    latin-1 has only invisible control characters. Raises LoadError for binary data.
    """
    if not data.strip():
        raise LoadError("empty file")
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    if b"\x00" in data[:4096] and not has_bom:  # UTF-16/32 carry NULs, but announce themselves
        raise LoadError("undecodable bytes (binary file, not text)")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(f"undecodable bytes ({encoding} with errors)") from exc
            break
    if text is None:
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    assert text is not None  # latin-1 decodes any byte string
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or 0x7F <= ord(ch) < 0xA0)
    if bad > max(2, len(text) // 100):
        raise LoadError("undecodable bytes (binary file, not text)")
    if not text.strip():
        raise LoadError("empty file")
    return text


def load(data: bytes) -> LoadedText:
    return LoadedText(text=decode(data), format=FORMAT)
