"""Each file in its own box: the structural limits a file must pass before it is read, and the
wall-clock limit that stops a loader as a last resort.

Every limit and its default is declared once, in `Limits`. Each can be changed without code
through an environment variable named after the field, `CORPUS_SEARCH_` + the field name in
capitals (`CORPUS_SEARCH_MAX_FILE_BYTES=50000000`, `CORPUS_SEARCH_SECONDS_PER_FILE=30`); 0
switches a limit off. A file that breaks a limit fails with a reason a person understands and
the run goes on; see docs/reliability.md.

The checks reject on structure (a file's kind and size, a zip's declared sizes, an HTML
page's nesting depth, a PDF's compressed-stream sizes) so that a hostile file is refused in
milliseconds instead of running until a clock stops it.
"""
from __future__ import annotations

import io
import os
import re
import signal
import stat
import threading
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from types import FrameType
from typing import Self

from corpus_search.errors import LoadError

MB = 1024 * 1024
ENV_PREFIX = "CORPUS_SEARCH_"


@dataclass(frozen=True)
class Limits:
    """Per-file limits. Sizes in bytes or characters; 0 switches a limit off.

    max_file_bytes (int): a file larger than this is not read at all.
    max_text_chars (int): extracted text longer than this fails (10M characters is about
        5,000 pages; spaCy takes about 4 minutes over it on one core).
    max_zip_members (int): a DOCX with more parts than this is refused.
    max_zip_bytes (int): the declared uncompressed size of all a DOCX's parts together.
    max_xml_bytes (int): the declared uncompressed size of a DOCX's XML parts together (the text
        lives there; images do not count).
    max_ratio (int): a DOCX's XML parts, or one PDF stream, expanding more than this many
        times their compressed size...
    ratio_floor (int): ...are refused once they expand past this size (small parts may be
        highly compressible without being dangerous).
    max_html_depth (int): element nesting depth of an HTML page (the extractor's time grows
        with depth times size).
    max_html_elements (int): elements in an HTML page.
    max_pdf_pages (int): page objects in a PDF.
    max_pdf_inflated (int): the decompressed size of a PDF's Flate streams together (images
        included, so generous).
    seconds_per_file (float): wall-clock limit on loading one file (the last resort, for
        what the structural checks do not foresee); applies where the loader runs in a
        process's main thread.
    nlp_seconds_per_doc (float): wall-clock limit on the NLP (spaCy and the fact rules) of one
        document; a batch is given this much per document it holds, and when it runs over, its
        documents are tried one by one so that only the slow one fails (corpus_search/workers.py).
    """

    max_file_bytes: int = 200 * MB
    max_text_chars: int = 10_000_000
    max_zip_members: int = 10_000
    max_zip_bytes: int = 1024 * MB
    max_xml_bytes: int = 64 * MB
    max_ratio: int = 200
    ratio_floor: int = 16 * MB
    max_html_depth: int = 1000
    max_html_elements: int = 200_000
    max_pdf_pages: int = 5000
    max_pdf_inflated: int = 2048 * MB
    seconds_per_file: float = 120.0
    nlp_seconds_per_doc: float = 300.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults, with any `CORPUS_SEARCH_<FIELD>` environment variable applied."""
        env = os.environ if environ is None else environ
        values: dict[str, int | float] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            try:
                values[f.name] = float(raw) if f.type in ("float", float) else int(float(raw))
            except ValueError:
                continue  # a malformed setting keeps its default rather than stopping the run
        return cls(**values)  # type: ignore[arg-type]


def current() -> Limits:
    return Limits.from_env()


def _size(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


# ---- the file itself -------------------------------------------------------------------------
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def inside(path: Path, roots: list[Path]) -> bool:
    """Whether a resolved path is one of the (resolved) roots or lies under one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


