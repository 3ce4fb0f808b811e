"""Rule-based date mentions: shapes, never-dates, the seed documents and properties."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_search.facts.dates import DateMention, find_dates, normalise_date, parse_document_date

SHARED = Path(__file__).resolve().parents[2] / "shared"
# The seed documents ship in corpus/; their gold lives beside the checkout (../shared), when it is there.
SEEDS = Path(__file__).resolve().parents[1] / "corpus"
DATES_GOLD = SHARED / "eval" / "seeds" / "dates.json"
needs_gold = pytest.mark.skipif(not DATES_GOLD.exists(), reason="the seeds' gold (../shared/eval) is not beside this checkout")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def values(text: str, doc_date: str | None = None) -> list[tuple[str | None, str | None]]:
    return [(m.value, m.end_value) for m in find_dates(text, doc_date) if m.value is not None]


# --- one expression, one value ---------------------------------------------------------------

@pytest.mark.parametrize(
    "expr, doc_date, expected",
    [
        # numeric, day first
        ("09.01.19", None, ("2019-01-09", None)),
        ("21/03/2017", None, ("2017-03-21", None)),
        ("5/3/19", None, ("2019-03-05", None)),
        ("21-03-2017", None, ("2017-03-21", None)),
        ("2019-03-21", None, ("2019-03-21", None)),
        ("2016-09-30T10:00:00Z", None, ("2016-09-30", None)),
        ("12/25/2004", None, ("2004-12-25", None)),  # not a UK date, but only valid month first
        # day month year
        ("30 September 2016", None, ("2016-09-30", None)),
        ("Friday, 30 September 2016", None, ("2016-09-30", None)),
        ("28th June 2016", None, ("2016-06-28", None)),
        ("6th of May 2017", None, ("2017-05-06", None)),
        ("Thursday the 14th of December 2017", None, ("2017-12-14", None)),
        ("28 JUNE 2016", None, ("2016-06-28", None)),
        ("30 Sept 2016", None, ("2016-09-30", None)),
        ("Wed 6 Dec. 2017", None, ("2017-12-06", None)),
        # month day year
        ("September 30, 2016", None, ("2016-09-30", None)),
        ("Feb 1, 2002", None, ("2002-02-01", None)),
        # month year
        ("Sept 2016", None, ("2016-09", None)),
        ("September 2016", None, ("2016-09", None)),
        ("March, 1984", None, ("1984-03", None)),
        # year alone
        ("in 2016", None, ("2016", None)),
        ("Back in 2016, the council", None, ("2016", None)),
        ("2016", None, ("2016", None)),
        ("mid-2019", None, ("2019", None)),
        ("the 2019 election", None, ("2019", None)),
        # ranges
        ("8th and 9th November 2016", None, ("2016-11-08", "2016-11-09")),
        ("between 22nd and 23rd February 2017", None, ("2017-02-22", "2017-02-23")),
        ("9-10 May 2017", None, ("2017-05-09", "2017-05-10")),
        ("9–10 May 2017", None, ("2017-05-09", "2017-05-10")),
        ("1 to 3 March 2018", None, ("2018-03-01", "2018-03-03")),
        ("30 September to 2 October 2016", None, ("2016-09-30", "2016-10-02")),
        ("30 December to 2 January 2017", None, ("2016-12-30", "2017-01-02")),
        ("May 9-10, 2017", None, ("2017-05-09", "2017-05-10")),
        ("March–May 2019", None, ("2019-03", "2019-05")),
        ("between March and May 2019", None, ("2019-03", "2019-05")),
        ("December 2016 to March 2017", None, ("2016-12", "2017-03")),
        ("2016-2018", None, ("2016", "2018")),
        # UK financial (and academic) years
        ("2018/19", None, ("2018-04", "2019-03")),
        ("2018-19", None, ("2018-04", "2019-03")),
        ("2018/2019", None, ("2018-04", "2019-03")),
        ("the budget for 2018/19", None, ("2018-04", "2019-03")),
        ("financial year 2018–19", None, ("2018-04", "2019-03")),
        ("FY2018/19", None, ("2018-04", "2019-03")),
        ("1999/00", None, ("1999-04", "2000-03")),
        ("2005-6", None, ("2005-04", "2006-03")),
        # seasons with a year
        ("Spring 2016", None, ("2016", None)),
        ("summer of 2018", None, ("2018", None)),
        ("the autumn of 2017", None, ("2017", None)),
        # a day and month without a year, resolved against the document's date
        ("Monday 26 September", "2016-09-30", ("2016-09-26", None)),
        ("Wednesday 6 December", "2017-12-14", ("2017-12-06", None)),
        ("April 11th", "2016-06-28", ("2016-04-11", None)),
        ("October 1st", "2016-06-28", ("2016-10-01", None)),
        ("26 September", "2016-09-30", ("2016-09-26", None)),
        ("5 January", "2016-12-20", ("2017-01-05", None)),  # nearest: next year
        ("20 December", "2017-01-03", ("2016-12-20", None)),  # nearest: last year
        ("Monday 5 January", "2016-06-01", ("2015-01-05", None)),  # the weekday decides
        ("8th and 9th November", "2016-10-01", ("2016-11-08", "2016-11-09")),
        ("26 September", "2016", ("2016-09-26", None)),
        # no document date: no year to give
        ("Monday 26 September", None, (None, None)),
    ],
)
def test_normalise_date_shapes(expr: str, doc_date: str | None, expected: tuple) -> None:
    assert normalise_date(expr, doc_date) == expected


@pytest.mark.parametrize(
    "expr",
    [
        # durations
        "two years", "three months", "a three week period", "18 months", "the last seven months",
        # a month alone or with a modifier
        "in June", "the end of December", "by November", "mid-February",
        # a season alone
        "in the spring", "last summer",
        # relative
        "last year", "yesterday", "next year", "earlier this year", "this week", "on Monday",
    ],
)
def test_null_valued_mentions_are_kept(expr: str) -> None:
    found = find_dates(expr, "2017-06-01")
    assert found, expr
    assert all(m.value is None and m.end_value is None for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "2,016", "£2016", "2016 actions", "93% of the 200 actions", "200 actions",
        "020 8461 7911", "01689 2016 123", "Report CS17130", "Item 78", "78 Update on Children's Services pdf icon PDF 337 KB",
        "subject to Section 20 and had", "Section 2016", "page 2019", "10:30am", "19.30", "25%", "2016%",
        "£2.3m", "2000 people", "2000 GMT", "at 2005 GMT", "2000-strong", "1990s", "2016.5", "version 2.1.3",
        "the Children Act 1989", "the Localism Act 2011", "Care Act (2014)", "the 1989 Children Act",
        "Regulations 2015", "MAY 2.344,00", "may", "March on", "this may help",
    ],
)
def test_never_dates(text: str) -> None:
    assert values(text, "2017-06-01") == []


def test_statute_year_is_not_returned_but_other_dates_are() -> None:
    text = "Under the Children Act 1989, the council acted in 2016."
    assert values(text) == [("2016", None)]


def test_glued_date_found() -> None:
    text = "comment\n\n21/06/2019Peter Kyle MP: It’s time to say thank you"
    [m] = [m for m in find_dates(text) if m.value]
    assert (m.text, m.value) == ("21/06/2019", "2019-06-21")


def test_curly_quotes_dashes_and_nbsp() -> None:
    text = "“On 30\u00a0September\u00a02016 – and again in 2017 — we met.”"
    assert values(text) == [("2016-09-30", None), ("2017", None)]


def test_wrapped_line_inside_a_date() -> None:
    assert values("the week ended February\n22 were", "1987-03-01") == [("1987-02-22", None)]


def test_time_after_a_date_is_not_its_year() -> None:
    assert values("Tuesday, 1 March  2000 GMT", "2005-01-15") == [("2005-03-01", None)]


def test_plural_after_year_in_year_context() -> None:
    assert values("in 2016 councils were told") == [("2016", None)]
    assert values("from 2007 onwards") == [("2007", None)]
    assert values('"2005 offers the chance," she said.') == [("2005", None)]


def test_find_dates_offsets_and_order() -> None:
    text = "Published Friday, 30 September 2016. Councillors met on Monday 26 September and in June."
    found = find_dates(text, "2016-09-30")
    assert [m.text for m in found] == ["Friday, 30 September 2016", "Monday 26 September", "June"]
    assert [m.value for m in found] == ["2016-09-30", "2016-09-26", None]
    for m in found:
        assert text[m.start:m.end] == m.text


def test_mention_is_frozen() -> None:
    m = DateMention("2016", 0, 4, "2016")
    with pytest.raises(AttributeError):
        m.value = "2017"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Published Friday, 30 September 2016", "2016-09-30"),
        ("09.01.19", "2019-01-09"),
        ("28th June 2016", "2016-06-28"),
        ("Meeting: 21/03/2017 - Adult Care and Health Policy Development and Scrutiny Committee (Item 78)", "2017-03-21"),
        ("2016-09-30T10:00:00+01:00", "2016-09-30"),
        ("Fri, 30 Sep 2016 10:00:00 +0000", "2016-09-30"),
        ("September 2016", "2016-09"),
        ("Published 2016", "2016"),
        ("no date here", None),
        ("", None),
    ],
)
def test_parse_document_date(text: str, expected: str | None) -> None:
    assert parse_document_date(text) == expected


# --- the seed documents ----------------------------------------------------------------------

SEED_DOC_DATES = {
    "000_6c236a2a44f5c600.txt": "2016-09-30",
    "001_3a3dd66e6bade30d.txt": "2019-01-09",
    "002_f93d03ef991e5846.txt": "2017-12-14",
    "003_7124409f017a47d1.txt": "2016-06-28",
    "004_1ffa9fb93d1f5ac3.txt": "2017-03-21",
}


def gold_dates() -> dict:
    return json.loads(DATES_GOLD.read_text())


@pytest.mark.parametrize("doc", sorted(SEED_DOC_DATES))
def test_seed_document_date(doc: str) -> None:
    text = (SEEDS / doc).read_text(encoding="utf-8")
    assert parse_document_date(text[:300]) == SEED_DOC_DATES[doc]


@needs_gold
@pytest.mark.parametrize("doc", sorted(SEED_DOC_DATES))
def test_seed_values_match_gold_exactly(doc: str) -> None:
    text = (SEEDS / doc).read_text(encoding="utf-8")
    found = find_dates(text, SEED_DOC_DATES[doc])
    predicted = {v for m in found for v in (m.value, m.end_value) if v}
    gold = {v for entry in gold_dates()[doc] for v in entry["iso"].split("/")}
    assert predicted == gold
    for m in found:
        assert text[m.start:m.end] == m.text


# --- properties ------------------------------------------------------------------------------

dates_1950_2049 = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


RENDERINGS = [
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d:%A}, {d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: d.isoformat(),
]


@settings(max_examples=300)
@given(d=dates_1950_2049, style=st.integers(0, len(RENDERINGS) - 1))
def test_rendered_dates_normalise(d: date, style: int) -> None:
    expr = RENDERINGS[style](d)
    assert normalise_date(expr) == (d.isoformat(), None), expr


@settings(max_examples=200)
@given(d=st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years(d: date) -> None:
    assert normalise_date(f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}") == (d.isoformat(), None)


@settings(max_examples=200)
@given(d=dates_1950_2049)
def test_month_year_and_year(d: date) -> None:
    assert normalise_date(f"{MONTHS[d.month - 1]} {d.year}") == (f"{d.year}-{d.month:02d}", None)
    assert normalise_date(f"in {d.year}") == (str(d.year), None)


@settings(max_examples=200)
@given(y=st.integers(1950, 2048))
def test_financial_years(y: int) -> None:
    expected = (f"{y}-04", f"{y + 1}-03")
    assert normalise_date(f"{y}/{(y + 1) % 100:02d}") == expected
    assert normalise_date(f"{y}-{(y + 1) % 100:02d}") == expected
    assert normalise_date(f"{y}/{y + 1}") == expected


@settings(max_examples=200)
@given(d=dates_1950_2049, doc=dates_1950_2049)
def test_year_resolution_is_nearest(d: date, doc: date) -> None:
    value, _ = normalise_date(f"{d.day} {MONTHS[d.month - 1]}", doc.isoformat())
    if value is None:  # 29 February with no leap year near the document
        assert d.month == 2 and d.day == 29
        return
    got = date.fromisoformat(value)
    assert (got.month, got.day) == (d.month, d.day)
    assert abs(got.year - doc.year) <= 1
    for y in (doc.year - 1, doc.year, doc.year + 1):
        try:
            other = date(y, d.month, d.day)
        except ValueError:
            continue
        assert abs((got - doc).days) <= abs((other - doc).days)


def check_spans(text: str, found: list[DateMention]) -> None:
    last_end = 0
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end and m.end > m.start
        last_end = m.end


@settings(max_examples=500)
@given(text=st.text())
def test_find_dates_never_raises_on_any_text(text: str) -> None:
    check_spans(text, find_dates(text, "2017-06-01"))


DATEISH = st.sampled_from(["1", "12", "2016", "/", ".", "-", "–", " ", "\n", "\u00a0", "st", "th", "and",
                           "to", "May", "June", "Sept", "Monday", "of", "the", "2018/19", "£", ",",
                           "spring", "last", "year", "two", "weeks", "Act", "in", "Section", "a"])


@settings(max_examples=500)
@given(parts=st.lists(DATEISH, max_size=25), doc_date=st.none() | dates_1950_2049.map(date.isoformat))
def test_find_dates_spans_on_date_like_text(parts: list[str], doc_date: str | None) -> None:
    text = "".join(parts)
    found = find_dates(text, doc_date)
    check_spans(text, found)
    for m in found:
        for v in (m.value, m.end_value):
            assert v is None or len(v) in (4, 7, 10)


def test_model_date_entities_that_are_bare_numbers_are_not_dates(nlp) -> None:
    from corpus_search.facts.extract import dates

    text = "The 1989 Children Act set the duty."  # the model tags "1989" as a DATE here
    found = dates(nlp(text), "2017-06-01")
    assert all(d.text.strip() != "1989" for d in found), found
