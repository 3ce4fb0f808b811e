"""`report --format html`: every fact links to its passage in the same file, money is itemised,
axes run over the real dates, and the tables sort and filter (checked in headless chromium)."""
from __future__ import annotations

import re
from html import unescape

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app as cli_app
from tests.web_browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def report_file(built_index, tmp_path_factory):
    settings, _ = built_index
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(cli_app, ["--index", str(settings.index_dir), "report", "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_fact_links_to_its_passage(report_file):
    html = report_file.read_text(encoding="utf-8")
    passages = {m.group(1): unescape(re.sub(r"<[^>]+>", "", m.group(2)))
                for m in re.finditer(r'<p class="passage [a-z]*" id="(p-\d+)">(.*?)</p>', html)}
    assert len(passages) == 91  # every sentence of the demo corpus
    for kind in ("money", "judgement", "date"):
        table = re.search(rf'<table class="facts" id="t-{kind}">(.*?)</table>', html, re.DOTALL)
        assert table, kind
        rows = re.findall(r"<tr>(<td.*?)</tr>", table.group(1), re.DOTALL)
        assert rows
        for row in rows:
            text = unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)[{"money": 0, "judgement": 4, "date": 0}[kind]]))
            target = re.search(r'<a href="#(p-\d+)">show</a>', row)
            assert target, row
            assert text.lower() in passages[target.group(1)].lower(), (text, passages[target.group(1)])


def test_money_itemised_and_axes_real(report_file):
    html = report_file.read_text(encoding="utf-8")
    assert "Money (GBP), item by item" in html and html.count('class="mark money"') == 2
    years = [int(y) for y in re.findall(r'class="tick-label"[^>]*>(\d{4})<', html)]
    assert years and min(years) >= 2016 and max(years) <= 2019
    assert "1970" not in re.sub(r"<p class=\"passage.*?</p>", "", html, flags=re.DOTALL)


def test_tables_sort_and_filter_in_a_browser(report_file):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(60_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report_file.as_uri())
        rows = page.locator("#t-date tbody tr")
        total = rows.count()
        page.fill('input[data-table="t-date"]', "2016")
        visible = page.locator("#t-date tbody tr:not([hidden])")
        assert 0 < visible.count() < total
        assert all("2016" in t for t in visible.all_inner_texts())
        page.fill('input[data-table="t-date"]', "")
        page.locator("#t-person th", has_text="name").click()
        names = page.locator("#t-person tbody tr td:first-child").all_inner_texts()
        assert names == sorted(names)
        page.locator("#t-person th", has_text="name").click()
        assert page.locator("#t-person tbody tr td:first-child").all_inner_texts() == sorted(names, reverse=True)
        page.locator("#t-role a", has_text="show").first.click()
        assert page.locator(".passage:target").is_visible()
        browser.close()
    assert errors == []
