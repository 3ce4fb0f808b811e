"""E-mail files as several documents: an .eml's message and its attachments, an .mbox's messages.

The files are built in each test: messages with the standard library's own writer, the attached
PDF with reportlab (as tests/fixtures/make_pdf_fixtures.py does), broken attachments from the
loader fixtures. Ingest runs for real (spaCy, Whoosh, SQLite), the CLI through CliRunner and the
web routes through Starlette's TestClient.
"""
from __future__ import annotations

import io
import json
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from corpus_search import kinds
from corpus_search import search as index
from corpus_search.cli import app as cli_app
from corpus_search.config import Settings
from corpus_search.ingest import SUPPORTED_SUFFIXES, file_hash
from corpus_search.ingest import email as mail
from corpus_search.ingest.parts import expand
from corpus_search.models import Source
from corpus_search.pipeline import ingest
from corpus_search.store import Store
from tests.paths import FIXTURES

runner = CliRunner()

REPORT_LINES = [
    "Northfield Borough Council",
    "Report to Cabinet, 14 May 2025",
    "Mill Lane resurfacing scheme",
    "The works are estimated to cost £212,000 and will be funded from the highways capital budget.",
    "It is recommended that Cabinet approves the scheme.",
    "Report author: Priya Desai, Head of Highways",
]


