"""The pieces of HTML built in Python: the marked-up document text, snippets and SVG charts."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from corpus_search.web import charts, markup
from corpus_search.web.pages import snippet_html

TAG = re.compile(r"<[^>]*>")


def _plain(rendered: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, page markers removed."""
    rendered = re.sub(r'<span class="page-mark"[^>]*>page \d+</span>', "", rendered)
    return html.unescape(TAG.sub("", rendered))


@st.composite
def text_and_facts(draw):
    text = draw(st.text(alphabet=st.sampled_from(list("ab <>&\"'é\n.")), max_size=120))
    n = len(text)

    def span():
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        return a, b

    facts: dict = {"person": [], "date": [], "money": [], "judgement": [], "sentence": [], "role": []}
    for _ in range(draw(st.integers(0, 4))):
        a, b = span()
        facts["person"].append({"name": draw(st.sampled_from(["<b>X</b>", "Ann Lee", '"><img>'])), "honours": [],
                                "mentions": [{"text": text[a:b], "start": a, "end": b}]})
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        facts["date"].append({"text": text[a:b], "start": a, "end": b, "value": "2016", "end_value": None})
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        facts["money"].append({"text": text[a:b], "start": a, "end": b, "value": 5.0, "currency": "GBP", "purpose": "<i>x</i>"})
    for _ in range(draw(st.integers(0, 2))):
        a, b = span()
        facts["judgement"].append({"grade": "good", "area": None, "organisation": "A & B", "date": None, "text": text[a:b],
                                   "start": a, "end": b})
    # Sentences do not overlap one another, as the pipeline makes them.
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6)))
    for a, b in zip(cuts[::2], cuts[1::2]):
        facts["sentence"].append({"text": text[a:b], "start": a, "end": b, "label": draw(st.sampled_from(["positive", "negative", "neutral"])),
                                  "scores": {}})
    pages = [{"page": i + 1, "start": c, "end": n} for i, c in enumerate(sorted(set(draw(st.lists(st.integers(0, n), max_size=3)))))]
    return text, facts, pages


@given(text_and_facts())
def test_render_keeps_the_text_and_nests_tags(case):
    text, facts, pages = case
    out = str(markup.render(text, facts, pages))
    assert _plain(out) == text
    # Well formed: it parses as XML once wrapped (every tag closed, properly nested).
    ET.fromstring("<div>" + out.replace("&nbsp;", " ") + "</div>")
    assert "<img" not in out and "<b>" not in out and "<i>" not in out


def test_render_marks_facts_and_links_people():
    text = "Ann Lee spent £5m in March 2016. It was good."
    facts = {
        "person": [{"name": "Ann Lee", "honours": [], "mentions": [{"text": "Ann Lee", "start": 0, "end": 7}]}],
        "money": [{"text": "£5m", "start": 14, "end": 17, "value": 5e6, "currency": "GBP", "purpose": None}],
        "date": [{"text": "March 2016", "start": 21, "end": 31, "value": "2016-03", "end_value": None}],
        "judgement": [{"grade": "good", "area": None, "organisation": None, "date": None, "text": "good", "start": 40, "end": 44}],
        "sentence": [{"text": text[:32], "start": 0, "end": 32, "label": "negative", "scores": {}},
                     {"text": text[33:], "start": 33, "end": 45, "label": "positive", "scores": {}}],
    }
    out = str(markup.render(text, facts))
    assert '<a class="fact f-person" href="/people/Ann%20Lee" title="Ann Lee">Ann Lee</a>' in out
    assert '<mark class="fact f-money" title="5,000,000 GBP">£5m</mark>' in out
    assert '<mark class="fact f-date" title="2016-03">March 2016</mark>' in out
    assert '<mark class="fact f-judgement" title="good">good</mark>' in out
    assert '<span class="sentence s-negative" id="s-0"' in out and '<span class="sentence s-positive" id="s-33"' in out
    assert 'id="at-0"' in out and 'id="at-14"' in out


def test_snippet_keeps_only_the_match_marks():
    assert str(snippet_html("a <b>statutory direction</b> &amp; &lt;script&gt;")) == \
        "a <mark>statutory direction</mark> &amp; &lt;script&gt;"
    # A snippet that somehow carries a real tag shows it as text.
    assert str(snippet_html('<img src=x onerror="alert(1)"> <b>x</b>')) == \
        "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; <mark>x</mark>"


def test_year_fraction():
    assert charts.year_fraction("2016") == 2016.5
    assert charts.year_fraction("2016-07") == 2016 + 6.5 / 12
    assert 2016.74 < (charts.year_fraction("2016-09-30") or 0) < 2016.76
    for bad in (None, "", "20x6", "2016-13", "2016-02-30"):
        assert charts.year_fraction(bad) is None


def _labels(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("text") if t.get("class") == "tick-label"]


def test_timeline_axis_is_the_real_date_range():
    points = [charts.Point(x="2016-06-28", row="a", label="<x>"), charts.Point(x="2019-01-09", row="b"),
              charts.Point(x="", row="a"), charts.Point(x="1970", row="not a row")]
    svg = charts.timeline(points, ["a", "b"], 'title "quoted" <tag>')
    assert svg is not None
    assert _labels(str(svg)) == ["2017", "2018", "2019"]  # January of each year in the range
    assert "&lt;x&gt;" in svg and "<tag>" not in svg
    assert str(svg).count('class="mark ') == 2
    assert charts.timeline([charts.Point(x="", row="a")], ["a"], "t") is None


def test_amounts_are_points_not_sums():
    points = [charts.Point(x="2016", value=2.3e6, label="£2.3m", cls="money"),
              charts.Point(x="2016", value=4.4e10, label="£44bn", cls="money"),
              charts.Point(x="2018-04", value=250.0, label="£250", cls="money")]
    svg = str(charts.amounts(points, "GBP", "money"))
    assert svg.count('class="mark money"') == 3
    root = ET.fromstring(svg)
    ticks = [t.text for t in root.iter("text") if t.get("class") == "row-label"]
    assert ticks == ["£100", "£10k", "£1m", "£100m", "£10bn"]  # nine decades: every second one labelled
    # A short range is marked by quarter, each January with its year.
    assert _labels(svg) == ["Jul", "Oct", "2017", "Apr", "Jul", "Oct", "2018", "Apr"]


def test_one_date_gets_a_readable_axis():
    svg = str(charts.timeline([charts.Point(x="2019-01-09", row="good")], ["good"], "t"))
    assert _labels(svg) == ["Jul", "Oct", "2019", "Apr", "Jul"]