def read_file(path: Path, roots: list[Path], limits: Limits) -> tuple[bytes, os.stat_result]:
    """The bytes of one file found under the roots, after checking what it is.

    Refuses (LoadError) without reading: anything that is not a regular file, a symbolic link
    whose target lies outside every root (or is broken, or loops), and a file over
    max_file_bytes. The file is opened without following links and without blocking, and
    checked again on the open descriptor, so a file swapped for a pipe or a link between the
    check and the read is refused too.
    """
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise LoadError(f"cannot read file ({_oserror(exc)})") from exc
    target = path
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise LoadError("skipped: broken or looping symbolic link") from exc
        if not inside(target, roots):
            raise LoadError("skipped: symbolic link to a file outside the ingest folders")
        try:
            st = os.lstat(target)
        except OSError as exc:
            raise LoadError(f"cannot read file ({_oserror(exc)})") from exc
    kind = not_regular(st.st_mode)
    if kind:
        raise LoadError(f"skipped: {kind}, not a regular file")
    if limits.max_file_bytes and st.st_size > limits.max_file_bytes:
        raise LoadError(f"file too large ({_size(st.st_size)}; the limit is {_size(limits.max_file_bytes)})")
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise LoadError(f"cannot read file ({_oserror(exc)})") from exc
    try:
        fst = os.fstat(fd)
        kind = not_regular(fst.st_mode)
        if kind:
            raise LoadError(f"skipped: {kind}, not a regular file")
        cap = limits.max_file_bytes or None
        chunks: list[bytes] = []
        size = 0
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if cap is not None and size > cap:  # grew while being read
                    raise LoadError(f"file too large (over {_size(cap)})")
        return b"".join(chunks), fst
    except OSError as exc:
        raise LoadError(f"cannot read file ({_oserror(exc)})") from exc
    finally:
        if fd >= 0:
            os.close(fd)


