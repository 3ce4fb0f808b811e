"""HTML pages: the main content only, without menus, sidebars, share buttons or comment boxes."""
from __future__ import annotations

import re

from corpus_search.errors import LoadError
from corpus_search.ingest.html_meta import page_meta
from corpus_search.ingest.text import decode
from corpus_search.models import LoadedText

FORMAT = "html"
SUFFIXES = (".html", ".htm", ".xhtml")

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button",
              "nav", "header", "footer", "aside", "menu", "select")
# class/id words of page furniture on council and news sites.
_FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookie|consent|ccc|banner|share|sharing|social|comments?|"
    r"related|sidebar|side-bar|promo|newsletter|signup|footer|header|masthead|skip|pagination|"
    r"tags|widget|advert|ads|popular|most-read|feedback|rating|print)([\s_-]|$)",
    re.I,
)
_CELLS = ("td", "th")
_LINK_BLOCKS = ("ul", "ol", "table", "div", "td")
_MIN_LINKS, _LINK_SHARE = 4, 0.8
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre", "dd", "dt", "div", "section", "article", "br", "table", "ul", "ol")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def _decode_html(data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _is_furniture(tag) -> bool:  # type: ignore[no-untyped-def]
    attrs = getattr(tag, "attrs", None)
    if not attrs:
        return False
    names = " ".join(attrs.get("class", []) or []) + " " + str(attrs.get("id", "") or "")
    role = str(attrs.get("role", "") or "")
    return bool(_FURNITURE.search(names)) or role in ("navigation", "banner", "contentinfo", "complementary")


def extract(html: str) -> LoadedText:
    """Title and main-content text of an HTML page, one block per paragraph."""
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

    def holds_h1(tag) -> bool:  # type: ignore[no-untyped-def]
        return content_h1 is not None and (tag is content_h1 or content_h1 in tag.descendants)

    for tag in soup(_DROP_TAGS):
        if not tag.decomposed and not holds_h1(tag):
            tag.decompose()
    # A figure is an image with its caption and credit, unless it wraps a table or a pull quote.
    for tag in soup("figure"):
        if not tag.decomposed and tag.find(["table", "blockquote"]) is None:
            tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed and tag.name not in ("html", "body", "main", "article") and not holds_h1(tag):
            tag.decompose()
    # Link lists (menus, A-Z directories, "latest news" columns) that carry no class hint.
    for tag in soup.find_all(_LINK_BLOCKS):
        if tag.decomposed or holds_h1(tag):
            continue
        links = tag.find_all("a")
        if len(links) >= _MIN_LINKS:
            text = len(tag.get_text("", strip=True))
            linked = sum(len(a.get_text("", strip=True)) for a in links)
            if text and linked / text >= _LINK_SHARE:
                tag.decompose()
    # The main article is the longest one: news pages also mark up teaser cards as <article>.
    articles = sorted(soup.find_all("article"), key=lambda a: len(a.get_text(" ", strip=True)), reverse=True)
    root = (articles[0] if articles else None) or soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    for cell in root.find_all(_CELLS):
        cell.insert_before(" ")
        cell.insert_after(" ")
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = root.get_text("")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line:
            paragraphs.append(line)
        elif paragraphs and paragraphs[-1] != "":
            paragraphs.append("")
    body = "\n".join(paragraphs).strip()
    body = re.sub(r"\n{2,}", "\n\n", body)
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    if not body.strip():
        raise LoadError("no text in HTML page")
    return LoadedText(text=body, title=title, format=FORMAT, is_html=True, meta=meta)


def load(data: bytes) -> LoadedText:
    return extract(_decode_html(data))
