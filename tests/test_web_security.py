"""Safe by default: hostile documents render inert, files never leave the ingest roots, a public
bind needs a token and then every request must carry it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from corpus_search.cli import app as cli_app
from corpus_search.config import Settings
from corpus_search.web.app import CSP, create_app
from corpus_search.web.server import check_bind, is_local
from tests.paths import FIXTURES

HOSTILE_TITLE = '<script>alert("title")</script> "><img src=x onerror=alert(1)>'
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Bromley Council said on 3 March 2017 that Councillor Robert Evans had approved £2.5m for the plan.
The report quoted "><img src=x onerror=alert(2)> and <script>alert("body")</script> verbatim.
Ofsted judged the service inadequate.
"""
HOSTILE_HTML = """<!doctype html><html><head><title>&lt;script&gt;alert(3)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(4)&gt;</title></head>
<body><article><h1>&lt;script&gt;alert(3)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(4)&gt;</h1>
<p>Councillor Robert Evans told the committee on 4 April 2018 that &lt;img src=x onerror=alert(5)&gt; was pasted into the minutes by mistake,
and that the council would spend £300,000 on repairs to the library roof over the next two years.</p>
<p>The chair, Councillor Mary Smith, thanked officers &lt;script&gt;alert(6)&lt;/script&gt; for the report and asked for an update in June.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An index of hostile documents, and a file outside the corpus that a symlink points at."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (corpus / "swapped.txt").write_text("Bromley Council met on 5 May 2019 and agreed the budget of £1m.\n", encoding="utf-8")
    shutil.copy(FIXTURES / "minutes.pdf", corpus / "minutes.pdf")
    secret = base / "secret.txt"
    secret.write_text("Councillor Robert Evans wrote this private note on 1 June 2019; nobody may read it.\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(secret)
    home = base / "home"
    result = CliRunner().invoke(cli_app, ["--index", str(home), "ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    # After the ingest, a file is swapped for a symlink to something outside the root.
    (corpus / "swapped.txt").unlink()
    (corpus / "swapped.txt").symlink_to(secret)
    settings = Settings(index_dir=home)
    with TestClient(create_app(settings)) as client:
        yield client, settings


def _no_live_markup(html: str) -> None:
    assert "<script>alert" not in html and "<script>" not in html.replace('<script src="/static/app.js" defer></script>', "")
    assert not re.search(r"<img\b", html), "an <img> tag from a document reached the page"


@pytest.mark.parametrize("doc_id", ["hostile.txt", "hostile.html"])
def test_hostile_document_page_is_inert(hostile, doc_id):
    client, _ = hostile
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200
    html = response.text
    _no_live_markup(html)
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert" in html
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_hostile_titles_inert_in_search_and_person_pages(hostile):
    client, _ = hostile
    for url in ("/search?q=alert", "/search?q=Evans", "/people/Robert%20Evans", "/status", "/organisations"):
        response = client.get(url)
        assert response.status_code == 200, url
        _no_live_markup(response.text)
    assert "&lt;script&gt;" in client.get("/search?q=alert").text


def test_hostile_query_is_escaped(hostile):
    client, _ = hostile
    html = client.get("/search", params={"q": '"><script>alert(7)</script>'}).text
    _no_live_markup(html)
    html = client.get("/people/%3Cscript%3Ealert(8)%3C%2Fscript%3E").text
    _no_live_markup(html)


@pytest.mark.parametrize("url", [
    "/files/../../etc/passwd", "/files/..%2F..%2Fetc%2Fpasswd", "/files/%2Fetc%2Fpasswd", "/files//etc/passwd",
    "/files/link.txt", "/files/swapped.txt", "/files/nothing.txt", "/files/C:%5Cwindows%5Cwin.ini",
])
def test_files_never_leave_the_ingest_root(hostile, url):
    client, _ = hostile
    # A link out of the root is never ingested; a file swapped for such a link after its ingest is a
    # document of the index, and it is the file serving that refuses it.
    assert client.get("/api/documents/link.txt").status_code == 404
    assert client.get("/api/documents/swapped.txt").status_code == 200
    response = client.get(url)
    assert response.status_code == 404, url
    assert "root:" not in response.text and "private note" not in response.text


def test_files_serves_the_original_inside_the_root(hostile):
    client, _ = hostile
    response = client.get("/files/hostile.html")
    assert response.status_code == 200
    # An HTML original is shown as its source, in a sandbox: it cannot run on this origin.
    assert response.headers["content-type"].startswith("text/plain")
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "&lt;script&gt;alert(3)" in response.text


def test_files_serves_a_pdf_as_a_pdf(hostile):
    client, _ = hostile
    response = client.get("/files/minutes.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content == (FIXTURES / "minutes.pdf").read_bytes()
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none' covers scripts


def test_api_never_reads_a_file_outside(hostile):
    client, _ = hostile
    for url in ("/api/documents/../../etc/passwd", "/api/documents/%2Fetc%2Fpasswd"):
        response = client.get(url)
        assert response.status_code == 404 and "root:" not in response.text


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
                                         ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("example.org", False)])
def test_is_local(host, local):
    assert is_local(host) is local


def test_non_local_bind_without_token_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("CORPUS_SEARCH_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["--index", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: --host 0.0.0.0 is reachable from other machines: give --token T "
                             "(or set CORPUS_SEARCH_TOKEN) to serve there\n")
    assert check_bind("0.0.0.0", "a-long-token") == "a-long-token"
    monkeypatch.setenv("CORPUS_SEARCH_TOKEN", "from-the-environment")
    assert check_bind("0.0.0.0", None) == "from-the-environment"
    assert check_bind("127.0.0.1", None) == "from-the-environment"


def test_token_required_on_every_request(hostile):
    _, settings = hostile
    token = "s3cret-token-for-tests"
    with TestClient(create_app(settings, token=token), follow_redirects=False) as c:
        for url in ("/api/status", "/api/search?q=Evans", "/", "/documents/hostile.txt", "/files/hostile.txt", "/static/style.css"):
            assert c.get(url).status_code == 401, url
        assert c.get("/api/status", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/status", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert c.get("/api/status", params={"token": "wrong"}).status_code == 401
        # A page opened once with ?token=T sets a cookie and drops the token from the address.
        first = c.get("/search", params={"q": "Evans", "token": token})
        assert first.status_code == 303 and first.headers["location"] == "/search?q=Evans"
        assert "httponly" in first.headers["set-cookie"].lower() and "samesite=strict" in first.headers["set-cookie"].lower()
        assert c.get("/search?q=Evans").status_code == 200
        assert c.get("/api/status").status_code == 200
    with TestClient(create_app(settings, token=token)) as fresh:
        assert fresh.get("/api/status").status_code == 401
        assert fresh.get("/api/status").json() == {"error": "this server needs a token: send Authorization: Bearer TOKEN"}


def test_unknown_host_header_refused_on_a_local_bind(hostile):
    """Without a token only loopback Host headers are served (no DNS rebinding)."""
    _, settings = hostile
    with TestClient(create_app(settings, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://evil.example") as c:
        assert c.get("/api/status").status_code == 400
    with TestClient(create_app(settings, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1:8750") as c:
        assert c.get("/api/status").status_code == 200


def test_pages_do_not_import_framework_for_cli(tmp_path):
    """search, who and show never import the web framework."""
    import subprocess
    import sys

    from tests.paths import ROOT

    code = ("import sys\nfrom corpus_search import cli, queries, search\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'jinja2', 'uvicorn') or m.startswith('corpus_search.web')))")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr
    assert not Path(ROOT / "corpus_search" / "web" / "__init__.py").read_text().count("import ")


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "/etc/passwd", "a/../../secret.txt", "link.txt", "swapped.txt",
                                    "C:\\windows\\win.ini", "..\\..\\secret.txt"])
def test_original_file_refuses_escapes(hostile, doc_id):
    """The path as the route receives it, without any URL normalisation in between."""
    from corpus_search.errors import NotFound
    from corpus_search.web import data

    _, settings = hostile
    with pytest.raises(NotFound):
        data.original_file(settings, doc_id)


def test_raw_dot_dot_path_reaches_no_file(hostile):
    """An unnormalised `/files/../../etc/passwd` sent straight to the ASGI app."""
    import asyncio

    _, settings = hostile
    app = create_app(settings)
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/files/../../etc/passwd", "raw_path": b"/files/../../etc/passwd", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 404
    assert b"root:" not in b"".join(m.get("body", b"") for m in sent)


def test_busy_port_is_one_line_not_a_traceback(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["--index", str(tmp_path), "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port} (") and result.stderr.count("\n") == 1