def _oserror(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


# ---- formats -------------------------------------------------------------------------------
def check_docx(data: bytes, limits: Limits) -> None:
    """Refuse a DOCX whose parts would expand too far, from the zip's declared sizes, before
    anything is decompressed, and one whose XML declares a DOCTYPE (entities, XXE).

    zipfile never inflates a member past its declared size, so the declared sizes bound what
    python-docx can be made to read.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # the loader says "damaged zip"
    with zf:
        infos = zf.infolist()
        if limits.max_zip_members and len(infos) > limits.max_zip_members:
            raise LoadError(f"DOCX has too many parts ({len(infos):,}; the limit is {limits.max_zip_members:,})")
        total = sum(i.file_size for i in infos)
        if limits.max_zip_bytes and total > limits.max_zip_bytes:
            raise LoadError(
                f"DOCX expands too much ({_size(total)} uncompressed; the limit is {_size(limits.max_zip_bytes)})"
            )
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
        xml_size = sum(i.file_size for i in xml)
        packed = sum(i.compress_size for i in xml) or 1
        if limits.max_xml_bytes and xml_size > limits.max_xml_bytes:
            raise LoadError(
                f"DOCX expands too much ({_size(xml_size)} of XML; the limit is {_size(limits.max_xml_bytes)})"
            )
        if limits.max_ratio and xml_size > limits.ratio_floor and xml_size / packed > limits.max_ratio:
            raise LoadError(
                f"DOCX expands too much (its XML grows {xml_size / packed:,.0f} times, to {_size(xml_size)})"
            )
        for info in xml:
            try:
                with zf.open(info) as member:
                    head = member.read(4096)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error):
                continue  # python-docx reports the damage in its own words
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise LoadError("DOCX declares XML entities (a DOCTYPE), which are refused")


def check_html(data: bytes, limits: Limits) -> None:
    """Refuse an HTML page nested deeper than max_html_depth or with more than max_html_elements
    elements, measured by lxml's streaming parser (C speed, stops at the first breach)."""
    if not (limits.max_html_depth or limits.max_html_elements):
        return
    from lxml import etree

    parser = etree.HTMLPullParser(events=("start", "end"), huge_tree=True, recover=True)
    depth = count = 0
    max_depth = limits.max_html_depth or 1 << 62
    max_count = limits.max_html_elements or 1 << 62
    try:
        for at in range(0, len(data), 1 << 16):
            parser.feed(data[at : at + (1 << 16)])
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    count += 1
                    if depth > max_depth:
                        raise LoadError(f"HTML nested too deeply (over {max_depth:,} levels)")
                    if count > max_count:
                        raise LoadError(f"HTML page too large (over {max_count:,} elements)")
                else:
                    depth -= 1
                    element.clear()
        parser.close()
    except etree.LxmlError:
        return  # damaged markup is the extractor's business


_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def check_pdf(data: bytes, limits: Limits) -> None:
    """Refuse a PDF with more page objects than max_pdf_pages, one of whose Flate streams
    inflates more than max_ratio times past ratio_floor (a decompression bomb), or whose Flate
    streams together inflate past max_pdf_inflated, before the PDF reader opens it.

    Streams are inflated here in 64 KB steps and the output thrown away, so the check itself
    holds little memory and stops as soon as a limit is passed.
    """
    if limits.max_pdf_pages:
        pages = sum(1 for _ in _PDF_PAGE.finditer(data))
        if pages > limits.max_pdf_pages:
            raise LoadError(f"PDF has too many pages ({pages:,}; the limit is {limits.max_pdf_pages:,})")
    cap = limits.max_pdf_inflated or 1 << 62
    total = 0
    pos = 0
    step = 1 << 16
    while True:
        match = _PDF_STREAM.search(data, pos)
        if match is None:
            return
        start = at = match.end()
        inflater = zlib.decompressobj()
        produced = 0
        try:
            while not inflater.eof and at < len(data):
                chunk = data[at : at + step]
                at += len(chunk)
                out = len(inflater.decompress(chunk, cap - total + 1))
                while inflater.unconsumed_tail and total + out <= cap:
                    out += len(inflater.decompress(inflater.unconsumed_tail, cap - total - out + 1))
                produced += out
                total += out
                if total > cap:
                    raise LoadError(f"PDF expands too much (its compressed streams hold over {_size(cap)})")
                used = at - start - len(inflater.unconsumed_tail)
                if limits.max_ratio and produced > limits.ratio_floor and produced > limits.max_ratio * used:
                    raise LoadError(
                        f"PDF expands too much (a stream grows {produced / max(used, 1):,.0f} times, "
                        f"past {_size(produced)})"
                    )
        except zlib.error:
            pass  # not a Flate stream (an image, another filter): nothing to bound here
        pos = at - len(inflater.unused_data) if inflater.eof else start


def check_text(text: str, limits: Limits) -> None:
    if limits.max_text_chars and len(text) > limits.max_text_chars:
        raise LoadError(
            f"text too long ({len(text):,} characters; the limit is {limits.max_text_chars:,})"
        )


# ---- the clock -------------------------------------------------------------------------------
class FileTimeout(BaseException):
    """Raised inside a loader when its file's time is up. A BaseException, so that the
    loaders' own `except Exception` (which turn a third-party error into "damaged file")
    do not swallow it."""


class time_limit:  # a context manager, named like contextlib's
    """Stop the block with LoadError(message) after `seconds` of wall-clock time.

    Uses SIGALRM, so it only works in a process's main thread (elsewhere, and with seconds 0,
    the block runs unbounded): no extra process per file, no restructuring of the pipeline. It
    interrupts Python code (bs4, python-docx and our PDF layout code are Python); a single long call into C
    is interrupted when it returns, which is why the structural checks come first.

    The alarm repeats until the block has ended: an exception raised where Python ignores it
    (inside a garbage-collector callback or a `__del__`) would otherwise be lost and the block
    would run on. The clock never raises inside its own `__enter__` or `__exit__` (the handler
    is told the frame it interrupted): an alarm there, after the timer is set or before it is
    stopped, would escape the `with` without `__exit__` disarming the timer, and a repeating
    timer left running kills the process with "Alarm clock" once SIGALRM is back at its
    default (at the latest when the interpreter exits). A repeat in the block does the work
    instead, so the timeout never escapes as anything but LoadError.
    """

    def __init__(self, seconds: float, message: str = "took too long to read (gave up after {seconds:g} s)") -> None:
        self.seconds = seconds
        self.message = message
        self.armed = False
        self.previous: object = None

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self.armed and (frame is None or frame.f_code not in _OWN_CODE):
            raise FileTimeout()

    def __enter__(self) -> Self:
        usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if not self.seconds or not usable:
            return self
        self.previous = signal.signal(signal.SIGALRM, self._expire)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, max(0.01, min(0.5, self.seconds / 10)))
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        # The handler does not raise in this frame (see the class's docstring), so the clock is
        # always stopped and SIGALRM's handler put back before anything else can happen.
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]
        if kind is not None and issubclass(kind, FileTimeout):
            raise LoadError(self.message.format(seconds=self.seconds)) from None


# The frames the alarm must not interrupt: arming and disarming the clock itself.
_OWN_CODE = frozenset({time_limit.__enter__.__code__, time_limit.__exit__.__code__})


__all__ = ["Limits", "check_docx", "check_html", "check_pdf", "check_text", "current", "read_file", "time_limit"]
