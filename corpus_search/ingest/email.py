"""E-mail: `.eml` (one message) and `.mbox` (many), read with the standard library.

Each message becomes a text: a short header block (From, To, Cc, Date, Subject, display names
only, so that the senders and recipients are people candidates), then its body (the plain-text
part, else the HTML part through the HTML loader). Metadata: `title` (the subject), `date` (the
Date header, ISO), `author` (the sender's name), `recipients`, and `doc_type` `letter` (a
message is correspondence; its "Subject:" line is not a report's).

`messages(data)` returns every message with its attachments (file name and bytes); `parts(data)`
is what the ingest plan asks of a file that holds several documents (`ingest/parts.py`): an
`.eml` is its message plus one part per attachment (`attachment.pdf`), an `.mbox` one part per
message, numbered from 1 in file order (`1`, `2`, ...), plus its attachments (`2/attachment.pdf`).
`load(data)`, the one-document loader interface, returns an `.eml`'s message, or for an `.mbox`
all messages one after another.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.message import Message as Message_
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from corpus_search.errors import LoadError
from corpus_search.models import LoadedText

FORMAT = "email"
SUFFIXES = (".eml", ".mbox")

_MBOX_SPLIT = re.compile(rb"(?:\A|\r?\n)From [^\r\n]*\r?\n")
_HEADER_START = re.compile(rb"\A\s*(?:From |[A-Za-z-]+:)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Attachments without a file name that are still documents, by their content type.
_UNNAMED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass(slots=True)
class Message:
    """One message: its text and metadata, its attachments as (file name, bytes), and its own
    bytes (`raw`: for an `.mbox`, the message without its "From " line and mboxrd quoting)."""

    loaded: LoadedText
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    raw: bytes = b""


@dataclass(slots=True, frozen=True)
class Part:
    """A document inside an e-mail file: `name` is its place there ("" for an `.eml`'s own
    message, "2" for an mbox's second message, "2/minutes.pdf" for an attachment of it),
    `data` its bytes and `suffix` the suffix that picks its loader."""

    name: str
    data: bytes
    suffix: str


# Outlook's "Surname, Forename" display name.
_SURNAME_FIRST = re.compile(r"^(?P<surname>[A-Z][a-z’'-]+(?:-[A-Z][a-z’'-]+)?),\s*(?P<forename>[A-Z][a-z’'-]+)$")


def _names(value: str | None) -> list[str]:
    """Display names (else addresses) from an address header; "Pryce, Dana" reads "Dana Pryce"."""
    out = []
    for name, addr in getaddresses([value or ""]):
        name = " ".join(name.split())
        swapped = _SURNAME_FIRST.match(name)
        if swapped:
            name = f"{swapped['forename']} {swapped['surname']}"
        if name or addr:
            out.append(name or addr)
    return out


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else str(payload or "")
    if part.get_content_subtype() == "html":
        from corpus_search.ingest.html import extract

        try:
            return extract(str(content)).text
        except LoadError:
            return ""
    return str(content).replace("\r\n", "\n")


def _message(msg: EmailMessage) -> Message:
    meta: dict[str, str] = {"doc_type": "letter"}  # correspondence, whatever its subject line says
    subject = " ".join(str(msg.get("subject", "") or "").split())
    if subject:
        meta["title"] = subject
    date_header = msg.get("date")
    if date_header:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            meta["date"] = parsedate_to_datetime(str(date_header)).date().isoformat()
    senders = _names(str(msg.get("from", "") or ""))
    recipients = _names(str(msg.get("to", "") or "")) + _names(str(msg.get("cc", "") or ""))
    if senders:
        meta["author"] = senders[0]
    if recipients:
        meta["recipients"] = "; ".join(recipients)
    head = []
    if senders:
        head.append("From: " + ", ".join(senders))
    if recipients:
        head.append("To: " + ", ".join(recipients))
    if date_header:
        head.append(f"Date: {' '.join(str(date_header).split())}")
    if subject:
        head.append(f"Subject: {subject}")
    attachments = _attachments(msg)
    if attachments:
        head.append("Attachments: " + ", ".join(name for name, _ in attachments))
    body = _body(msg).strip()
    text = "\n".join(head) + ("\n\n" + body if body else "")
    return Message(LoadedText(text=text, title=subject or None, format=FORMAT, meta=meta), attachments)


def _attachments(msg: EmailMessage) -> list[tuple[str, bytes]]:
    """(file name, bytes) of each attachment, names reduced to a plain file name and made unique
    within the message; an attached message (message/rfc822) as `NAME.eml`; a PDF or DOCX sent
    without a name as `attachment-N.pdf` (N its place among the attachments)."""
    out: list[tuple[str, bytes]] = []
    taken: set[str] = set()
    for number, part in enumerate(msg.iter_attachments(), 1):
        name = _CONTROL.sub("", str(part.get_filename() or "")).replace("\\", "/").rsplit("/", 1)[-1].strip()
        if not name and part.get_content_type() in _UNNAMED:  # a document sent without a file name
            name = f"attachment-{number}{_UNNAMED[part.get_content_type()]}"
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload(0) if part.is_multipart() else None
            payload: object = inner.as_bytes() if isinstance(inner, Message_) else None
            name = name or "message.eml"
            if not name.lower().endswith(".eml"):
                name += ".eml"
        else:
            payload = part.get_payload(decode=True)
        if not name or name.startswith(".") or not isinstance(payload, bytes) or not payload:
            continue
        stem, dot, suffix = name.rpartition(".")
        unique, k = name, 1
        while unique.lower() in taken:
            k += 1
            unique = f"{stem}-{k}.{suffix}" if dot and stem else f"{name}-{k}"
        taken.add(unique.lower())
        out.append((unique, payload))
    return out


def _split_mbox(data: bytes) -> list[bytes]:
    # The blank line that separates messages is the mailbox's, not the message's: the last
    # message has the same bytes (and hash) before and after another is appended.
    parts = [p.rstrip(b"\r\n") + b"\n" for p in _MBOX_SPLIT.split(data) if p.strip()]
    # mboxrd quoting: ">From " at a line start in a body stands for "From ".
    return [re.sub(rb"(?m)^>(>*From )", rb"\1", p) for p in parts]


def messages(data: bytes) -> list[Message]:
    """Every message in an `.eml` or `.mbox` file's bytes, in order."""
    if not data.strip():
        raise LoadError("empty file")
    raws = _split_mbox(data) if data.lstrip().startswith(b"From ") else [data]
    if not raws or not _HEADER_START.match(raws[0]):
        raise LoadError("not an e-mail message")
    parser = BytesParser(policy=policy.default)
    out = []
    for raw in raws:
        msg = parser.parsebytes(raw)
        if not isinstance(msg, EmailMessage) or not (msg.get("from") or msg.get("subject") or msg.get("date")):
            continue
        found = _message(msg)
        found.raw = raw
        out.append(found)
    if not out:
        raise LoadError("not an e-mail message")
    return out


def parts(data: bytes, supported: frozenset[str], mailbox: bool) -> list[Part]:
    """The documents inside an `.eml` (`mailbox` False) or `.mbox` file: its messages and those
    attachments whose suffix is in `supported`, in file order. An `.eml` holding one message is
    that message under the file's own name, with the file's bytes. Raises LoadError as `messages`."""
    found = messages(data)
    single = len(found) == 1 and not mailbox
    out: list[Part] = []
    for number, message in enumerate(found, 1):
        prefix = "" if single else f"{number}"
        out.append(Part(prefix, data if single else message.raw, ".eml"))
        for name, payload in message.attachments:
            suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
            if suffix in supported:
                out.append(Part(f"{prefix}/{name}" if prefix else name, payload, suffix))
    return out


def load(data: bytes) -> LoadedText:
    found = messages(data)
    if len(found) == 1:
        return found[0].loaded
    first = found[0].loaded
    text = "\n\n".join(m.loaded.text for m in found)
    return LoadedText(text=text, title=first.title, format=FORMAT, meta=dict(first.meta))