def pdf_bytes(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("untitled")  # what reportlab and many exporters leave in /Title: never the title
    y = 780.0
    for line in lines:
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def message(subject: str, date: str, body: str, attachments: list[tuple[str, bytes, str]] = (),
            sender: str = "Dana Pryce <dana.pryce@example.gov.uk>") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Parish Clerk <clerk@example.org>, Cllr Ravi Shah <ravi@example.org>"
    msg["Subject"] = subject
    msg["Date"] = date
    msg.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if msg.is_multipart():
        msg.set_boundary("=-northfield-" + subject.replace(" ", "-"))  # the same bytes on every run
    return msg


def closure_eml(report: bytes | None = None, extra: list[tuple[str, bytes, str]] = ()) -> bytes:
    attachments = [("mill-lane.pdf", report if report is not None else pdf_bytes(REPORT_LINES), "application/pdf"),
                   ("map.png", b"\x89PNG\r\n\x1a\n not a document we read", "image/png"), *extra]
    return bytes(message(
        "Road closure on the B4521", "Fri, 21 Mar 2025 09:15:00 +0000",
        "Dear Clerk,\n\nThe B4521 will close for resurfacing from 7 April. The works will cost £48,500.\n"
        "The report to Cabinet is attached.\n\nRegards,\nDana Pryce",
        attachments,
    ))


def mbox(count: int = 3) -> bytes:
    box = b""
    subjects = [("Agenda for March", 3), ("Minutes draft", 10), ("Precept query", 17), ("Hall booking", 24)]
    for i, (subject, day) in enumerate(subjects[:count]):
        msg = message(subject, f"Mon, {day:02d} Mar 2025 10:00:00 +0000",
                      f"Message {i + 1} of the clerk's mailbox about {subject.lower()}.\nFrom the clerk's desk.\n",
                      sender=f"Member {i + 1} <m{i + 1}@example.org>")
        if i == 1:
            msg.add_attachment("Draft minutes of the March meeting: the precept was agreed at £14,200.\n".encode(),
                               maintype="text", subtype="plain", filename="draft.txt")
            msg.set_boundary("=-northfield-minutes")
        body = bytes(msg).replace(b"\nFrom ", b"\n>From ")  # mboxrd quoting
        box += f"From m{i + 1}@example.org Mon Mar {day:2d} 10:00:00 2025\n".encode() + body + b"\n"
    return box


def store_ids(settings: Settings) -> set[str]:
    with Store(settings.db_path) as store:
        return set(store.known_documents())


def index_ids(settings: Settings) -> set[str]:
    writer = index.IndexWriter(settings.whoosh_dir)
    try:
        return writer.doc_ids()
    finally:
        writer.close()


def cli(settings: Settings, *args: str):
    return runner.invoke(cli_app, ["--index", str(settings.index_dir), *args])


def source_for(path: Path, doc_id: str) -> Source:
    data = path.read_bytes()
    return Source(doc_id, str(path), str(path.parent), file_hash(data), len(data), 0.0)


# ---- the parts of a file ----------------------------------------------------------------
def test_an_eml_is_its_message_and_its_supported_attachments(tmp_path):
    path = tmp_path / "closure.eml"
    path.write_bytes(closure_eml(extra=[("../../etc/notes.txt", b"Site notes.\n", "text/plain"),
                                        ("notes.txt", b"Other notes.\n", "text/plain"),
                                        (".hidden.txt", b"Never read.\n", "text/plain")]))
    source = source_for(path, "closure.eml")
    parts = expand(source, path.read_bytes())
    ids = [s.doc_id for s, _ in parts]
    # The picture is not a type we read; a path in a file name is reduced to its last part, a
    # second attachment of the same name gets a number, a hidden name is skipped as in a folder.
    assert ids == ["closure.eml", "closure.eml/mill-lane.pdf", "closure.eml/notes.txt", "closure.eml/notes-2.txt"]
    assert parts[0] == (source, path.read_bytes())  # the message is the file itself: same id, same hash
    pdf_source, pdf_data = parts[1]
    assert pdf_data.startswith(b"%PDF-") and pdf_source.content_hash == file_hash(pdf_data)
    assert pdf_source.path == f"{path}/mill-lane.pdf" and pdf_source.suffix == ".pdf"
    assert [d for _, d in parts[2:]] == [b"Site notes.\n", b"Other notes.\n"]
    text = mail.load(path.read_bytes()).text
    assert "Attachments: mill-lane.pdf, map.png, notes.txt, notes-2.txt" in text


def test_a_forwarded_message_is_an_attached_eml():
    outer = message("Fwd: hall hire", "Tue, 01 Apr 2025 08:00:00 +0100", "See below.")
    outer.add_attachment(message("Hall hire", "Mon, 31 Mar 2025 17:00:00 +0100", "The hall is booked for 12 April."))
    parts = mail.parts(bytes(outer), SUPPORTED_SUFFIXES, mailbox=False)
    assert [(p.name, p.suffix) for p in parts] == [("", ".eml"), ("message.eml", ".eml")]
    inner = mail.load(parts[1].data)
    assert (inner.title, inner.meta["date"]) == ("Hall hire", "2025-03-31")


def test_an_mbox_is_one_part_per_message_numbered_in_file_order(tmp_path):
    path = tmp_path / "box.mbox"
    path.write_bytes(mbox(3))
    parts = expand(source_for(path, "clerk/box.mbox"), path.read_bytes())
    assert [s.doc_id for s, _ in parts] == ["clerk/box.mbox/1", "clerk/box.mbox/2", "clerk/box.mbox/2/draft.txt",
                                             "clerk/box.mbox/3"]
    assert [s.suffix for s, _ in parts] == [".eml", ".eml", ".txt", ".eml"]
    assert len({s.content_hash for s, _ in parts}) == 4
    assert all(not d.startswith(b"From ") for _, d in parts)  # the mbox separator line is not a message's
    assert mail.load(parts[1][1]).title == "Minutes draft"


def test_a_file_that_is_not_a_message_is_left_whole(tmp_path):
    path = tmp_path / "notes.eml"
    path.write_bytes(b"just some words\nwithout any headers\n")
    source = source_for(path, "notes.eml")
    assert expand(source, path.read_bytes()) == [(source, path.read_bytes())]
    txt = tmp_path / "a.txt"
    txt.write_bytes(b"From: not an e-mail, a text file\n")
    assert len(expand(source_for(txt, "a.txt"), txt.read_bytes())) == 1
    assert sorted(mail.parts(mbox(1), SUPPORTED_SUFFIXES, mailbox=True)[0].name) == ["1"]


# ---- ingest -----------------------------------------------------------------------------
@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "closure.eml").write_bytes(closure_eml())
    (folder / "box.mbox").write_bytes(mbox(3))
    return folder


MAIL_IDS = {"closure.eml", "closure.eml/mill-lane.pdf", "box.mbox/1", "box.mbox/2", "box.mbox/2/draft.txt",
            "box.mbox/3"}


