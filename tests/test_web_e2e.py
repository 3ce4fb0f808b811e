"""End to end in a real headless browser: `corpus-search serve` over the demo corpus, driven by
Playwright in Debian's chromium. Type a query, click a facet, open a document, follow a person."""
from __future__ import annotations

import http.client
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from typer.testing import CliRunner

from corpus_search.cli import app as cli_app
from tests.paths import ROOT
from tests.web_browser import CHROMIUM, CHROMIUM_ARGS, serving

STATUTORY = re.compile(r"(statutory )?direct\w*", re.IGNORECASE)  # plain words are optional: "direction" alone matches too
# Generous waits: CI machines are shared, and a wait ends as soon as the page is right.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def server(built_index):
    settings, _ = built_index
    with serving(settings.index_dir, ROOT) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


def test_search_facet_document_person(server, page: Page):
    page.goto(server + "/")
    page.fill("#q", "statutory direction")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=statutory\+direction$"))
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    ids = hits.evaluate_all("els => els.map(e => e.dataset.docId)")
    assert sorted(i[:3] for i in ids[:2]) == ["001", "003"]
    for doc_id in ids[:2]:
        marks = page.locator(f'li.hit[data-doc-id="{doc_id}"] .snippet mark')
        assert marks.count() >= 1
        assert all(STATUTORY.fullmatch(t) for t in marks.all_inner_texts())
    expect(page.locator("#summary")).to_contain_text("of 4 documents")

    # A facet narrows the results and shows itself as the active filter.
    page.locator('.facet[data-facet="doc_type"] a.facet-link', has_text="news").click()
    page.wait_for_url(re.compile(r"type=news"))
    expect(page.locator("li.hit")).to_have_count(1)
    assert page.locator("li.hit").get_attribute("data-doc-id").startswith("001")
    expect(page.locator("a.facet-link.active")).to_have_text("news")
    expect(page.locator('select[name="type"]')).to_have_value("news")

    # The document: title, metadata, facts marked inline, sentiment marks in the margin.
    page.locator("a.hit-title").first.click()
    page.wait_for_url(re.compile(r"/documents/001_"))
    expect(page.locator("#doc-title")).to_contain_text("Statutory directions lifted")
    text = page.locator("#doc-text")
    expect(text.locator("a.f-person", has_text="Ade Adetosoye")).to_have_count(1)
    assert text.locator("mark.f-date").count() >= 2
    assert text.locator(".f-judgement").count() >= 2
    assert text.locator(".sentence.s-positive").count() >= 1 and text.locator(".sentence.s-negative").count() >= 1
    expect(page.locator("#original")).to_have_attribute("href", "/files/001_3a3dd66e6bade30d.txt")

    # Follow the person link: their page, roles with evidence, a timeline chart.
    text.locator("a.f-person", has_text="Ade Adetosoye").click()
    page.wait_for_url(re.compile(r"/people/Ade%20Adetosoye$"))
    expect(page.locator("#person-name")).to_contain_text("Ade Adetosoye")
    expect(page.locator("table.roles")).to_contain_text("interim chief executive")
    expect(page.locator("table.roles")).to_contain_text("Executive Director for Care Services")
    assert page.locator("svg.chart circle.mark").count() == 2
    expect(page.locator("ul.related")).to_contain_text("Dawn Godfrey")

    # The evidence links back to its place in the document, which lights up.
    page.locator("td.evidence a", has_text="interim chief executive").click()
    page.wait_for_url(re.compile(r"/documents/001_3a3dd66e6bade30d\.txt#at-\d+$"))
    target = page.locator(".sentence.target")
    expect(target).to_contain_text("interim chief executive Ade Adetosoye")
    assert page.errors == []  # type: ignore[attr-defined]


def test_organisation_and_status_pages(server, page: Page):
    page.goto(server + "/organisations")
    page.locator("table.orgs a", has_text="Bromley Council").click()
    expect(page.locator("#org-name")).to_have_text("Bromley Council")
    expect(page.locator("#grades-chart svg circle.mark")).to_have_count(2)
    assert page.locator("#sentiment-chart svg circle.mark").count() >= 2
    # Axes run over the real years, not 1970-2050.
    labels = page.locator("#sentiment-chart svg text.tick-label").all_text_contents()
    years = [label for label in labels if label.isdigit()]
    assert years and min(map(int, years)) >= 2016 and max(map(int, years)) <= 2019
    expect(page.locator("table.money")).to_contain_text("£2.3 million")
    expect(page.locator("ul.org-people")).to_contain_text("Ade Adetosoye")
    page.goto(server + "/status")
    expect(page.locator("#doc-count")).to_have_text("5")
    assert page.errors == []  # type: ignore[attr-defined]


def test_filters_sort_and_pagination_in_the_url(server, page: Page):
    page.goto(server + "/search?q=children&limit=2")
    expect(page.locator("li.hit")).to_have_count(2)
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"offset=2"))
    expect(page.locator("#summary")).to_contain_text("3–")
    page.select_option('select[name="sort"]', "date")  # a menu applies at once (static/app.js)
    page.wait_for_url(re.compile(r"sort=date"))
    dates = [d.split(" · ")[0] for d in page.locator("li.hit .meta").all_inner_texts()]
    assert dates == sorted(dates, reverse=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_raw_dot_dot_path_over_http(server):
    """Sent exactly as written (no client-side normalisation), to the real server."""
    url = urlparse(server)
    for path in ("/files/../../etc/passwd", "/files/..%2f..%2fetc%2fpasswd", "/files/%2e%2e/%2e%2e/etc/passwd"):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        assert response.status in (400, 404), path
        assert b"root:" not in body
        conn.close()


def test_hostile_document_runs_nothing_in_the_browser(tmp_path, browser):
    from tests.test_web_security import HOSTILE_HTML, HOSTILE_TEXT

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    home = tmp_path / "home"
    assert CliRunner().invoke(cli_app, ["--index", str(home), "ingest", str(corpus)]).exit_code == 0
    dialogs: list[str] = []
    with serving(home, ROOT) as base:
        context = browser.new_context()
        context.set_default_timeout(60_000)
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ("/documents/hostile.txt", "/documents/hostile.html", "/search?q=alert", "/files/hostile.html",
                    "/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E"):
            pg.goto(base + url)
            pg.wait_for_load_state("load")
            assert pg.locator("img").count() == 0, url
        pg.goto(base + "/documents/hostile.txt")
        expect(pg.locator("#doc-text")).to_contain_text('"><img src=x onerror=alert(2)>')
        expect(pg.locator("#doc-title")).to_contain_text('<script>alert("title")</script>')
        context.close()
    assert dialogs == []
