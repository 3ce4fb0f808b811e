"""HTML pages: the page's own metadata, then the main content only, without menus, sidebars,
share buttons, bylines, image credits, advertisements, newsletter boxes or comment boxes.

Furniture is recognised by whole class/id tokens split into their words ("site-nav",
"most-popular-list-item__headline", "sidebar widget-area"), never by a substring, and a token
that also names content ("content-sidebar-wrap", "entry-header", "elementor-widget-container")
is not furniture. Whatever the class names say, an element that holds most of the page's
paragraph text, or the content's own h1, is the article and is kept. When the result still
holds little of the page's paragraph text, trafilatura (if installed) is asked as well and the
longer main text wins (see docs/html-extraction.md for the measurements).
"""
from __future__ import annotations

import itertools
import re
from typing import Any

from corpus_search.errors import LoadError
from corpus_search.ingest.html_meta import page_meta
from corpus_search.ingest.text import decode
from corpus_search.models import LoadedText

FORMAT = "html"
SUFFIXES = (".html", ".htm", ".xhtml")

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button",
              "nav", "header", "footer", "aside", "menu", "select")
# Words of class/id tokens that mark page furniture on council, news and blog sites.
FURNITURE_WORDS = frozenset("""
    nav navbar navigation menu menus breadcrumb breadcrumbs cookie cookies consent ccc banner share
    sharing sharebar social comment comments related sidebar sidebars promo promos promotion newsletter
    signup subscribe subscription footer header masthead skip pagination pager tags tagcloud advert
    adverts advertisement advertising ads ad dfp gpt outbrain taboola sponsor sponsored popular
    trending recommended recommendations feedback rating print byline bylines dateline author
    credit credits caption captions disclaimer modal overlay popup toolbar offscreen foot
""".split())
# Furniture words that stay furniture beside a content word ("comment-body", "share-wrapper").
STRONG_FURNITURE = frozenset("""
    comment comments cookie cookies consent ccc gdpr newsletter advert adverts advertisement advertising
    outbrain taboola breadcrumb breadcrumbs share sharing sharebar social subscribe signup sponsored
""".split())
# Class words of the elements that carry a page's date line (read before they are dropped).
DATE_WORDS = frozenset({"byline", "dateline", "date", "published", "pubdate", "posted", "timestamp", "meta"})
# Furniture written as one token in two words ("most-read", "sr-only", "off-screen").
FURNITURE_PAIRS = frozenset({("most", "read"), ("most", "popular"), ("most", "viewed"), ("sr", "only"),
                             ("off", "screen"), ("visually", "hidden"), ("side", "bar"), ("read", "more"),
                             ("see", "also"), ("more", "stories"), ("screen", "reader")})
# Words that make a token the content itself, whatever furniture word it also holds.
CONTENT_WORDS = frozenset("""
    content contents main article articles body post posts entry story text layout wrap wrapper
    container primary single page richtext prose
""".split())
# Words of a layout wrapper that holds the content beside the furniture ("content-sidebar-wrap").
WRAPPER_WORDS = frozenset({"with", "has", "layout", "columns", "wrap"})
# A furniture word that is furniture only as a token's first word ("widget-area", not
# "elementor-widget", where a page builder calls every block of the article a widget).
LEADING_ONLY = frozenset({"widget", "widgets"})
_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search")
_STRONG_ROLES = ("dialog", "alertdialog")
_TOKEN_SPLIT = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])")
# An element holding this share of the page's paragraph text is the article, never furniture.
ARTICLE_SHARE = 0.5
_CELLS = ("td", "th")
_LINK_BLOCKS = ("ul", "ol", "table", "div", "td")
_MIN_LINKS, _LINK_SHARE = 4, 0.8
_BLOCKS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "div",
    "section",
    "article",
    "br",
    "table",
    "ul",
    "ol",
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Below this share of the page's paragraph text kept, trafilatura gets a say.
FALLBACK_SHARE = 0.4
FALLBACK_MIN_CHARS = 400


