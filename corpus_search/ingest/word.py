"""Word documents: paragraphs and table cells, in document order."""
from __future__ import annotations

import io
import zipfile

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
                if title is None and item.style is not None and item.style.name.lower().startswith(("title", "heading")):
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
    core_title = (document.core_properties.title or "").strip()
    return LoadedText(text="\n\n".join(blocks), title=title or core_title or None, format=FORMAT)
