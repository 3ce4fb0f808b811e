"""Plain text and Markdown, in whatever encoding a council's Windows PC saved them.

Text exported from a CMS or a static site carries more than its words: YAML (`---`) or TOML
(`+++`) front matter, Markdown tables, links and emphasis, raw HTML tags (`<img>`, `<cite>`) and
HTML entities (`&pound;`). `load` strips all of that to the text a reader sees and keeps the
front matter's title and date as metadata.
"""
from __future__ import annotations

import codecs
import html
import re

from corpus_search.errors import LoadError
from corpus_search.models import LoadedText

FORMAT = "text"
SUFFIXES = (".txt", ".text")

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


# ---- front matter --------------------------------------------------------------------------
_FRONT = re.compile(r"\A\ufeff?[^\S\n]*(?P<fence>---|\+\+\+)[^\S\n]*\n(?P<body>.*?)\n(?P=fence)[^\S\n]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*(?P<value>.*)$")
# Front-matter keys that carry the document's metadata, by the meta key they fill.
FRONT_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "publishdate", "date_published", "created"),
    "author": ("author", "authors", "byline"),
    "publisher": ("publisher", "source", "organisation", "organization"),
    "section": ("categories", "category", "section", "type"),  # a one-line value: `categories: [press-releases]`
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _front_value(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """(metadata, rest of the text) for a text that opens with YAML or TOML front matter.

    Only top-level `key: value` (YAML) or `key = value` (TOML) lines are read; block values
    (`excerpt: |` and its indented lines, lists) are skipped. The metadata holds `title`,
    `date` (ISO `YYYY-MM-DD`), `author`, `publisher` and `section` (the post's category) where the
    front matter gives them.
    """
    match = _FRONT.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").split("\n"):
        if not line or line[0].isspace():
            continue
        kv = _YAML_KEY.match(line.strip())
        if kv and kv.group("value").strip() not in ("", "|", ">", "|-", ">-"):
            fields.setdefault(kv.group("key").lower(), _front_value(kv.group("value")))
    if not fields:
        return {}, text
    meta: dict[str, str] = {}
    for name, keys in FRONT_KEYS.items():
        for key in keys:
            value = fields.get(key)
            if not value:
                continue
            if name == "date":
                iso = _ISO_DATE.search(value)
                if not iso:
                    continue
                value = iso.group(0)
            meta[name] = value
            break
    return meta, text[match.end():]


# ---- Markdown and inline HTML -------------------------------------------------------------
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^)\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}[^\S\n]+(?=\S)", re.M)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_DROP_ELEMENTS = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAGS = "p|div|br|li|tr|h[1-6]|blockquote|table|ul|ol|section|article|figure|figcaption|hr"
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_NOT_MARKUP = re.compile(r"[<>&\[|#*_]")


def _table_row(line: str) -> str | None:
    """'|A|B|' -> 'A | B' (a separator row `|---|---|` -> ''), else None for a line that is no row."""
    if _TABLE_RULE.match(line) and "|" in line:
        return ""
    row = _TABLE_ROW.match(line)
    if not row:
        return None
    cells = [" ".join(cell.split()) for cell in row.group(1).split("|")]
    return " | ".join(cell for cell in cells if cell)


def plain(text: str) -> str:
    """The text a reader sees: Markdown tables as rows, links and images as their text, heading
    marks and emphasis dropped, raw HTML tags removed (block tags become line breaks), HTML
    entities decoded. Text without any markup comes back unchanged."""
    if not _NOT_MARKUP.search(text):
        return text
    text = _COMMENT.sub("", text)
    text = _DROP_ELEMENTS.sub("", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    text = _LINK_DEF.sub("", text)
    text = _IMAGE.sub(lambda m: m.group(1) if m.group(1) and not m.group(1).lower().startswith("image") else "", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    lines = []
    for line in text.split("\n"):
        row = _table_row(line)
        if row is None:
            lines.append(line)
        elif row:
            lines.append(row)
    return html.unescape("\n".join(lines))


_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});")


def load_text(data: bytes, markup: bool) -> LoadedText:
    """A text file's reader text and metadata. `markup`: a Markdown export, whose tables, links,
    emphasis and raw HTML are turned into plain text; a plain text file only has its front
    matter read and its HTML entities decoded (its angle brackets are the author's)."""
    meta, body = front_matter(decode(data))
    if markup:
        body = plain(body)
    elif "&" in body:
        body = _ENTITY.sub(lambda m: html.unescape(m.group(0)), body)
    if not body.strip():
        raise LoadError("empty file")
    title = meta.get("title")
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body.lstrip()}"
    return LoadedText(text=body, title=title, format=FORMAT, meta=meta)


def load(data: bytes) -> LoadedText:
    return load_text(data, markup=False)
