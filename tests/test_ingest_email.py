"""E-mail loader: an .eml with an attachment and an .mbox of three messages, made with the
standard library's own writer in the test."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from corpus_search import clean, metadata
from corpus_search.errors import LoadError
from corpus_search.ingest import email as mail
from corpus_search.ingest import load_path


def _eml() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Dana Pryce <dana.pryce@example.gov.uk>"
    msg["To"] = "Parish Clerk <clerk@example.org>, Cllr Ravi Shah <ravi@example.org>"
    msg["Subject"] = "Road closure on the B4521"
    msg["Date"] = "Fri, 21 Mar 2025 09:15:00 +0000"
    msg.set_content("Dear Clerk,\n\nThe B4521 will close for resurfacing from 7 April. The works will cost £48,500.\n\nRegards,\nDana")
    msg.add_attachment(b"Diversion route: via the A49 and Mill Lane.\n", maintype="text", subtype="plain",
                       filename="diversion.txt")
    return bytes(msg)


def _mbox() -> bytes:
    box = b""
    for i, (subject, day) in enumerate([("Agenda for March", 3), ("Minutes draft", 10), ("Precept query", 17)]):
        msg = EmailMessage()
        msg["From"] = f"Member {i} <m{i}@example.org>"
        msg["To"] = "clerk@example.org"
        msg["Subject"] = subject
        msg["Date"] = f"Mon, {day:02d} Mar 2025 10:00:00 +0000"
        msg.set_content(f"Message {i} body.\nFrom the clerk's desk.\n")
        body = bytes(msg).replace(b"\nFrom ", b"\n>From ")  # mboxrd quoting
        box += f"From m{i}@example.org Mon Mar {day:2d} 10:00:00 2025\n".encode() + body + b"\n"
    return box


def test_eml_message_with_attachment(tmp_path):
    path = tmp_path / "closure.eml"
    path.write_bytes(_eml())
    found = mail.messages(path.read_bytes())
    assert len(found) == 1
    loaded, attachments = found[0].loaded, found[0].attachments
    assert loaded.title == "Road closure on the B4521"
    assert loaded.meta["date"] == "2025-03-21" and loaded.meta["author"] == "Dana Pryce"
    assert loaded.meta["recipients"] == "Parish Clerk; Cllr Ravi Shah"
    assert attachments == [("diversion.txt", b"Diversion route: via the A49 and Mill Lane.\n")]
    assert "From: Dana Pryce" in loaded.text and "£48,500" in loaded.text and "@" not in loaded.text
    via_ingest = load_path(path)
    text = clean.clean(via_ingest.text)
    title, kind, date, _ = metadata.describe(text, via_ingest.text, via_ingest)
    assert (title, kind, date) == ("Road closure on the B4521", "letter", "2025-03-21")


def test_mbox_of_three_messages(tmp_path):
    found = mail.messages(_mbox())
    assert [m.loaded.title for m in found] == ["Agenda for March", "Minutes draft", "Precept query"]
    assert [m.loaded.meta["date"] for m in found] == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert all("From the clerk's desk." in m.loaded.text and ">From" not in m.loaded.text for m in found)
    path = tmp_path / "box.mbox"
    path.write_bytes(_mbox())
    assert load_path(path).title == "Agenda for March"


def test_not_an_email_is_refused():
    with pytest.raises(LoadError):
        mail.messages(b"just some words\nwithout any headers\n")