def test_messages_and_attachments_are_documents_of_their_own(mail_dir, settings):
    summary = ingest([mail_dir], settings)
    assert (summary.added, summary.failed) == (6, [])
    assert store_ids(settings) == index_ids(settings) == MAIL_IDS

    shown = json.loads(cli(settings, "show", "closure.eml/mill-lane.pdf", "--json").stdout)
    assert (shown["title"], shown["doc_type"], shown["date"]) == ("Northfield Borough Council", "report", "2025-05-14")
    assert shown["path"] == str(mail_dir / "closure.eml" / "mill-lane.pdf")
    assert [m["value"] for m in shown["facts"]["money"]] == [212000]
    assert "£48,500" not in shown["text"]  # the message's text stays with the message

    msg = json.loads(cli(settings, "show", "closure.eml", "--json").stdout)
    assert (msg["title"], msg["doc_type"], msg["date"]) == ("Road closure on the B4521", "letter", "2025-03-21")
    # Sender and recipients are people candidates from the header block.
    assert {"Dana Pryce", "Ravi Shah"} <= {p["name"] for p in msg["facts"]["person"]}

    rows = [json.loads(line) for line in cli(settings, "report", "--kind", "documents").stdout.splitlines()]
    by_id = {r["doc_id"]: r for r in rows}
    assert [(by_id[f"box.mbox/{n}"]["title"], by_id[f"box.mbox/{n}"]["date"], by_id[f"box.mbox/{n}"]["doc_type"])
            for n in (1, 2, 3)] == [("Agenda for March", "2025-03-03", "letter"),
                                    ("Minutes draft", "2025-03-10", "letter"),
                                    ("Precept query", "2025-03-17", "letter")]

    found = json.loads(cli(settings, "search", "resurfacing", "--json").stdout)
    assert [r["doc_id"] for r in found["results"]] == ["closure.eml/mill-lane.pdf", "closure.eml"]
    assert "Priya Desai" in cli(settings, "show", "closure.eml/mill-lane.pdf").stdout
    assert cli(settings, "show", "closure.eml/nothing.pdf").exit_code == 1


def test_web_routes_take_ids_with_a_slash(mail_dir, settings):
    from starlette.testclient import TestClient

    from corpus_search.web.app import create_app

    ingest([mail_dir], settings)
    with TestClient(create_app(settings)) as client:
        api = client.get("/api/documents/closure.eml/mill-lane.pdf")
        assert api.status_code == 200
        assert api.json() == json.loads(cli(settings, "show", "closure.eml/mill-lane.pdf", "--json").stdout)
        page = client.get("/documents/box.mbox/2/draft.txt")
        assert page.status_code == 200 and "14,200" in page.text
        # The original of an attachment is the e-mail file that carries it.
        original = client.get("/files/closure.eml/mill-lane.pdf")
        assert original.status_code == 200 and original.content == (mail_dir / "closure.eml").read_bytes()
        assert client.get("/files/closure.eml/../box.mbox").status_code == 404
        hits = client.get("/api/search", params={"q": "precept"}).json()
        assert {"box.mbox/2/draft.txt", "box.mbox/3"} <= {r["doc_id"] for r in hits["results"]}


def test_incremental_parents_and_children(mail_dir, settings):
    ingest([mail_dir], settings)
    again = ingest([mail_dir], settings)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 6, 0)

    # A changed message: its changed attachment replaced, a new one added, the unchanged mbox left.
    new_report = pdf_bytes([*REPORT_LINES[:3], "The works are now estimated to cost £230,000."])
    (mail_dir / "closure.eml").write_bytes(
        closure_eml(new_report, extra=[("notice.txt", b"Public notice of the closure order.\n", "text/plain")]))
    changed = ingest([mail_dir], settings)
    assert (changed.added, changed.updated, changed.unchanged, changed.removed) == (1, 2, 4, 0)
    with Store(settings.db_path) as store:
        money = list(store.fact_rows([kinds.by_name("money")], doc_id="closure.eml/mill-lane.pdf"))
        assert [m["value"] for m in money] == [230000]

    # Attachments gone from the message, a message appended to the mailbox.
    (mail_dir / "closure.eml").write_bytes(bytes(message("Road closure on the B4521", "Fri, 21 Mar 2025 09:15:00 +0000",
                                                         "The closure is postponed.")))
    (mail_dir / "box.mbox").write_bytes(mbox(4))
    fewer = ingest([mail_dir], settings)
    assert (fewer.added, fewer.updated, fewer.unchanged, fewer.removed) == (1, 1, 4, 2)
    assert store_ids(settings) == index_ids(settings) == {"closure.eml", "box.mbox/1", "box.mbox/2",
                                                          "box.mbox/2/draft.txt", "box.mbox/3", "box.mbox/4"}

    # A deleted file takes all its documents with it.
    (mail_dir / "box.mbox").unlink()
    gone = ingest([mail_dir], settings)
    assert (gone.removed, gone.unchanged) == (5, 1)
    assert store_ids(settings) == index_ids(settings) == {"closure.eml"}
    with Store(settings.db_path) as store:
        assert list(store.fact_rows([kinds.by_name("money")], doc_id="box.mbox/2/draft.txt")) == []


