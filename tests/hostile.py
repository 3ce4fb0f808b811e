"""Generators of good and hostile files for the fault-injection tests and the soak benchmark.

Nothing here is a test: `make_mix` writes a folder of documents (good ones, each carrying a
unique marker word, and hostile ones, each with the reason the ingest must give for it) plus a
folder outside the root that nothing may ever read. All content is generated here; the only
library used to write files is python-docx and pypdf (project dependencies), and PDFs are
written by hand so their structure can be broken on purpose.
"""
from __future__ import annotations

import io
import os
import random
import socket
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
OUTSIDE_MARKER = "outsidesecretqq"
PASSWD_WORDS = ("nologin", "bash")  # words of /etc/passwd that no good document contains


# ---- PDF by hand ------------------------------------------------------------------------------
def _pdf_escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")


def pdf_bytes(pages: list[list[str]], *, compress: bool = True, draw_only: bool = False) -> bytes:
    """A small valid PDF: one Helvetica text block per page (or only a rectangle: no text)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if draw_only:
            content = b"0.5 g 72 600 300 100 re f"
        else:
            body = b" T* ".join(b"(" + _pdf_escape(line) + b") Tj" for line in lines)
            content = b"BT /F1 11 Tf 14 TL 72 760 Td " + body + b" ET"
        if compress:
            data = zlib.compress(content)
            stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        else:
            stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_obj, font, stream)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def encrypted_pdf(text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([[text]]))))
    writer.encrypt(user_password="open-sesame", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_flate_bomb(expanded_mb: int) -> bytes:
    """A PDF whose one content stream inflates to `expanded_mb` MB of zeros."""
    packer = zlib.compressobj(9)
    zeros = bytes(MB)
    data = b"".join(packer.compress(zeros) for _ in range(expanded_mb)) + packer.flush()
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n" + data
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


# ---- DOCX -------------------------------------------------------------------------------------
def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_document_xml(document_xml: bytes | str, level: int = 6) -> bytes:
    """A zip with a DOCX's skeleton and the given word/document.xml."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def docx_zip_bomb(expanded_mb: int, level: int = 1) -> bytes:
    """word/document.xml of `expanded_mb` MB of spaces, written in steps (little memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>'.encode())
            spaces = b" " * MB
            for _ in range(expanded_mb):
                member.write(spaces)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def docx_billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(entities) + "]>"
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return docx_with_document_xml(xml)


def docx_xxe(target: Path) -> bytes:
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Leak: &xxe;</w:t></w:r></w:p></w:body></w:document>'
    )
    return docx_with_document_xml(xml)


# ---- the mix ------------------------------------------------------------------------------------
@dataclass
class Mix:
    """What make_mix wrote: good documents by file name with their marker word, hostile files
    by file name with the words their failure reason must contain (None: indexing it or failing
    it with any reason are both right, e.g. a bit-flipped PDF that still parses)."""

    root: Path
    outside: Path
    good: dict[str, str] = field(default_factory=dict)
    hostile: dict[str, str | None] = field(default_factory=dict)


def _prose(rng: random.Random, marker: str, sentences: int = 6) -> str:
    people = ("Ann Lee", "Tom Brown", "Priya Shah", "Sam Okafor", "Joan Hart")
    bits = (
        "Councillor {p} opened the meeting on {d} May 2019.",
        "The committee agreed to spend £{m}m on new school places.",
        "{p}, the Chief Executive, said the service had improved.",
        "Members noted the report on highways and drainage.",
        "Inspectors judged the service to require improvement.",
    )
    out = [f"Notice {marker}."]
    for _ in range(sentences):
        out.append(rng.choice(bits).format(p=rng.choice(people), d=rng.randint(1, 28), m=rng.randint(1, 9)))
    return " ".join(out)


def write_good(root: Path, rng: random.Random, index: int) -> dict[str, str]:
    """One good document of each kind, with hostile-looking names among them."""
    out: dict[str, str] = {}

    def marker(kind: str) -> str:
        return f"goodqq{kind}{index}"

    def put(name: str | bytes, data: bytes, kind: str, mark: str) -> None:
        target = os.path.join(os.fsencode(root), name if isinstance(name, bytes) else os.fsencode(name))
        with open(target, "wb") as fh:
            fh.write(data)
        out[os.fsdecode(target)] = mark

    m = marker("txt")
    put(f"plain_{index}.txt", _prose(rng, m).encode("utf-8"), "txt", m)
    m = marker("md")
    put(f"notes_{index}.md", f"# Notes\n\n{_prose(rng, m)}\n".encode(), "md", m)
    m = marker("cp")
    put(f"windows_{index}.txt", (_prose(rng, m) + " \u2018quoted\u2019 \u2013 dash").encode("cp1252"), "cp", m)
    m = marker("utf16")
    put(f"utf16_{index}.txt", _prose(rng, m).encode("utf-16"), "utf16", m)
    m = marker("html")
    html = f"<!doctype html><html><head><title>Page {index}</title></head><body><main><p>{_prose(rng, m)}</p></main></body></html>"
    put(f"page_{index}.html", html.encode(), "html", m)
    m = marker("docx")
    put(f"report_{index}.docx", docx_bytes(["Report", _prose(rng, m)]), "docx", m)
    m = marker("pdf")
    put(f"minutes_{index}.pdf", pdf_bytes([[f"Minutes {m}", "Councillor Ann Lee was in the chair."]]), "pdf", m)
    # Hostile names, good contents.
    m = marker("newline")
    put(f"line\nbreak_{index}.txt", _prose(rng, m).encode(), "newline", m)
    m = marker("latin")
    put(f"caf\xe9_{index}.txt".encode("latin-1"), _prose(rng, m).encode(), "latin", m)
    m = marker("dash")
    put(f"-rf_{index}.txt", _prose(rng, m).encode(), "dash", m)
    m = marker("rtl")
    put(f"\u202eevil_{index}txt.exe.txt", _prose(rng, m).encode(), "rtl", m)
    m = marker("long")
    put("n" * 200 + f"_{index}.txt", _prose(rng, m).encode(), "long", m)
    m = marker("markup")
    put(f"[bold]markup[red]_{index}.txt", (_prose(rng, m) + " [/] [red]not markup[/red]").encode(), "markup", m)
    return out


def write_hostile(root: Path, outside: Path, rng: random.Random, index: int, *, big: bool = True) -> dict[str, str | None]:
    """One hostile file of each kind. `big`: include the bombs and the oversized file."""
    out: dict[str, str | None] = {}

    def put(name: str, data: bytes, reason: str | None) -> None:
        (root / name).write_bytes(data)
        out[str(root / name)] = reason

    good_pdf = pdf_bytes([["Minutes of the meeting", "Councillor Joan Hart presided."]] * 2)
    put(f"truncated_{index}.pdf", good_pdf[: len(good_pdf) * rng.randint(3, 7) // 10], None)
    flipped = bytearray(good_pdf)
    for _ in range(rng.randint(1, 40)):
        flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
    put(f"bitflip_{index}.pdf", bytes(flipped), None)
    put(f"encrypted_{index}.pdf", encrypted_pdf("Confidential land disposal"), "encrypted PDF")
    put(f"textless_{index}.pdf", pdf_bytes([[]], draw_only=True), "no text layer")
    put(f"garbage_{index}.pdf", b"%PDF-1.7\n" + rng.randbytes(rng.randint(10, 5000)), None)
    put(f"pages_{index}.pdf", pdf_bytes([["p"]] * 5001, compress=False), "too many pages")
    put(f"billion_laughs_{index}.docx", docx_billion_laughs(), "XML entities")
    put(f"xxe_{index}.docx", docx_xxe(outside / "secret.txt"), "XML entities")
    put(f"not_docx_{index}.docx", b"This is plain text pretending to be a Word file.", "not a DOCX file")
    put(f"damaged_{index}.docx", b"PK\x03\x04" + rng.randbytes(2000), "DOCX")
    put(
        f"xxe_{index}.xhtml",
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{outside / "secret.txt"}">]>'
        f"<html><body><p>Leak: &xxe; end.</p></body></html>".encode(),
        None,
    )
    put(f"deep_{index}.html", b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>", "nested too deeply")
    put(f"wide_{index}.html", b"<html><body>" + b"<b>x</b>" * 210_000 + b"</body></html>", "elements")
    put(f"empty_{index}.txt", b"", "empty file")
    put(f"blank_{index}.txt", b" \n\t\n  ", "empty file")
    put(f"one_{index}.txt", b"a", None)
    put(f"binary_{index}.txt", bytes(rng.randrange(256) for _ in range(4000)), None)
    put(f"nul_{index}.md", b"\x00\x01\x02" * 500, "undecodable bytes")
    put(f"utf16_nobom_{index}.txt", "Text in UTF-16 without its mark.".encode("utf-16-le"), None)
    put(f"html_as_pdf_{index}.pdf", b"<html><body><p>Not a PDF at all.</p></body></html>", None)
    if big:
        put(f"zipbomb_{index}.docx", docx_zip_bomb(200), "DOCX expands too much")
        put(f"ratio_{index}.docx", docx_zip_bomb(40, level=9), "DOCX expands too much")
        put(f"pdfbomb_{index}.pdf", pdf_flate_bomb(80), "PDF expands too much")
        huge = root / f"huge_{index}.txt"
        with open(huge, "wb") as fh:  # sparse: costs no disk
            fh.truncate(201 * MB)
        out[str(huge)] = "file too large"
    # Things that are not regular files, and links.
    fifo = root / f"fifo_{index}.txt"
    os.mkfifo(fifo)
    out[str(fifo)] = "named pipe"
    sock_path = root / f"sock_{index}.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(sock_path))
        out[str(sock_path)] = "socket"
    except OSError:
        pass  # a path too long for a UNIX socket: nothing to test here
    finally:
        sock.close()
    try:
        os.mknod(root / f"device_{index}.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        out[str(root / f"device_{index}.txt")] = "character device"
    except (PermissionError, OSError):
        pass  # not root, or a filesystem without devices
    for name, target, reason in (
        (f"passwd_{index}.txt", Path("/etc/passwd"), "outside the ingest folders"),
        (f"secret_{index}.txt", outside / "secret.txt", "outside the ingest folders"),
        (f"dotdot_{index}.txt", Path("..") / outside.name / "secret.txt", "outside the ingest folders"),
        (f"zero_{index}.txt", Path("/dev/zero"), "outside the ingest folders"),
        (f"broken_{index}.txt", root / "does-not-exist.txt", "broken"),
        (f"loop_{index}.txt", root / f"loop_{index}.txt", "looping"),
    ):
        os.symlink(target, root / name)
        out[str(root / name)] = reason
    os.symlink(outside, root / f"outdir_{index}")  # a link to a folder outside: never walked
    return out


def make_mix(root: Path, outside: Path, *, seed: int = 0, copies: int = 1, big: bool = True) -> Mix:
    """Write `copies` sets of good and hostile files under `root` (created), and a secret file in
    `outside` (created beside it) that links point at."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(f"The {OUTSIDE_MARKER} password is swordfish.\n")
    (outside / "secret2.txt").write_text(f"Another {OUTSIDE_MARKER} file.\n")
    mix = Mix(root=root, outside=outside)
    for i in range(copies):
        mix.good.update(write_good(root, rng, i))
        mix.hostile.update(write_hostile(root, outside, rng, i, big=big and i == 0))
    return mix


def write_corpus(root: Path, count: int, *, seed: int = 0, sentences: int = 40) -> list[str]:
    """`count` plain documents of moderate length (text and HTML), for ingests worth killing.
    Returns the marker word of each."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    markers = []
    for i in range(count):
        marker = f"corpusqq{i}"
        body = _prose(rng, marker, sentences)
        if i % 4 == 3:
            (root / f"page_{i:04d}.html").write_text(f"<html><body><main><h1>Item {i}</h1><p>{body}</p></main></body></html>")
        else:
            (root / f"doc_{i:04d}.txt").write_text(f"Item {i}\n\n{body}\n")
        markers.append(marker)
    return markers
