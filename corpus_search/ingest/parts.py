"""Files that hold several documents: one planned file expanded into the documents inside it.

An e-mail file is its messages and their attachments (`ingest/email.py`): `closure.eml` is the
message and `closure.eml/plan.pdf` its attachment; `box.mbox/1`, `box.mbox/2`, ... are an
mbox's messages in file order and `box.mbox/2/plan.pdf` an attachment of the second. Each part
is a `Source` of its own, with the hash and size of its own bytes, so the ingest plan decides
new/changed/unchanged per part and a part that is no longer there is removed like a deleted
file; an unchanged file gives the same parts with the same hashes, so all of them are
unchanged. An attachment is any file of a supported type (`SUPPORTED_SUFFIXES`); an attached
e-mail is read as one message (its own attachments are not expanded).

A file whose parts cannot be read is left whole: its loader then reports why it fails.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from corpus_search.errors import LoadError
from corpus_search.ingest import SUPPORTED_SUFFIXES, email, file_hash, limits, loader_for
from corpus_search.models import Source

Item = tuple[Source, bytes | LoadError]


def expand(source: Source, data: bytes | LoadError) -> list[Item]:
    """The documents in one planned file: [(source, data)] for a file that is one document."""
    if isinstance(data, LoadError):
        return [(source, data)]
    suffix = Path(source.path).suffix.lower()
    if suffix not in email.SUFFIXES or loader_for(suffix, data) is not email:
        return [(source, data)]
    try:
        with limits.time_limit(limits.current().seconds_per_file):
            found = email.parts(data, SUPPORTED_SUFFIXES, mailbox=suffix == ".mbox")
    except Exception:  # LoadError, or a parser bug: the loader will say why the file fails
        return [(source, data)]
    out: list[Item] = []
    for part in found:
        if not part.name:
            out.append((source, data))
            continue
        out.append((
            replace(
                source,
                doc_id=f"{source.doc_id}/{part.name}",
                path=f"{source.path}/{part.name}",
                content_hash=file_hash(part.data),
                size=len(part.data),
                suffix=part.suffix,
            ),
            part.data,
        ))
    return out


__all__ = ["expand"]
