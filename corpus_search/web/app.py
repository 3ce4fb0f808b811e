"""The Starlette application: routes, the token check, security headers, error pages.

`create_app(settings, token=...)` is what `serve` runs and what the tests drive with Starlette's
TestClient. Read-only: the only POST is `/api/classify`, which changes nothing.
"""
from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpus_search.config import Settings
from corpus_search.errors import (
    CorpusSearchError,
    IndexBusy,
    IndexNotFound,
    NotFound,
    UsageError,
)
from corpus_search.web.data import NotSupported

HERE = Path(__file__).resolve().parent
COOKIE = "corpus_search_token"
# No inline script or style anywhere: the page's own JS and CSS are static files. Documents are
# text we escape, so nothing a document contains can add a script; this header is the second lock.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
# Original files are shown as they are but may not run anything on our origin.
FILE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def http_status(exc: CorpusSearchError) -> int:
    """The HTTP status of a library error, per CONTRACT.md's HTTP section."""
    if isinstance(exc, NotSupported):
        return 501
    if isinstance(exc, (IndexNotFound, IndexBusy)):
        return 503
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, UsageError):
        return 400
    return 400 if exc.exit_code == 2 else 500


class SecurityHeaders:
    """Adds CSP and friends to every response (a stricter CSP for original files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_file = scope["path"].startswith("/files/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"content-security-policy": (FILE_CSP if is_file else CSP).encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"DENY",
                    b"cross-origin-opener-policy": b"same-origin",
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TokenGate:
    """With a token, every request needs `Authorization: Bearer T` or the cookie that a page
    opened once with `?token=T` sets (that visit is redirected to the same URL without it)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    def _ok(self, value: str | None) -> bool:
        return bool(value) and self.token is not None and hmac.compare_digest(value.encode(), self.token.encode())  # type: ignore[union-attr]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and self._ok(auth[7:].strip()):
            await self.app(scope, receive, send)
            return
        cookies = dict(part.strip().split("=", 1) for part in headers.get("cookie", "").split(";") if "=" in part)
        if self._ok(cookies.get(COOKIE)):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        response: Response
        if given and self._ok(given[-1]) and scope["method"] in ("GET", "HEAD"):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            target = URL(scope=scope).replace(query=rest)
            response = RedirectResponse(str(target.path) + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(COOKIE, self.token or "", httponly=True, samesite="strict", path="/")
        elif scope["path"].startswith("/api/"):
            response = JSONResponse(
                {"error": "this server needs a token: send Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            response = PlainTextResponse("This server needs a token: open it once with ?token=TOKEN.", status_code=401,
                                         headers={"WWW-Authenticate": "Bearer"})
        await response(scope, receive, send)


def create_app(settings: Settings, token: str | None = None, allowed_hosts: list[str] | None = None) -> Starlette:
    """The web application over one index home.

    token (str | None): when set, required on every request (see TokenGate).
    allowed_hosts (list[str] | None): Host headers accepted (DNS-rebinding guard); None accepts any.
    """
    from corpus_search.web import api, pages

    routes = [
        *api.routes(),
        *pages.routes(),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    middleware.append(Middleware(TokenGate, token=token))

    async def not_found(request: Any, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": f"no such API route: {request.url.path}"}, status_code=404)
        return pages.error_page(request, 404, "There is no page at this address.")

    async def server_error(request: Any, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)
        return pages.error_page(request, 500, "Something went wrong on the server.")

    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: not_found, 500: server_error})
    app.state.settings = settings
    return app
