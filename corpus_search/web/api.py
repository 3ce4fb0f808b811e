"""The HTTP API under /api/: the CLI's JSON shapes (CONTRACT.md) over HTTP.

Errors: 400 `{"error": "one line"}` for a malformed query or option, 404 for an unknown id or
name, 501 for what this build's library cannot do yet, 503 while no index exists.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from corpus_search.config import Settings
from corpus_search.errors import CorpusSearchError, UsageError
from corpus_search.web import data
from corpus_search.web.openapi import OPENAPI

MAX_LIMIT = 1000
MAX_CLASSIFY_BYTES = 5_000_000
TRUE = ("1", "true", "yes", "on")
FALSE = ("", "0", "false", "no", "off")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def error_response(exc: CorpusSearchError) -> JSONResponse:
    from corpus_search.queries import Ambiguous, UnknownPerson
    from corpus_search.web.app import http_status

    body: dict[str, Any] = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    if isinstance(exc, Ambiguous):
        body["candidates"] = exc.candidates
    elif isinstance(exc, UnknownPerson):
        body["candidates"] = []
        body["suggestions"] = exc.suggestions
    return JSONResponse(body, status_code=http_status(exc))


def int_param(params: Any, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise UsageError(f"{name} must be zero or more")
    if maximum is not None and value > maximum:
        raise UsageError(f"{name} must be at most {maximum}")
    return value


def bool_param(params: Any, name: str) -> bool:
    raw = (params.get(name) or "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise UsageError(f"{name} must be true or false, not {raw!r}")


def text_param(params: Any, name: str) -> str | None:
    value = params.get(name)
    return value.strip() or None if isinstance(value, str) else None


def search_options(params: Any) -> dict[str, Any]:
    """The search options of a query string, as `data.search` keywords (shared with the page)."""
    return {
        "limit": int_param(params, "limit", 10, MAX_LIMIT),
        "offset": int_param(params, "offset", 0),
        "sort": text_param(params, "sort") or "relevance",
        "doc_type": text_param(params, "type"),
        "since": text_param(params, "since"),
        "until": text_param(params, "until"),
        "sentiment": text_param(params, "sentiment"),
        "person": text_param(params, "person"),
        "org": text_param(params, "org"),
        "all_words": bool_param(params, "all"),
    }


async def _answer(fn: Callable[[], Any]) -> Response:
    try:
        result = await run_in_threadpool(fn)
    except CorpusSearchError as exc:
        return error_response(exc)
    if isinstance(result, Response):
        return result
    return JSONResponse(result)


async def search(request: Request) -> Response:
    def run() -> Any:
        query = request.query_params.get("q")
        if query is None:
            raise UsageError("give a query: /api/search?q=WORDS")
        return data.search(_settings(request), query, **search_options(request.query_params))

    return await _answer(run)


async def similar(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    return await _answer(
        lambda: data.similar(_settings(request), doc_id, int_param(request.query_params, "limit", 10, MAX_LIMIT))
    )


async def who(request: Request) -> Response:
    def run() -> Any:
        name = request.query_params.get("name")
        if not name or not name.strip():
            raise UsageError("give a name: /api/who?name=NAME")
        return data.who(_settings(request), name)

    return await _answer(run)


async def document(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    return await _answer(lambda: data.show(_settings(request), doc_id))


async def status(request: Request) -> Response:
    return await _answer(lambda: data.status(_settings(request)))


async def report(request: Request) -> Response:
    kind = request.query_params.get("kind") or "all"

    def run() -> Response:
        return Response(data.report_jsonl(_settings(request), kind), media_type="application/x-ndjson; charset=utf-8")

    return await _answer(run)


async def classify(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_CLASSIFY_BYTES:
        return JSONResponse({"error": f"send at most {MAX_CLASSIFY_BYTES} bytes per request"}, status_code=413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return JSONResponse({"error": "the body must be UTF-8 text, one sentence a line"}, status_code=400)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line opens no new one
    lines = [line.rstrip("\r") for line in lines]

    def run() -> Response:
        import json

        rows = data.classify(_settings(request), lines)
        out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return Response(out, media_type="application/x-ndjson; charset=utf-8")

    return await _answer(run)


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def routes() -> list[Route]:
    return [
        Route("/api/search", search, methods=["GET"]),
        Route("/api/similar/{doc_id:path}", similar, methods=["GET"]),
        Route("/api/who", who, methods=["GET"]),
        Route("/api/documents/{doc_id:path}", document, methods=["GET"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/report", report, methods=["GET"]),
        Route("/api/classify", classify, methods=["POST"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]
