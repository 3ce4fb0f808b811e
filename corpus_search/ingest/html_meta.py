"""What an HTML page says about itself: title, publication date, author, publisher, page type.

Read before anything is guessed from the text, in this order of trust: JSON-LD (schema.org
`NewsArticle`, `Article`, `BlogPosting`, ... with `datePublished`), `<meta>` tags (OpenGraph
`article:published_time`, `og:site_name`, Dublin Core, `name="date"`, ...), then `<time>`
elements (`itemprop="datePublished"` or `pubdate` first, inside the article first).
Values are returned as plain strings, dates as ISO `YYYY-MM-DD` (the date as the page wrote it,
in its own time zone).
"""
from __future__ import annotations

import json
import re
from typing import Any

from corpus_search.facts.dates import parse_document_date

# schema.org types of a news or blog article, and of a page that is not one.
NEWS_TYPES = frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                        "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting"})
ARTICLE_TYPES = NEWS_TYPES | {"article", "blogposting", "socialmediaposting", "scholarlyarticle", "report",
                              "webpage", "pressrelease"}
# <meta> keys (name, property or itemprop, lower-cased) by the meta field they fill, most trusted first.
META_KEYS: dict[str, tuple[str, ...]] = {
    "date": ("article:published_time", "article:published", "og:published_time", "datepublished",
             "article:publicationdate", "publication_date", "publish-date", "publish_date", "publishdate",
             "pubdate", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
             "date", "sailthru.date", "parsely-pub-date", "original-publish-date", "citation_publication_date"),
    "author": ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator",
               "parsely-author", "byl"),
    "publisher": ("og:site_name", "article:publisher", "publisher", "dc.publisher", "dcterms.publisher",
                  "application-name"),
    "title": ("og:title", "twitter:title", "dc.title", "dcterms.title", "headline"),
    "og_type": ("og:type",),
    # the site's own section or format for the page ("Press releases", GOV.UK's "press_release")
    "section": ("article:section", "govuk:format", "dc.type", "dcterms.type"),
}
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")
_URL = re.compile(r"^https?://", re.I)
# `Fri Mar 13 21:30:09 EST 2015` (C's asctime with a zone), which the text parser does not read.
_ASCTIME = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\w*\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Z]{2,5})?\s+(\d{4})\s*$"
)
_BYLINE = re.compile(r"^\s*by\s+", re.I)


def iso_date(value: str) -> str | None:
    """`2015-07-24T05:36:09+01:00` -> `2015-07-24`; `20180925` -> `2018-09-25`; written dates
    (`Fri Mar 13 21:30:09 EST 2015`, `18-07-2019`) through the text date parser; else None."""
    value = value.strip()
    if not value:
        return None
    match = _ISO.match(value) or _COMPACT.match(value)
    if match:
        y, m, d = (int(g) for g in match.groups())
        if 1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{m:02d}-{d:02d}"
        return None
    asc = _ASCTIME.match(value)
    if asc:
        value = f"{asc.group(2)} {asc.group(1)} {asc.group(3)}"
    parsed = parse_document_date(value[:80])
    return parsed if parsed and len(parsed) == 10 else None


def _names(value: Any) -> str | None:
    """A schema.org author/publisher value (a string, an object with `name`, or a list of them)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value, `@graph` and lists flattened."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            if isinstance(item.get("mainEntity"), dict):
                stack.append(item["mainEntity"])
    return out


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def json_ld(soup: Any) -> dict[str, str]:
    """Fields of the page's main JSON-LD article object (a news type before other articles)."""
    best: tuple[int, dict[str, Any]] | None = None
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
            continue
        for item in _ld_items(data):
            kinds = _types(item)
            if not kinds & ARTICLE_TYPES:
                continue
            rank = 3 if kinds & NEWS_TYPES else 1 if "webpage" in kinds else 2
            if item.get("datePublished"):
                rank += 1
            if best is None or rank > best[0]:
                best = (rank, item)
    if best is None:
        return {}
    item = best[1]
    out = {"schema_type": sorted(_types(item) & ARTICLE_TYPES)[0]}
    for key, field in (("datePublished", "date"), ("uploadDate", "date"), ("dateCreated", "date_created")):
        value = item.get(key)
        if isinstance(value, str) and iso_date(value) and "date" not in out:
            out[field] = iso_date(value) or ""
    section = item.get("articleSection")
    if isinstance(section, list):
        section = ", ".join(str(x) for x in section)
    if isinstance(section, str) and section.strip():
        out["section"] = " ".join(section.split())
    headline = item.get("headline") or item.get("name")
    if isinstance(headline, str) and headline.strip():
        out["title"] = " ".join(headline.split())
    for field in ("author", "publisher"):
        name = _names(item.get(field))
        if name and not _URL.match(name):
            out[field] = _BYLINE.sub("", name)
    # An organisation as the author (GOV.UK: the department) is the body that issued the page.
    author = item.get("author")
    if isinstance(author, dict) and any(t.endswith("organization") for t in _types(author)):
        name = _names(author)
        if name and not _URL.match(name):
            out["organisation"] = name
    return out


def meta_tags(soup: Any) -> dict[str, str]:
    """Fields from `<meta>` tags, each from the most trusted key the page has."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not content or not str(content).strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key:
                found.setdefault(str(key).strip().lower(), " ".join(str(content).split()))
    out: dict[str, str] = {}
    for field, keys in META_KEYS.items():
        for key in keys:
            value = found.get(key)
            if not value or (field in ("author", "publisher") and _URL.match(value)):
                continue
            if field == "author":
                value = _BYLINE.sub("", value)
            if field == "date":
                iso = iso_date(value)
                if not iso:
                    continue
                value = iso
            out[field] = value
            break
    return out


def time_date(soup: Any) -> str | None:
    """The publication date from `<time>`: one marked as published, inside the main article
    (the `<article>` that holds the page's h1) first; else the article's first dated `<time>`."""
    h1 = soup.find("h1")
    scopes = []
    if h1 is not None:
        article = h1.find_parent("article")
        if article is not None:
            scopes.append(article)
    scopes.append(soup)
    for scope in scopes:
        for tag in scope.find_all("time"):
            published = tag.get("itemprop") == "datePublished" or tag.has_attr("pubdate") or any(
                "publish" in c.lower() for c in tag.get("class", []) or [])
            if published:
                value = iso_date(str(tag.get("datetime") or tag.get_text(" ", strip=True)))
                if value:
                    return value
    if len(scopes) > 1:
        for tag in scopes[0].find_all("time"):
            value = iso_date(str(tag.get("datetime") or ""))
            if value:
                return value
    return None


def page_meta(soup: Any) -> dict[str, str]:
    """Everything the page's own metadata says: `title`, `date`, `author`, `publisher`,
    `schema_type` (JSON-LD) and `og_type`, only the fields it gives."""
    meta = meta_tags(soup)
    for key, value in json_ld(soup).items():
        if value:
            meta[key] = value  # JSON-LD is the most specific
    if "date" not in meta:
        date = time_date(soup)
        if date:
            meta["date"] = date
    created = meta.pop("date_created", None)
    if "date" not in meta and created:
        meta["date"] = created
    return meta
