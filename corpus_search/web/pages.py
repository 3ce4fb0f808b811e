"""The HTML pages: search, document, person, organisation, status, and original files.

Every value reaches the page through a Jinja2 template with autoescaping on; the few pieces of
HTML built in Python (`markup.render`, `charts`, snippets) escape every piece of text themselves.
"""
from __future__ import annotations

import html
import mimetypes
import re
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError
from corpus_search.web import charts, data, markup, organisations
from corpus_search.web.api import search_options
from corpus_search.web.app import HERE, http_status

ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True)
)
ENV.filters["q"] = lambda value: quote(str(value), safe="")
GRADE_ROWS = list(organisations.GRADES)
SENTIMENT_ROWS = ["positive", "neutral", "negative"]
TYPE_LABELS = {"press_release": "press release", "news": "news", "minutes": "minutes", "agenda": "agenda",
               "report": "report", "letter": "letter", "other": "other"}
ENV.globals["type_label"] = lambda t: TYPE_LABELS.get(t, t)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = ENV.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(page, status_code=status)


def error_page(request: Request, status: int, message: str, **context: Any) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message, **context)


def _error(request: Request, exc: CorpusSearchError, **context: Any) -> HTMLResponse:
    return error_page(request, http_status(exc), str(exc), **context)


def snippet_html(snippet: str) -> Markup:
    """The library's snippet (`<b>` around matches, the rest escaped) as <mark>…</mark>, with
    every other character escaped again here, so a snippet can never carry a tag of its own."""
    out = []
    for part in re.split(r"(</?b>)", snippet):
        if part == "<b>":
            out.append("<mark>")
        elif part == "</b>":
            out.append("</mark>")
        else:
            out.append(str(escape(html.unescape(part))))
    text = "".join(out)
    if text.count("<mark>") != text.count("</mark>"):
        return Markup(escape(html.unescape(re.sub(r"</?b>", "", snippet))))
    return Markup(text)


def _link(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in (params | changes).items() if v not in (None, "", False)}
    return "/search?" + urlencode(merged)


# ---- search ------------------------------------------------------------------------------
async def search_page(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.items() if k != "token"}
    query = (params.get("q") or "").strip()
    context: dict[str, Any] = {"params": params, "query": query, "result": None, "error": None}
    status = 200
    if query:
        try:
            options = search_options(params)
            result = await run_in_threadpool(data.search, _settings(request), query, **options)
            context["result"] = result
            context["options"] = options
            context["snippets"] = [snippet_html(h["snippet"]) for h in result["results"]]
            context["link"] = lambda **changes: _link(params, **changes)
            limit = options["limit"] or 10
            context["prev"] = _link(params, offset=max(0, options["offset"] - limit)) if options["offset"] else None
            more = options["offset"] + limit < result["total"]
            context["next"] = _link(params, offset=options["offset"] + limit) if more else None
            context["first"], context["last"] = options["offset"] + 1, min(result["total"], options["offset"] + limit)
        except CorpusSearchError as exc:
            context["error"] = str(exc)
            status = http_status(exc)
    elif not data.index_exists(_settings(request)):
        context["error"] = f"no index in {_settings(request).index_dir}: run `corpus-search ingest` first"
        status = 503
    return render(request, "search.html", status=status, **context)


