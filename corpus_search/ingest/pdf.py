"""PDF files (committee minutes often come this way): text layer only, wrapped lines joined."""
from __future__ import annotations

import io
import re

from corpus_search.errors import LoadError
from corpus_search.models import LoadedText

FORMAT = "pdf"
SUFFIXES = (".pdf",)

ENCRYPTED_MSG = "encrypted PDF"
NO_TEXT_MSG = "no text layer (scanned image?)"

_HEADING = re.compile(r"^(\d{1,3}[.)]|[A-Z][A-Z ,&'-]{6,}$|RESOLVED\b|Page \d+ of \d+$)")
_SENTENCE_END = re.compile(r"[.!?:;”\"')\]]$")


def join_lines(text: str) -> str:
    """Join printed lines back into sentences and paragraphs.

    PDF text arrives one printed line at a time, often with a blank line between every line,
    so a sentence or a name ("Councillor Ahmed" / "Patel") can be split across lines. Each
    break is judged on its own: a word hyphenated at the line end joins without its hyphen; a
    line ending in a comma, or followed by a lower-case word, or running near the full width
    without closing punctuation, continues on the next; anything else is a paragraph break.
    """
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if len(lengths) > 3 else lengths[-1]
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if _HEADING.match(line):
            out.append(line)
        elif prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        elif prev.endswith(",") or line[:1].islower() or (
            len(prev) >= 0.75 * full and not _SENTENCE_END.search(prev)
        ):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return "\n\n".join(out)


def load(data: bytes) -> LoadedText:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if not data.strip():
        raise LoadError("empty file")
    if not data.lstrip().startswith(b"%PDF-"):
        raise LoadError("not a PDF file")
    if b"/Encrypt" in data:
        raise LoadError(ENCRYPTED_MSG)
    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise LoadError(ENCRYPTED_MSG) from exc
    except Exception as exc:  # pdfminer raises many types (PDFSyntaxError, PSEOF…) on damaged files
        raise LoadError("corrupt PDF (damaged or truncated file)") from exc
    if not text or not text.strip():
        raise LoadError(NO_TEXT_MSG)
    return LoadedText(text=join_lines(text), format=FORMAT)