def _decode_html(data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _words(token: str) -> list[str]:
    return [w.lower() for w in _TOKEN_SPLIT.split(token) if w and not w.isdigit()]


def furniture_token(token: str) -> bool:
    """Whether one class or id token names page furniture.

    A strong furniture word anywhere decides ("comment-body", "share-wrapper"); a wrapper's
    words ("layout-with-sidebar", "has-sidebar") rule it out; otherwise the token is furniture
    when its last word, the last word of its BEM block ("most-read__item"), or its first word
    with no content word beside it ("sidebar-left", "widget-area") is a furniture word, or it
    holds a furniture pair ("sr-only", "off-screen").
    """
    words = _words(token)
    if not words:
        return False
    if any(w in STRONG_FURNITURE for w in words):
        return True
    if any(w in WRAPPER_WORDS for w in words):
        return False
    if any(pair in FURNITURE_PAIRS for pair in itertools.pairwise(words)):
        return True
    block = _words(token.split("__", 1)[0]) if "__" in token else words
    for word in (words[-1], block[-1] if block else ""):
        if word in FURNITURE_WORDS and word not in LEADING_ONLY:
            return True
    return (words[0] in FURNITURE_WORDS or words[0] in LEADING_ONLY) and not any(w in CONTENT_WORDS for w in words)


def _furniture_kind(tag: Any) -> str | None:
    """`strong` furniture (cookie banners, comments, share bars, adverts: never the article),
    `weak` furniture (navigation, sidebars, widgets: unless it holds the article), or None."""
    attrs = getattr(tag, "attrs", None)
    if not attrs:
        return None
    tokens = list(attrs.get("class", []) or []) + str(attrs.get("id", "") or "").split()
    role = str(attrs.get("role", "") or "")
    if role in _STRONG_ROLES or any(w in STRONG_FURNITURE for t in tokens for w in _words(t)):
        return "strong"
    if role in _ROLES or any(furniture_token(t) for t in tokens):
        return "weak"
    return None


def _is_furniture(tag: Any) -> bool:
    return _furniture_kind(tag) is not None


# A run of text at least this long, outside a link, is prose (a paragraph, or a line of one).
_PROSE_RUN = 40


def _prose_chars(soup: Any) -> dict[int, int]:
    """Characters of prose under every element (by `id`), in one pass over the page's text:
    text runs of _PROSE_RUN or more outside links, so that text written between <br>s counts as
    well as <p> text."""
    counts: dict[int, int] = {}
    for node in soup.find_all(string=True):
        if len(node) < _PROSE_RUN:
            continue
        parents = list(node.parents)
        if any(parent.name == "a" for parent in parents):
            continue
        size = len(node.strip())
        for parent in parents:
            counts[id(parent)] = counts.get(id(parent), 0) + size
    return counts


def _page_text(root: Any) -> str:
    for br in root.find_all("br"):
        br.replace_with("\n")
    for cell in root.find_all(_CELLS):
        cell.insert_before(" ")
        cell.insert_after(" ")
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    raw = root.get_text("")
    paragraphs: list[str] = []
    for line in raw.splitlines():
        line = " ".join(line.split())
        if line:
            paragraphs.append(line)
        elif paragraphs and paragraphs[-1] != "":
            paragraphs.append("")
    body = "\n".join(paragraphs).strip()
    return re.sub(r"\n{2,}", "\n\n", body)


def _date_line(soup: Any) -> str | None:
    """A date from a byline or dateline element ("By A. Reporter, 14 May 2019"), for a page
    whose metadata has none: those elements are dropped from the text as furniture."""
    from corpus_search.facts.dates import parse_document_date

    for tag in soup.find_all(class_=True):
        words = {w.lower() for token in tag.get("class", []) for w in _TOKEN_SPLIT.split(token) if w}
        if words & DATE_WORDS:
            text = tag.get_text(" ", strip=True)
            if 6 <= len(text) <= 160:
                value = parse_document_date(text)
                if value and len(value) == 10:
                    return value
    return None


def _trafilatura(html: str) -> str | None:
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        out = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    except Exception:  # a third-party parser failing on one page must not fail the file
        return None
    return out or None


def extract(html: str) -> LoadedText:
    """Title, metadata and main-content text of an HTML page, one block per paragraph."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    meta = page_meta(soup)
    title = None
    if soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    h1 = soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        title = " ".join(h1.get_text(" ", strip=True).split())
    # The content's own h1 (an article's or main's, else the page's first): a container that
    # holds it is the page itself (an ASP.NET <form> round the whole page, an article's
    # <header>, a "page-header" banner with the headline and standfirst), never furniture.
    content_h1 = None
    for scope in (soup.find("article"), soup.find("main"), soup):
        if scope is not None and scope.find("h1") is not None:
            content_h1 = scope.find("h1")
            break
    for tag in soup(("script", "style", "noscript", "template")):
        tag.decompose()
    if "date" not in meta:
        date = _date_line(soup)
        if date:
            meta["date"] = date
    prose = _prose_chars(soup)  # counted before anything is removed; elements keep their ids
    page_chars = prose.get(id(soup), 0)

    def holds_h1(tag: Any) -> bool:
        return content_h1 is not None and (tag is content_h1 or content_h1 in tag.descendants)

    def protected(tag: Any) -> bool:
        if holds_h1(tag):
            return True
        return page_chars >= 200 and prose.get(id(tag), 0) >= ARTICLE_SHARE * page_chars

    for tag in soup(_DROP_TAGS):
        if not tag.decomposed and not protected(tag):
            tag.decompose()
    # A figure is an image with its caption and credit, unless it wraps a table or a pull quote.
    for tag in soup("figure"):
        if not tag.decomposed and tag.find(["table", "blockquote"]) is None:
            tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        if (_furniture_kind(tag) == "strong" and not holds_h1(tag)) or not protected(tag):
            tag.decompose()
    # Link lists (menus, A-Z directories, "latest news" columns) that carry no class hint.
    for tag in soup.find_all(_LINK_BLOCKS):
        if tag.decomposed or protected(tag):
            continue
        links = tag.find_all("a")
        if len(links) >= _MIN_LINKS:
            chars = len(tag.get_text("", strip=True))
            linked = sum(len(a.get_text("", strip=True)) for a in links)
            if chars and linked / chars >= _LINK_SHARE:
                tag.decompose()
    # The main article is the longest one: news pages also mark up teaser cards as <article>.
    articles = sorted(soup.find_all("article"), key=lambda a: len(a.get_text(" ", strip=True)), reverse=True)
    root = (
        (articles[0] if articles else None)
        or soup.find("main")
        or soup.select_one('[role="main"]')
        or soup.body
        or soup
    )
    body = _page_text(root)
    if page_chars >= FALLBACK_MIN_CHARS and len(body) < FALLBACK_SHARE * page_chars:
        other = _trafilatura(html)
        if other and len(other) > 1.5 * len(body):
            body = other
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    if not body.strip():
        raise LoadError("no text in HTML page")
    return LoadedText(text=body, title=title, format=FORMAT, is_html=True, meta=meta)


def load(data: bytes) -> LoadedText:
    return extract(_decode_html(data))