# ---- document ----------------------------------------------------------------------------
async def document_page(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    settings = _settings(request)
    try:
        doc = await run_in_threadpool(data.show, settings, doc_id)
    except CorpusSearchError as exc:
        return _error(request, exc)
    try:
        similar = (await run_in_threadpool(data.similar, settings, doc_id, 5))["results"]
    except CorpusSearchError:
        similar = None
    facts = doc.get("facts", {})
    body = markup.render(doc.get("text") or "", facts, doc.get("pages"))
    counts: dict[str, int] = {}
    for s in facts.get("sentence", []):
        counts[s["label"]] = counts.get(s["label"], 0) + 1
    return render(request, "document.html", doc=doc, body=body, facts=facts, sentence_counts=counts, similar=similar,
                  money_value=markup._money_value)


# ---- person ------------------------------------------------------------------------------
def _role_starts(settings: Settings, person: dict[str, Any]) -> list[int | None]:
    """Where each role's evidence stands in its document (who's JSON carries no offsets)."""
    wanted = {r["doc_id"] for r in person["roles"]}
    starts: dict[tuple[str, str, str], int] = {}
    for doc_id in wanted:
        try:
            facts = data.show(settings, doc_id)["facts"]
        except CorpusSearchError:
            continue
        for r in facts.get("role", []):
            starts.setdefault((doc_id, r["role"], r["evidence"]), r["start"])
    return [starts.get((r["doc_id"], r["role"], r["evidence"])) for r in person["roles"]]


async def person_page(request: Request) -> Response:
    from corpus_search.queries import Ambiguous, UnknownPerson

    name = request.path_params["name"]
    settings = _settings(request)
    try:
        person = await run_in_threadpool(data.who, settings, name)
    except Ambiguous as exc:
        return error_page(request, 404, str(exc), candidates=exc.candidates)
    except UnknownPerson as exc:
        return error_page(request, 404, str(exc), candidates=[{"name": s} for s in exc.suggestions])
    except CorpusSearchError as exc:
        return _error(request, exc)
    starts = await run_in_threadpool(_role_starts, settings, person)
    rows: list[str] = []
    points = []
    for role, start in zip(person["roles"], starts):
        row = role["role"] + (f", {role['organisation']}" if role["organisation"] else "")
        if row not in rows:
            rows.append(row)
        href = f"/documents/{quote(role['doc_id'], safe='/')}" + (f"#at-{start}" if start is not None else "")
        role["href"] = href
        points.append(
            charts.Point(
                x=role["date"] or "",
                row=row,
                href=href,
                cls=f"st-{role['status'] or 'none'}",
                label=f"{role['date'] or 'undated'}: {row}" + (f" ({role['status']})" if role["status"] else ""),
            )
        )
    chart = charts.timeline(points, rows, f"Roles of {person['name']} over time")
    return render(request, "person.html", person=person, chart=chart)


# ---- organisations -----------------------------------------------------------------------
async def organisations_page(request: Request) -> Response:
    try:
        items = await run_in_threadpool(organisations.list_organisations, _settings(request))
    except CorpusSearchError as exc:
        return _error(request, exc)
    return render(request, "organisations.html", items=items)


def _doc_href(doc_id: str, start: int | None = None) -> str:
    return f"/documents/{quote(doc_id, safe='/')}" + (f"#at-{start}" if start is not None else "")


async def organisation_page(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        org = await run_in_threadpool(organisations.organisation, _settings(request), name)
    except CorpusSearchError as exc:
        return _error(request, exc)
    grade_chart = charts.timeline(
        [charts.Point(x=g["date"] or "", row=g["grade"], href=_doc_href(g["doc_id"], g["start"]),
                      cls="g-" + g["grade"].replace(" ", "-"),
                      label=f"{g['date']}: {g['grade']}" + (f" ({g['area']})" if g["area"] else ""))
         for g in org["grades"]],
        GRADE_ROWS, f"Inspection grades of {org['name']} over time")
    sentiment_chart = charts.timeline(
        [charts.Point(x=d["date"] or "", row=d["sentiment"] or "neutral", href=_doc_href(d["doc_id"]),
                      cls="s-" + (d["sentiment"] or "neutral"), label=f"{d['date']}: {d['title']}")
         for d in org["documents"]],
        SENTIMENT_ROWS, f"Judgement sentiment of documents about {org['name']} over time")
    money_charts = []
    for currency in sorted({m["currency"] for m in org["money"]}):
        chart = charts.amounts(
            [charts.Point(x=m["date"] or "", value=m["value"], href=_doc_href(m["doc_id"], m["start"]), cls="money",
                          label=f"{m['text']}" + (f" for {m['purpose']}" if m["purpose"] else "") + f" ({m['date']})")
             for m in org["money"] if m["currency"] == currency],
            currency, f"Amounts of money ({currency}) named in {org['name']} documents, one dot per item")
        if chart is not None:
            money_charts.append(chart)
    years: dict[str, list[dict[str, Any]]] = {}
    for m in org["money"]:
        years.setdefault(m["year"] or "undated", []).append(m)
    return render(request, "organisation.html", org=org, grade_chart=grade_chart, sentiment_chart=sentiment_chart,
                  money_charts=money_charts, money_years=years, doc_href=_doc_href)


# ---- status and files --------------------------------------------------------------------
async def status_page(request: Request) -> Response:
    try:
        status = await run_in_threadpool(data.status, _settings(request))
    except CorpusSearchError as exc:
        return _error(request, exc)
    return render(request, "status.html", info=status)


_AS_TEXT = {".html", ".htm", ".md", ".txt"}


async def file_page(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    try:
        original = await run_in_threadpool(data.original_file, _settings(request), doc_id)
    except CorpusSearchError as exc:
        return _error(request, exc)
    suffix = original.path.suffix.lower()
    # HTML originals are shown as their source: served as HTML they would run on our origin.
    media = (
        "text/plain; charset=utf-8"
        if suffix in _AS_TEXT
        else (mimetypes.guess_type(original.name)[0] or "application/octet-stream")
    )
    headers = {}
    if suffix == ".pdf":
        # Chromium's PDF viewer does not open under a sandboxing policy; a PDF's own scripts run
        # inside the viewer, never on this origin.
        headers["content-security-policy"] = (
            "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; img-src data:"
        )
    return FileResponse(original.path, media_type=media, content_disposition_type="inline", filename=original.name,
                        headers=headers)


def routes() -> list[Route]:
    return [
        Route("/", search_page, methods=["GET"]),
        Route("/search", search_page, methods=["GET"]),
        Route("/documents/{doc_id:path}", document_page, methods=["GET"]),
        Route("/people/{name:path}", person_page, methods=["GET"]),
        Route("/organisations", organisations_page, methods=["GET"]),
        Route("/organisations/{name:path}", organisation_page, methods=["GET"]),
        Route("/status", status_page, methods=["GET"]),
        Route("/files/{doc_id:path}", file_page, methods=["GET"]),
    ]