def test_a_failing_attachment_is_recorded_and_the_message_kept(tmp_path, settings):
    folder = tmp_path / "mail"
    folder.mkdir()
    broken = [("minutes.pdf", (FIXTURES / "encrypted.pdf").read_bytes(), "application/pdf"),
              ("empty.txt", b"   \n", "text/plain")]
    (folder / "closure.eml").write_bytes(closure_eml(extra=broken))
    summary = ingest([folder], settings)
    reasons = {item["path"]: item["reason"] for item in summary.failed}
    assert reasons == {f"{folder}/closure.eml/minutes.pdf": "encrypted PDF",
                       f"{folder}/closure.eml/empty.txt": "empty file"}
    assert store_ids(settings) == index_ids(settings) == {"closure.eml", "closure.eml/mill-lane.pdf"}
    with Store(settings.db_path) as store:
        assert {f["doc_id"] for f in store.failures()} == {"closure.eml/minutes.pdf", "closure.eml/empty.txt"}

    again = ingest([folder], settings)  # a failure is tried again; the rest is unchanged
    assert (again.unchanged, len(again.failed)) == (2, 2)

    shutil.rmtree(folder)
    folder.mkdir()
    ingest([folder], settings)
    with Store(settings.db_path) as store:
        assert store.failures() == [] and set(store.known_documents()) == set()


def test_dask_ingest_gives_the_same_documents(mail_dir, settings, tmp_path):
    from distributed import LocalCluster

    local = ingest([mail_dir], settings)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = Settings(index_dir=tmp_path / "dask-home", dask=cluster.scheduler_address)
        summary = ingest([mail_dir], remote)
        assert (summary.added, summary.failed, summary.words) == (local.added, [], local.words)
        assert store_ids(remote) == index_ids(remote) == MAIL_IDS
        again = ingest([mail_dir], remote)
        assert (again.added, again.unchanged) == (0, 6)
    ours = cli(settings, "report", "--kind", "documents").stdout
    theirs = cli(remote, "report", "--kind", "documents").stdout
    assert ours == theirs


OUTLOOK = b"""From: "Pryce, Dana" <dana.pryce@example.gov.uk>
To: councillors@example.org
Subject: =?utf-8?q?Agenda_for_7_April_=E2=80=93_please_read?=
Date: Tue, 1 Apr 2025 09:12:33 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XX"

--XX
Content-Type: multipart/alternative; boundary="YY"

--YY
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable

Dear all,=0D=0APlease find the agenda attached. The precept is =A328,450.=0D=0ADana

--YY
Content-Type: text/html; charset="windows-1252"

<p>Dear all,</p><p>Please find the agenda attached.</p>
--YY--
--XX
Content-Type: application/pdf
Content-Disposition: inline; filename*=utf-8''R%C3%A9union%20avril.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--XX
Content-Type: application/pdf
Content-Transfer-Encoding: base64

JVBERi0xLjUK
--XX
Content-Type: application/octet-stream; name="winmail.dat"
Content-Disposition: attachment; filename="winmail.dat"
Content-Transfer-Encoding: base64

AAAA
--XX--
"""


def test_a_message_as_outlook_sends_it():
    message_ = mail.messages(OUTLOOK)[0]
    loaded = message_.loaded
    assert (loaded.title, loaded.meta["date"], loaded.meta["author"]) == (
        "Agenda for 7 April – please read", "2025-04-01", "Dana Pryce")  # "Surname, Forename" turned round
    assert "The precept is £28,450." in loaded.text  # quoted-printable windows-1252
    # An inline PDF with an RFC 2231 name, a PDF with no name at all, and winmail.dat (not read).
    parts = mail.parts(OUTLOOK, SUPPORTED_SUFFIXES, mailbox=False)
    assert [(p.name, p.data[:8]) for p in parts[1:]] == [("Réunion avril.pdf", b"%PDF-1.4"),
                                                         ("attachment-2.pdf", b"%PDF-1.5")]
