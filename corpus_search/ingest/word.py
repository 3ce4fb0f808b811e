"""Word documents as Word writes them: body paragraphs and tables (one row a line, cells joined
by " | "), in document order. Page headers and footers (running titles, page numbers, the
council's address on every page) are separate parts and are not read. The core properties give
metadata: `title`, and `date_created` / `date_modified` (ISO dates), which only date a document
whose own text gives no date."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from corpus_search.errors import LoadError
from corpus_search.models import LoadedText

FORMAT = "docx"
SUFFIXES = (".docx",)


def load(data: bytes) -> LoadedText:
    if not data.strip():
        raise LoadError("empty file")
    if not data.startswith(b"PK\x03\x04"):
        raise LoadError("not a DOCX file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise LoadError("not a DOCX file")
    except zipfile.BadZipFile as exc:
        raise LoadError("not a DOCX file (damaged zip)") from exc
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types on damaged parts
        raise LoadError(f"damaged DOCX file ({type(exc).__name__})") from exc
    blocks: list[str] = []
    title = None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = " ".join(item.text.split())
            if text:
                if (
                    title is None
                    and item.style is not None
                    and item.style.name.lower().startswith(("title", "heading"))
                ):
                    title = text
                blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and value not in cells:  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    blocks.append(" | ".join(cells))
    if not blocks:
        raise LoadError("no text in DOCX file")
    meta = core_meta(document.core_properties)
    return LoadedText(text="\n\n".join(blocks), title=title or meta.get("title"), format=FORMAT, meta=meta)


# Author names that word processors and templates fill in, not a person who wrote the document.
_GENERIC_AUTHORS = {"user", "admin", "administrator", "owner", "author", "windows user", "microsoft office user",
                    "python-docx", "unknown", "staff"}


def core_meta(props: Any) -> dict[str, str]:
    """`title`, `author`, `date_created`, `date_modified` from a document's core properties."""
    meta: dict[str, str] = {}
    title = " ".join((props.title or "").split())
    if title:
        meta["title"] = title
    author = " ".join((props.author or "").split())
    if author and author.lower() not in _GENERIC_AUTHORS:
        meta["author"] = author
    for key, value in (("date_created", props.created), ("date_modified", props.modified)):
        if isinstance(value, datetime) and value.year > 1980:
            meta[key] = value.date().isoformat()
    return meta
